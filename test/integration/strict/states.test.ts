import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UrcEvent } from '../../../src-main/core/at/types';
import { ModemResetError } from '../../../src-main/core/errors';
import { retryClassOf } from '../../../src-main/core/recovery/policy';
import { codeOf, settle, strictSession } from './harness';

describe('the engine in any state a strict V.250 modem can be in', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  describe('numeric result codes (ATV0) the session was never told about', () => {
    it('reads `0\\r` as OK and `4\\r` as ERROR with no init and no resync', async () => {
      const h = await strictSession({ current: { verbose: false } });
      const ok = await settle(h.session.exec('AT+CSQ'), 100);
      expect(ok).toMatchObject({ ok: true, value: { lines: ['+CSQ: 23,99'], final: { kind: 'ok', raw: '0' } } });
      const bad = await settle(h.session.exec('AT+NOPE'), 100);
      expect(bad).toMatchObject({ ok: true, value: { lines: [], final: { kind: 'error', raw: '4' } } });
      expect(h.session.modemSettings.resultMode).toBe('numeric');
      await h.close();
    });

    it('works with ATV0 and ATE0 together, and an S-register read is information, not a final', async () => {
      const h = await strictSession({ current: { verbose: false, echo: false } });
      const r = await settle(h.session.exec('ATS3?'), 100);
      expect(r).toMatchObject({ ok: true, value: { echo: null, lines: ['013'], final: { kind: 'ok', raw: '0' } } });
      const i = await settle(h.session.exec('ATI'), 100);
      expect(i).toMatchObject({ ok: true, value: { lines: ['Quectel', 'EC25', 'Revision: EC25EFAR06A06M4G'], final: { raw: '0' } } });
      await h.close();
    });

    it('follows ATV0 sent by the user, then ATV1, on a modem that started verbose', async () => {
      const h = await strictSession();
      expect(await settle(h.session.exec('ATV0'), 100)).toMatchObject({ ok: true, value: { final: { kind: 'ok', raw: '0' } } });
      expect(await settle(h.session.exec('AT+CGSN'), 100)).toMatchObject({ ok: true, value: { lines: ['861234567890123'], final: { raw: '0' } } });
      expect(await settle(h.session.exec('ATV1'), 100)).toMatchObject({ ok: true, value: { final: { raw: 'OK' } } });
      await h.close();
    });
  });

  describe('+CMEE 0/1/2 and ATZ/AT&F', () => {
    it('reads every +CMEE error shape as an error final and learns the setting from it', async () => {
      const h = await strictSession({ current: { cmee: 0 } });
      expect(await settle(h.session.exec('AT+CMEE=9'), 50)).toMatchObject({ ok: true, value: { final: { kind: 'error', raw: 'ERROR' } } });
      await settle(h.session.exec('AT+CMEE=1'), 50);
      expect(h.session.modemSettings.cmee).toBe(1);
      expect(await settle(h.session.exec('AT+CMEE=9'), 50)).toMatchObject({ ok: true, value: { final: { kind: 'cme-error', code: 50 } } });
      h.modem.settings.cmee = 2; // changed behind the session's back (another program)
      const r = await settle(h.session.exec('AT+CMEE=9'), 50);
      expect(r).toMatchObject({ ok: true, value: { final: { kind: 'cme-error', code: 50, text: 'Incorrect parameters' } } });
      expect(h.session.modemSettings.cmee).toBe(2);
      await h.close();
    });

    it('ATZ back to a saved E0 V0 profile: its own answer is `0\\r` and the commands after it still answer', async () => {
      const h = await strictSession({ profile: { echo: false, verbose: false } , current: { echo: true, verbose: true } });
      expect(await settle(h.session.exec('ATZ'), 50)).toMatchObject({ ok: true, value: { echo: 'ATZ', final: { kind: 'ok', raw: '0' } } });
      expect(await settle(h.session.exec('AT+CSQ'), 50)).toMatchObject({ ok: true, value: { echo: null, lines: ['+CSQ: 23,99'], final: { raw: '0' } } });
      expect(await settle(h.session.exec('AT&F'), 50)).toMatchObject({ ok: true, value: { echo: null, final: { raw: 'OK' } } });
      expect(await settle(h.session.exec('AT+CGSN'), 50)).toMatchObject({ ok: true, value: { echo: 'AT+CGSN', lines: ['861234567890123'], final: { raw: 'OK' } } });
      await h.close();
    });
  });

  describe('a reset mid-command', () => {
    it('ends AT+COPS? at once with a typed modem-reset error, and sends the setup again before the next command', async () => {
      const h = await strictSession({ profile: { echo: false, verbose: false, cmee: 0 }, delay: (l) => (l === 'AT+COPS?' ? 180_000 : 1), bootMs: 500 });
      expect((await settle(h.session.setup(['ATV1', 'AT+CMEE=2']), 100)).ok).toBe(true);
      expect(h.modem.settings).toMatchObject({ verbose: true, cmee: 2 });
      const urcs: UrcEvent[] = [];
      h.session.onUrc((u) => urcs.push(u));
      const cops = h.session.exec('AT+COPS?');
      const outcome = settle(cops, 0);
      await vi.advanceTimersByTimeAsync(5_000);
      h.modem.reset(); // back to the saved profile: E0 V0 +CMEE 0
      await vi.advanceTimersByTimeAsync(600); // RDY after 500 ms
      const r = await outcome;
      expect(r.ok).toBe(false);
      if (!r.ok) expect(codeOf(r.error)).toBe('modem-reset');
      expect(urcs.map((u) => u.line)).toEqual(['RDY', '+CFUN: 1', '+CPIN: READY', '+QUSIM: 1', '+QIND: SMS DONE', '+QIND: PB DONE']);
      const commandsBefore = h.modem.commands.length;
      const csq = await settle(h.session.exec('AT+CSQ'), 200);
      expect(csq).toMatchObject({ ok: true, value: { lines: ['+CSQ: 23,99'], final: { kind: 'ok', raw: 'OK' } } });
      const after = h.modem.commands.slice(commandsBefore);
      expect(after[0]).toMatch(/^AT(S[34]\?){4}$/); // the settings are found out again...
      expect(after.slice(1)).toEqual(['ATV1', 'AT+CMEE=2', 'AT+CSQ']); // ...and the setup applied again
      expect(h.modem.settings).toMatchObject({ verbose: true, cmee: 2 });
      await h.close();
    });

    it('without setup commands (--no-init): after a reset to an E0 V0 profile the next commands still answer', async () => {
      const h = await strictSession({ profile: { echo: false, verbose: false }, delay: (l) => (l === 'AT+COPS?' ? 180_000 : 1), bootMs: 300 });
      const cops = settle(h.session.exec('AT+COPS?'), 0);
      await vi.advanceTimersByTimeAsync(1_000);
      h.modem.reset();
      await vi.advanceTimersByTimeAsync(400);
      const r = await cops;
      expect(r.ok === false && codeOf(r.error)).toBe('modem-reset');
      expect(await settle(h.session.exec('AT+CSQ'), 200)).toMatchObject({ ok: true, value: { echo: null, lines: ['+CSQ: 23,99'], final: { raw: '0' } } });
      expect(h.session.modemSettings).toMatchObject({ echo: false, resultMode: 'numeric' });
      expect(h.modem.commands.filter((c) => !/^AT(S[34]\?){4}$/.test(c))).toEqual(['AT+COPS?', 'AT+CSQ']); // nothing else was sent
      await h.close();
    });

    it('the modem-reset error is retried as a device error by batch policies (the setup comes first)', () => {
      expect(retryClassOf(new ModemResetError('AT+COPS?', 'RDY'))).toBe('device');
    });

    it('an RDY between commands also has the setup sent again', async () => {
      const h = await strictSession({ bootMs: 100 });
      expect((await settle(h.session.setup(['AT+CMEE=2']), 100)).ok).toBe(true);
      h.modem.reset();
      await vi.advanceTimersByTimeAsync(200);
      expect(h.modem.settings.cmee).toBe(1);
      expect(await settle(h.session.exec('AT+CSQ'), 200)).toMatchObject({ ok: true });
      expect(h.modem.settings.cmee).toBe(2);
      await h.close();
    });
  });

  describe('URCs the registry does not know', () => {
    const storm = ['^MODE: 5,4', '$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47', '+QGPSURC: "xtradataexpire",0', '^BOOT: 1234,0,0,0,6'];

    it('before the echo: routed as URCs, and the echo is still found', async () => {
      const h = await strictSession({ beforeEcho: (l) => (l === 'AT+CSQ' ? storm : []) });
      const urcs: string[] = [];
      h.session.onUrc((u) => urcs.push(u.name));
      const r = await settle(h.session.exec('AT+CSQ'), 100);
      expect(r).toMatchObject({ ok: true, value: { echo: 'AT+CSQ', lines: ['+CSQ: 23,99'], final: { kind: 'ok' } } });
      expect(urcs).toEqual(['^MODE', '$GPGGA', '+QGPSURC', '^BOOT']);
      if (r.ok) expect(r.value.urcs.map((u) => u.line)).toEqual(storm);
      await h.close();
    });

    it('a stale result code ahead of the echo (echo known on) is not taken for the command\'s final', async () => {
      let stale = false;
      const h = await strictSession({ beforeEcho: () => (stale ? ['OK'] : []) });
      expect(await settle(h.session.exec('AT'), 50)).toMatchObject({ ok: true, value: { echo: 'AT' } }); // echo: on
      stale = true;
      const r = await settle(h.session.exec('AT+CSQ'), 100);
      expect(r).toMatchObject({ ok: true, value: { echo: 'AT+CSQ', lines: ['+CSQ: 23,99'], final: { raw: 'OK' } } });
      await h.close();
    });

    it('with echo off, inside the response: a foreign prefix is a URC, the command\'s own prefix is its answer', async () => {
      const h = await strictSession({ current: { echo: false }, beforeEcho: () => storm });
      const r = await settle(h.session.exec('AT+CREG?'), 100);
      expect(r).toMatchObject({ ok: true, value: { echo: null, lines: ['+CREG: 0,1'], final: { kind: 'ok' } } });
      const i = await settle(h.session.exec('ATI'), 100);
      expect(i).toMatchObject({ ok: true, value: { lines: ['Quectel', 'EC25', 'Revision: EC25EFAR06A06M4G'] } });
      await h.close();
    });

    it('between a response\'s lines and its final, in V0 and V1: URCs, the response keeps only its own lines', async () => {
      for (const verbose of [true, false]) {
        const h = await strictSession({ current: { verbose }, midReply: () => storm });
        const r = await settle(h.session.exec('AT+CSQ;+CREG?'), 100);
        expect(r).toMatchObject({ ok: true, value: { lines: ['+CSQ: 23,99', '+CREG: 0,1'], final: { kind: 'ok' } } });
        if (r.ok) expect(r.value.urcs.map((u) => u.name)).toEqual(['^MODE', '$GPGGA', '+QGPSURC', '^BOOT']);
        await h.close();
      }
    });

    it('between commands: routed as URCs, never the next command\'s answer', async () => {
      const h = await strictSession();
      const urcs: string[] = [];
      h.session.onUrc((u) => urcs.push(u.line));
      await settle(h.session.exec('AT'), 50);
      h.modem.urc(...storm);
      await vi.advanceTimersByTimeAsync(10); // they land while nothing is in flight
      const r = await settle(h.session.exec('AT+CGSN'), 50);
      expect(r).toMatchObject({ ok: true, value: { lines: ['861234567890123'], urcs: [] } });
      expect(urcs).toEqual(storm);
      await h.close();
    });
  });

  describe('garbage inside a line', () => {
    it('marks the response damaged instead of answering a clean OK with the line gone', async () => {
      const h = await strictSession({ garble: (l) => (l === 'AT+CSQ' ? Uint8Array.from([0xff, 0x81, 0xfe]) : null) });
      const r = await settle(h.session.exec('AT+CSQ'), 100);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.value.damaged).toBe(true);
      expect(r.value.lines).toEqual([]);
      // The raw bytes are kept in the port's transcript.
      const rx = Buffer.concat(h.port.transcript.entries().filter((e) => e.dir === 'rx').map((e) => e.data));
      expect(rx.includes(Buffer.from([0xff, 0x81, 0xfe]))).toBe(true);
      const clean = await settle(h.session.exec('AT+CGSN'), 100);
      expect(clean).toMatchObject({ ok: true, value: { damaged: false, lines: ['861234567890123'] } });
      await h.close();
    });
  });
});
