/**
 * Hostile clients against `modem-bench serve --sim 16` (a measurement, not a test):
 *   (a) a slow reader: a WebSocket client that never reads (its socket paused) while it
 *       spams broadcasts, transcripts and lists; when the server drops it, it comes back;
 *   (b) a flood: a reading client firing `broadcast.exec` at every modem for 30 s without
 *       waiting for answers;
 *   (c) many connections: 3,000 WebSockets opened (in batches of 100) and held for 5 s.
 * For each case it prints the server's RSS before, at its peak during, and after (5 s after
 * the hostile client left), and the worst latency a well-behaved client saw meanwhile
 * (`app.info` every 100 ms: the server's responsiveness; `modem.exec AT` on one modem
 * every 250 ms: its share of a modem). Every loop is bounded; the server is killed at the end.
 *
 * node --import tsx/esm test/perf/hostile-load.ts [--slow-seconds 20] [--flood-seconds 30] [--connections 3000]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const argv = process.argv.slice(2);
const opt = (name: string, dflt: number): number => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const SLOW_SECONDS = opt('slow-seconds', 20);
const FLOOD_SECONDS = opt('flood-seconds', 30);
const CONNECTIONS = opt('connections', 3000);
const SETTLE_MS = 5000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : -1;
  } catch {
    return -1;
  }
}

type Msg = { t: string; id?: number; result?: { ok: boolean; value?: unknown; error?: { code: string } } };

class Client {
  readonly ws: WebSocket;
  #next = 1;
  readonly pending = new Map<number, { at: number; resolve: (m: Msg['result']) => void }>();
  answered = 0;
  refused = new Map<string, number>();
  closed = false;
  constructor(port: number) {
    this.ws = new WebSocket(`ws://127.0.0.1:${port}/api`, { headers: { Origin: `http://127.0.0.1:${port}` } });
    this.ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as Msg;
      if (m.t !== 'result' || m.id === undefined) return;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      this.answered++;
      if (m.result && !m.result.ok) this.refused.set(m.result.error!.code, (this.refused.get(m.result.error!.code) ?? 0) + 1);
      p.resolve(m.result);
    });
    this.ws.on('close', () => (this.closed = true));
    this.ws.on('error', () => (this.closed = true));
  }
  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ws.once('open', () => {
        this.ws.send(JSON.stringify({ t: 'ready' }));
        resolve();
      });
      this.ws.once('error', reject);
    });
  }
  invoke(channel: string, input: unknown): Promise<Msg['result']> {
    const id = this.#next++;
    return new Promise((resolve) => {
      this.pending.set(id, { at: Date.now(), resolve });
      if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ t: 'invoke', id, channel, input }));
    });
  }
  /** The oldest request still waiting, in ms (0 when none). */
  oldestPendingMs(): number {
    let oldest = 0;
    for (const p of this.pending.values()) oldest = Math.max(oldest, Date.now() - p.at);
    return oldest;
  }
  close(): void {
    this.ws.terminate();
  }
}

/** The well-behaved client: worst latencies while it runs. */
class Observer {
  worstInfoMs = 0;
  worstExecMs = 0;
  #stop = false;
  #loops: Promise<void>[] = [];
  constructor(
    private readonly c: Client,
    private readonly modemId: string,
  ) {}
  start(): void {
    this.worstInfoMs = this.worstExecMs = 0;
    this.#stop = false;
    const loop = async (every: number, channel: string, input: unknown, set: (ms: number) => void) => {
      while (!this.#stop) {
        const t0 = Date.now();
        await Promise.race([this.c.invoke(channel, input), sleep(60_000)]);
        set(Date.now() - t0);
        await sleep(every);
      }
    };
    this.#loops = [
      loop(100, 'app.info', {}, (ms) => (this.worstInfoMs = Math.max(this.worstInfoMs, ms))),
      loop(250, 'modem.exec', { modemId: this.modemId, command: 'AT' }, (ms) => (this.worstExecMs = Math.max(this.worstExecMs, ms))),
    ];
  }
  async stop(): Promise<void> {
    this.#stop = true;
    await Promise.all(this.#loops);
  }
}

interface CaseResult {
  rssBeforeMb: number;
  rssPeakMb: number;
  rssAfterMb: number;
  worstInfoMs: number;
  worstExecMs: number;
  [k: string]: unknown;
}

async function measure(pid: number, observer: Observer, body: (sample: () => void) => Promise<Record<string, unknown>>): Promise<CaseResult> {
  const rssBeforeMb = rssMb(pid);
  let rssPeakMb = rssBeforeMb;
  const sample = () => (rssPeakMb = Math.max(rssPeakMb, rssMb(pid)));
  const timer = setInterval(sample, 250);
  observer.start();
  const extra = await body(sample);
  const settleEnd = Date.now() + SETTLE_MS;
  while (Date.now() < settleEnd) await sleep(250);
  await observer.stop();
  clearInterval(timer);
  const rssAfterMb = rssMb(pid);
  return { rssBeforeMb, rssPeakMb, rssAfterMb, worstInfoMs: observer.worstInfoMs, worstExecMs: observer.worstExecMs, ...extra };
}

async function slowReader(port: number, modemIds: string[]): Promise<Record<string, unknown>> {
  let connections = 0;
  let dropped = 0;
  let sent = 0;
  const end = Date.now() + SLOW_SECONDS * 1000;
  let c: Client | null = null;
  while (Date.now() < end) {
    if (!c || c.closed) {
      if (c) dropped++;
      c = new Client(port);
      try {
        await c.opened();
      } catch {
        await sleep(100);
        continue;
      }
      connections++;
      // Never read again: what the server sends piles up on its side.
      c.ws.pause();
    }
    for (let i = 0; i < 4 && !c.closed; i++) {
      void c.invoke('broadcast.exec', { modemIds, command: 'AT+QENG="servingcell"' });
      void c.invoke('modem.transcript', { modemId: modemIds[i % modemIds.length], limit: 5000 });
      void c.invoke('bench.list', {});
      sent += 3;
    }
    await sleep(20);
  }
  c?.close();
  return { sent, connections, droppedByServer: dropped };
}

async function flood(port: number, modemIds: string[]): Promise<Record<string, unknown>> {
  const c = new Client(port);
  await c.opened();
  const end = Date.now() + FLOOD_SECONDS * 1000;
  let sent = 0;
  while (Date.now() < end && !c.closed) {
    for (let i = 0; i < 20; i++) void c.invoke('broadcast.exec', { modemIds, command: 'AT+CSQ' });
    sent += 20;
    await sleep(100);
  }
  // Give the answers 15 s to arrive, then count what never did.
  const wait = Date.now() + 15_000;
  while (c.pending.size > 0 && Date.now() < wait && !c.closed) await sleep(100);
  const result = { sent, answered: c.answered, refusedByCode: Object.fromEntries(c.refused), unanswered: c.pending.size, oldestUnansweredMs: c.oldestPendingMs(), closedByServer: c.closed };
  c.close();
  return result;
}

async function manyConnections(port: number): Promise<Record<string, unknown>> {
  const open: WebSocket[] = [];
  let refused = 0;
  let failed = 0;
  for (let i = 0; i < CONNECTIONS; i += 100) {
    const batch = Array.from({ length: Math.min(100, CONNECTIONS - i) }, () => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/api`);
      return new Promise<void>((resolve) => {
        ws.once('open', () => {
          open.push(ws);
          resolve();
        });
        ws.once('unexpected-response', (_req, res) => {
          if (res.statusCode === 503) refused++;
          else failed++;
          resolve();
        });
        ws.once('error', () => {
          failed++;
          resolve();
        });
      });
    });
    await Promise.all(batch);
  }
  await sleep(5000);
  for (const ws of open) ws.terminate();
  return { attempted: CONNECTIONS, opened: open.length, refused503: refused, failed };
}

async function main(): Promise<void> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'mb-hostile-'));
  const server: ChildProcess = spawn(
    process.execPath,
    ['src-main/headless/bin.mjs', 'serve', '--sim', '16', '--port', String(port), '--no-build', '--data-dir', dir, '--log-dir', dir],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  server.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  server.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  try {
    const up = Date.now() + 60_000;
    while (!out.includes('serving http') && Date.now() < up) await sleep(100);
    if (!out.includes('serving http')) throw new Error(`the server did not start:\n${out}`);
    const pid = server.pid!;
    const good = new Client(port);
    await good.opened();
    let modemIds: string[] = [];
    for (let i = 0; i < 100 && modemIds.length < 16; i++) {
      const r = await good.invoke('bench.list', {});
      modemIds = ((r?.value as { modems: { id: string }[] } | undefined)?.modems ?? []).map((m) => m.id);
      if (modemIds.length < 16) await sleep(200);
    }
    if (modemIds.length === 0) throw new Error('no modems on the bench');
    await good.invoke('console.subscribe', { modemIds: [modemIds[0]] });
    const observer = new Observer(good, modemIds[0]!);
    await sleep(2000); // the bench settles (identity reads, first health polls)
    const results: Record<string, unknown> = { modems: modemIds.length };
    results.slowReader = await measure(pid, observer, () => slowReader(port, modemIds));
    results.flood = await measure(pid, observer, () => flood(port, modemIds));
    if (CONNECTIONS > 0) results.connections = await measure(pid, observer, () => manyConnections(port));
    results.goodClientStillConnected = !good.closed;
    good.close();
    // How much the server logged (refusals are logged at a bounded rate).
    const logs = readLogs(dir);
    results.logLines = logs.lines;
    results.logBytes = logs.bytes;
    console.log(JSON.stringify(results, null, 2));
  } finally {
    server.kill('SIGTERM');
    const exited = await Promise.race([new Promise<boolean>((r) => server.once('exit', () => r(true))), sleep(10_000).then(() => false)]);
    if (!exited) {
      console.error('the server ignored SIGTERM for 10 s: killed');
      server.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

function readLogs(dir: string): { lines: number; bytes: number } {
  let lines = 0;
  let bytes = 0;
  try {
    for (const f of readdirSync(dir)) {
      if (!/\.log/.test(f)) continue;
      const t = readFileSync(path.join(dir, f), 'utf8');
      bytes += t.length;
      lines += t.split('\n').length - 1;
    }
  } catch {
    // no logs
  }
  return { lines, bytes };
}

await main();
