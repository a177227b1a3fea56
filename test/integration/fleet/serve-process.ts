/**
 * `modem-bench serve` as a child process on loopback for the fleet tests:
 * started with node directly (never npx), a port picked by the OS and read
 * from what it prints, ended by the test (SIGTERM, SIGKILL after a bound).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ServeProcess {
  child: ChildProcess;
  port: number;
  /** The URL as printed (with ?token= when one is required). */
  openUrl: string;
  output(): string;
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL when it has not exited after `graceMs`; resolves the exit code (null: killed). */
  stop(graceMs?: number): Promise<number | null>;
}

const started: ServeProcess[] = [];

export async function startServe(args: string[], readyMs = 60_000): Promise<ServeProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'mb-fleet-'));
  const child = spawn(process.execPath, ['src-main/headless/bin.mjs', 'serve', '--port', '0', '--no-build', '--data-dir', dir, '--log-dir', dir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  void exited.then(() => rmSync(dir, { recursive: true, force: true }));
  const re = /serving (https?:\/\/[^\s]+)/;
  const deadline = Date.now() + readyMs;
  while (!re.test(out) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const openUrl = re.exec(out)?.[1];
  if (!openUrl) {
    child.kill('SIGKILL');
    throw new Error(`serve did not start:\n${out}`);
  }
  const p: ServeProcess = {
    child,
    port: Number(new URL(openUrl).port),
    openUrl,
    output: () => out,
    exited,
    stop: async (graceMs = 20_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
  };
  started.push(p);
  return p;
}

/** Ends every serve process still running (afterEach/afterAll). */
export async function stopAll(): Promise<void> {
  await Promise.all(started.splice(0).map((p) => p.stop(5_000)));
}
