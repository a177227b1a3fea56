/**
 * What one hostile client may cost the headless server (issue 13): unanswered
 * requests per connection, unsent bytes, connections, and how refusals are logged.
 * The dispatcher is a stand-in that answers when the test says so (the layer below
 * the server), so nothing here depends on how fast a modem answers.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { ok, type Result } from '../../../src-preload/contract';
import { AppService } from '../../../src-main/core/service';
import type { Dispatcher } from '../../../src-main/core/service/dispatcher';
import { type RunningServer, startServer } from '../../../src-main/headless/server';
import { RefusalLog, type ServerLimits, resolveLimits, tokenCookieName } from '../../../src-main/headless/server-limits';

function renderer(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mb-renderer-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Modem Bench</title>');
  return dir;
}

/** A pino logger whose lines the test can read. */
function capture(): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString().split('\n')) if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

/** Answers each invoke when `release()` is called; `payload` sets the size of each answer. */
class HeldDispatcher implements Dispatcher {
  held: (() => void)[] = [];
  invoked = 0;
  constructor(private readonly payload = '') {}
  invoke(): Promise<Result<unknown>> {
    this.invoked++;
    return new Promise((resolve) => this.held.push(() => resolve(ok({ data: this.payload }))));
  }
  release(): void {
    for (const r of this.held.splice(0)) r();
  }
}

interface Started {
  server: RunningServer;
  app: AppService;
  lines: Record<string, unknown>[];
}

const running: Started[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const s of sockets.splice(0)) s.terminate();
  for (const r of running.splice(0)) {
    await r.server.close();
    await r.app.stop();
  }
});

async function serve(dispatcher: Dispatcher, limits: Partial<ServerLimits>, o: { host?: string } = {}): Promise<Started> {
  const { logger, lines } = capture();
  const app = new AppService({ version: 't', dataDir: null, logDir: '/x', logFile: null, logger });
  const server = await startServer({ port: 0, rendererDir: renderer(), dispatcher, app, logger, version: 't', limits, ...o });
  const r = { server, app, lines };
  running.push(r);
  return r;
}

type Msg = { t: string; id?: number; result?: { ok: boolean; error?: { code: string } } };

async function connect(port: number, headers: Record<string, string> = {}): Promise<{ ws: WebSocket; got: Msg[]; until: (n: number) => Promise<void> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api`, { headers });
  sockets.push(ws);
  const got: Msg[] = [];
  let waiter: { n: number; resolve: () => void } | null = null;
  ws.on('message', (d) => {
    got.push(JSON.parse(d.toString()) as Msg);
    if (waiter && got.length >= waiter.n) waiter.resolve();
  });
  ws.on('error', () => undefined);
  await new Promise((res, rej) => {
    ws.once('open', res);
    ws.once('unexpected-response', (_q, r) => rej(new Error(String(r.statusCode))));
  });
  const until = (n: number) => (got.length >= n ? Promise.resolve() : new Promise<void>((resolve) => (waiter = { n, resolve })));
  return { ws, got, until };
}

function wsStatus(port: number, headers: Record<string, string> = {}): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api`, { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => undefined);
  });
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('per-client limits of the headless server', () => {
  it('answers requests past the in-flight limit at once with queue-full instead of queueing them', async () => {
    const d = new HeldDispatcher();
    const r = await serve(d, { maxInFlightPerClient: 4 });
    const c = await connect(r.server.port);
    for (let id = 1; id <= 10; id++) c.ws.send(JSON.stringify({ t: 'invoke', id, channel: 'app.info', input: {} }));
    await c.until(1 + 6); // hello + the six refusals, while four wait
    expect(d.invoked).toBe(4);
    const refused = c.got.filter((m) => m.t === 'result');
    expect(refused.map((m) => m.id)).toEqual([5, 6, 7, 8, 9, 10]);
    for (const m of refused) expect(m.result).toMatchObject({ ok: false, error: { code: 'queue-full' } });
    d.release();
    await c.until(1 + 10);
    // Answered ones free their places.
    c.ws.send(JSON.stringify({ t: 'invoke', id: 11, channel: 'app.info', input: {} }));
    await new Promise<void>((res) => {
      const t = setInterval(() => d.held.length === 1 && (clearInterval(t), res()), 5);
    });
    expect(d.invoked).toBe(5);
    expect(r.server.refused['in-flight']).toBe(6);
  });

  it('counts a broadcast once per modem it names; a request larger than the limit still runs alone', async () => {
    const d = new HeldDispatcher();
    const r = await serve(d, { maxInFlightPerClient: 4 });
    const c = await connect(r.server.port);
    const bc = (id: number, n: number) =>
      c.ws.send(JSON.stringify({ t: 'invoke', id, channel: 'broadcast.exec', input: { modemIds: Array.from({ length: n }, (_, i) => `m${i}`), command: 'AT' } }));
    bc(1, 3);
    c.ws.send(JSON.stringify({ t: 'invoke', id: 2, channel: 'app.info', input: {} }));
    bc(3, 1); // 3 + 1 + 1 > 4
    await c.until(1 + 1);
    expect(c.got[1]).toMatchObject({ t: 'result', id: 3, result: { ok: false, error: { code: 'queue-full' } } });
    expect(d.invoked).toBe(2);
    d.release();
    await c.until(1 + 3);
    bc(4, 10); // alone: runs although it is larger than the limit
    bc(5, 1); // but nothing joins it
    await c.until(1 + 4);
    expect(c.got[4]).toMatchObject({ t: 'result', id: 5, result: { ok: false, error: { code: 'queue-full' } } });
    expect(d.invoked).toBe(3);
    d.release();
    await c.until(1 + 5);
    expect(c.got[5]).toMatchObject({ t: 'result', id: 4, result: { ok: true } });
  });

  it('drops a client that never reads once its unsent data passes the limit, with a log line; others keep working', async () => {
    const d = new HeldDispatcher('x'.repeat(512 * 1024));
    const r = await serve(d, { maxBufferedBytes: 1024 * 1024, maxInFlightPerClient: 1024 });
    const slow = await connect(r.server.port);
    const good = await connect(r.server.port);
    slow.ws.pause();
    // Up to 256 answers of 512 KiB (128 MiB) asked for; the kernel's socket buffers take a few MiB, then it must be dropped.
    for (let id = 1; id <= 256; id++) slow.ws.send(JSON.stringify({ t: 'invoke', id, channel: 'app.info', input: {} }));
    for (let i = 0; i < 400 && d.invoked < 256; i++) await new Promise((res) => setTimeout(res, 5));
    expect(d.invoked).toBe(256);
    d.release();
    for (let i = 0; i < 400 && r.server.clients !== 1; i++) await new Promise((res) => setTimeout(res, 5));
    expect(r.server.clients).toBe(1);
    const drop = r.lines.find((l) => l.refused === 'slow-reader');
    expect(drop).toBeDefined();
    expect(drop!.buffered as number).toBeLessThan(1024 * 1024 + 512 * 1024 + 64 * 1024);
    good.ws.send(JSON.stringify({ t: 'invoke', id: 1, channel: 'app.info', input: {} }));
    for (let i = 0; i < 400 && d.held.length === 0; i++) await new Promise((res) => setTimeout(res, 5));
    d.release();
    await good.until(2);
    expect(good.got[1]).toMatchObject({ t: 'result', id: 1, result: { ok: true } });
  });

  it('caps connections: one past the limit gets 503 until one leaves', async () => {
    const r = await serve(new HeldDispatcher(), { maxConnections: 3 });
    const port = r.server.port;
    const open = [await connect(port), await connect(port), await connect(port)];
    expect(await wsStatus(port)).toBe(503);
    open[0]!.ws.close();
    for (let i = 0; i < 400 && r.server.clients !== 2; i++) await new Promise((res) => setTimeout(res, 5));
    expect(await wsStatus(port)).toBe('open');
    expect(r.server.refused.connections).toBe(1);
  });

  it('counts refusals without logging each: 3,000 refused requests leave two log lines', async () => {
    const r = await serve(new HeldDispatcher(), { refusalLogIntervalMs: 3_600_000, refusalLogBurst: 1 }, { host: '0.0.0.0' });
    const port = r.server.port;
    for (let i = 0; i < 60; i++) {
      const batch = [];
      for (let j = 0; j < 50; j++) batch.push(i % 2 ? wsStatus(port, { Origin: 'https://evil.example' }) : get(port, '/'));
      const statuses = await Promise.all(batch);
      for (const s of statuses) expect(typeof s === 'object' ? s.status : s).toBe(401);
    }
    expect(r.server.refused.token).toBe(3000);
    // The foreign origin without the token is refused for the token: nothing about the origin is logged.
    expect(r.server.refused.origin).toBe(0);
    const refusedLines = () => r.lines.filter((l) => 'refused' in l || 'refusedCounts' in l);
    expect(refusedLines()).toHaveLength(1);
    await r.server.close();
    running.splice(running.indexOf(r), 1);
    await r.app.stop();
    expect(refusedLines()).toHaveLength(2);
    expect(refusedLines()[1]).toMatchObject({ refusedCounts: { token: 2999 } });
  });

  it('the token cookie is named for the port; a cookie for another port of the host is not accepted', async () => {
    const r = await serve(new HeldDispatcher(), {}, { host: '0.0.0.0' });
    const { port, token } = r.server;
    const login = await get(port, `/?token=${token}`);
    const cookie = String((login.headers['set-cookie'] as string[])[0]).split(';')[0]!;
    expect(cookie).toBe(`${tokenCookieName('mb_token', port)}=${token}`);
    expect(cookie.startsWith(`mb_token_${port}=`)).toBe(true);
    expect((await get(port, '/', { Cookie: cookie })).status).toBe(200);
    expect((await get(port, '/', { Cookie: `mb_token=${token!}` })).status).toBe(401);
    expect((await get(port, '/', { Cookie: `mb_token_${port + 1}=${token!}` })).status).toBe(401);
    expect(await wsStatus(port, { Cookie: cookie })).toBe('open');
  });
});

describe('RefusalLog (fake time)', () => {
  it('logs the first few refusals of a period, sums the rest into one line at its end', async () => {
    vi.useFakeTimers();
    const { logger, lines } = capture();
    const log = new RefusalLog(logger, 10_000, 2);
    for (let i = 0; i < 3000; i++) log.refuse('token', 'no token');
    expect(lines).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(lines).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatchObject({ refusedCounts: { token: 2998 }, refusedTotals: { token: 3000 } });
    // A new period: its first refusals get their own lines again.
    log.refuse('origin', 'foreign', { origin: 'x'.repeat(10_000) });
    expect(lines).toHaveLength(4);
    expect(String(lines[3]!.origin).length).toBeLessThan(200);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(lines).toHaveLength(4);
  });

  it('limits are checked', () => {
    expect(resolveLimits()).toMatchObject({ maxConnections: 64, maxInFlightPerClient: 256, maxBufferedBytes: 8 * 1024 * 1024 });
    expect(() => resolveLimits({ maxInFlightPerClient: 0 })).toThrow(/maxInFlightPerClient/);
    expect(() => resolveLimits({ maxBufferedBytes: 1.5 })).toThrow(/maxBufferedBytes/);
  });
});
