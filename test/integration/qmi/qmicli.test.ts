/**
 * libqmi's own qmicli (Debian libqmi-utils) against the simulator's QMI PTY.
 * libqmi looks up the port's sysfs subsystem to choose QMI or MBIM; a PTY is
 * neither usbmisc nor wwan, so it warns "couldn't detect transport type" and,
 * unless told --device-open-qmi, refuses ("Cannot automatically select QMI/MBIM mode").
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src-main/headless/cli-util';
import { main } from '../../../src-main/headless/cli';

const QMICLI = '/usr/bin/qmicli';
const run = promisify(execFile);

async function qmicli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const r = await run(QMICLI, args, { timeout: 20_000 });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: typeof x.code === 'number' ? x.code : -1, out: x.stdout, err: x.stderr };
  }
}

async function at(port: string, ...cmds: string[]): Promise<string[][]> {
  const out: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: () => {}, untilStopped: () => new Promise(() => undefined), onStop: () => () => undefined, isTTY: false };
  expect(await main(['at', '--port', port, '--json', ...cmds], io)).toBe(0);
  return out.map((l) => (JSON.parse(l) as { lines: string[] }).lines);
}

describe.runIf(process.platform === 'linux')('qmicli (libqmi, Debian libqmi-utils: a missing qmicli fails here) against the simulator QMI PTY', () => {
  let dir = '';
  let sim: ChildProcess | null = null;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mb-qmicli-'));
    const child = spawn(process.execPath, ['src-main/headless/bin.mjs', 'sim', '--count', '1', '--pty-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    sim = child;
    let text = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        text += d.toString();
        if (text.includes('Ctrl+C')) resolve();
      });
      child.on('exit', (c) => reject(new Error(`sim exited early (${c}): ${text}`)));
    });
  }, 30_000);

  afterAll(async () => {
    if (!sim) return;
    const exited = new Promise((resolve) => sim!.on('exit', resolve));
    sim.kill('SIGTERM');
    await exited;
  });

  it('--device-open-qmi --dms-get-ids prints the IMEI that AT+CGSN gives', async () => {
    const r = await qmicli('-d', join(dir, 'sim0-qmi'), '--device-open-qmi', '--dms-get-ids');
    expect(r.code).toBe(0);
    expect(r.err).toContain("couldn't detect transport type of port");
    const imei = /IMEI: '(\d{15})'/.exec(r.out)?.[1];
    const [cgsn] = await at(join(dir, 'sim0'), 'AT+CGSN');
    expect(imei).toBe(cgsn![0]);
  }, 30_000);

  it('--nas-get-serving-system and --nas-get-signal-info match AT+QENG="servingcell" (PLMN, cell id, LTE signal)', async () => {
    const ss = await qmicli('-d', join(dir, 'sim0-qmi'), '--device-open-qmi', '--nas-get-serving-system');
    expect(ss.code).toBe(0);
    const [qeng] = await at(join(dir, 'sim0'), 'AT+QENG="servingcell"');
    const f = qeng![0]!.split(',');
    expect(ss.out).toContain(`MCC: '${f[4]}'`);
    expect(ss.out).toContain(`3GPP cell ID: '${parseInt(f[6]!, 16)}'`);
    expect(ss.out).toContain("Registration state: 'registered'");
    const sig = await qmicli('-d', join(dir, 'sim0-qmi'), '--device-open-qmi', '--nas-get-signal-info');
    expect(sig.code).toBe(0);
    expect(sig.out).toMatch(/LTE:\s+RSSI: '-\d+ dBm'\s+RSRQ: '-\d+ dB'\s+RSRP: '-\d+ dBm'\s+SNR: '-?\d+\.\d dB'/);
  }, 30_000);

  it('--uim-get-card-status and --get-service-version-info decode our answers', async () => {
    const card = await qmicli('-d', join(dir, 'sim0-qmi'), '--device-open-qmi', '--uim-get-card-status');
    expect(card.code).toBe(0);
    expect(card.out).toContain("Card state: 'present'");
    expect(card.out).toContain("Application type:  'usim (2)'");
    const v = await qmicli('-d', join(dir, 'sim0-qmi'), '--device-open-qmi', '--get-service-version-info');
    expect(v.out).toMatch(/nas \(1\.25\)/);
  }, 30_000);

  it('without --device-open-qmi libqmi cannot choose QMI or MBIM for a PTY and says so', async () => {
    const r = await qmicli('-d', join(dir, 'sim0-qmi'), '--dms-get-ids');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('Cannot automatically select QMI/MBIM mode');
  }, 30_000);
});
