/** gsmlib's tools (Debian package `gsm-utils`: gsmctl, gsmsendsms) against the simulator on a PTY. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanTemp, run, startSim, type SimProcess } from './harness';

let sim: SimProcess;

beforeAll(async () => {
  sim = await startSim();
}, 40_000);

afterAll(async () => {
  await sim?.stop();
  cleanTemp();
});

const gsmctl = (...ops: string[]) => run('gsmctl', ['-d', sim.atPort, '-b', '115200', ...ops], { timeoutMs: 60_000 });

describe('gsmctl', () => {
  it('ME: manufacturer, model, revision and IMEI (gsmlib reads AT+CSMS? at start-up)', async () => {
    const r = await gsmctl('ME');
    expect(r.all).toContain('Manufacturer: Quectel');
    expect(r.all).toContain('Model: EC25');
    expect(r.all).toContain(`Serial Number: ${sim.imei}`);
    expect(r.code).toBe(0);
  }, 70_000);

  it('OP: the current operator', async () => {
    const r = await gsmctl('OP');
    expect(r.all).toMatch(/Status: current\s+Long name: '[^']+'/);
    expect(r.code).toBe(0);
  }, 70_000);

  it('SIG: signal strength', async () => {
    const r = await gsmctl('SIG');
    expect(r.all).toMatch(/<SIG0>\s+\d+/);
    expect(r.code).toBe(0);
  }, 70_000);

  it('BATT: battery charge (AT+CBC)', async () => {
    const r = await gsmctl('BATT');
    expect(r.all).toMatch(/<BATT0>\s+\S+/);
    expect(r.all).not.toContain('ERROR');
    expect(r.code).toBe(0);
  }, 70_000);
});

describe('gsmsendsms', () => {
  it('sends an SMS in PDU mode', async () => {
    const r = await run('gsmsendsms', ['-d', sim.atPort, '-b', '115200', '+31612345678', 'Hello from gsmlib'], { timeoutMs: 60_000 });
    expect(r.all).not.toMatch(/ERROR/i);
    expect(r.code).toBe(0);
  }, 70_000);
});
