import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeMessage, packGsm7, unpackGsm7, QmuxFramer, type QmiMessage } from '../../../src-main/core/qmi/index';

const message: fc.Arbitrary<QmiMessage> = fc
  .record({
    serviceId: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 255 })),
    clientId: fc.integer({ min: 0, max: 255 }),
    type: fc.constantFrom('request' as const, 'response' as const, 'indication' as const),
    transactionId: fc.integer({ min: 0, max: 0xffff }),
    messageId: fc.integer({ min: 0, max: 0xffff }),
    tlvs: fc.array(fc.record({ type: fc.integer({ min: 0, max: 255 }), value: fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a)) }), { maxLength: 6 }),
  })
  .map((m) => ({ ...m, transactionId: m.serviceId === 0 ? m.transactionId & 0xff : m.transactionId, fromModem: m.type !== 'request' }));

/** Cuts a buffer at the given points (sorted, deduplicated). */
function cut(b: Buffer, points: number[]): Buffer[] {
  const at = [...new Set(points.map((p) => p % (b.length + 1)))].sort((x, y) => x - y);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of at) {
    out.push(b.subarray(prev, p));
    prev = p;
  }
  out.push(b.subarray(prev));
  return out;
}

describe('QMUX framing properties', () => {
  it('encode then frame gives the same messages, however the stream is cut', () => {
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 8 }), (msgs, points) => {
        const stream = Buffer.concat(msgs.map(encodeMessage));
        const f = new QmuxFramer();
        const got = cut(stream, points).flatMap((c) => f.push(c));
        expect(got.every((e) => e.kind === 'message')).toBe(true);
        expect(got.map((e) => (e.kind === 'message' ? e.message : null))).toEqual(msgs);
        expect(f.pending.length).toBe(0);
      }),
    );
  });

  it('arbitrary bytes never throw and every byte is accounted for (message, error or pending)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat(), { maxLength: 6 }), (bytes, points) => {
        const b = Buffer.from(bytes);
        const f = new QmuxFramer();
        const ev = cut(b, points).flatMap((c) => f.push(c));
        const used = ev.reduce((n, e) => n + e.raw.length, 0);
        expect(used + f.pending.length).toBe(b.length);
        expect(Buffer.concat([...ev.map((e) => e.raw), f.pending])).toEqual(b);
      }),
    );
  });

  it('a valid message after garbage is recovered once the garbage holds no marker', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 50 }).map((a) => Buffer.from(a.filter((x) => x !== 1))), message, (junk, m) => {
        const f = new QmuxFramer();
        const ev = f.push(Buffer.concat([junk, encodeMessage(m)]));
        expect(ev.filter((e) => e.kind === 'message').map((e) => (e.kind === 'message' ? e.message : null))).toEqual([m]);
      }),
    );
  });

  it('GSM-7 packing round-trips the default alphabet', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9 .\-+]{1,30}$/), (s) => {
        expect(unpackGsm7(packGsm7(s))).toBe(s);
      }),
    );
  });
});
