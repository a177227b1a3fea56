/**
 * `modem-bench serve` as a real child process (issue 13): ten overlapping
 * `bench.startSimulated` over the WebSocket leave one bench with every IMEI once,
 * and SIGTERM then ends the process (an orphaned simulator used to keep it alive).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

let child: ChildProcess | null = null;
const dirs: string[] = [];
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('serve shutdown after overlapping bench starts', () => {
  it('one consistent bench, and SIGTERM ends the process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-serve-'));
    dirs.push(dir);
    const c = spawn(process.execPath, ['src-main/headless/bin.mjs', 'serve', '--sim', '2', '--port', '0', '--no-build', '--data-dir', dir, '--log-dir', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = c;
    const exited = new Promise<number | null>((r) => c.once('exit', (code) => r(code)));
    let out = '';
    c.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    c.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    for (let i = 0; i < 600 && !/serving http:\/\/127\.0\.0\.1:\d+/.test(out); i++) await new Promise((r) => setTimeout(r, 50));
    const port = Number(/serving http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
    expect(port, out).toBeGreaterThan(0);

    const ws = new WebSocket(`ws://127.0.0.1:${port}/api`);
    const answers = new Map<number, { ok: boolean; value?: unknown }>();
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as { t: string; id: number; result: { ok: boolean; value?: unknown } };
      if (m.t === 'result') answers.set(m.id, m.result);
    });
    await new Promise((r) => ws.once('open', r));
    for (let id = 1; id <= 10; id++) ws.send(JSON.stringify({ t: 'invoke', id, channel: 'bench.startSimulated', input: { count: 4, seed: 1 } }));
    for (let i = 0; i < 600 && answers.size < 10; i++) await new Promise((r) => setTimeout(r, 50));
    expect(answers.size).toBe(10);
    ws.send(JSON.stringify({ t: 'invoke', id: 11, channel: 'bench.list', input: {} }));
    for (let i = 0; i < 200 && !answers.has(11); i++) await new Promise((r) => setTimeout(r, 50));
    const modems = (answers.get(11)?.value as { modems: { identity: { imei: string | null } }[] }).modems;
    expect(modems).toHaveLength(4);
    expect(new Set(modems.map((m) => m.identity.imei)).size).toBe(4);
    ws.close();

    c.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<'alive'>((r) => setTimeout(() => r('alive'), 20_000))]);
    expect(code, out).toBe(0);
  }, 90_000);
});
