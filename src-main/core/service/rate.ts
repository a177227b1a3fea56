/** Counts events in one-second buckets over a sliding window (commands/s, errors in the last minute). */
export class RateWindow {
  readonly seconds: number;
  #buckets: Float64Array;
  #stamps: Float64Array;

  constructor(seconds = 60) {
    if (!Number.isInteger(seconds) || seconds < 1) throw new TypeError(`seconds must be a positive integer, got ${seconds}`);
    this.seconds = seconds;
    this.#buckets = new Float64Array(seconds);
    this.#stamps = new Float64Array(seconds).fill(-1);
  }

  add(n = 1, now = Date.now()): void {
    const sec = Math.floor(now / 1000);
    const i = sec % this.seconds;
    if (this.#stamps[i] !== sec) {
      this.#stamps[i] = sec;
      this.#buckets[i] = 0;
    }
    this.#buckets[i]! += n;
  }

  /** Events within the last `window` whole seconds before the current one, plus the current one. */
  sum(window = this.seconds, now = Date.now()): number {
    const sec = Math.floor(now / 1000);
    let total = 0;
    for (let k = 0; k < Math.min(window, this.seconds); k++) {
      const s = sec - k;
      const i = ((s % this.seconds) + this.seconds) % this.seconds;
      if (this.#stamps[i] === s) total += this.#buckets[i]!;
    }
    return total;
  }
}
