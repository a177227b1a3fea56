import { createWriteStream, type WriteStream } from 'node:fs';
import type { ConsoleBackground, ConsoleEntry, ConsoleKind } from '../../../src-preload/contract';

/** One line of a console log file: full UTC date, kind, background mark, the text. */
export function consoleFileLine(e: ConsoleEntry): string {
  return `${new Date(e.at).toISOString()}  ${e.kind.padEnd(7)} ${e.bg ? `[${e.bg}] ` : ''}${e.text}\n`;
}

/** A bounded ring of console lines for one modem, with a per-modem sequence number. */
export class ConsoleLog {
  readonly max: number;
  #entries: ConsoleEntry[] = [];
  #seq = 0;
  #pending: ConsoleEntry[] = [];
  #file: { path: string; stream: WriteStream } | null = null;

  constructor(max = 5000) {
    if (!Number.isInteger(max) || max < 1) throw new TypeError(`max must be a positive integer, got ${max}`);
    this.max = max;
  }

  add(kind: ConsoleKind, text: string, at = Date.now(), bg?: ConsoleBackground): ConsoleEntry {
    const e: ConsoleEntry = bg ? { seq: ++this.#seq, at, kind, text, bg } : { seq: ++this.#seq, at, kind, text };
    this.#entries.push(e);
    // Trim in batches so the ring costs O(1) amortised per line.
    if (this.#entries.length > this.max * 1.25) this.#entries = this.#entries.slice(-this.max);
    this.#pending.push(e);
    if (this.#pending.length > this.max) this.#pending = this.#pending.slice(-this.max);
    this.#file?.stream.write(consoleFileLine(e));
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

  /** The file every new line is appended to, or null. */
  get filePath(): string | null {
    return this.#file?.path ?? null;
  }

  /**
   * Appends every line from now on to `path` (created if missing, appended
   * otherwise), after the lines the ring holds when the file is new to us.
   */
  logTo(path: string): void {
    if (this.#file?.path === path) return;
    void this.stopFile();
    const stream = createWriteStream(path, { flags: 'a' });
    // A full disk or a removed directory must not take the app down: stop logging instead.
    stream.on('error', () => {
      if (this.#file?.stream === stream) this.#file = null;
    });
    this.#file = { path, stream };
    for (const e of this.after(0, this.max)) stream.write(consoleFileLine(e));
  }

  /** Stops appending; resolves when what was written is flushed. */
  stopFile(): Promise<void> {
    const f = this.#file;
    this.#file = null;
    if (!f) return Promise.resolve();
    return new Promise((resolve) => f.stream.end(resolve));
  }
}
