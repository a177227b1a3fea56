/**
 * QMUX framing over a byte stream: messages split across reads, several in
 * one read, junk before a marker, lengths that disagree, TLVs that overrun.
 * Never throws: every byte ends up in a message, an error, or `pending`.
 */
import { checkHeaders, decodeFrame, QMUX_MARKER, type QmiMessage } from './codec';
import { QmiFrameError } from './errors';

export type QmuxEvent = { kind: 'message'; message: QmiMessage; raw: Buffer } | { kind: 'error'; error: QmiFrameError; raw: Buffer };

export interface QmuxFramerOptions {
  /**
   * Longest frame waited for; a longer QMUX length is treated as a bad header (resync) rather
   * than stalling the stream on a corrupt length.
   * @default 16384
   */
  maxFrame?: number;
}

export class QmuxFramer {
  #buf: Buffer = Buffer.alloc(0);
  readonly #maxFrame: number;

  constructor(options: QmuxFramerOptions = {}) {
    const max = options.maxFrame ?? 16384;
    if (!Number.isInteger(max) || max < 16 || max > 0x10000) throw new TypeError(`maxFrame must be an integer 16..65536, got ${max}`);
    this.#maxFrame = max;
  }

  /** Bytes held back waiting for the rest of a frame. */
  get pending(): Buffer {
    return this.#buf;
  }

  push(chunk: Buffer): QmuxEvent[] {
    this.#buf = this.#buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.#buf, chunk]);
    const out: QmuxEvent[] = [];
    for (;;) {
      const b = this.#buf;
      if (b.length === 0) break;
      if (b[0] !== QMUX_MARKER) {
        const next = b.indexOf(QMUX_MARKER);
        const n = next < 0 ? b.length : next;
        const raw = b.subarray(0, n);
        out.push({ kind: 'error', error: new QmiFrameError('junk', `${n} byte(s) outside any frame`, raw), raw });
        this.#buf = b.subarray(n);
        continue;
      }
      const check = checkHeaders(b);
      if (check === null) break;
      if ('error' in check || check.frameLength > this.#maxFrame) {
        // A length mismatch whose QMUX length ends right before another marker (or the data) is one
        // whole bad frame: skip it. Otherwise skip to the next marker: the bytes cannot be trusted.
        const whole = 'error' in check && check.error.problem === 'length-mismatch' ? 1 + b.readUInt16LE(1) : 0;
        const next = b.indexOf(QMUX_MARKER, 1);
        const n = whole > 0 && whole <= b.length && (whole === b.length || b[whole] === QMUX_MARKER) ? whole : next < 0 ? b.length : next;
        const raw = b.subarray(0, n);
        const base =
          'error' in check ? check.error : new QmiFrameError('bad-header', `QMUX length ${check.frameLength - 1} exceeds the ${this.#maxFrame}-byte limit`, raw);
        const error = new QmiFrameError(base.problem, base.message.replace(/^QMI [a-z-]+: /, ''), raw, base.details);
        out.push({ kind: 'error', error, raw });
        this.#buf = b.subarray(n);
        continue;
      }
      if (b.length < check.frameLength) break;
      const raw = b.subarray(0, check.frameLength);
      this.#buf = b.subarray(check.frameLength);
      const decoded = decodeFrame(raw);
      if (decoded instanceof QmiFrameError) out.push({ kind: 'error', error: decoded, raw });
      else out.push({ kind: 'message', message: decoded, raw });
    }
    if (this.#buf.length === 0) this.#buf = Buffer.alloc(0);
    return out;
  }

  /** Forgets held bytes (a reopened port starts clean); returns them. */
  reset(): Buffer {
    const b = this.#buf;
    this.#buf = Buffer.alloc(0);
    return b;
  }
}
