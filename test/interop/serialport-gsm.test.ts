/** The npm package serialport-gsm (its own serialport 10) against the simulator on a PTY, in a child process. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanTemp, ROOT, startSim, waitFor, type SimProcess } from './harness';

let sim: SimProcess;

beforeAll(async () => {
  sim = await startSim();
}, 40_000);

afterAll(async () => {
  await sim?.stop();
  cleanTemp();
});

interface Step {
  step: string;
  data: unknown;
}

describe('serialport-gsm', () => {
  it('initialises, reads signal and IMEI, sends an SMS (resolves) and reads one that arrives (+CMTI) and the inbox', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'test/interop/serialport-gsm-client.mjs'), sim.atPort, '+31612345678'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('close', r));
    const steps = (): Step[] =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Step);
    const step = (name: string): Step | undefined => steps().find((s) => s.step === name || s.step === 'error');
    try {
      const ready = await waitFor('ready-for-sms', () => step('ready-for-sms'), 40_000);
      expect(ready, out).toMatchObject({ step: 'ready-for-sms' });
      await sim.deliverSms('+31644455566', 'Greetings to serialport-gsm');
      await waitFor('closed', () => step('closed'), 30_000);
      const by = new Map(steps().map((s) => [s.step, s.data]));
      expect(by.get('init')).toMatchObject({ status: 'success' });
      expect(by.get('signal')).toMatchObject({ status: 'success', data: { signalQuality: expect.stringMatching(/^\d+$/) } });
      expect(by.get('serial')).toMatchObject({ data: { modemSerial: sim.imei } });
      expect(by.get('send')).toMatchObject({ status: 'success', data: { response: 'Message Successfully Sent' } });
      expect(by.get('newMessage')).toEqual([expect.objectContaining({ sender: '31644455566', message: 'Greetings to serialport-gsm' })]);
      expect(by.get('inbox')).toMatchObject({ status: 'success', data: [expect.objectContaining({ message: 'Greetings to serialport-gsm' })] });
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    }
  }, 90_000);
});
