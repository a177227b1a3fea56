/** What one benchmark run measures: rate, CPU per command, latency, event-loop delay, heap. */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { LatencyHistogram, loopDelaySummary, type LatencySummary } from '../../src-main/core/metrics';
import type { Client } from './clients';

export interface RunResult {
  commands: number;
  errors: number;
  seconds: number;
  commandsPerSec: number;
  /** CPU time (user + system) per command, µs. */
  cpuUsPerCommand: number;
  /** End-to-end per command, as the caller sees it (ms). */
  latency: LatencySummary;
  /** Event-loop delay during the run (ms): how late a 1 ms timer ran, the period itself taken out. */
  eventLoopDelay: { p50: number; p99: number; max: number };
}

const gc = (globalThis as { gc?: () => void }).gc;

/** Heap in use after a full collection (MB); without --expose-gc it is only indicative. */
export function heapMB(): { heapUsed: number; external: number; gc: boolean } {
  if (gc) {
    gc();
    gc();
  }
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed / 1048576, external: m.external / 1048576, gc: Boolean(gc) };
}

const r = (v: number, d = 2): number => Math.round(v * 10 ** d) / 10 ** d;

/**
 * A closed loop per modem: each sends the next command as soon as the previous
 * answer arrived, until `durationMs` is over. `commands` is one command or a
 * list each modem goes round (modem i starts at position i, so the modems do
 * not all send the same command at once). `modems` at most (default: all).
 */
export async function closedLoop(
  client: Client,
  command: string | readonly string[],
  durationMs: number,
  modems = client.size,
  /** Also records every latency here (to merge rounds). */
  into?: LatencyHistogram,
): Promise<RunResult> {
  const list = typeof command === 'string' ? [command] : command;
  if (list.length === 0) throw new TypeError('closedLoop needs at least one command');
  const hist = new LatencyHistogram();
  // A 1 ms period: the timer then ticks once per loop turn of a busy loop, so a long turn is seen whole.
  const resolutionMs = 1;
  const eld = monitorEventLoopDelay({ resolution: resolutionMs });
  let commands = 0;
  let errors = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const end = t0 + durationMs;
  eld.enable();
  await Promise.all(
    Array.from({ length: modems }, async (_, i) => {
      let next = i % list.length;
      while (performance.now() < end) {
        const s = performance.now();
        const cmd = list[next]!;
        next = next + 1 === list.length ? 0 : next + 1;
        try {
          await client.exec(i, cmd);
          const ms = performance.now() - s;
          hist.record(ms);
          into?.record(ms);
          commands++;
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  eld.disable();
  const delay = loopDelaySummary(eld, resolutionMs);
  const latency = hist.summary();
  hist.destroy();
  return {
    commands,
    errors,
    seconds: r(seconds, 3),
    commandsPerSec: Math.round(commands / seconds),
    cpuUsPerCommand: r((cpu.user + cpu.system) / Math.max(1, commands)),
    latency,
    eventLoopDelay: { p50: delay.p50 ?? 0, p99: delay.p99 ?? 0, max: delay.max ?? 0 },
  };
}
