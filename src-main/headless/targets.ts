/**
 * Opens the modems a CLI command works on: simulated ones (in-process
 * binding) or real ports given by path (serialport's binding).
 */
import { Bench, type Modem, type ModemPort } from '../core/bench';
import type { SessionOptions } from '../core/at/session';
import type { SerialBinding } from '../core/serial/binding';
import { realBinding } from '../core/serial/real-binding';
import { SimBench } from '../core/sim';
import { UsageError, faultsOption } from './cli-util';
import { Fleet, parseRemote } from '../core/fleet';
import { readFileSync } from 'node:fs';

export interface Targets {
  bench: Bench;
  modems: Modem[];
  /** Modems that could not be opened, with why (the others still run). */
  failed: { label: string; path: string; error: unknown }[];
  sim: SimBench | null;
  close(): Promise<void>;
}

export interface SimTargetOptions {
  count: number;
  seed?: number;
  faults?: string;
  /** `all`, an index, an IMEI (or its tail), a label like sim3. @default 'all' */
  select?: string;
  session?: SessionOptions;
}

export async function openSimTargets(o: SimTargetOptions): Promise<Targets> {
  const faults = faultsOption(o.faults);
  const sim = new SimBench({ count: o.count, seed: o.seed ?? 1, ...(faults ? { faults } : {}) });
  const infos = sim.describe();
  const select = o.select ?? 'all';
  const chosen =
    select === 'all'
      ? infos
      : infos.filter((m) => String(m.index) === select || `sim${m.index}` === select || m.imei === select || (select.length >= 4 && m.imei.endsWith(select)));
  if (chosen.length === 0) {
    await sim.dispose();
    throw new UsageError(`--modem ${select}: no such simulated modem (use 0..${o.count - 1}, sim0.., an IMEI or its last digits, or all)`);
  }
  const targets = await openAll(
    sim.binding,
    chosen.map((m) => ({
      label: `sim${m.index}`,
      ports: m.ports.map((p) => ({ path: p.path, role: p.role, interface: p.interface })),
    })),
    o.session,
  );
  const close = targets.close;
  return {
    ...targets,
    sim,
    close: async () => {
      await close();
      await sim.dispose();
    },
  };
}

export async function openPortTargets(paths: string[], baudRate: number | undefined, session?: SessionOptions): Promise<Targets> {
  return openAll(
    realBinding(),
    paths.map((path) => ({ label: path, ports: [{ path, role: 'at' as const, interface: null }] })),
    session,
    baudRate,
  );
}

async function openAll(
  binding: SerialBinding,
  specs: { label: string; ports: ModemPort[] }[],
  session: SessionOptions | undefined,
  baudRate?: number,
): Promise<Targets> {
  const bench = new Bench({ binding, ...(baudRate ? { port: { baudRate } } : {}), modem: session ? { session } : {} });
  const failed: Targets['failed'] = [];
  const opened = await Promise.all(
    specs.map(async (s) => {
      try {
        return await bench.add(s.ports, s.label);
      } catch (error) {
        failed.push({ label: s.label, path: s.ports.find((p) => p.role === 'at')?.path ?? '', error });
        return null;
      }
    }),
  );
  return {
    bench,
    modems: opened.filter((m): m is Modem => m !== null),
    failed,
    sim: null,
    close: () => bench.close(),
  };
}

/**
 * The remote benches of `--remote URL` (repeatable) with `--remote-token T`: one token for
 * every URL without its own, or one per URL in order. Connected; a host that fails is reported
 * through `onFailed` and left out (the others still work).
 */
export async function openFleet(urls: string[], tokens: string[], onFailed: (host: string, err: Error) => void, caFile?: string): Promise<Fleet> {
  if (tokens.length > 1 && tokens.length !== urls.length) throw new UsageError(`--remote-token: give one for all remotes or one per --remote (${urls.length})`);
  let ca: Buffer | undefined;
  try {
    ca = caFile === undefined ? undefined : readFileSync(caFile);
  } catch (err) {
    throw new UsageError(`--remote-ca: ${(err as Error).message}`);
  }
  let fleet: Fleet;
  try {
    fleet = new Fleet(urls.map((url, i) => ({ url, ...(ca ? { ca } : {}), token: tokens.length === 0 ? null : (tokens.length === 1 ? (parseRemote(url).token ?? tokens[0]) : tokens[i]) })));
  } catch (err) {
    throw new UsageError(`--remote: ${(err as Error).message}`);
  }
  for (const f of await fleet.connect()) onFailed(f.host, f.error);
  return fleet;
}
