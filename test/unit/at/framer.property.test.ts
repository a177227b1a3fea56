import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AtFramer } from '../../../src-main/core/at/framer';
import { TRANSCRIPTS } from '../../fixtures/transcripts/ec25';
import { Recorder, frame, latin1 } from '../../helpers/framer-recorder';

/** Cuts `bytes` at the given (unsorted, possibly repeated) offsets. */
function chunk(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
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

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A garbage line: random bytes (no line end inside), then CRLF. */
const garbageLine = fc
  .uint8Array({ minLength: 1, maxLength: 40 })
  .map((a) => concat([a.map((x) => (x === 0x0d || x === 0x0a ? 0x00 : x)), Uint8Array.of(0x0d, 0x0a)]));

/** Recorded transcripts, in random order, with garbage lines between some of them. */
const stream = fc
  .array(fc.tuple(fc.nat(TRANSCRIPTS.length - 1), fc.option(garbageLine, { freq: 3 })), { minLength: 1, maxLength: 6 })
  .map((picks) => {
    const parts: Uint8Array[] = [];
    const lines: string[] = [];
    let prompts = 0;
    for (const [i, g] of picks) {
      const t = TRANSCRIPTS[i]!;
      // A CRLF first so a transcript never glues onto the previous one's unterminated prompt text.
      parts.push(latin1('\r\n' + t.bytes));
      lines.push(...t.lines);
      prompts += t.prompts;
      if (g !== null) parts.push(g);
    }
    return { bytes: concat(parts), lines, prompts };
  });

const cuts = fc.array(fc.nat(), { maxLength: 30 });

function countLineEnds(bytes: Uint8Array): number {
  let n = 0;
  for (const x of bytes) if (x === 0x0d || x === 0x0a) n++;
  return n;
}

describe('AtFramer properties', () => {
  it('emits the same events for every chunking of the same stream', () => {
    fc.assert(
      fc.property(stream, cuts, fc.integer({ min: 8, max: 200 }), (s, c, max) => {
        const whole = frame([s.bytes], { maxLineLength: max }).rec.normalized();
        const split = frame(chunk(s.bytes, c), { maxLineLength: max }).rec.normalized();
        expect(split).toEqual(whole);
      }),
      { numRuns: 400 },
    );
  });

  it('finds every recorded line and prompt among the garbage, whatever the chunking', () => {
    fc.assert(
      fc.property(stream, cuts, (s, c) => {
        const { rec } = frame(chunk(s.bytes, c));
        // Garbage lines may themselves frame as lines (printable bytes); the recorded ones must all be there, in order.
        const got = rec.lines;
        let k = 0;
        for (const l of got) if (l === s.lines[k]) k++;
        expect(k).toBe(s.lines.length);
        expect(rec.prompts).toBeGreaterThanOrEqual(s.prompts);
      }),
      { numRuns: 300 },
    );
  });

  it('never emits an empty line, nor one with CR, LF, NUL or non-printable bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), cuts, (bytes, c) => {
        const { rec } = frame(chunk(bytes, c), { maxLineLength: 64 });
        for (const l of rec.lines) {
          expect(l.length).toBeGreaterThan(0);
          expect(l).toMatch(/^[\t\x20-\x7e]+$/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('accounts for every byte: lines + line ends + prompts + garbage + pending = input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), cuts, fc.integer({ min: 2, max: 50 }), (bytes, c, max) => {
        const { rec, framer } = frame(chunk(bytes, c), { maxLineLength: max });
        let total = countLineEnds(bytes) + framer.pendingBytes;
        for (const e of rec.events) total += e.t === 'line' ? e.s.length : e.t === 'prompt' ? 2 : e.bytes.length;
        expect(total).toBe(bytes.length);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps pendingBytes within maxLineLength on random binary input', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }), fc.integer({ min: 2, max: 64 }), (chunks, max) => {
        const f = new AtFramer(new Recorder(), { maxLineLength: max });
        for (const ch of chunks) {
          f.push(ch);
          expect(f.pendingBytes).toBeLessThanOrEqual(max);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('detects the prompt exactly once for every chunking', () => {
    const sms = TRANSCRIPTS.find((t) => t.prompts === 1)!;
    const bytes = latin1(sms.bytes);
    fc.assert(
      fc.property(cuts, (c) => {
        const { rec } = frame(chunk(bytes, c));
        expect(rec.prompts).toBe(1);
        expect(rec.lines).toEqual(sms.lines);
      }),
      { numRuns: 300 },
    );
  });
});
