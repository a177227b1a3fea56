/**
 * `npm run bench -- --compare [options]`: a quick side-by-side of some clients
 * for working on the hot path, not the report. Many short rounds, the clients
 * alternating, and the median per-round ratio of the first client's CPU per
 * command to each one's (above 1: that client is cheaper than the first),
 * which moves far less than absolute figures on a shared machine. To profile
 * one client: MODEM_BENCH_NODE_ARGS="--cpu-prof" npm run bench -- --compare --clients pool.
 *
 *   --clients pool,raw,seed   which clients (default pool,raw)
 *   --modems 64               simulated modems
 *   --ms 700 --rounds 10      length and number of rounds
 *   --mixed                   the mixed workload with chunked replies instead of AT+CSQ
 *   --io                      OS-like delivery (a setImmediate per read), as the event-loop run
 */
import { ModemSimulator } from '../../src-main/core/sim';
import { openClient, type ClientKind } from './clients';
import { ioLikeBinding } from './io-binding';
import { closedLoop } from './measure';
import { MIXED_COMMANDS } from './workloads';

export async function compare(args: string[]): Promise<void> {
  const opt = (name: string, dflt: string): string => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : dflt;
  };
  const kinds = opt('clients', 'pool,raw').split(',') as ClientKind[];
  for (const k of kinds) if (k !== 'pool' && k !== 'raw' && k !== 'seed') throw new TypeError(`unknown client ${k}: pool, raw or seed`);
  const modems = Number(opt('modems', '64'));
  const ms = Number(opt('ms', '700'));
  const rounds = Number(opt('rounds', '10'));
  if (![modems, ms, rounds].every((v) => Number.isInteger(v) && v > 0)) throw new TypeError('--modems, --ms and --rounds take positive integers');
  const mixed = args.includes('--mixed');
  const commands = mixed ? MIXED_COMMANDS : 'AT+CSQ';
  const sim = new ModemSimulator({ count: modems, latency: 0, chunking: mixed, interleaveUrcs: false, faults: 'none' });
  const binding = args.includes('--io') ? ioLikeBinding(sim.binding) : sim.binding;
  const paths = sim.describe().map((d) => d.ports.find((p) => p.role === 'at')!.path);
  const cpu: Record<string, number[]> = {};
  for (let r = 0; r < rounds; r++) {
    for (const kind of r % 2 ? [...kinds].reverse() : kinds) {
      const client = await openClient(kind, binding, paths);
      await closedLoop(client, commands, Math.min(300, ms));
      const res = await closedLoop(client, commands, ms);
      (cpu[kind] ??= []).push(res.cpuUsPerCommand);
      await client.close();
    }
  }
  await sim.dispose();
  const med = (v: number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1]!;
  const base = kinds[0]!;
  const out: Record<string, unknown> = { modems, workload: mixed ? 'mixed' : 'AT+CSQ', rounds, ms };
  for (const k of kinds) {
    out[k] = { cpuUsPerCommandMedian: med(cpu[k]!), firstCpuOverThisMedian: Math.round(med(cpu[k]!.map((v, i) => cpu[base]![i]! / v)) * 1000) / 1000 };
  }
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}
