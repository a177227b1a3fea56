/**
 * Runs third-party serial clients (Debian's gammu, gsmlib, gnokii, smstools, wvdial; npm's
 * serialport-gsm) against the simulator exposed on PTYs by `modem-bench sim`. Every process
 * started here is ended here: the simulator by `stop()`, clients by their bounded `run` (the
 * whole process group is killed on timeout), daemons by `Daemon.stop()`.
 *
 * PTYs have no modem-control lines, and Linux answers TIOCMGET/TIOCMBIS/... on them with an
 * error that some clients treat as fatal; `shim()` builds modem-ioctl-shim.c into an
 * LD_PRELOAD library that makes those calls succeed.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(HERE, '../..');
const BIN = join(ROOT, 'src-main/headless/bin.mjs');

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for messages a client prints on either. */
  all: string;
  timedOut: boolean;
}

export interface RunOptions {
  /** Killed (with its process group) after this long. */
  timeoutMs: number;
  env?: Record<string, string>;
  cwd?: string;
  /** Preload the modem-control shim (default true). */
  shim?: boolean;
}

let shimPath: string | null = null;
const tempDirs: string[] = [];

export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), `mb-interop-${prefix}-`));
  tempDirs.push(d);
  return d;
}

/** Removes the temp dirs this file made (call in afterAll, after every process is gone). */
export function cleanTemp(): void {
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
  shimPath = null;
}

/** Compiles the LD_PRELOAD shim once per test file. */
export function shim(): string {
  if (shimPath) return shimPath;
  const out = join(tempDir('shim'), 'modem-ioctl-shim.so');
  execFileSync('cc', ['-shared', '-fPIC', '-O2', '-o', out, join(HERE, 'modem-ioctl-shim.c'), '-ldl'], { stdio: 'pipe' });
  shimPath = out;
  return out;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Runs a client to completion, or kills its process group at `timeoutMs`. */
export function run(cmd: string, args: string[], o: RunOptions): Promise<RunResult> {
  const env = { ...process.env, ...(o.shim === false ? {} : { LD_PRELOAD: shim() }), ...o.env };
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, args, { env, cwd: o.cwd ?? ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let all = '';
    let timedOut = false;
    child.stdout!.on('data', (d: Buffer) => ((stdout += d.toString()), (all += d.toString())));
    child.stderr!.on('data', (d: Buffer) => ((stderr += d.toString()), (all += d.toString())));
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child, 'SIGKILL');
    }, o.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // Whatever the client left behind in its group goes too.
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Nothing left.
        }
      }
      resolveRun({ code, signal, stdout, stderr, all, timedOut });
    });
  });
}

/** A long-running client (smsd): started now, output collected, ended by `stop()`. */
export class Daemon {
  output = '';
  readonly #child: ChildProcess;
  readonly #exited: Promise<void>;

  constructor(cmd: string, args: string[], o: Omit<RunOptions, 'timeoutMs'>) {
    const env = { ...process.env, ...(o.shim === false ? {} : { LD_PRELOAD: shim() }), ...o.env };
    this.#child = spawn(cmd, args, { env, cwd: o.cwd ?? ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.#child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.#exited = new Promise((r) => this.#child.on('close', () => r()));
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  async stop(): Promise<void> {
    killGroup(this.#child, 'SIGTERM');
    const t = setTimeout(() => killGroup(this.#child, 'SIGKILL'), 3000);
    await this.#exited;
    clearTimeout(t);
    if (this.#child.pid !== undefined) {
      try {
        process.kill(-this.#child.pid, 'SIGKILL');
      } catch {
        // The group is gone.
      }
    }
  }
}

/** Polls `check` until it returns a value (not undefined) or `timeoutMs` passes (then throws with `what`). */
export async function waitFor<T>(what: string, check: () => T | undefined, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface SimProcess {
  dir: string;
  /** The AT port (interface 2) link. */
  atPort: string;
  /** The modem port (interface 3), free for AT+SIMSMS while a client holds the AT port. */
  modemPort: string;
  imei: string;
  /** Runs AT commands on a port through `modem-bench at --port` and returns its output. */
  at(port: string, ...commands: string[]): Promise<RunResult>;
  /** Makes an SMS arrive from the network (AT+SIMSMS on the modem port). */
  deliverSms(from: string, text: string): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `modem-bench sim --count 1` on PTYs and waits for its links. */
export async function startSim(): Promise<SimProcess> {
  const dir = tempDir('sim');
  const child = spawn(process.execPath, [BIN, 'sim', '--count', '1', '--pty-dir', dir], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const exited = new Promise<void>((r) => child.on('close', () => r()));
  try {
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`sim did not start: ${text}`)), 30_000);
      child.stdout!.on('data', (d: Buffer) => {
        text += d.toString();
        if (text.includes('Ctrl+C')) {
          clearTimeout(timer);
          ok();
        }
      });
      child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
      child.on('close', (c) => {
        clearTimeout(timer);
        fail(new Error(`sim exited early (${c}): ${text}`));
      });
    });
  } catch (e) {
    killGroup(child, 'SIGKILL');
    throw e;
  }
  const imei = /IMEI (\d{15})/.exec(text)?.[1];
  if (!imei) throw new Error(`no IMEI in: ${text}`);
  const sim: SimProcess = {
    dir,
    atPort: join(dir, 'sim0'),
    modemPort: join(dir, 'sim0-if03'),
    imei,
    at: (port, ...commands) => run(process.execPath, [BIN, 'at', '--port', port, '--no-init', ...commands], { timeoutMs: 20_000, shim: false }),
    async deliverSms(from, textBody) {
      const r = await sim.at(sim.modemPort, `AT+SIMSMS="${from}","${textBody}"`);
      if (r.code !== 0 || !r.stdout.includes('+SIMSMS:')) throw new Error(`AT+SIMSMS failed: ${r.all}`);
    },
    async stop() {
      killGroup(child, 'SIGTERM');
      const t = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    },
  };
  return sim;
}
