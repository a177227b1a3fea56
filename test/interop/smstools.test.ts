/** smstools' smsd (Debian package `smstools`) against the simulator on a PTY: spool-directory send and receive. */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanTemp, Daemon, startSim, tempDir, waitFor, type SimProcess } from './harness';

let sim: SimProcess;
let smsd: Daemon | null = null;
let spool: string;
const dirs = ['outgoing', 'checked', 'incoming', 'sent', 'failed'] as const;
const at = (d: (typeof dirs)[number]): string => join(spool, d);

beforeAll(async () => {
  sim = await startSim();
  spool = tempDir('smsd');
  for (const d of dirs) mkdirSync(at(d));
  // memory_start = 0: Quectel numbers stored messages from 0 (smsd's default of 1 would never see index 0).
  writeFileSync(
    join(spool, 'smsd.conf'),
    [
      'devices = GSM1',
      ...dirs.map((d) => `${d} = ${at(d)}`),
      `logfile = ${join(spool, 'smsd.log')}`,
      'loglevel = 7',
      // Poll the modem every 2 s instead of 10 s.
      'delaytime = 2',
      `infofile = ${join(spool, 'smsd.working')}`,
      `pidfile = ${join(spool, 'smsd.pid')}`,
      '',
      '[GSM1]',
      `device = ${sim.atPort}`,
      'incoming = yes',
      'baudrate = 115200',
      'memory_start = 0',
      'check_memory_method = 1',
      '',
    ].join('\n'),
  );
  smsd = new Daemon('smsd', ['-c', join(spool, 'smsd.conf'), '-t'], {});
}, 40_000);

afterAll(async () => {
  await smsd?.stop();
  await sim?.stop();
  cleanTemp();
});

const log = (): string => {
  try {
    return readFileSync(join(spool, 'smsd.log'), 'utf8');
  } catch {
    return '';
  }
};

describe('smsd', () => {
  it('sends a message put in the outgoing spool (it lands in sent/)', async () => {
    writeFileSync(join(at('outgoing'), 'hello'), 'To: 31612345678\n\nHello from smstools\n');
    // smsd drops short-lived test.* files into its spools at start-up to check they are writable.
    const sent = await waitFor('hello in sent/', () => (readdirSync(at('sent')).includes('hello') ? true : undefined), 45_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${log().slice(-4000)}`);
    });
    expect(sent).toBe(true);
    expect(readdirSync(at('failed'))).toEqual([]);
    expect(log()).toMatch(/Sending SMS from .* to 31612345678/);
  }, 60_000);

  it('receives a message that arrives from the network (a file in incoming/)', async () => {
    await sim.deliverSms('+31655566677', 'Greetings to smstools');
    const received = (): string[] => readdirSync(at('incoming')).filter((f) => f.startsWith('GSM1.'));
    const files = await waitFor('a file in incoming/', () => (received().length > 0 ? received() : undefined), 45_000).catch(
      (e: Error) => {
        throw new Error(`${e.message}\n${log().slice(-4000)}`);
      },
    );
    const text = readFileSync(join(at('incoming'), files[0]!), 'utf8');
    expect(text).toMatch(/^From: 31655566677$/m);
    expect(text).toContain(`IMEI: ${sim.imei}`);
    expect(text).toContain('Greetings to smstools');
    expect(smsd!.running).toBe(true);
  }, 60_000);
});
