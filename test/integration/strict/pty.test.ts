import { describe, expect, it } from 'vitest';
import { AtSession } from '../../../src-main/core/at/session';
import { PortPool } from '../../../src-main/core/serial';
import { realBinding } from '../../../src-main/core/serial/real-binding';
import { StrictModem, strictModemOnPty } from '../../helpers/strict-modem';

/**
 * The strict modem on a real pseudo-terminal, the engine on serialport's real binding:
 * the kernel's tty layer in between, with its own chunking. Real time; nothing here
 * waits on a timer, each step waits for its answer.
 */
describe.runIf(process.platform !== 'win32')('the AT engine over a PTY against the strict modem', () => {
  it('an E0 V0 +CMEE 0 modem with vendor URCs before the echo: resync, setup, commands and an SMS all answer right', async () => {
    const modem = new StrictModem({
      current: { echo: false, verbose: false, cmee: 0 },
      beforeEcho: (l) => (l === 'AT+CSQ' ? ['^MODE: 5,4', '$GPGGA,1,2,3*47'] : []),
    });
    const pty = await strictModemOnPty(modem);
    const pool = new PortPool({ binding: realBinding() });
    try {
      const port = await pool.open(pty.path);
      const session = new AtSession(port);
      const urcs: string[] = [];
      session.onUrc((u) => urcs.push(u.name));
      await session.resync();
      expect(session.modemSettings).toMatchObject({ echo: false, resultMode: 'numeric' });
      const v0 = await session.exec('AT+CGSN');
      expect(v0).toMatchObject({ lines: ['861234567890123'], final: { kind: 'ok', raw: '0' } });
      await session.setup(['ATV1', 'AT+CMEE=2', 'AT+CMGF=1']);
      expect(modem.settings).toMatchObject({ verbose: true, cmee: 2, cmgf: 1 });
      const csq = await session.exec('AT+CSQ');
      expect(csq).toMatchObject({ echo: null, lines: ['+CSQ: 23,99'], final: { raw: 'OK' } });
      expect(urcs).toEqual(['^MODE', '$GPGGA']);
      const sms = await session.exec('AT+CMGS="+31612345678"', { payload: 'line one\nline two' });
      expect(sms).toMatchObject({ lines: ['+CMGS: 1'], final: { kind: 'ok' } });
      expect(modem.sms).toEqual([{ to: '+31612345678', body: 'line one\nline two' }]);
      const bad = await session.exec('AT+CMEE=7');
      expect(bad.final).toMatchObject({ kind: 'cme-error', text: 'Incorrect parameters' });
      session.dispose();
    } finally {
      await pool.close();
      await pty.dispose();
    }
  }, 20_000);

  it('echo off: a reply more than timeout + 2 s late never answers the next command, which gets its own answer', async () => {
    const modem = new StrictModem({ current: { echo: false }, delay: (l) => (l === 'AT+STAG=LATE' ? 2_800 : 1) });
    const pty = await strictModemOnPty(modem);
    const pool = new PortPool({ binding: realBinding() });
    try {
      const port = await pool.open(pty.path);
      const session = new AtSession(port);
      await expect(session.exec('AT+STAG=late', { timeoutMs: 300 })).rejects.toMatchObject({ code: 'timeout' });
      const next = await session.exec('AT+STAG=next', { timeoutMs: 1_000 });
      expect(next).toMatchObject({ echo: null, lines: ['+STAG: next'], final: { kind: 'ok' } });
      expect(await session.exec('AT+CSQ')).toMatchObject({ lines: ['+CSQ: 23,99'] });
      session.dispose();
    } finally {
      await pool.close();
      await pty.dispose();
    }
  }, 20_000);
});
