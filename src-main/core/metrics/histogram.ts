/**
 * Latency histograms on hdr-histogram-js. Fixed size (no auto-resize), so a
 * histogram's memory is the same after ten samples or ten billion. Values are
 * recorded in microseconds with 2 significant digits (1 % resolution) from
 * 1 µs to 10 minutes; longer values are clamped to the top.
 *
 * The WebAssembly build records in ~35 ns against ~175 ns for the JS build
 * (Math.log2/pow per value), which matters on the hot path; it falls back to
 * JS where WebAssembly is unavailable. WebAssembly histograms live outside the
 * JS heap and must be `destroy()`ed: the owner of a histogram does that.
 */
import type { LatencySummaryView } from '../../../src-preload/contract/metrics';
import { build, initWebAssemblySync, type Histogram } from 'hdr-histogram-js';

/** Highest latency kept apart from the rest (µs): 10 min, longer than any AT timeout. */
export const HIGHEST_US = 600_000_000;

let wasm: boolean | null = null;

function useWasm(): boolean {
  if (wasm === null) {
    try {
      initWebAssemblySync();
      wasm = true;
    } catch {
      wasm = false;
    }
  }
  return wasm;
}

/** Latency percentiles in ms; null when nothing was recorded. */
export type LatencySummary = LatencySummaryView;

export const EMPTY_LATENCY: LatencySummary = Object.freeze({ count: 0, mean: null, p50: null, p95: null, p99: null, max: null });

const round3 = (v: number): number => Math.round(v * 1000) / 1000;

export class LatencyHistogram {
  readonly #h: Histogram;
  #sumMs = 0;
  #destroyed = false;
  readonly #bytes: number;

  constructor() {
    this.#h = build({
      bitBucketSize: 32,
      autoResize: false,
      lowestDiscernibleValue: 1,
      highestTrackableValue: HIGHEST_US,
      numberOfSignificantValueDigits: 2,
      useWebAssembly: useWasm(),
    });
    this.#bytes = this.#h.estimatedFootprintInBytes;
  }

  /** True when the fast WebAssembly build is in use. */
  static get webAssembly(): boolean {
    return useWasm();
  }

  get count(): number {
    return this.#destroyed ? 0 : this.#h.totalCount;
  }

  /** Bytes of counts this histogram holds (constant). */
  get footprintBytes(): number {
    return this.#bytes;
  }

  record(ms: number): void {
    if (this.#destroyed) return;
    let us = Math.round(ms * 1000);
    if (!(us >= 0)) return; // NaN or negative: not a latency
    if (us > HIGHEST_US) us = HIGHEST_US;
    this.#h.recordValue(us);
    this.#sumMs += ms;
  }

  summary(): LatencySummary {
    const h = this.#h;
    if (this.#destroyed) return EMPTY_LATENCY;
    const count = h.totalCount;
    if (count === 0) return EMPTY_LATENCY;
    return {
      count,
      mean: round3(this.#sumMs / count),
      p50: round3(h.getValueAtPercentile(50) / 1000),
      p95: round3(h.getValueAtPercentile(95) / 1000),
      p99: round3(h.getValueAtPercentile(99) / 1000),
      max: round3(h.maxValue / 1000),
    };
  }

  /** p50 and p99 only (the series points), in ms. */
  p50p99(): [number, number] | null {
    const h = this.#h;
    if (this.#destroyed || h.totalCount === 0) return null;
    return [round3(h.getValueAtPercentile(50) / 1000), round3(h.getValueAtPercentile(99) / 1000)];
  }

  reset(): void {
    if (this.#destroyed) return;
    if (this.#h.totalCount > 0) this.#h.reset();
    this.#sumMs = 0;
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#h.destroy();
  }
}
