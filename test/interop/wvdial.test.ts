/** wvdial (Debian package `wvdial`) against the simulator on a PTY: init strings, then ATD. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanTemp, run, startSim, tempDir, type SimProcess } from './harness';

let sim: SimProcess;
let conf: string;

beforeAll(async () => {
  sim = await startSim();
  conf = join(tempDir('wvdial'), 'wvdial.conf');
  // Init2 is the line wvdialconf writes; pppd is replaced by /bin/true: there is no PPP peer.
  writeFileSync(
    conf,
    [
      '[Dialer Defaults]',
      `Modem = ${sim.atPort}`,
      'Baud = 115200',
      'Init1 = ATZ',
      'Init2 = ATQ0 V1 E1 S0=0 &C1 &D2 +FCLASS=0',
      'Init3 = AT+CGDCONT=1,"IP","internet"',
      'Modem Type = Analog Modem',
      'Phone = *99#',
      'Username = user',
      'Password = pass',
      'Stupid Mode = 1',
      'Auto Reconnect = off',
      'PPPD Path = /bin/true',
      '',
    ].join('\n'),
  );
}, 40_000);

afterAll(async () => {
  await sim?.stop();
  cleanTemp();
});

describe('wvdial', () => {
  it('its init strings get OK and ATD*99# gets CONNECT', async () => {
    const r = await run('wvdial', ['-C', conf], { timeoutMs: 40_000 });
    expect(r.all).not.toContain('Bad init string');
    expect(r.all).toMatch(/Sending: ATQ0 V1 E1 S0=0 &C1 &D2 \+FCLASS=0\n(ATQ0 V1 E1 S0=0 &C1 &D2 \+FCLASS=0\n)?OK/);
    expect(r.all).toMatch(/Sending: AT\+CGDCONT=1,"IP","internet"\n(.*\n)?OK/);
    expect(r.all).toMatch(/Sending: ATDT?\*99#/);
    expect(r.all).toMatch(/CONNECT/);
  }, 60_000);
});
