/**
 * The process's own health: event-loop delay (perf_hooks histogram, emptied
 * on each sample), heap, RSS and CPU share since the previous sample.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface ProcessSample {
  t: number;
  /** Event-loop delay over the sample interval (ms); null before the first delay was measured. */
  eventLoopDelayMs: { mean: number | null; p50: number | null; p99: number | null; max: number | null };
  heapUsedMB: number;
  heapTotalMB: number;
  rssMB: number;
  /** Buffers and ArrayBuffers outside the JS heap (serial buffers, WebAssembly histograms). */
  externalMB: number;
  /** CPU time (user + system) over wall time since the previous sample, 100 = one core. */
  cpuPercent: number;
}

const MB = 1024 * 1024;
const r2 = (v: number): number => Math.round(v * 100) / 100;
const ns2ms = (ns: number): number => Math.round(ns / 1e4) / 100;

export class ProcessSampler {
  readonly #eld: IntervalHistogram;
  #cpu = process.cpuUsage();
  #wall = performance.now();
  #disposed = false;

  /** `resolutionMs`: the event-loop delay timer's period. */
  constructor(resolutionMs = 10) {
    this.#eld = monitorEventLoopDelay({ resolution: resolutionMs });
    this.#eld.enable();
  }

  sample(t = Date.now()): ProcessSample {
    const h = this.#eld;
    const has = h.count > 0;
    const eventLoopDelayMs = has
      ? { mean: ns2ms(h.mean), p50: ns2ms(h.percentile(50)), p99: ns2ms(h.percentile(99)), max: ns2ms(h.max) }
      : { mean: null, p50: null, p99: null, max: null };
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
