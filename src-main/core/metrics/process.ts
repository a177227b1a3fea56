/**
 * The process's own health: event-loop delay (perf_hooks histogram, emptied
 * on each sample), heap, RSS and CPU share since the previous sample.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { ProcessSampleView } from '../../../src-preload/contract/metrics';

export type ProcessSample = ProcessSampleView;

const MB = 1024 * 1024;
const r2 = (v: number): number => Math.round(v * 100) / 100;

/**
 * perf_hooks' event-loop histogram records the time between two ticks of its
 * sampling timer, period included: an idle loop sampled every 10 ms reads
 * ~10 ms. The delay is what is left after the period (never below 0), in ms.
 */
export function loopDelayMs(ns: number, resolutionMs: number): number {
  return Math.max(0, Math.round((ns / 1e6 - resolutionMs) * 100) / 100);
}

/** Delay figures of an event-loop histogram (ms), the sampling period taken out. */
export function loopDelaySummary(h: Pick<IntervalHistogram, 'count' | 'mean' | 'percentile' | 'max'>, resolutionMs: number): ProcessSample['eventLoopDelayMs'] {
  if (h.count === 0) return { mean: null, p50: null, p99: null, max: null };
  const d = (ns: number): number => loopDelayMs(ns, resolutionMs);
  return { mean: d(h.mean), p50: d(h.percentile(50)), p99: d(h.percentile(99)), max: d(h.max) };
}

export class ProcessSampler {
  readonly #eld: IntervalHistogram;
  readonly #resolutionMs: number;
  #cpu = process.cpuUsage();
  #wall = performance.now();
  #disposed = false;

  /** `resolutionMs`: the event-loop delay timer's period. */
  constructor(resolutionMs = 10) {
    this.#resolutionMs = resolutionMs;
    this.#eld = monitorEventLoopDelay({ resolution: resolutionMs });
    this.#eld.enable();
  }

  sample(t = Date.now()): ProcessSample {
    const h = this.#eld;
    const eventLoopDelayMs = loopDelaySummary(h, this.#resolutionMs);
    h.reset();
    const mem = process.memoryUsage();
    const wall = performance.now();
    const cpu = process.cpuUsage(this.#cpu);
    const elapsedMs = wall - this.#wall;
    this.#cpu = process.cpuUsage();
    this.#wall = wall;
    const cpuPercent = elapsedMs > 0 ? r2(((cpu.user + cpu.system) / 1000 / elapsedMs) * 100) : 0;
    return {
      t,
      eventLoopDelayMs,
      heapUsedMB: r2(mem.heapUsed / MB),
      heapTotalMB: r2(mem.heapTotal / MB),
      rssMB: r2(mem.rss / MB),
      externalMB: r2(mem.external / MB),
      cpuPercent,
    };
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#eld.disable();
  }
}
