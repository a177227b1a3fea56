import type { FrameSink } from './types';

export interface FramerOptions {
  /**
   * Longest line kept, in bytes, without its line end. A longer line is reported as
   * `overflow` garbage and skipped up to the next line end, so memory stays bounded
   * whatever the modem (or a wrong baud rate) sends.
   * @default 4096
   */
  maxLineLength?: number;
}

const CR = 0x0d;
const LF = 0x0a;
const NUL = 0x00;
const TAB = 0x09;
const GT = 0x3e;
const SPACE = 0x20;
const SUB = 0x1a;
const ZERO = 0x30;
/** A lone digit's CR with a non-LF byte after it: an ATV0 result code for sure. */
export const BARE = 1;
/** A lone digit's CR at the end of the chunk: the next byte is not known yet. */
export const BARE_AT_END = 2;
const NINE = 0x39;
const O = 0x4f;
const K = 0x4b;

/**
 * Bytes to lines for one AT port. A line ends at CR or LF, so the echo's lone CR
 * (`AT\r\r\nOK\r\n`) and ATV0's CR-only result codes (`0\r`) frame the same way as
 * `\r\n`-wrapped text; the empty lines this produces are dropped.
 *
 * A one-digit line ended by a CR that no LF follows is reported as `bare`
 * (BARE): that is how ATV0 ends a numeric result code (`0\r`), while text ends
 * with CRLF. When the CR is the chunk's last byte the next byte is not known
 * yet (BARE_AT_END); the session decides from what it knows of the modem, so a
 * numeric final is never held back waiting for bytes that may not come.
 *
 * Ctrl-Z is the host's own end of SMS text; some firmware echoes it. It is
 * taken out of the line and reported as `control`, so the line around it stays.
 *
 * It keeps one preallocated buffer and copies bytes into it: nothing is allocated
 * per byte, and a string only per emitted line. Runs of plain text are taken
 * whole, and a line that starts and ends inside one chunk is cut straight out of
 * it (the per-chunk path of every port, issue 16); test/unit/at/framer.reference
 * holds the byte-at-a-time framer this must match. Garbage reports copy the
 * dropped bytes because the caller may reuse its chunk buffer.
 */
export class AtFramer {
  readonly #sink: FrameSink;
  readonly #max: number;
  readonly #buf: Buffer;
  #len = 0;
  /** The current line holds a byte outside TAB and 0x20-0x7E: it goes out as garbage. */
  #binary = false;
  /** Dropping an overlong line up to its line end. */
  #discarding = false;
  /** The line the modem is expected to echo (the command in flight), or null. */
  #echo: string | null = null;

  constructor(sink: FrameSink, options: FramerOptions = {}) {
    if (typeof sink?.line !== 'function' || typeof sink.prompt !== 'function' || typeof sink.garbage !== 'function') {
      throw new TypeError('sink must have line(), prompt() and garbage() functions');
    }
    const max = options.maxLineLength ?? 4096;
    // At least 2 so that the prompt `> ` always fits.
    if (!Number.isInteger(max) || max < 2 || max > 16 * 1024 * 1024) {
      throw new TypeError(`maxLineLength must be an integer from 2 to 16777216, got ${String(options.maxLineLength)}`);
    }
    this.#sink = sink;
    this.#max = max;
    this.#buf = Buffer.allocUnsafe(max);
  }

  /** Bytes of the unfinished line held so far; never more than `maxLineLength`. */
  get pendingBytes(): number {
    return this.#len;
  }

  /**
   * The command line now in flight: an echo of it is reported as this very string.
   * Only an optimisation (the text is the same either way); null to drop it.
   */
  expectEcho(command: string | null): void {
    this.#echo = command;
  }

  /** Forget the unfinished line (after a reopen, or when resyncing). */
  reset(): void {
    this.#len = 0;
    this.#binary = false;
    this.#discarding = false;
  }

  push(chunk: Uint8Array): void {
    const n = chunk.length;
    const buf = this.#buf;
    const max = this.#max;
    // Lines are cut straight out of the chunk: a Buffer view of it (the port hands us Buffers).
    const src = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let i = 0;
    while (i < n) {
      if (this.#discarding) {
        const start = i;
        while (i < n && chunk[i] !== CR && chunk[i] !== LF) i++;
        if (i > start) this.#sink.garbage(copy(chunk, start, i), 'overflow');
        if (i < n) this.#discarding = false; // the line end itself is consumed below as an (empty) line end
        continue;
      }
      const c = chunk[i]!;
      // A run of plain text (TAB, 0x20-0x7E) that fits, taken whole rather than byte by byte.
      // Not a '>' that may start the prompt `> `: the byte-by-byte path below decides that.
      const len = this.#len;
      if (len < max && (c === TAB || (c >= SPACE && c <= 0x7e)) && (len === 0 ? c !== GT : len !== 1 || buf[0] !== GT)) {
        const limit = Math.min(n, i + max - len);
        let j = i + 1;
        for (; j < limit; j++) {
          const d = chunk[j]!;
          if (d > 0x7e || (d < SPACE && d !== TAB)) break;
        }
        const end = j < n ? chunk[j] : -1;
        if (len === 0 && j - i > 1 && (end === CR || end === LF)) {
          // A whole line inside the chunk (never a lone digit: its CR needs the bare check).
          this.#sink.line(this.#text(src, i, j));
          i = j + 1;
          continue;
        }
        for (let k = i; k < j; k++) buf[this.#len++] = chunk[k]!;
        i = j;
        continue;
      }
      if (c === CR || c === LF) {
        // Only a lone digit can be a numeric result code: look ahead for its LF then.
        this.#endLine(c === CR && this.#len === 1 ? (i + 1 === n ? BARE_AT_END : chunk[i + 1] !== LF ? BARE : 0) : 0);
        i++;
        continue;
      }
      if (c === NUL) {
        // One report per run of NULs, not per byte.
        const start = i;
        while (i < n && chunk[i] === NUL) i++;
        this.#sink.garbage(copy(chunk, start, i), 'nul');
        continue;
      }
      if (this.#len === max) {
        this.#sink.garbage(copy(buf, 0, this.#len), 'overflow');
        this.#len = 0;
        this.#binary = false;
        this.#discarding = true;
        continue; // this byte is reported by the discard loop
      }
      if (c === SPACE && this.#len === 1 && buf[0] === GT) {
        this.#len = 0;
        this.#sink.prompt();
        i++;
        continue;
      }
      if ((c < SPACE && c !== TAB) || c > 0x7e) {
        if (c === SUB) {
          this.#sink.garbage(copy(chunk, i, i + 1), 'control');
          i++;
          continue;
        }
        this.#binary = true;
      }
      buf[this.#len++] = c;
      i++;
    }
  }

  #endLine(bareCr: number): void {
    const len = this.#len;
    if (len === 0) return;
    this.#len = 0;
    if (this.#binary) {
      this.#binary = false;
      this.#sink.garbage(copy(this.#buf, 0, len), 'binary');
      return;
    }
    if (bareCr !== 0) {
      const d = this.#buf[0]!;
      if (d >= ZERO && d <= NINE) {
        this.#sink.line(String.fromCharCode(d), bareCr);
        return;
      }
    }
    this.#sink.line(this.#text(this.#buf, 0, len));
  }

  /**
   * The line's text. `OK` and the expected echo come back as the strings already
   * held (no string made per command, and the session's lookups on them hit
   * cached hashes); anything else is cut from the bytes.
   */
  #text(b: Buffer, start: number, end: number): string {
    const len = end - start;
    if (len === 2 && b[start] === O && b[start + 1] === K) return 'OK';
    const echo = this.#echo;
    if (echo !== null && len === echo.length) {
      let k = 0;
      while (k < len && b[start + k] === echo.charCodeAt(k)) k++;
      if (k === len) return echo;
    }
    return latin1Slice(b, start, end);
  }
}

type Latin1Slice = (this: Buffer, start: number, end: number) => string;
/** Buffer's own latin1 slice, without toString's argument handling (undocumented, so looked up, with toString as the fallback). */
const nativeLatin1Slice = (Buffer.prototype as unknown as { latin1Slice?: Latin1Slice }).latin1Slice;
const latin1Slice: (b: Buffer, start: number, end: number) => string =
  typeof nativeLatin1Slice === 'function' ? (b, start, end) => nativeLatin1Slice.call(b, start, end) : (b, start, end) => b.toString('latin1', start, end);

/** A real copy: `Buffer#slice` would only be a view into memory that gets overwritten. */
function copy(src: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(end - start);
  out.set(src.subarray(start, end));
  return out;
}
