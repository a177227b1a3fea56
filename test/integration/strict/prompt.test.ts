import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { settle, strictSession } from './harness';

/** 27.005 §3.5.1 text-mode AT+CMGS on a strict modem: `\r\n> `, body echo, Ctrl-Z sends, ESC cancels. */
describe('the SMS text prompt on a strict modem', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('without a payload: ESC, then the OK after it belongs to AT+CMGS, not to the next command', async () => {
    const h = await strictSession();
    // Given at once, as the CLI does: each command goes out the moment the one before settles.
    const all = ['AT+CMGF=1', 'AT+CMGS="+31612345678"', 'AT+CGSN', 'AT+CSQ'].map((c) => settle(h.session.exec(c), 0));
    await vi.advanceTimersByTimeAsync(500);
    const rs = await Promise.all(all);
    expect(rs[1]).toMatchObject({ ok: true, value: { final: { kind: 'prompt' }, lines: [] } });
    expect(rs[2]).toMatchObject({ ok: true, value: { lines: ['861234567890123'], final: { raw: 'OK' } } });
    expect(rs[3]).toMatchObject({ ok: true, value: { lines: ['+CSQ: 23,99'], final: { raw: 'OK' } } });
    expect(h.modem.sms).toEqual([]);
    await h.close();
  });

  for (const echo of [true, false]) {
    it(`a two-line payload (echo ${echo ? 'on' : 'off'}): the second '> ' does not end the command; +CMGS is its answer`, async () => {
      const h = await strictSession({ current: { echo, cmgf: 1 }, delay: (l) => (l === 'AT+CMGS<SEND>' ? 3_000 : 1) });
      const r = await settle(h.session.exec('AT+CMGS="+31612345678"', { payload: 'Hello\nbench' }), 4_000);
      expect(r).toMatchObject({ ok: true, value: { lines: ['+CMGS: 1'], final: { kind: 'ok' }, damaged: false } });
      expect(h.modem.sms).toEqual([{ to: '+31612345678', body: 'Hello\nbench' }]);
      const next = await settle(h.session.exec('AT+CGSN'), 100);
      expect(next).toMatchObject({ ok: true, value: { lines: ['861234567890123'] } });
      await h.close();
    });
  }

  it('firmware that echoes the Ctrl-Z: the answer is clean, not damaged', async () => {
    const h = await strictSession({ current: { cmgf: 1 }, echoCtrlZ: true });
    const r = await settle(h.session.exec('AT+CMGS="+31612345678"', { payload: 'Hi' }), 100);
    expect(r).toMatchObject({ ok: true, value: { lines: ['+CMGS: 1'], final: { kind: 'ok' }, damaged: false } });
    await h.close();
  });

  it('the next command is not written before the modem has answered the send', async () => {
    const h = await strictSession({ current: { cmgf: 1 }, delay: (l) => (l === 'AT+CMGS<SEND>' ? 5_000 : 1) });
    const send = h.session.exec('AT+CMGS="+31612345678"', { payload: 'Hi' });
    const next = h.session.exec('AT+CSQ');
    await vi.advanceTimersByTimeAsync(4_000);
    expect(h.modem.received).not.toContain('AT+CSQ');
    await vi.advanceTimersByTimeAsync(1_100);
    await expect(send).resolves.toMatchObject({ lines: ['+CMGS: 1'] });
    await vi.advanceTimersByTimeAsync(100);
    await expect(next).resolves.toMatchObject({ lines: ['+CSQ: 23,99'] });
    await h.close();
  });
});
