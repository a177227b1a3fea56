/**
 * `modem-bench soak --remote URL`: a command mix at a fixed rate over the
 * modems of other bench hosts, through their servers (modem.exec), for a
 * duration; then what came back. The recovery engine and health monitoring
 * run on each host; the summary reads their outcome (health states, ladder
 * steps) over the contract. A host that goes away counts its commands as
 * failed with host-unreachable, never as lost.
 */
import { type FleetModem, isFleetError } from '../../core/fleet';
import type { CliIo } from '../cli-util';
import { openFleet } from '../targets';

export interface RemoteSoakOptions {
  remotes: string[];
  tokens: string[];
  caFile?: string;
  durationS: number;
  /** Commands per second across all modems. */
  rate: number;
  json: boolean;
  signal: AbortSignal;
  /** Longest wait for the commands still out when the load ends (ms). @default 60000 */
  drainMs?: number;
}

/** Read-only commands: a soak on someone else's bench changes nothing on the modems. */
const MIX = ['AT', 'AT+CSQ', 'ATI', 'AT+CGSN', 'AT+CREG?', 'AT+QCCID', 'AT+CPIN?'];

export async function soakRemote(o: RemoteSoakOptions, io: CliIo): Promise<number> {
  let hostsDown = 0;
  const fleet = await openFleet(o.remotes, o.tokens, (host, err) => {
    hostsDown++;
    io.err(`${host}: ${err.message}`);
  }, o.caFile);
  try {
    const targets = (await fleet.list()).modems.filter((m) => m.online && m.modem.state !== 'offline' && m.modem.state !== 'failed');
    if (targets.length === 0) {
      io.err('modem-bench: no remote modem to soak');
      return 1;
    }
    if (!o.json) io.out(`soak: ${targets.length} remote modem(s) on ${fleet.hosts.length} host(s), ${o.durationS} s at ${o.rate} commands/s…`);
    let submitted = 0;
    let completed = 0;
    const failed: Record<string, number> = {};
    const byHost: Record<string, { submitted: number; completed: number }> = {};
    const out = new Set<Promise<void>>();
    const send = (m: FleetModem, command: string): void => {
      submitted++;
      const h = (byHost[m.host] ??= { submitted: 0, completed: 0 });
      h.submitted++;
      const p = fleet
        .host(m.host)
        .invoke('modem.exec', { modemId: m.id, command })
        .then(
          (r) => {
            if (r.final === null) failed[r.error?.code ?? r.status] = (failed[r.error?.code ?? r.status] ?? 0) + 1;
          },
          (err: unknown) => {
            const code = isFleetError(err) ? err.code : ((err as { code?: string }).code ?? 'internal');
            failed[code] = (failed[code] ?? 0) + 1;
          },
        )
        .finally(() => {
          completed++;
          h.completed++;
          out.delete(p);
        });
      out.add(p);
    };
    // Fixed-rate load: a tick every 50 ms sends what the rate owes since the start.
    const start = Date.now();
    const end = start + o.durationS * 1000;
    let i = 0;
    await new Promise<void>((resolve) => {
      const tick = (): void => {
        const now = Date.now();
        const owed = Math.floor(((Math.min(now, end) - start) / 1000) * o.rate);
        while (submitted < owed) {
          const m = targets[i % targets.length]!;
          send(m, MIX[Math.floor(i / targets.length) % MIX.length]!);
          i++;
        }
        if (now >= end || o.signal.aborted) {
          clearInterval(timer);
          resolve();
        }
      };
      const timer = setInterval(tick, 50);
    });
    const drained = await Promise.race([
      Promise.all([...out]).then(() => true),
      new Promise<false>((r) => setTimeout(() => r(false), o.drainMs ?? 60_000).unref()),
    ]);
    const lost = submitted - completed;
    const after = await fleet.list();
    const health: Record<string, number> = {};
    const recoveries: Record<string, number> = {};
    for (const m of after.modems.filter((x) => targets.some((t) => t.key === x.key))) {
      const state = m.online ? (m.modem.health?.state ?? m.modem.state) : 'offline';
      health[state] = (health[state] ?? 0) + 1;
      if (!m.online) continue;
      const { events } = await fleet.host(m.host).invoke('modem.timeline', { modemId: m.id });
      for (const e of events) if (e.kind === 'step-start' && e.step && e.at >= start) recoveries[e.step] = (recoveries[e.step] ?? 0) + 1;
    }
    const summary = { hosts: fleet.hosts.length, modems: targets.length, submitted, completed, failed, lost, drained, recoveries, health, byHost };
    if (o.json) io.out(JSON.stringify(summary));
    else {
      io.out(`submitted ${submitted}  completed ${completed}  lost ${lost}`);
      io.out(`failed: ${Object.entries(failed).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
      io.out(`recoveries: ${Object.entries(recoveries).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
      io.out(`health: ${Object.entries(health).map(([k, n]) => `${k} ${n}`).join(', ')}`);
      for (const [h, c] of Object.entries(byHost)) io.out(`  ${h}: ${c.completed}/${c.submitted}`);
    }
    return lost === 0 && hostsDown === 0 && !failed['host-unreachable'] ? 0 : 1;
  } finally {
    await fleet.close();
  }
}
