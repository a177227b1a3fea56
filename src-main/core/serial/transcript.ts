/**
 * A bounded, timestamped record of what crossed one port. It keeps the raw
 * bytes (for the hex view) and is bounded both by entry count and by bytes,
 * so a chatty modem cannot grow memory without limit.
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

export class TranscriptRing {
  readonly maxEntries: number;
  readonly maxBytes: number;
  #entries: (TranscriptEntry | undefined)[];
  #head = 0; // index of the oldest entry
  #size = 0;
  #bytes = 0;
  #seq = 0;

  constructor(options: TranscriptOptions = {}) {
    const { maxEntries = 2000, maxBytes = 256 * 1024 } = options;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new TypeError(`maxEntries must be a positive integer, got ${maxEntries}`);
    if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new TypeError(`maxBytes must be a positive integer, got ${maxBytes}`);
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
    this.#entries = new Array<TranscriptEntry | undefined>(maxEntries);
  }

  /** Records a copy of `data` (callers may reuse their buffers). */
  add(dir: TranscriptDirection, data: Uint8Array | string, note?: string): TranscriptEntry {
    const buf = typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data);
    const entry: TranscriptEntry = { seq: ++this.#seq, at: Date.now(), dir, data: buf };
    if (note !== undefined) entry.note = note;
    if (this.#size === this.maxEntries) this.#dropOldest();
    this.#entries[(this.#head + this.#size) % this.maxEntries] = entry;
    this.#size++;
    this.#bytes += buf.length;
    while (this.#bytes > this.maxBytes && this.#size > 1) this.#dropOldest();
    return entry;
  }

  #dropOldest(): void {
    const e = this.#entries[this.#head];
    if (e) this.#bytes -= e.data.length;
    this.#entries[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.maxEntries;
    this.#size--;
  }

  /** Entries in order, optionally only those with `seq > afterSeq`. */
  entries(afterSeq = 0): TranscriptEntry[] {
    const out: TranscriptEntry[] = [];
    for (let i = 0; i < this.#size; i++) {
      const e = this.#entries[(this.#head + i) % this.maxEntries];
      if (e && e.seq > afterSeq) out.push(e);
    }
    return out;
  }

  get size(): number {
    return this.#size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get lastSeq(): number {
    return this.#seq;
  }

  clear(): void {
    this.#entries.fill(undefined);
    this.#head = 0;
    this.#size = 0;
    this.#bytes = 0;
  }
}
