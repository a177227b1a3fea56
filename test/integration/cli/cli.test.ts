import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../../helpers/cli';

const cli = runCli;

describe('modem-bench CLI', () => {
  it('at --sim --json prints one object per command per modem, in order per modem, exit 0', async () => {
    const r = await cli(['at', '--sim', '3', '--json', 'AT+CSQ', 'AT+CGSN', 'AT+NOPE']);
    expect(r.code).toBe(0);
    const rows = r.out.filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(9);
    for (const modem of ['sim0', 'sim1', 'sim2']) {
      const mine = rows.filter((x) => x.modem === modem);
      expect(mine.map((x) => x.command)).toEqual(['AT+CSQ', 'AT+CGSN', 'AT+NOPE']);
      expect(mine[0]).toMatchObject({ status: 'ok', final: 'OK', echo: 'AT+CSQ', parsed: { type: 'csq' } });
      expect(mine[1]!.lines).toEqual([expect.stringMatching(/^\d{15}$/)]);
      expect(mine[2]).toMatchObject({ status: 'error', final: 'ERROR', lines: [] });
      for (const x of mine) expect(Object.keys(x)).toEqual(expect.arrayContaining(['modem', 'port', 'command', 'status', 'final', 'lines', 'urcs', 'echo', 'parsed', 'latencyMs']));
    }
  });

  it('at refuses a dangerous command line (even disguised) unless --confirm is given, and sends nothing', async () => {
    for (const line of ['AT+QPOWD', 'AT+CSQ;+CFUN=1,1', 'ATE0&F']) {
      const r = await cli(['at', '--sim', '1', '--json', 'AT+CSQ', line]);
      expect(r.code).toBe(2);
      expect(r.out.filter(Boolean)).toEqual([]);
      expect(r.err.join('\n')).toMatch(/--confirm/);
    }
    const ok = await cli(['at', '--sim', '1', '--json', '--confirm', 'AT+CFUN=1,1']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out.filter(Boolean)[0]!)).toMatchObject({ command: 'AT+CFUN=1,1', final: 'OK' });
  });

  it('--no-init sends nothing but the given commands', async () => {
    const r = await cli(['at', '--sim', '1', '--no-init', '--json', 'ATE0', 'AT']);
    const rows = r.out.filter(Boolean).map((l) => JSON.parse(l) as { echo: string | null });
    // ATE0 is echoed (echo is on by default and nothing turned it off); AT after it is not.
    expect(rows.map((x) => x.echo)).toEqual(['ATE0', null]);
  });

  it('exits 1 when a command gets no final result code (a hang)', async () => {
    vi.useFakeTimers();
    const running = cli(['at', '--sim', '1', '--faults', 'hang:1', '--timeout', '3000', '--no-init', '--json', 'AT']);
    await vi.advanceTimersByTimeAsync(5000);
    const r = await running;
    vi.useRealTimers();
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out[0]!)).toMatchObject({ status: 'timeout', final: null });
  });

  it.each([
    [['at', '--sim', '1']],
    [['at', '--sim', '1', '--port', '/dev/x', 'AT']],
    [['at', '--sim', 'two', 'AT']],
    [['at', '--sim', '1', 'ls -la']],
    [['at', '--sim', '2', '--modem', '9', 'AT']],
    [['at', '--sim', '1', '--faults', 'explode', 'AT']],
    [['nonsense']],
    [['soak', '--sim', '1']],
  ])('bad usage %j exits 2 with a message', async (args) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.err.join(' ')).toMatch(/modem-bench: .+/);
  });

  it('list --sim --json gives modems with ports, roles and identity read over AT', async () => {
    const r = await cli(['list', '--sim', '2', '--json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.out.join('')) as { identity: { imei: string; model: string }; ports: { role: string }[] }[];
    expect(list).toHaveLength(2);
    for (const m of list) {
      expect(m.identity.imei).toMatch(/^\d{15}$/);
      expect(m.identity.model).toBe('EC25');
      expect(m.ports.map((p) => p.role)).toEqual(['diag', 'nmea', 'at', 'at-secondary']);
    }
  });

  it.runIf(process.platform !== 'win32')(
    'sim exposes PTYs with stable links; at --port talks to them through the OS serial path; SIGTERM cleans up',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'mb-cli-pty-'));
      const child = spawn(process.execPath, ['src-main/headless/bin.mjs', 'sim', '--count', '2', '--pty-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          text += d.toString();
          if (text.includes('Ctrl+C')) resolve();
        });
        child.on('exit', (c) => reject(new Error(`sim exited early (${c}): ${text}`)));
      });
      expect(readdirSync(dir).sort()).toEqual(expect.arrayContaining(['sim0', 'sim1', 'sim0-if02', 'sim1-if03']));
      const r = await cli(['at', '--port', join(dir, 'sim1'), '--json', 'AT+CGSN', 'AT+QGMR']);
      expect(r.code).toBe(0);
      const rows = r.out.filter(Boolean).map((l) => JSON.parse(l) as { lines: string[]; status: string });
      expect(rows[0]).toMatchObject({ status: 'ok', lines: [expect.stringMatching(/^\d{15}$/)] });
      expect(rows[1]!.lines[0]).toMatch(/^EC25/);
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(existsSync(join(dir, 'sim0'))).toBe(false);
    },
    30_000,
  );
});
