import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { StrictModem, strictModemOnPty } from '../../helpers/strict-modem';

interface Row {
  command: string;
  status: string;
  final: string | null;
  lines: string[];
  damaged: boolean;
}

/** Runs `modem-bench` as a user does (node on bin.mjs, not npx) and collects its JSON rows. */
function runCli(args: string[]): Promise<{ code: number | null; rows: Row[]; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['src-main/headless/bin.mjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      try {
        resolve({ code, rows: out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row), err });
      } catch (e) {
        reject(new Error(`bad output: ${out}\n${err}\n${String(e)}`));
      }
    });
  });
}

describe('modem-bench at and the SMS prompt', () => {
  it('the issue\'s reproduction: AT+CMGS without text is cancelled and every later command gets its own answer', async () => {
    const r = await runCli(['at', '--sim', '1', '--json', 'AT+CMGF=1', 'AT+CMGS="+31612345678"', 'AT+CGSN', 'AT+CSQ']);
    expect(r.code).toBe(0);
    expect(r.rows.map((x) => x.command)).toEqual(['AT+CMGF=1', 'AT+CMGS="+31612345678"', 'AT+CGSN', 'AT+CSQ']);
    expect(r.rows[0]).toMatchObject({ status: 'ok', final: 'OK', lines: [] });
    expect(r.rows[1]).toMatchObject({ final: '> ', lines: [] });
    expect(r.rows[2]).toMatchObject({ status: 'ok', final: 'OK', lines: [expect.stringMatching(/^\d{15}$/)] });
    expect(r.rows[3]).toMatchObject({ status: 'ok', final: 'OK', lines: [expect.stringMatching(/^\+CSQ: \d+,\d+$/)] });
  }, 30_000);

  it('--payload sends a two-line text to the strict modem over a PTY (E0, V0, no init): +CMGS is its answer, the next command its own', async () => {
    const modem = new StrictModem({ current: { echo: false, verbose: false, cmgf: 1 } });
    const pty = await strictModemOnPty(modem);
    try {
      const r = await runCli(['at', '--port', pty.path, '--no-init', '--json', 'AT+CMGS="+31612345678"', '--payload', 'Hello\nbench', 'AT+CGSN']);
      expect(r.err).toBe('');
      expect(r.rows).toMatchObject([
        { command: 'AT+CMGS="+31612345678"', status: 'ok', final: '0', lines: ['+CMGS: 1'], damaged: false },
        { command: 'AT+CGSN', status: 'ok', final: '0', lines: ['861234567890123'] },
      ]);
      expect(r.code).toBe(0);
      expect(modem.sms).toEqual([{ to: '+31612345678', body: 'Hello\nbench' }]);
    } finally {
      await pty.dispose();
    }
  }, 30_000);

  it.each([
    [['--payload', 'x', 'AT+CMGS="1"'], /right after the command/],
    [['AT+CSQ', '--payload', 'x'], /does not/],
    [['AT+CMGS="1"', '--payload', 'a', '--payload', 'b'], /two --payload/],
  ])('rejects a misplaced --payload with exit 2: %j', async (cmds, message) => {
    const r = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const child = spawn(process.execPath, ['src-main/headless/bin.mjs', 'at', '--sim', '1', ...cmds], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('exit', (code) => resolve({ code, err }));
    });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  }, 30_000);
});
