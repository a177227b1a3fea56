import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AtFramer, BARE, BARE_AT_END } from '../../../src-main/core/at/framer';
import type { FrameSink } from '../../../src-main/core/at/types';

/**
 * The framer takes runs of plain text whole (issue 16: the per-chunk path). This
 * is the byte-at-a-time framer it replaced, kept as the reference: for any bytes,
 * cut anywhere, with any line limit, both must report the same events in the same
 * order, the `bare` flag of lone digits included.
 */
class ByteAtATimeFramer {
  readonly #sink: FrameSink;
  readonly #max: number;
  readonly #buf: Uint8Array;
  #len = 0;
  #binary = false;
  #discarding = false;

  constructor(sink: FrameSink, max: number) {
    this.#sink = sink;
    this.#max = max;
    this.#buf = new Uint8Array(max);
  }

  push(chunk: Uint8Array): void {
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (this.#discarding) {
        const start = i;
        while (i < n && chunk[i] !== 0x0d && chunk[i] !== 0x0a) i++;
        if (i > start) this.#sink.garbage(chunk.slice(start, i), 'overflow');
        if (i < n) this.#discarding = false;
        continue;
      }
      const c = chunk[i]!;
      if (c === 0x0d || c === 0x0a) {
        this.#endLine(c === 0x0d && this.#len === 1 ? (i + 1 === n ? BARE_AT_END : chunk[i + 1] !== 0x0a ? BARE : 0) : 0);
        i++;
        continue;
      }
      if (c === 0x00) {
        const start = i;
        while (i < n && chunk[i] === 0x00) i++;
        this.#sink.garbage(chunk.slice(start, i), 'nul');
        continue;
      }
      if (this.#len === this.#max) {
        this.#sink.garbage(this.#buf.slice(0, this.#len), 'overflow');
        this.#len = 0;
        this.#binary = false;
        this.#discarding = true;
        continue;
      }
      if (c === 0x20 && this.#len === 1 && this.#buf[0] === 0x3e) {
        this.#len = 0;
        this.#sink.prompt();
        i++;
        continue;
      }
      if ((c < 0x20 && c !== 0x09) || c > 0x7e) {
        if (c === 0x1a) {
          this.#sink.garbage(chunk.slice(i, i + 1), 'control');
          i++;
          continue;
        }
        this.#binary = true;
      }
      this.#buf[this.#len++] = c;
      i++;
    }
  }

  #endLine(bareCr: number): void {
    const len = this.#len;
    if (len === 0) return;
    this.#len = 0;
    if (this.#binary) {
      this.#binary = false;
      this.#sink.garbage(this.#buf.slice(0, len), 'binary');
      return;
    }
    if (bareCr !== 0) {
      const d = this.#buf[0]!;
      if (d >= 0x30 && d <= 0x39) {
        this.#sink.line(String.fromCharCode(d), bareCr);
        return;
      }
    }
    this.#sink.line(Buffer.from(this.#buf.subarray(0, len)).toString('latin1'));
  }
}

type Event = ['line', string, number] | ['prompt'] | ['garbage', string, number[]];

function recorder(): { sink: FrameSink; events: Event[] } {
  const events: Event[] = [];
  return {
    events,
    sink: {
      line: (text, bare) => events.push(['line', text, bare ?? 0]),
      prompt: () => events.push(['prompt']),
      garbage: (bytes, reason) => events.push(['garbage', reason, Array.from(bytes)]),
    },
  };
}

/** Bytes that matter to the framer, often: line ends, digits, the prompt, NUL, Ctrl-Z, TAB, binary. */
const byte = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
  { weight: 2, arbitrary: fc.constantFrom(0x0d, 0x0a) },
  { weight: 1, arbitrary: fc.constantFrom(0x30, 0x34, 0x3e, 0x20, 0x00, 0x1a, 0x09, 0x80, 0xff, 0x01) },
);

/** Text shaped like modem output: lines, CRLF, lone-digit finals, prompts. */
const modemish = fc
  .array(fc.constantFrom('AT+CSQ\r', '\r\n+CSQ: 23,99\r\n', '\r\nOK\r\n', '0\r', '4\r', '> ', '\r\n> ', 'ATI\r\r\nQuectel\r\n', '\x00\x00', '\x1a', 'x\x80y\r\n', '\t \r'), { maxLength: 20 })
  .map((parts) => Uint8Array.from(Buffer.from(parts.join(''), 'latin1')));

function cut(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of at) {
    out.push(bytes.subarray(prev, c));
    prev = c;
  }
  out.push(bytes.subarray(prev));
  return out;
}

function both(chunks: Uint8Array[], max: number, asBuffer: boolean, echo: string | null = null): { got: Event[]; want: Event[] } {
  const a = recorder();
  const b = recorder();
  const framer = new AtFramer(a.sink, { maxLineLength: max });
  // The expected echo only spares a string: the text must be the same with or without it.
  framer.expectEcho(echo);
  const ref = new ByteAtATimeFramer(b.sink, max);
  for (const c of chunks) {
    framer.push(asBuffer ? Buffer.from(c) : c);
    ref.push(c);
  }
  return { got: a.events, want: b.events };
}

describe('AtFramer matches the byte-at-a-time framer', () => {
  it('on random bytes, cut anywhere, with any line limit, given Uint8Arrays or Buffers', () => {
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 300 }), fc.array(fc.nat(), { maxLength: 12 }), fc.integer({ min: 2, max: 40 }), fc.boolean(), (bytes, cuts, max, asBuffer) => {
        const { got, want } = both(cut(Uint8Array.from(bytes), cuts), max, asBuffer);
        expect(got).toEqual(want);
      }),
      { numRuns: 3000 },
    );
  });

  it('on modem-like output, cut anywhere', () => {
    fc.assert(
      fc.property(modemish, fc.array(fc.nat(), { maxLength: 12 }), fc.constantFrom(2, 6, 4096), fc.constantFrom(null, 'AT+CSQ', 'ATI', 'AT+CSR', 'OK'), (bytes, cuts, max, echo) => {
        const { got, want } = both(cut(bytes, cuts), max, true, echo);
        expect(got).toEqual(want);
      }),
      { numRuns: 2000 },
    );
  });

  it('takes a whole line of exactly the limit, and reports one byte more as overflow', () => {
    const line = Buffer.from('+CSQ: 23,99\r\n', 'latin1');
    expect(both([line], 11, true)).toMatchObject({ got: [['line', '+CSQ: 23,99', 0]] });
    const { got, want } = both([line], 10, true);
    expect(got).toEqual(want);
    expect(got[0]).toEqual(['garbage', 'overflow', Array.from(Buffer.from('+CSQ: 23,9'))]);
  });
});
