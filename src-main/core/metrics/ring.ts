/**
 * Fixed-size storage for the collector: a ring of time series points and a
 * ring of one-second buckets. Both are typed arrays allocated once.
 */

import type { PointView } from '../../../src-preload/contract/metrics';

/** A chart series: `[t, value]` with `t` in ms since epoch; null where there was nothing to measure. */
export type Point = PointView;

/** Points with a shared time column and N value columns; NaN stores "no value". */
export class SeriesRing {
  readonly capacity: number;
  readonly #t: Float64Array;
  readonly #cols: Float64Array[];
  #head = 0; // next write
  #size = 0;

  constructor(capacity: number, columns: number) {
    this.capacity = capacity;
    this.#t = new Float64Array(capacity);
    this.#cols = Array.from({ length: columns }, () => new Float64Array(capacity));
  }

  get size(): number {
    return this.#size;
  }

  /** Bytes held (constant). */
  get bytes(): number {
    return this.#t.byteLength * (1 + this.#cols.length);
  }

  push(t: number, values: readonly (number | null)[]): void {
    const i = this.#head;
    this.#t[i] = t;
    for (let c = 0; c < this.#cols.length; c++) {
      const v = values[c];
      this.#cols[c]![i] = v === null || v === undefined ? NaN : v;
    }
    this.#head = (i + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size++;
  }

  /** The latest point of column `col`, or null. */
  last(col: number): Point | null {
    if (this.#size === 0) return null;
    const i = (this.#head - 1 + this.capacity) % this.capacity;
    const v = this.#cols[col]![i]!;
    return [this.#t[i]!, Number.isNaN(v) ? null : v];
  }

  /** Column `col` as `[t, value]` points with `t > since`, oldest first. */
  series(col: number, since = -Infinity): Point[] {
    const out: Point[] = [];
    const start = (this.#head - this.#size + this.capacity) % this.capacity;
    const values = this.#cols[col]!;
    for (let k = 0; k < this.#size; k++) {
      const i = (start + k) % this.capacity;
      const t = this.#t[i]!;
      if (t <= since) continue;
      const v = values[i]!;
      out.push([t, Number.isNaN(v) ? null : v]);
    }
    return out;
  }

  clear(): void {
    this.#head = 0;
    this.#size = 0;
  }
}

/** Per-second counters over the last `seconds` seconds (sliding windows of 1 s, 10 s, 60 s). */
export class SecondBuckets {
  readonly seconds: number;
  /**
   * One record of 5 doubles per second, interleaved so that counting one command
   * touches one cache line: [second, count, errors, latency sum, latency count].
   */
  readonly data: Float64Array;

  constructor(seconds: number) {
    this.seconds = seconds;
    this.data = new Float64Array(seconds * 5);
    for (let i = 0; i < seconds; i++) this.data[i * 5] = -1;
  }

  /** Offset of second `sec`'s record, cleared when it last held an older second. */
  slot(sec: number): number {
    const d = this.data;
    const o = (sec % this.seconds) * 5;
    if (d[o] !== sec) {
      d[o] = sec;
      d[o + 1] = 0;
      d[o + 2] = 0;
      d[o + 3] = 0;
      d[o + 4] = 0;
    }
    return o;
  }

  /** Sums over the seconds (endSec - window, endSec]. */
  sum(window: number, endSec: number): { count: number; errors: number; latencySum: number; latencyCount: number } {
    let count = 0;
    let errors = 0;
    let latencySum = 0;
    let latencyCount = 0;
    const d = this.data;
    const w = Math.min(window, this.seconds);
    for (let k = 0; k < w; k++) {
      const s = endSec - k;
      if (s < 0) break;
      const o = (s % this.seconds) * 5;
      if (d[o] !== s) continue;
      count += d[o + 1]!;
      errors += d[o + 2]!;
      latencySum += d[o + 3]!;
      latencyCount += d[o + 4]!;
    }
    return { count, errors, latencySum, latencyCount };
  }

  get bytes(): number {
    return this.data.byteLength;
  }
}
