/** gammu (Debian package `gammu`) against the simulator on a PTY, `connection = at`. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanTemp, run, startSim, tempDir, type SimProcess } from './harness';

let sim: SimProcess;
let rc: string;

beforeAll(async () => {
  sim = await startSim();
  rc = join(tempDir('gammu'), 'gammurc');
  writeFileSync(rc, `[gammu]\ndevice = ${sim.atPort}\nconnection = at\n`);
}, 40_000);

afterAll(async () => {
  await sim?.stop();
  cleanTemp();
});

const gammu = (...args: string[]) => run('gammu', ['-c', rc, ...args], { timeoutMs: 45_000 });

describe('gammu', () => {
  it('--identify reads manufacturer, model, firmware, IMEI and IMSI', async () => {
    const r = await gammu('--identify');
    expect(r.all).toMatch(/Manufacturer\s+:\s+Quectel/);
    expect(r.all).toMatch(/Model\s+:.*EC25/);
    expect(r.all).toMatch(new RegExp(`IMEI\\s+:\\s+${sim.imei}`));
    expect(r.all).toMatch(/SIM IMSI\s+:\s+\d{15}/);
    expect(r.code).toBe(0);
  }, 60_000);

  it('--networkinfo shows the registration and the numeric network code (AT+COPS=3,2)', async () => {
    const r = await gammu('--networkinfo');
    expect(r.all).toMatch(/Network state\s+:\s+(home network|roaming network)/);
    expect(r.all).toMatch(/Network\s+:\s+\d{3} \d{2,3}/);
    expect(r.code).toBe(0);
  }, 60_000);

  it('--getsmsfolders lists SIM and phone folders (AT+CPMS)', async () => {
    const r = await gammu('--getsmsfolders');
    expect(r.all).toMatch(/Inbox", SIM memory/);
    expect(r.all).toMatch(/Inbox", phone memory/);
    expect(r.code).toBe(0);
  }, 60_000);

  it('--getallsms reads a message that arrived from the network (AT+CMGL/CMGR, PDU)', async () => {
    await sim.deliverSms('+31611122233', 'Greetings to gammu');
    const r = await gammu('--getallsms');
    expect(r.all).toContain('Greetings to gammu');
    expect(r.all).toMatch(/Remote number\s+:\s+"\+31611122233"/);
    expect(r.all).toMatch(/1 SMS parts in 1 SMS sequences/);
    expect(r.code).toBe(0);
  }, 60_000);

  it('--sendsms TEXT sends through the > prompt and reports the message reference', async () => {
    const r = await gammu('--sendsms', 'TEXT', '+31612345678', '-text', 'Hello from gammu');
    expect(r.all).toMatch(/OK, message reference=\d+/);
    expect(r.code).toBe(0);
  }, 60_000);
});
