import { LatencyHistogram, type LatencySummary } from './histogram';
import { SecondBuckets, SeriesRing } from './ring';

/** Codes kept apart per cell; more distinct codes are counted under `(other)`. */
export const MAX_ERROR_CODES = 16;
const WINDOW_SECONDS = 60;
/** Latencies batched before they go into the histograms. */
const PENDING = 64;

/** Series columns of a stats cell, one point per sample tick. */
export const CELL_COLUMNS = { throughput: 0, latencyP50: 1, latencyP99: 2, errorRate: 3 } as const;

/** Sums over one sliding window. */
export interface WindowSums {
  count: number;
  errors: number;
  latencySum: number;
  latencyCount: number;
}

/**
 * Everything counted for one key (a modem, a command base, or the whole
 * process): a lifetime histogram, an interval histogram emptied on every
 * sample tick (its percentiles become chart points), per-second buckets for
 * the sliding windows, and error counts by code. All fixed-size.
 */
export class StatsCell {
  readonly key: string;
  readonly lifetime = new LatencyHistogram();
  readonly interval = new LatencyHistogram();
  readonly buckets = new SecondBuckets(WINDOW_SECONDS);
  readonly series: SeriesRing;
  commands = 0;
  errors = 0;
  timeouts = 0;
  retries = 0;
  readonly errorsByCode = new Map<string, number>();
  /** Since the last tick: commands and errors (for the series' rate points). */
  tickCount = 0;
  tickErrors = 0;
  #latency: LatencySummary | null = null;
  readonly #pending = new Float64Array(PENDING);
  #pendingCount = 0;

  constructor(key: string, seriesLength: number) {
    this.key = key;
    this.series = new SeriesRing(seriesLength, 4);
  }

  record(sec: number, latencyMs: number | null, code: string | null, retry: boolean): void {
    const d = this.buckets.data;
    const o = this.buckets.slot(sec);
    d[o + 1]!++;
    this.commands++;
    this.tickCount++;
    if (latencyMs !== null && latencyMs >= 0) {
      d[o + 3]! += latencyMs;
      d[o + 4]!++;
      // Histograms are filled in batches: one histogram at a time stays in cache.
      this.#pending[this.#pendingCount++] = latencyMs;
      if (this.#pendingCount === PENDING) this.flush();
    }
    if (retry) this.retries++;
    if (code !== null) {
      d[o + 2]!++;
      this.errors++;
      this.tickErrors++;
      if (code === 'timeout') this.timeouts++;
      const m = this.errorsByCode;
      const n = m.get(code);
      if (n !== undefined) m.set(code, n + 1);
      else if (m.size < MAX_ERROR_CODES) m.set(code, 1);
      else m.set('(other)', (m.get('(other)') ?? 0) + 1);
    }
  }

  /** Moves the batched latencies into the histograms. */
  flush(): void {
    const n = this.#pendingCount;
    if (n === 0) return;
    this.#pendingCount = 0;
    const p = this.#pending;
    const life = this.lifetime;
    for (let i = 0; i < n; i++) life.record(p[i]!);
    const iv = this.interval;
    for (let i = 0; i < n; i++) iv.record(p[i]!);
  }

  window(seconds: number, nowSec: number): WindowSums {
    return this.buckets.sum(seconds, nowSec);
  }

  /** Closes one sample interval: a chart point, then the interval histogram starts over. */
  tick(t: number, elapsedSec: number): void {
    this.flush();
    const pct = this.interval.p50p99();
    const rate = elapsedSec > 0 ? this.tickCount / elapsedSec : 0;
    const errorRate = this.tickCount > 0 ? this.tickErrors / this.tickCount : null;
    this.series.push(t, [Math.round(rate * 100) / 100, pct?.[0] ?? null, pct?.[1] ?? null, errorRate]);
    this.interval.reset();
    this.tickCount = 0;
    this.tickErrors = 0;
  }

  /** Lifetime percentiles, recomputed only when something was recorded since the last call. */
  latency(): LatencySummary {
    this.flush();
    const c = this.lifetime.count;
    if (this.#latency?.count !== c) this.#latency = this.lifetime.summary();
    return this.#latency;
  }

  /** True when histograms use the WebAssembly build. */
  static get webAssembly(): boolean {
    return LatencyHistogram.webAssembly;
  }

  /** Bytes held by the fixed-size parts (histograms, buckets, series). */
  get bytes(): number {
    return this.lifetime.footprintBytes + this.interval.footprintBytes + this.buckets.bytes + this.series.bytes + this.#pending.byteLength;
  }

  reset(): void {
    this.#pendingCount = 0;
    this.lifetime.reset();
    this.interval.reset();
    this.commands = this.errors = this.timeouts = this.retries = 0;
    this.tickCount = this.tickErrors = 0;
    this.errorsByCode.clear();
    this.#latency = null;
  }

  destroy(): void {
    this.lifetime.destroy();
    this.interval.destroy();
  }
}
