/**
 * A bounded, timestamped record of what crossed one port. It keeps the raw
 * bytes (for the hex view) and is bounded both by entry count and by bytes,
 * so a chatty modem cannot grow memory without limit.
 *
 * Built for the hot path (every chunk of every port): the bytes go into one
 * preallocated byte ring and the metadata into typed arrays, so recording a
 * chunk allocates nothing; entry objects are only built when someone reads.
 */

export type TranscriptDirection =
  /** bytes we wrote */
  | 'tx'
  /** bytes the modem sent */
  | 'rx'
  /** a note of ours: opened, closed, disconnected, resync, late bytes discarded */
  | 'event';

export interface TranscriptEntry {
  /** Monotonic sequence number per port, never reused (lets a UI ask "everything after N"). */
  seq: number;
  /** ms since epoch. */
  at: number;
  dir: TranscriptDirection;
  data: Buffer;
  /** For events: a short machine-readable kind (`late`, `garbage`, `open`, `close`, `disconnect`, `resync`). */
  note?: string;
}

export interface TranscriptOptions {
  /** Entries kept at most. @default 2000 */
  maxEntries?: number;
  /** Bytes of payload kept at most (oldest entries are dropped first). @default 262144 */
  maxBytes?: number;
}

const DIRS: readonly TranscriptDirection[] = ['tx', 'rx', 'event'];

/** src[start, end) to target at targetStart. TypedArray#set is native; a view is only made for part of src. */
function copy(src: Uint8Array, target: Uint8Array, targetStart: number, start: number, end: number): void {
  target.set(start === 0 && end === src.length ? src : src.subarray(start, end), targetStart);
}

export class TranscriptRing {
  readonly maxEntries: number;
  readonly maxBytes: number;
  #bytes: Buffer;
  readonly #at: Float64Array;
  readonly #start: Float64Array; // absolute byte position of the entry's first byte
  readonly #len: Uint32Array;
  readonly #dir: Uint8Array;
  readonly #notes = new Map<number, string>();
  #head = 0; // slot of the oldest entry
  #size = 0;
  #firstSeq = 1; // seq of the oldest entry
  #written = 0; // absolute byte position where the next byte goes
  #kept = 0; // bytes held by the entries kept

  constructor(options: TranscriptOptions = {}) {
    const { maxEntries = 2000, maxBytes = 256 * 1024 } = options;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new TypeError(`maxEntries must be a positive integer, got ${maxEntries}`);
    if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new TypeError(`maxBytes must be a positive integer, got ${maxBytes}`);
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
    // Start small and grow to maxBytes: most ports never fill their ring.
    this.#bytes = Buffer.allocUnsafe(Math.min(maxBytes, 4096));
    this.#at = new Float64Array(maxEntries);
    this.#start = new Float64Array(maxEntries);
    this.#len = new Uint32Array(maxEntries);
    this.#dir = new Uint8Array(maxEntries);
  }

  /**
   * Records a copy of `data` (callers may reuse their buffers); returns its seq.
   * `at`: a clock reading the caller already took for this chunk (one clock read
   * per chunk, shared with whoever else stamps it).
   */
  add(dir: TranscriptDirection, data: Uint8Array | string, note?: string, at: number = Date.now()): number {
    let src = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    let n = src.length;
    // A chunk larger than the whole ring keeps its tail.
    if (n > this.maxBytes) {
      src = src.subarray(n - this.maxBytes);
      n = src.length;
    }
    if (this.#size === this.maxEntries) this.#dropOldest();
    while (this.#size > 0 && this.#kept + n > this.maxBytes) this.#dropOldest();
    let slot = this.#head + this.#size;
    if (slot >= this.maxEntries) slot -= this.maxEntries;
    const seq = this.#firstSeq + this.#size;
    this.#at[slot] = at;
    this.#start[slot] = this.#written;
    this.#len[slot] = n;
    this.#dir[slot] = dir === 'rx' ? 1 : dir === 'tx' ? 0 : 2;
    this.#copyIn(src, n);
    this.#size++;
    this.#kept += n;
    if (note !== undefined) this.#notes.set(seq, note);
    return seq;
  }

  #copyIn(src: Uint8Array, n: number): void {
    if (this.#kept + n > this.#bytes.length) this.#grow(this.#kept + n);
    const ring = this.#bytes;
    const cap = ring.length;
    const pos = this.#written % cap;
    this.#written += n;
    const first = Math.min(n, cap - pos);
    copy(src, ring, pos, 0, first);
    if (first < n) copy(src, ring, 0, first, n);
  }

  /** A larger ring; the kept bytes move to their places in it (positions are absolute). */
  #grow(need: number): void {
    let cap = this.#bytes.length;
    while (cap < need) cap *= 2;
    cap = Math.min(cap, this.maxBytes);
    const next = Buffer.allocUnsafe(cap);
    const old = this.#bytes;
    // Move the kept bytes in runs: each run ends where the old or the new ring wraps.
    for (let abs = this.#written - this.#kept; abs < this.#written; ) {
      const from = abs % old.length;
      const to = abs % cap;
      const n = Math.min(this.#written - abs, old.length - from, cap - to);
      copy(old, next, to, from, from + n);
      abs += n;
    }
    this.#bytes = next;
  }

  #dropOldest(): void {
    this.#kept -= this.#len[this.#head]!;
    // Notes are rare (events only); a lookup per dropped entry is not.
    if (this.#notes.size > 0) this.#notes.delete(this.#firstSeq);
    this.#head = (this.#head + 1) % this.maxEntries;
    this.#size--;
    this.#firstSeq++;
  }

  #entry(i: number): TranscriptEntry {
    const slot = (this.#head + i) % this.maxEntries;
    const seq = this.#firstSeq + i;
    const len = this.#len[slot]!;
    const cap = this.#bytes.length;
    const pos = this.#start[slot]! % cap;
    const data = Buffer.allocUnsafe(len);
    const first = Math.min(len, cap - pos);
    this.#bytes.copy(data, 0, pos, pos + first);
    if (first < len) this.#bytes.copy(data, first, 0, len - first);
    const e: TranscriptEntry = { seq, at: this.#at[slot]!, dir: DIRS[this.#dir[slot]!]!, data };
    const note = this.#notes.get(seq);
    if (note !== undefined) e.note = note;
    return e;
  }

  /** Entries in order, optionally only those with `seq > afterSeq`. */
  entries(afterSeq = 0): TranscriptEntry[] {
    const out: TranscriptEntry[] = [];
    for (let i = Math.max(0, afterSeq - this.#firstSeq + 1); i < this.#size; i++) out.push(this.#entry(i));
    return out;
  }

  get size(): number {
    return this.#size;
  }

  get bytes(): number {
    return this.#kept;
  }

  get lastSeq(): number {
    return this.#firstSeq + this.#size - 1;
  }

  clear(): void {
    this.#firstSeq += this.#size;
    this.#head = 0;
    this.#size = 0;
    this.#kept = 0;
    this.#notes.clear();
  }
}
