import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isProtocolError, isTimeoutError } from '../../../src-main/core/errors';
import { settle, strictSession } from './harness';

/** Tagged commands (AT+STAG=x answers +STAG: x) show a reply given to the wrong command. */
const lateFor = (tag: string, ms: number) => (line: string) => (line === `AT+STAG=${tag.toUpperCase()}` ? ms : 1);

describe('resync on a strict V.250 modem', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('works with echo off (ATE0 left by another program): resync answers, commands answer', async () => {
    const h = await strictSession({ current: { echo: false } });
    const r = await settle(h.session.resync(), 100);
    expect(r.ok).toBe(true);
    const csq = await settle(h.session.exec('AT+CSQ'), 100);
    expect(csq).toMatchObject({ ok: true, value: { echo: null, lines: ['+CSQ: 23,99'], final: { kind: 'ok' } } });
    await h.close();
  });

  it('works with echo off, numeric result codes and +CMEE 0 all at once', async () => {
    const h = await strictSession({ current: { echo: false, verbose: false, cmee: 0 } });
    expect((await settle(h.session.resync(), 100)).ok).toBe(true);
    const r = await settle(h.session.exec('AT+CGSN'), 100);
    expect(r).toMatchObject({ ok: true, value: { lines: ['861234567890123'], final: { kind: 'ok', raw: '0' } } });
    await h.close();
  });

  for (const echo of [true, false]) {
    for (const lateBy of [1_500, 2_500, 9_000, 25_000]) {
      it(`a reply ${lateBy} ms after the timeout (echo ${echo ? 'on' : 'off'}) never answers the next command, and the next command succeeds`, async () => {
        const h = await strictSession({ current: { echo }, delay: lateFor('first', 1_000 + lateBy) });
        const first = await settle(h.session.exec('AT+STAG=first', { timeoutMs: 1_000 }), 1_000);
        expect(first.ok === false && isTimeoutError(first.error)).toBe(true);
        const second = await settle(h.session.exec('AT+STAG=second', { timeoutMs: 1_000 }), lateBy + 40_000);
        expect(second).toMatchObject({ ok: true, value: { lines: ['+STAG: second'], final: { kind: 'ok' } } });
        const third = await settle(h.session.exec('AT+STAG=third', { timeoutMs: 1_000 }), 100);
        expect(third).toMatchObject({ ok: true, value: { lines: ['+STAG: third'] } });
        await h.close();
      });
    }
  }

  it('a timed-out sentinel whose answer comes later is not taken for the next sentinel\'s', async () => {
    // Every command takes 3 s: the first sentinel times out (2 s window), its answer arrives during the next.
    const h = await strictSession({ current: { echo: false }, delay: (l) => (l.startsWith('AT+STAG') ? 3_000 : 3_000) });
    const first = await settle(h.session.exec('AT+STAG=a', { timeoutMs: 500 }), 500);
    expect(first.ok).toBe(false);
    const next = await settle(h.session.exec('AT+STAG=b', { timeoutMs: 5_000 }), 60_000);
    expect(next).toMatchObject({ ok: true, value: { lines: ['+STAG: b'] } });
    await h.close();
  });

  it('gives up with a typed error that says what is wrong when the modem never answers, and does not loop', async () => {
    const h = await strictSession({ current: { echo: false }, bootMs: 1e9 });
    h.modem.reset(); // booting for ever: reads nothing, says nothing
    const r = await settle(h.session.resync(), 120_000);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(isProtocolError(r.error)).toBe(true);
    expect(String((r.error as Error).message)).toMatch(/no answer/i);
    expect(String((r.error as Error).message)).toMatch(/nothing at all|silent|no bytes/i);
    const sentinels = h.modem.received.split('\r').filter(Boolean);
    expect(sentinels.length).toBeGreaterThan(0);
    expect(sentinels.length).toBeLessThanOrEqual(6);
    expect(sentinels.every((s) => /^AT(S[34]\?){4}$/.test(s))).toBe(true);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(h.modem.received.split('\r').filter(Boolean)).toHaveLength(sentinels.length); // nothing more was sent
    await h.close();
  });

  it('says echo is off when the modem talks but never answers the sentinel', async () => {
    const h = await strictSession({ current: { echo: false }, bootMs: 1e9 });
    h.modem.reset(); // reads nothing from now on...
    const chatter = setInterval(() => h.modem.urc('Call Ready'), 500); // ...but keeps talking
    const r = await settle(h.session.resync(), 120_000);
    clearInterval(chatter);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(isProtocolError(r.error)).toBe(true);
    expect(String((r.error as Error).message)).toMatch(/echo off and no answer to ATS/);
    await h.close();
  });

  it('turns result codes back on (ATQ0) when the sentinel is answered without one (ATQ1), then works', async () => {
    const h = await strictSession({ current: { echo: false, quiet: true } });
    const r = await settle(h.session.resync(), 20_000);
    expect(r.ok).toBe(true);
    expect(h.modem.settings.quiet).toBe(false);
    expect(await settle(h.session.exec('AT+CSQ'), 100)).toMatchObject({ ok: true, value: { lines: ['+CSQ: 23,99'], final: { kind: 'ok' } } });
    await h.close();
  });

  for (const echo of [true, false]) {
    it(`a modem that refuses S-parameter reads (echo ${echo ? 'on' : 'off'}) is still brought in step, late reply and all`, async () => {
      const h = await strictSession({ current: { echo }, noSRegisters: true, delay: lateFor('first', 4_000) });
      const first = await settle(h.session.exec('AT+STAG=first', { timeoutMs: 1_000 }), 1_000);
      expect(first.ok).toBe(false);
      const second = await settle(h.session.exec('AT+STAG=second', { timeoutMs: 1_000 }), 30_000);
      expect(second).toMatchObject({ ok: true, value: { lines: ['+STAG: second'] } });
      const third = await settle(h.session.exec('AT+STAG=third', { timeoutMs: 1_000 }), 100);
      expect(third).toMatchObject({ ok: true, value: { lines: ['+STAG: third'] } });
      await h.close();
    });
  }

  it('a setup command that always answers late never leaves its answer for the next command', async () => {
    const h = await strictSession({ delay: (l) => (l === 'AT+CMEE=2' ? 3_000 : 1) }, { timeouts: { short: 500 } });
    const setup = await settle(h.session.setup(['ATV1', 'AT+CMEE=2']), 120_000);
    expect(setup.ok).toBe(true);
    const r = await settle(h.session.exec('AT+CSQ'), 100);
    expect(r).toMatchObject({ ok: true, value: { lines: ['+CSQ: 23,99'], final: { kind: 'ok' } } });
    await h.close();
  });
});
