/**
 * `modem-bench at --remote URL`: the commands run on modems of other bench
 * hosts through their server's contract (modem.exec), one command in flight
 * per modem, modems in parallel, the same record per command as locally
 * plus the host.
 */
import type { CommandResultView } from '../../../src-preload/contract';
import { type FleetModem, type RemoteBench, isFleetError } from '../../core/fleet';
import { type CliIo, UsageError } from '../cli-util';
import { openFleet } from '../targets';

export interface RemoteAtOptions {
  remotes: string[];
  tokens: string[];
  /** For https remotes. @default the system CAs */
  caFile?: string;
  select: string;
  commands: string[];
  payloads: ReadonlyMap<number, string>;
  timeoutMs: number | undefined;
  json: boolean;
}

export interface RemoteCommandRecord extends Omit<CommandResultView, 'modemId' | 'error'> {
  host: string;
  modem: string;
  modemId: string;
  port: string;
  error: { code: string; message: string } | null;
}

export async function atRemote(o: RemoteAtOptions, io: CliIo): Promise<number> {
  let allFinal = true;
  const fleet = await openFleet(o.remotes, o.tokens, (host, err) => {
    allFinal = false;
    io.err(`${host}: ${err.message}`);
  }, o.caFile);
  try {
    const listing = await fleet.list();
    for (const u of listing.unreachable) {
      allFinal = false;
      io.err(`${u.host}: ${u.message}`);
    }
    let chosen: FleetModem[];
    try {
      chosen = fleet.select(listing, o.select);
    } catch (err) {
      throw new UsageError(`--modem ${o.select}: ${(err as Error).message}`);
    }
    const results = await Promise.all(chosen.map((m) => runRemote(fleet.host(m.host), m, o, io)));
    return allFinal && results.every(Boolean) ? 0 : 1;
  } finally {
    await fleet.close();
  }
}

async function runRemote(host: RemoteBench, m: FleetModem, o: RemoteAtOptions, io: CliIo): Promise<boolean> {
  const port = m.modem.ports.find((p) => p.role === 'at')?.path ?? '';
  const base = { host: m.host, modem: m.modem.label, modemId: m.id, port };
  let ok = true;
  for (const [i, command] of o.commands.entries()) {
    let rec: RemoteCommandRecord;
    try {
      const payload = o.payloads.get(i);
      // `at` already refused dangerous lines without --confirm (the same classifier): what gets here is confirmed.
      const r = await host.invoke('modem.exec', { modemId: m.id, command, confirm: true, ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}), ...(payload !== undefined ? { payload } : {}) });
      const { modemId: _id, ...rest } = r;
      rec = { ...base, ...rest };
    } catch (err) {
      const e = err as Error & { code?: string };
      const status = isFleetError(err) ? 'disconnected' : e.code === 'cancelled' ? 'cancelled' : 'error';
      rec = { ...base, command, status, final: null, lines: [], urcs: [], echo: null, parsed: null, latencyMs: null, error: { code: e.code ?? 'internal', message: e.message } };
    }
    if (rec.final === null) ok = false;
    io.out(o.json ? JSON.stringify(rec) : human(rec));
    if (rec.error?.code === 'host-unreachable') {
      // The host is gone: the rest of this modem's commands cannot be sent.
      for (const rest of o.commands.slice(i + 1)) io.out(o.json ? JSON.stringify({ ...rec, command: rest }) : human({ ...rec, command: rest }));
      break;
    }
  }
  return ok;
}

function human(r: RemoteCommandRecord): string {
  const head = `[${r.host} ${r.modem}] ${r.command}${r.latencyMs !== null ? `  (${r.latencyMs} ms)` : ''}`;
  const body = [...r.lines, ...r.urcs.map((u) => `  urc: ${u}`)];
  const tail = r.final ?? `!! ${r.status}: ${r.error?.message ?? ''}`;
  return [head, ...body.map((l) => `  ${l}`), `  ${tail}`].join('\n');
}
