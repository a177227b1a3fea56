import type { ConsoleEntry, ConsoleKind } from '../../../src-preload/contract';

/** A bounded ring of console lines for one modem, with a per-modem sequence number. */
export class ConsoleLog {
  readonly max: number;
  #entries: ConsoleEntry[] = [];
  #seq = 0;
  #pending: ConsoleEntry[] = [];

  constructor(max = 5000) {
    if (!Number.isInteger(max) || max < 1) throw new TypeError(`max must be a positive integer, got ${max}`);
    this.max = max;
  }

  add(kind: ConsoleKind, text: string, at = Date.now()): ConsoleEntry {
    const e: ConsoleEntry = { seq: ++this.#seq, at, kind, text };
    this.#entries.push(e);
    // Trim in batches so the ring costs O(1) amortised per line.
    if (this.#entries.length > this.max * 1.25) this.#entries = this.#entries.slice(-this.max);
    this.#pending.push(e);
    if (this.#pending.length > this.max) this.#pending = this.#pending.slice(-this.max);
    return e;
  }

  after(seq: number, limit: number): ConsoleEntry[] {
    const all = this.#entries.length > this.max ? this.#entries.slice(-this.max) : this.#entries;
    const out = seq > 0 ? all.filter((e) => e.seq > seq) : all;
    return out.length > limit ? out.slice(-limit) : out;
  }

  /** Lines added since the last call (for the coalesced event). */
  takePending(): ConsoleEntry[] {
    const p = this.#pending;
    this.#pending = [];
    return p;
  }

  get hasPending(): boolean {
    return this.#pending.length > 0;
  }
}
