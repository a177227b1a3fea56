/**
 * Fixed-size storage for the collector: a ring of time series points and a
 * ring of one-second buckets. Both are typed arrays allocated once.
 */

/** A chart series: `[t, value]` with `t` in ms since epoch; null where there was nothing to measure. */
export type Point = [t: number, value: number | null];

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
  readonly #stamp: Float64Array;
  readonly count: Float64Array;
  readonly errors: Float64Array;
  readonly latencySum: Float64Array;
  readonly latencyCount: Float64Array;

  constructor(seconds: number) {
    this.seconds = seconds;
    this.#stamp = new Float64Array(seconds).fill(-1);
    this.count = new Float64Array(seconds);
    this.errors = new Float64Array(seconds);
    this.latencySum = new Float64Array(seconds);
    this.latencyCount = new Float64Array(seconds);
  }

  /** The slot of second `sec`, cleared when it last held an older second. */
  slot(sec: number): number {
    const i = sec % this.seconds;
    if (this.#stamp[i] !== sec) {
      this.#stamp[i] = sec;
      this.count[i] = 0;
      this.errors[i] = 0;
      this.latencySum[i] = 0;
      this.latencyCount[i] = 0;
    }
    return i;
  }

  /** Sums over the seconds (nowSec - window, nowSec]. */
  sum(window: number, nowSec: number): { count: number; errors: number; latencySum: number; latencyCount: number } {
    let count = 0;
    let errors = 0;
    let latencySum = 0;
    let latencyCount = 0;
    const w = Math.min(window, this.seconds);
    for (let k = 0; k < w; k++) {
      const s = nowSec - k;
      if (s < 0) break;
      const i = s % this.seconds;
      if (this.#stamp[i] !== s) continue;
      count += this.count[i]!;
      errors += this.errors[i]!;
      latencySum += this.latencySum[i]!;
      latencyCount += this.latencyCount[i]!;
    }
    return { count, errors, latencySum, latencyCount };
  }

  get bytes(): number {
    return this.#stamp.byteLength * 5;
  }
}
