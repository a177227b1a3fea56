import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { randomChunks } from '../../helpers/strict-modem';
import { settle, strictSession } from './harness';

/** Every state of the strict modem, its output cut into random reads of 1..5 bytes (seeded). */
describe('the engine on a strict modem whose bytes arrive in random pieces', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  for (const echo of [true, false]) {
    for (const verbose of [true, false]) {
      for (const seed of [1, 2, 3]) {
        it(`E${echo ? 1 : 0} V${verbose ? 1 : 0}, seed ${seed}: every command gets its own answer, a late one included`, async () => {
          const h = await strictSession(
            { current: { echo, verbose, cmgf: 1 }, delay: (l) => (l === 'AT+STAG=LATE' ? 4_000 : 1), midReply: (l) => (l === 'ATI' ? ['^MODE: 5,4'] : []) },
            {},
            { chunk: randomChunks(seed, 5) },
          );
          const ok = verbose ? 'OK' : '0';
          expect(await settle(h.session.exec('AT+CSQ'), 100)).toMatchObject({ ok: true, value: { lines: ['+CSQ: 23,99'], final: { raw: ok } } });
          expect(await settle(h.session.exec('ATS3?'), 100)).toMatchObject({ ok: true, value: { lines: ['013'], final: { raw: ok } } });
          expect(await settle(h.session.exec('AT+NOPE'), 100)).toMatchObject({ ok: true, value: { lines: [], final: { kind: 'error' } } });
          expect(await settle(h.session.exec('ATI'), 100)).toMatchObject({ ok: true, value: { lines: ['Quectel', 'EC25', 'Revision: EC25EFAR06A06M4G'] } });
          const late = await settle(h.session.exec('AT+STAG=late', { timeoutMs: 500 }), 500);
          expect(late.ok).toBe(false);
          expect(await settle(h.session.exec('AT+STAG=next'), 20_000)).toMatchObject({ ok: true, value: { lines: ['+STAG: next'], damaged: false } });
          const sms = await settle(h.session.exec('AT+CMGS="+31612345678"', { payload: 'a\nb' }), 100);
          expect(sms).toMatchObject({ ok: true, value: { lines: ['+CMGS: 1'] } });
          expect(await settle(h.session.exec('AT+CGSN'), 100)).toMatchObject({ ok: true, value: { lines: ['861234567890123'] } });
          await h.close();
        });
      }
    }
  }
});
