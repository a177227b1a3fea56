/**
 * The benchmark itself (run.ts bundles and launches it). Side by side in one
 * process: our pool, the raw serialport floor and the seed guide's pattern on
 * the same simulated modems, then pool vs raw over real PTYs.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { realBinding } from '../../src-main/core/serial/real-binding';
import { ModemSimulator } from '../../src-main/core/sim';
import { openClient, PoolClient, type Client, type ClientKind } from './clients';
import { ioLikeBinding } from './io-binding';
import { LatencyHistogram, type LatencySummary } from '../../src-main/core/metrics';
import { closedLoop, heapMB, type RunResult } from './measure';
import { measureRecordCost } from './record-cost';
import { batchEfficiency, type BatchEfficiencyOptions } from './batch';

export interface SuiteOptions {
  json: boolean;
  /** Measured time per run (ms). */
  runMs: number;
  warmupMs: number;
  rounds: number;
  sizes: number[];
  /** Path of the PTY child script and how to launch it. */
  ptyChild: { command: string; args: string[] } | null;
  command: string;
  /** A second workload: a modem's usual poll and identity commands, replies delivered in chunks. */
  mixedCommands: string[];
  /** Batch efficiency against the modems' own latencies (batch.ts); null leaves it out. */
  batch: Pick<BatchEfficiencyOptions, 'sizes' | 'rounds' | 'seedRounds' | 'clients'> | null;
}

const CLIENTS: ClientKind[] = ['pool', 'raw', 'seed'];
const r2 = (v: number): number => Math.round(v * 100) / 100;
const r3 = (v: number): number => Math.round(v * 1000) / 1000;
const log = (opts: SuiteOptions, msg: string): void => {
  if (!opts.json) process.stderr.write(`${msg}\n`);
};

interface Aggregate {
  commands: number;
  seconds: number;
  commandsPerSec: number;
  cpuUsPerCommand: number;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
  eventLoopDelayP99Ms: number;
  errors: number;
  /** Per round, to show the spread inside one run. */
  perRound: number[];
  /** CPU per command per round (µs). */
  cpuPerRound: number[];
}

const medianOf = (xs: number[]): number => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[v.length >> 1]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
};

/**
 * a's figure over b's, as the median over rounds of the ratio within each
 * round: the clients of one round ran next to each other, so a slow stretch of
 * a shared machine hits both sides of one ratio instead of one client's total.
 */
function pairedRatio(a: number[], b: number[]): number {
  return r3(medianOf(a.map((x, i) => x / b[i]!)));
}

function aggregate(runs: RunResult[]): Aggregate {
  const commands = runs.reduce((n, r) => n + r.commands, 0);
  const seconds = runs.reduce((n, r) => n + r.seconds, 0);
  const cpu = runs.reduce((n, r) => n + r.cpuUsPerCommand * r.commands, 0);
  // Percentiles do not average; the median of the rounds is a fair summary.
  const med = (xs: (number | null)[]): number | null => {
    const v = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
    return v.length ? v[Math.floor((v.length - 1) / 2)]! : null;
  };
  return {
    commands,
    seconds: r3(seconds),
    commandsPerSec: Math.round(commands / seconds),
    cpuUsPerCommand: r2(cpu / Math.max(1, commands)),
    latencyP50Ms: med(runs.map((r) => r.latency.p50)),
    latencyP99Ms: med(runs.map((r) => r.latency.p99)),
    eventLoopDelayP99Ms: Math.max(...runs.map((r) => r.eventLoopDelay.p99)),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    perRound: runs.map((r) => r.commandsPerSec),
    cpuPerRound: runs.map((r) => r.cpuUsPerCommand),
  };
}

function atPaths(sim: ModemSimulator): string[] {
  return sim.describe().map((d) => d.ports.find((p) => p.role === 'at')!.path);
}

/** Heap per modem with every transcript ring at its cap (the steady state of a long run). */
function fillTranscripts(client: Client): void {
  if (!(client instanceof PoolClient)) return;
  const tx = Buffer.from('AT+CSQ\r', 'latin1');
  const rx = Buffer.from('AT+CSQ\r\r\n+CSQ: 20,99\r\n\r\nOK\r\n', 'latin1');
  for (const m of client.modems) {
    const t = m.port!.transcript;
    while (t.size < t.maxEntries) t.add(t.size % 2 ? 'rx' : 'tx', t.size % 2 ? rx : tx);
    // One more lap so every entry is one of ours, not the warm-up's.
    for (let i = 0; i < t.maxEntries; i++) t.add(i % 2 ? 'rx' : 'tx', i % 2 ? rx : tx);
  }
}

async function inProcess(opts: SuiteOptions): Promise<{
  bySize: Record<string, Record<ClientKind, Aggregate>>;
  heap: Record<ClientKind, { afterRunMBPerModem: number; steadyStateMBPerModem: number; externalMBPerModem: number }>;
}> {
  const bySize: Record<string, Record<ClientKind, Aggregate>> = {};
  const heap = {} as Record<ClientKind, { afterRunMBPerModem: number; steadyStateMBPerModem: number; externalMBPerModem: number }>;
  for (const n of opts.sizes) {
    const sim = new ModemSimulator({ count: n, latency: 0, chunking: false, interleaveUrcs: false, faults: 'none' });
    const paths = atPaths(sim);
    const runs: Record<ClientKind, RunResult[]> = { pool: [], raw: [], seed: [] };
    for (let round = 0; round < opts.rounds; round++) {
      // Alternate the order so that drift on a noisy machine does not favour one client.
      const order = round % 2 === 0 ? CLIENTS : [...CLIENTS].reverse();
      for (const kind of order) {
        const measureHeap = n === Math.max(...opts.sizes) && round === 0;
        const before = measureHeap ? heapMB() : null;
        const client = await openClient(kind, sim.binding, paths);
        await closedLoop(client, opts.command, opts.warmupMs);
        const res = await closedLoop(client, opts.command, opts.runMs);
        runs[kind].push(res);
        if (before) {
          const after = heapMB();
          fillTranscripts(client);
          const full = heapMB();
          heap[kind] = {
            afterRunMBPerModem: r3((after.heapUsed - before.heapUsed) / n),
            steadyStateMBPerModem: r3((full.heapUsed - before.heapUsed) / n),
            externalMBPerModem: r3((full.external - before.external) / n),
          };
        }
        await client.close();
        log(opts, `  ${String(n).padStart(3)} modems  ${kind.padEnd(4)}  ${String(res.commandsPerSec).padStart(7)} cmd/s  ${res.cpuUsPerCommand.toFixed(1).padStart(6)} µs CPU/cmd`);
      }
    }
    bySize[n] = { pool: aggregate(runs.pool), raw: aggregate(runs.raw), seed: aggregate(runs.seed) };
    await sim.dispose();
  }
  return { bySize, heap };
}

/**
 * The second workload: each modem goes round `mixedCommands` (replies of 10 to
 * 140 bytes, one to three lines), and the simulator delivers every reply in up
 * to four chunks, as a USB serial port does. Same three clients, side by side.
 */
async function mixed(opts: SuiteOptions, n: number): Promise<Record<ClientKind, Aggregate>> {
  const sim = new ModemSimulator({ count: n, latency: 0, chunking: true, interleaveUrcs: false, faults: 'none' });
  const paths = atPaths(sim);
  const runs: Record<ClientKind, RunResult[]> = { pool: [], raw: [], seed: [] };
  for (let round = 0; round < opts.rounds; round++) {
    for (const kind of round % 2 === 0 ? CLIENTS : [...CLIENTS].reverse()) {
      const client = await openClient(kind, sim.binding, paths);
      await closedLoop(client, opts.mixedCommands, opts.warmupMs);
      const res = await closedLoop(client, opts.mixedCommands, opts.runMs);
      runs[kind].push(res);
      await client.close();
      log(opts, `  ${n} modems mixed ${kind.padEnd(4)}  ${String(res.commandsPerSec).padStart(7)} cmd/s  ${res.cpuUsPerCommand.toFixed(1).padStart(6)} µs CPU/cmd`);
    }
  }
  await sim.dispose();
  return { pool: aggregate(runs.pool), raw: aggregate(runs.raw), seed: aggregate(runs.seed) };
}

/** 256 busy modems with OS-like delivery (setImmediate per read): the event loop gets turns, so its delay means something. */
async function eventLoop(opts: SuiteOptions, n: number): Promise<Record<ClientKind, Aggregate>> {
  const sim = new ModemSimulator({ count: n, latency: 0, chunking: false, interleaveUrcs: false, faults: 'none' });
  const binding = ioLikeBinding(sim.binding);
  const out = {} as Record<ClientKind, Aggregate>;
  for (const kind of CLIENTS) {
    const client = await openClient(kind, binding, atPaths(sim));
    await closedLoop(client, opts.command, opts.warmupMs);
    const res = await closedLoop(client, opts.command, opts.runMs);
    await client.close();
    out[kind] = aggregate([res]);
    log(opts, `  ${n} modems io-like ${kind.padEnd(4)} ${res.commandsPerSec} cmd/s, event-loop delay p99 ${res.eventLoopDelay.p99} ms`);
  }
  await sim.dispose();
  return out;
}

interface PtyResult {
  modems: number;
  rounds: number;
  pool: Aggregate;
  raw: Aggregate;
  /** Percentiles over every command of every round, for reference (the added latency is paired per round). */
  latencyMs: { pool: LatencySummary; raw: LatencySummary };
  addedP50Ms: number | null;
  addedP99Ms: number | null;
  addedP50Percent: number | null;
}

export async function overPty(opts: SuiteOptions): Promise<PtyResult[] | { skipped: string }> {
  if (!opts.ptyChild) return { skipped: 'no PTY child' };
  if (process.platform === 'win32') return { skipped: 'PTYs need Linux or macOS' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mb-bench-pty-'));
  const maxModems = 8;
  const child = spawn(opts.ptyChild.command, [...opts.ptyChild.args, String(maxModems), dir], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    const first = await new Promise<string>((resolve, reject) => {
      const rl = readline.createInterface({ input: child.stdout! });
      rl.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`PTY child exited with ${code}`)));
    });
    const { links } = JSON.parse(first) as { links: string[] };
    const binding = realBinding();
    const results: PtyResult[] = [];
    for (const modems of [1, maxModems]) {
      const runs: Record<'pool' | 'raw', RunResult[]> = { pool: [], raw: [] };
      const merged = { pool: new LatencyHistogram(), raw: new LatencyHistogram() };
      // Latency over a PTY moves with the OS scheduler from one second to the next: many short
      // rounds, pool and raw alternating, and the added latency is the median over the pairs
      // of rounds that ran next to each other (a paired comparison: a slow second hits one pair).
      const rounds = opts.rounds * 4;
      for (let round = 0; round < rounds; round++) {
        const order: ('pool' | 'raw')[] = round % 2 === 0 ? ['pool', 'raw'] : ['raw', 'pool'];
        for (const kind of order) {
          const client = await openClient(kind, binding, links.slice(0, modems));
          await closedLoop(client, opts.command, opts.warmupMs / 2);
          runs[kind].push(await closedLoop(client, opts.command, opts.runMs / 4, client.size, merged[kind]));
          await client.close();
        }
      }
      const pool = aggregate(runs.pool);
      const raw = aggregate(runs.raw);
      const latencyMs = { pool: merged.pool.summary(), raw: merged.raw.summary() };
      merged.pool.destroy();
      merged.raw.destroy();
      const pairs = runs.pool.map((p, k) => ({ pool: p.latency, raw: runs.raw[k]!.latency }));
      const paired = (f: (x: { pool: LatencySummary; raw: LatencySummary }) => number): number | null => {
        const v = pairs.map(f).filter((x) => Number.isFinite(x));
        return v.length ? medianOf(v) : null;
      };
      const addedP50Ms = paired((x) => (x.pool.p50 ?? NaN) - (x.raw.p50 ?? NaN));
      const addedP99Ms = paired((x) => (x.pool.p99 ?? NaN) - (x.raw.p99 ?? NaN));
      const addedP50Percent = paired((x) => (((x.pool.p50 ?? NaN) - (x.raw.p50 ?? NaN)) / (x.raw.p50 ?? NaN)) * 100);
      results.push({
        modems,
        rounds,
        pool,
        raw,
        latencyMs,
        addedP50Ms: addedP50Ms === null ? null : r3(addedP50Ms),
        addedP99Ms: addedP99Ms === null ? null : r3(addedP99Ms),
        addedP50Percent: addedP50Percent === null ? null : r2(addedP50Percent),
      });
      log(
        opts,
        `  PTY ${modems} modem(s), ${rounds} rounds each: pool p50 ${latencyMs.pool.p50} p99 ${latencyMs.pool.p99} ms, raw p50 ${latencyMs.raw.p50} p99 ${latencyMs.raw.p99} ms; added (median of pairs) p50 ${addedP50Ms?.toFixed(3)} ms (${addedP50Percent?.toFixed(1)} %), p99 ${addedP99Ms?.toFixed(3)} ms`,
      );
    }
    return results;
  } finally {
    child.stdin!.end();
    await new Promise((resolve) => {
      const t = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(undefined);
      }, 5000);
      child.once('exit', () => {
        clearTimeout(t);
        resolve(undefined);
      });
    });
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs every client's code once before anything is timed, with both workloads,
 * so that no client's first round pays for compiling its code (ours has more
 * of it: parsers for every command of the mixed workload).
 */
async function warmUp(opts: SuiteOptions): Promise<void> {
  const sim = new ModemSimulator({ count: 8, latency: 0, chunking: true, interleaveUrcs: false, faults: 'none' });
  for (const kind of CLIENTS) {
    const client = await openClient(kind, sim.binding, atPaths(sim));
    await closedLoop(client, opts.command, opts.warmupMs);
    await closedLoop(client, opts.mixedCommands, opts.warmupMs);
    await client.close();
  }
  await sim.dispose();
}

export async function runSuite(opts: SuiteOptions): Promise<Record<string, unknown>> {
  const started = performance.now();
  await warmUp(opts);
  let batch: Awaited<ReturnType<typeof batchEfficiency>> | null = null;
  if (opts.batch) {
    log(opts, `Batch efficiency (simulated EC25 latencies; ideal = the slowest modem's own reply delays, over wall time), ${opts.batch.rounds} rounds:`);
    batch = await batchEfficiency({ ...opts.batch, log: (m) => log(opts, m) });
  }
  log(opts, `Modem Bench benchmark: ${opts.command}, closed loop per modem, ${opts.rounds} x ${opts.runMs} ms per client and size`);
  log(opts, 'In-process simulator (latency 0, no chunking, no URC interleave, no faults):');
  const { bySize, heap } = await inProcess(opts);
  const big = Math.max(...opts.sizes);
  const mid = bySize[64] ? 64 : opts.sizes[Math.floor(opts.sizes.length / 2)]!;
  log(opts, `Mixed workload at ${mid} modems (${opts.mixedCommands.length} commands in turn, chunked replies):`);
  const mix = await mixed(opts, mid);
  log(opts, `Event loop at ${big} busy modems:`);
  const el = await eventLoop(opts, big);
  const recordCost = measureRecordCost(big, 500_000);
  log(opts, `MetricsCollector.record(): ${recordCost.recordNs} ns/call at ${big} modems (WebAssembly HDR: ${recordCost.webAssembly})`);
  log(opts, 'Real PTYs (simulator in a child process, serialport binding in this one):');
  const pty = await overPty(opts);

  const at = bySize[mid]!;
  const ratios = {
    poolVsRaw: pairedRatio(at.pool.perRound, at.raw.perRound),
    poolVsSeedPattern: pairedRatio(at.pool.perRound, at.seed.perRound),
  };
  const cpuRatios = {
    poolVsRaw: pairedRatio(at.raw.cpuPerRound, at.pool.cpuPerRound),
    poolVsSeedPattern: pairedRatio(at.seed.cpuPerRound, at.pool.cpuPerRound),
  };
  const ptyOne = Array.isArray(pty) ? pty.find((p) => p.modems === 1) ?? null : null;
  const heapPerModemMB = heap.pool?.steadyStateMBPerModem ?? null;
  const externalPerModemMB = heap.pool?.externalMBPerModem ?? null;
  const batchBig = batch ? (batch.pool[String(Math.max(...opts.batch!.sizes))] ?? null) : null;
  const eventLoopDelayP99Ms = el.pool.eventLoopDelayP99Ms;
  const goals = {
    poolVsRaw: { target: '>= 0.8', value: ratios.poolVsRaw, met: ratios.poolVsRaw >= 0.8 },
    poolVsSeedPattern: { target: '>= 3', value: ratios.poolVsSeedPattern, met: ratios.poolVsSeedPattern >= 3 },
    addedLatencyP50: { target: '<= 10 %', value: ptyOne?.addedP50Percent ?? null, met: ptyOne?.addedP50Percent != null && ptyOne.addedP50Percent <= 10 },
    addedLatencyP99: { target: '<= 1 ms', value: ptyOne?.addedP99Ms ?? null, met: ptyOne?.addedP99Ms != null && ptyOne.addedP99Ms <= 1 },
    heapPerModem: { target: '<= 0.5 MB', value: heapPerModemMB, met: heapPerModemMB !== null && heapPerModemMB <= 0.5 },
    eventLoopDelayP99: { target: '< 20 ms', value: eventLoopDelayP99Ms, met: eventLoopDelayP99Ms < 20 },
    ...(batch ? { batchEfficiency: { target: '>= 0.95', value: batchBig, met: batchBig !== null && batchBig >= 0.95 } } : {}),
  };
  return {
    command: opts.command,
    machine: { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: os.cpus().length, loadavg: os.loadavg().map(r2), gc: heapMB().gc },
    throughput: { modems: mid, pool: at.pool.commandsPerSec, raw: at.raw.commandsPerSec, seedPattern: at.seed.commandsPerSec },
    ratios,
    /** How far apart the floor and the seed pattern are: the pool can reach poolVsSeedPattern >= 3 only if this is well above 3. */
    rawVsSeedPattern: pairedRatio(at.raw.perRound, at.seed.perRound),
    cpuRatios,
    cpuUsPerCommand: { modems: mid, pool: at.pool.cpuUsPerCommand, raw: at.raw.cpuUsPerCommand, seedPattern: at.seed.cpuUsPerCommand },
    addedLatencyMs: ptyOne
      ? {
          modems: 1,
          p50: ptyOne.addedP50Ms,
          p99: ptyOne.addedP99Ms,
          p50Percent: ptyOne.addedP50Percent,
          pool: { p50: ptyOne.latencyMs.pool.p50, p99: ptyOne.latencyMs.pool.p99 },
          raw: { p50: ptyOne.latencyMs.raw.p50, p99: ptyOne.latencyMs.raw.p99 },
        }
      : null,
    heapPerModemMB,
    /** Outside the V8 heap, per modem: process.memoryUsage().external after a full GC (it includes arrayBuffers: buffers, the HDR histograms' WebAssembly memory). */
    externalPerModemMB,
    heapPerModem: { modems: big, ...heap },
    batchEfficiency: batch?.pool ?? null,
    seedPatternBatchEfficiency: batch?.seed ?? null,
    batch,
    eventLoopDelayP99Ms,
    eventLoop: { modems: big, delivery: 'setImmediate per read (OS-like)', pool: el.pool, raw: el.raw, seedPattern: el.seed },
    metricsRecord: recordCost,
    mixedWorkload: {
      modems: mid,
      commands: opts.mixedCommands,
      chunkedReplies: true,
      throughput: { pool: mix.pool.commandsPerSec, raw: mix.raw.commandsPerSec, seedPattern: mix.seed.commandsPerSec },
      ratios: { poolVsRaw: pairedRatio(mix.pool.perRound, mix.raw.perRound), poolVsSeedPattern: pairedRatio(mix.pool.perRound, mix.seed.perRound) },
      cpuUsPerCommand: { pool: mix.pool.cpuUsPerCommand, raw: mix.raw.cpuUsPerCommand, seedPattern: mix.seed.cpuUsPerCommand },
    },
    goals,
    inProcess: bySize,
    pty,
    durationSec: Math.round((performance.now() - started) / 1000),
  };
}
