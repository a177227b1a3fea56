/**
 * Batch efficiency (issue 16): a realistic batch over simulated EC25s with the
 * simulator's default latency classes (seeded), timed against what the modems
 * themselves allow. Ideal = the longest single modem's sum of its own reply
 * delays over the batch (the simulator tallies them); efficiency = ideal /
 * measured wall time. Side by side on the same modems and commands:
 *
 * - `pool`: ours, the real BatchRunner over ModemSupervisors on one Bench
 *   (its ConcurrencyController with the default global limit), as `modem-bench run` does;
 * - `seed`: the guide's design: its semaphore sized by its formula around a
 *   `data` listener per command, sequential per modem, `Promise.allSettled` across modems;
 * - `raw`: the floor of this simulator and event loop: serialport's stream and
 *   ReadlineParser, no semaphore, no checks (what no client can beat here).
 *
 * Reads are delivered as the OS does (setImmediate per read, io-binding.ts).
 */
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { BatchRunner, parseBatch, type RunTarget } from '../../src-main/core/batch';
import { ModemSet } from '../../src-main/core/modem';
import { loopDelaySummary } from '../../src-main/core/metrics';
import { ModemSupervisor } from '../../src-main/core/recovery';
import { simLocator } from '../../src-main/core/service/sim-locator';
import { ModemSimulator } from '../../src-main/core/sim';
import type { SerialBinding } from '../../src-main/core/serial/binding';
import { RawClient, SeedClient } from './clients';
import { efficiency, guideSemaphoreSize, idealMs, spread, tallyDelta, type TallyReading } from './efficiency';
import { ioLikeBinding } from './io-binding';

export const CSQ_REPEATS = 10;
const POLL = 'AT+CEREG?';
/** The batch as the guide's and the raw client send it (the same commands as BATCH_YAML, in order). */
export const BATCH_COMMANDS: readonly string[] = ['ATI', 'AT+CGSN', 'AT+QCCID', 'AT+CIMI', POLL, 'AT+QENG="servingcell"', ...Array<string>(CSQ_REPEATS).fill('AT+CSQ')];

/** Identity, a registration poll, the serving cell, then AT+CSQ again and again. */
export function batchYaml(parallel: number): string {
  return [
    'version: 1',
    'name: Batch efficiency',
    'modems: all',
    `settings: { parallel: ${parallel}, timeout: 10s, on_failure: continue }`,
    'steps:',
    '  - { name: Identity, send: ATI, expect: [ok, "model matches ^E"] }',
    '  - { name: IMEI, send: AT+CGSN, expect: ok, capture: { imei: imei } }',
    '  - { name: ICCID, send: AT+QCCID, expect: ok }',
    '  - { name: IMSI, send: AT+CIMI, expect: ok }',
    '  - name: Registration',
    `    poll: { send: "${POLL}", until: "stat in [home, roaming]", every: 2s, timeout: 60s }`,
    `  - { name: Serving cell, send: 'AT+QENG="servingcell"', expect: ok }`,
    `  - repeat: ${CSQ_REPEATS}`,
    '    steps: [{ name: Signal, send: AT+CSQ, expect: [ok, "rssiDbm exists"] }]',
  ].join('\n');
}

/**
 * `modem` and `supervisor` are diagnostics (not run by default): our stack without the batch
 * runner, the commands sent in a loop per modem through Modem.exec or ModemSupervisor.exec, to
 * split the pool's CPU per command between the runner and the layers below it.
 */
export type BatchClient = 'pool' | 'seed' | 'raw' | 'modem' | 'supervisor';

export interface BatchRound {
  wallMs: number;
  idealMs: number;
  efficiency: number;
  /** Replies per modem over the batch (a check that every command went out once). */
  repliesPerModem: number;
  /** How late the simulator's reply timers fired on average (ms): the event loop's share. */
  timerLateMsPerReply: number;
  /** CPU time of this process during the batch (ms, user + system): near wallMs means the host, not the modems, set the pace. */
  cpuMs: number;
  /** Event-loop delay p99 during the batch (ms). */
  eventLoopDelayP99Ms: number;
  /** Steps that did not pass (pool only). */
  failures: number;
  /**
   * Pool only: the most modems seen at once with a command waiting while nothing ran for them
   * (held back by the global limit, looked at every 10 ms once in-flight reached it), and the most waiting commands of
   * another class than batch (health polls, priorities): 0 and 0 clear the limit and the classes.
   */
  controller?: { maxBlockedByLimit: number; maxQueuedOtherClasses: number; globalLimit: number };
}

export interface BatchEfficiencyOptions {
  sizes: number[];
  rounds: number;
  /** Rounds of the guide's pattern, which is slow at 256 modems (its semaphore is small). @default rounds */
  seedRounds?: number;
  /** @default 16 */
  seed?: number;
  /** @default ['pool', 'seed', 'raw'] */
  clients?: BatchClient[];
  log?: (msg: string) => void;
}

const readTally = (sim: ModemSimulator): TallyReading[] => sim.modems.map((m) => ({ ...m.replyTally }));

/** Times `run` against the modems' tally and the event loop. */
async function timed(sim: ModemSimulator, run: () => Promise<number>): Promise<BatchRound> {
  const before = readTally(sim);
  const eld = monitorEventLoopDelay({ resolution: 1 });
  eld.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const failures = await run();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  eld.disable();
  const d = tallyDelta(before, readTally(sim));
  const ideal = idealMs(d);
  const replies = d.reduce((n, x) => n + x.replies, 0);
  const r2 = (v: number): number => Math.round(v * 100) / 100;
  return {
    wallMs: r2(wallMs),
    idealMs: ideal,
    efficiency: Math.round(efficiency(ideal, wallMs) * 1000) / 1000,
    repliesPerModem: r2(replies / d.length),
    cpuMs: r2((cpu.user + cpu.system) / 1000),
    timerLateMsPerReply: r2(d.reduce((n, x) => n + x.lateMs, 0) / Math.max(1, replies)),
    eventLoopDelayP99Ms: loopDelaySummary(eld, 1).p99 ?? 0,
    failures,
  };
}

async function poolRound(sim: ModemSimulator, binding: SerialBinding): Promise<BatchRound> {
  const bench = new ModemSet({ binding });
  const sups: ModemSupervisor[] = [];
  try {
    const targets = await Promise.all(
      sim.describe().map(async (d): Promise<RunTarget> => {
        const modem = await bench.add(
          d.ports.map((p) => ({ path: p.path, role: p.role, interface: p.interface })),
          `sim${d.index}`,
        );
        await modem.init();
        const id = await modem.readIdentity();
        const sup = new ModemSupervisor(modem, bench, { locator: simLocator(sim, d.index) });
        sups.push(sup);
        return {
          key: id.imei ?? `sim${d.index}`,
          label: `sim${d.index}`,
          identity: { imei: id.imei, iccid: id.iccid, imsi: id.imsi, model: id.model, firmware: id.firmware, revision: id.revision },
          exec: (c, o) => sup.exec(c, o),
          onTimeline: (l) => sup.timeline.on(l),
        };
      }),
    );
    const plan = await parseBatch(batchYaml(targets.length), 'batch-efficiency.yaml');
    const c = { maxBlockedByLimit: 0, maxQueuedOtherClasses: 0, globalLimit: bench.controller.globalLimit };
    // stats() walks every key: taken in full only every 100 ms (it cost the pool ~5 % of its CPU every 10 ms);
    // below the limit nothing can be held back by it, so the cheap inFlight check says when to look.
    let ticks = 0;
    const sample = setInterval(() => {
      if (bench.controller.inFlight < c.globalLimit && ++ticks % 10 !== 0) return;
      const st = bench.controller.stats();
      const blocked = st.inFlight < c.globalLimit ? 0 : st.keys.filter((k) => k.queued > 0 && !k.running && !k.held).length;
      c.maxBlockedByLimit = Math.max(c.maxBlockedByLimit, blocked);
      c.maxQueuedOtherClasses = Math.max(c.maxQueuedOtherClasses, st.queued - st.queuedByClass.batch);
    }, 10);
    try {
      const round = await timed(sim, async () => {
        const data = await new BatchRunner({ plan, targets }).run();
        return data.results.filter((r) => r.status !== 'pass').length;
      });
      return { ...round, controller: c };
    } finally {
      clearInterval(sample);
    }
  } finally {
    for (const s of sups) s.dispose();
    await bench.close();
  }
}

async function layerRound(sim: ModemSimulator, binding: SerialBinding, supervised: boolean): Promise<BatchRound> {
  const bench = new ModemSet({ binding });
  const sups: ModemSupervisor[] = [];
  try {
    const execs = await Promise.all(
      sim.describe().map(async (d) => {
        const modem = await bench.add(d.ports.map((p) => ({ path: p.path, role: p.role, interface: p.interface })), `sim${d.index}`);
        await modem.init();
        await modem.readIdentity();
        if (!supervised) return (c: string) => modem.exec(c, { cls: 'batch' });
        const sup = new ModemSupervisor(modem, bench, { locator: simLocator(sim, d.index) });
        sups.push(sup);
        return (c: string) => sup.exec(c, { cls: 'batch' });
      }),
    );
    return await timed(sim, async () => {
      await Promise.all(
        execs.map(async (exec) => {
          for (const c of BATCH_COMMANDS) {
            for (let r = await exec(c); c === POLL && (r.parsed as { registered?: boolean } | null)?.registered !== true; r = await exec(c)) await delay(2000);
          }
        }),
      );
      return 0;
    });
  } finally {
    for (const s of sups) s.dispose();
    await bench.close();
  }
}

/** The guide's batch: sequential per modem, Promise.allSettled across modems; the poll checks the reply and waits 2 s if not registered. */
async function seedRound(sim: ModemSimulator, binding: SerialBinding, paths: string[]): Promise<BatchRound> {
  const client = await SeedClient.open(binding, paths, guideSemaphoreSize(os.totalmem(), os.cpus().length));
  try {
    return await timed(sim, async () => {
      const settled = await Promise.allSettled(
        paths.map(async (_, i) => {
          for (const c of BATCH_COMMANDS) {
            for (let r = await client.exec(i, c); c === POLL && !/\+CEREG: \d,[15]\b/.test(r); r = await client.exec(i, c)) await delay(2000);
          }
        }),
      );
      return settled.filter((s) => s.status === 'rejected').length;
    });
  } finally {
    await client.close();
  }
}

async function rawRound(sim: ModemSimulator, binding: SerialBinding, paths: string[]): Promise<BatchRound> {
  const client = await RawClient.open(binding, paths);
  try {
    return await timed(sim, async () => {
      await Promise.all(
        paths.map(async (_, i) => {
          for (const c of BATCH_COMMANDS) await client.exec(i, c);
        }),
      );
      return 0;
    });
  } finally {
    await client.close();
  }
}

export interface BatchEfficiencyResult {
  commandsPerModem: number;
  commands: readonly string[];
  guideSemaphore: number;
  /** Median efficiency per size and client. */
  pool: Record<string, number>;
  seed: Record<string, number>;
  raw: Record<string, number>;
  modem?: Record<string, number>;
  supervisor?: Record<string, number>;
  /**
   * CPU of this process per command (µs, median over rounds), by size and client: the figure a
   * shared machine moves least (efficiency moves with what else runs; this moves with our code).
   */
  cpuUsPerCommand: Record<string, Partial<Record<BatchClient, number>>>;
  bySize: Record<string, Partial<Record<BatchClient, { efficiency: { median: number; min: number; max: number }; rounds: BatchRound[] }>>>;
}

function round(kind: BatchClient, sim: ModemSimulator, binding: SerialBinding, paths: string[]): Promise<BatchRound> {
  if (kind === 'pool') return poolRound(sim, binding);
  if (kind === 'seed') return seedRound(sim, binding, paths);
  if (kind === 'raw') return rawRound(sim, binding, paths);
  return layerRound(sim, binding, kind === 'supervisor');
}

export async function batchEfficiency(o: BatchEfficiencyOptions): Promise<BatchEfficiencyResult> {
  const out: BatchEfficiencyResult = {
    commandsPerModem: BATCH_COMMANDS.length,
    commands: BATCH_COMMANDS,
    guideSemaphore: guideSemaphoreSize(os.totalmem(), os.cpus().length),
    pool: {},
    seed: {},
    raw: {},
    cpuUsPerCommand: {},
    bySize: {},
  };
  const clients: BatchClient[] = o.clients ?? ['pool', 'seed', 'raw'];
  {
    // Not timed: every client's code runs once first, so no round pays for compiling it (the app's is warm).
    const sim = new ModemSimulator({ count: 16, seed: (o.seed ?? 16) + 1, faults: 'none', registrationLossPerHour: 0 });
    const binding = ioLikeBinding(sim.binding);
    const paths = sim.describe().map((d) => d.ports.find((p) => p.role === 'at')!.path);
    for (const kind of clients) await round(kind, sim, binding, paths);
    await sim.dispose();
  }
  for (const n of o.sizes) {
    // No registration losses: a lost modem would wait out the poll's 2 s, a figure of the network, not of the host.
    const sim = new ModemSimulator({ count: n, seed: o.seed ?? 16, faults: 'none', registrationLossPerHour: 0 });
    const binding = ioLikeBinding(sim.binding);
    const paths = sim.describe().map((d) => d.ports.find((p) => p.role === 'at')!.path);
    const rounds: Record<BatchClient, BatchRound[]> = { pool: [], seed: [], raw: [], modem: [], supervisor: [] };
    for (let r = 0; r < o.rounds; r++) {
      for (const kind of r % 2 === 0 ? clients : [...clients].reverse()) {
        if (kind === 'seed' && r >= (o.seedRounds ?? o.rounds)) continue;
        const res = await round(kind, sim, binding, paths);
        rounds[kind].push(res);
        o.log?.(
          `  ${String(n).padStart(3)} modems batch ${kind.padEnd(4)} ideal ${res.idealMs} ms / wall ${res.wallMs} ms = ${res.efficiency.toFixed(3)}, CPU ${res.cpuMs} ms` +
            `  (replies/modem ${res.repliesPerModem}, timer late ${res.timerLateMsPerReply} ms/reply, loop p99 ${res.eventLoopDelayP99Ms} ms, failures ${res.failures}${res.controller ? `, held by limit ${res.controller.maxBlockedByLimit}, other classes ${res.controller.maxQueuedOtherClasses}` : ''})`,
        );
      }
    }
    await sim.dispose();
    out.bySize[n] = {} as BatchEfficiencyResult['bySize'][string];
    for (const kind of clients) {
      if (rounds[kind].length === 0) continue;
      const s = spread(rounds[kind].map((x) => x.efficiency));
      out.bySize[n]![kind] = { efficiency: s, rounds: rounds[kind] };
      (out[kind] ??= {})[n] = s.median;
      const cpu = spread(rounds[kind].map((x) => (x.cpuMs * 1000) / (n * BATCH_COMMANDS.length))).median;
      (out.cpuUsPerCommand[n] ??= {})[kind] = Math.round(cpu * 10) / 10;
    }
  }
  return out;
}
