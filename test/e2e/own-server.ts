/**
 * A `modem-bench serve` of a spec's own, for specs that must stop the server
 * under an open page or need a bench the shared server does not have (faults).
 * Every server started here is ended by `stop()`; specs call it in a finally
 * or afterEach.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface OwnServer {
  url: string;
  port: number;
  /** Its data and log directories live here; pass it again to restart with the same data. */
  dir: string;
  /** Ends the server process and waits for it to exit. */
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Starts `serve` with the given arguments (e.g. ['--sim', '4']) and resolves once it listens. */
export async function startServer(args: string[], port?: number, dataRoot?: string): Promise<OwnServer> {
  const p = port ?? (await freePort());
  const dir = dataRoot ?? mkdtempSync(join(tmpdir(), 'modem-bench-own-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['src-main/headless/bin.mjs', 'serve', ...args, '--port', String(p), '--data-dir', join(dir, 'data'), '--log-dir', join(dir, 'log')],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (b: Buffer) => {
      out += b.toString();
      if (/serving http/.test(out)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before listening:\n${out}`)));
  });
  return {
    url: `http://127.0.0.1:${p}/`,
    port: p,
    dir,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
