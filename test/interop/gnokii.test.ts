/** gnokii (Debian package `gnokii-cli`) with its AT driver against the simulator on a PTY. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanTemp, run, startSim, tempDir, type SimProcess } from './harness';

let sim: SimProcess;
let rc: string;
/** gnokii keeps an error log under $XDG_CACHE_HOME/gnokii; the test's goes to a temp dir. */
let cache: string;

beforeAll(async () => {
  sim = await startSim();
  rc = join(tempDir('gnokii'), 'gnokiirc');
  cache = tempDir('gnokii-cache');
  writeFileSync(rc, `[global]\nport = ${sim.atPort}\nmodel = AT\nconnection = serial\nserial_baudrate = 115200\n[logging]\ndebug = off\n`);
}, 40_000);

afterAll(async () => {
  await sim?.stop();
  cleanTemp();
});

const gnokii = (...args: string[]) => run('gnokii', ['--config', rc, ...args], { timeoutMs: 45_000, env: { XDG_CACHE_HOME: cache } });

describe('gnokii', () => {
  it('--identify reads IMEI, manufacturer, model and revision', async () => {
    const r = await gnokii('--identify');
    expect(r.all).toMatch(new RegExp(`IMEI\\s+:\\s+${sim.imei}`));
    expect(r.all).toMatch(/Manufacturer\s+:\s+Quectel/);
    expect(r.all).toMatch(/Model\s+:\s+EC25/);
    expect(r.code).toBe(0);
  }, 60_000);

  it('--getsms reads a received message from ME at index 0 (Quectel numbers from 0)', async () => {
    await sim.deliverSms('+31633344455', 'Greetings to gnokii');
    const r = await gnokii('--getsms', 'ME', '0');
    expect(r.all).toContain('Greetings to gnokii');
    expect(r.all).toContain('Sender: +31633344455');
    expect(r.code).toBe(0);
  }, 60_000);
});
