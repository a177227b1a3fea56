import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AppService, createDispatcher } from '../../../src-main/core/service';
import { type RunningServer, startServer } from '../../../src-main/headless/server';

const logger = pino({ level: 'silent' });

function renderer(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mb-renderer-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Modem Bench</title>');
  return dir;
}

async function serve(o: { host?: string; token?: string | null } = {}): Promise<{ server: RunningServer; app: AppService }> {
  const app = new AppService({ version: 't', dataDir: null, logDir: '/x', logFile: null, logger, simOptions: { latency: 0 } });
  const server = await startServer({ port: 0, rendererDir: renderer(), dispatcher: createDispatcher(app), app, logger, version: 't', ...o });
  return { server, app };
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a WebSocket; resolves 'open' or the HTTP status of the refusal. */
function wsOutcome(port: number, headers: Record<string, string> = {}): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api`, { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => undefined);
  });
}

describe('headless server', () => {
  const running: { server: RunningServer; app: AppService }[] = [];
  afterEach(async () => {
    for (const r of running.splice(0)) {
      await r.server.close();
      await r.app.stop();
    }
  });

  it('binds loopback by default, sends a strict CSP, and needs no token there', async () => {
    const r = await serve();
    running.push(r);
    expect(r.server.host).toBe('127.0.0.1');
    expect(r.server.token).toBeNull();
    const res = await get(r.server.port, '/');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(await wsOutcome(r.server.port)).toBe('open');
  });

  it('refuses a WebSocket from a foreign Origin and a foreign Host (DNS rebinding)', async () => {
    const r = await serve();
    running.push(r);
    const port = r.server.port;
    expect(await wsOutcome(port, { Origin: 'https://evil.example' })).toBe(403);
    expect(await wsOutcome(port, { Origin: `http://127.0.0.1:${port}` })).toBe('open');
    expect((await get(port, '/', { Host: `evil.example:${port}` })).status).toBe(403);
  });

  it('refuses path traversal', async () => {
    const r = await serve();
    running.push(r);
    for (const path of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd']) {
      const res = await get(r.server.port, path);
      expect(res.body).not.toContain('root:');
      expect([200, 403, 404]).toContain(res.status);
    }
  });

  it('on a non-loopback bind, requires the token: 401 without, cookie after the token URL', async () => {
    const r = await serve({ host: '0.0.0.0' });
    running.push(r);
    const { port, token } = r.server;
    expect(token).toMatch(/^[0-9a-f]{48}$/);
    expect((await get(port, '/')).status).toBe(401);
    expect(await wsOutcome(port)).toBe(401);
    expect((await get(port, '/?token=wrong')).status).toBe(401);
    const login = await get(port, `/?token=${token}`);
    expect(login.status).toBe(302);
    const cookie = String((login.headers['set-cookie'] as string[])[0]).split(';')[0]!;
    expect(String((login.headers['set-cookie'] as string[])[0])).toMatch(/HttpOnly/);
    expect((await get(port, '/', { Cookie: cookie })).status).toBe(200);
    expect(await wsOutcome(port, { Cookie: cookie })).toBe('open');
    expect(await wsOutcome(port, { 'x-modem-bench-token': token! })).toBe('open');
  });

  it('answers malformed WebSocket messages with invalid-input and keeps the connection', async () => {
    const r = await serve();
    running.push(r);
    const ws = new WebSocket(`ws://127.0.0.1:${r.server.port}/api`);
    const messages: unknown[] = [];
    let threeArrived!: () => void;
    const three = new Promise<void>((resolve) => (threeArrived = resolve)); // hello + two answers
    ws.on('message', (d) => {
      messages.push(JSON.parse(d.toString()));
      if (messages.length === 3) threeArrived();
    });
    await new Promise((res) => ws.on('open', res));
    ws.send('not json');
    ws.send(JSON.stringify({ t: 'invoke', id: 7, channel: 'settings.get', input: {} }));
    await three;
    expect(messages[1]).toMatchObject({ t: 'result', id: -1, result: { ok: false, error: { code: 'invalid-input' } } });
    expect(messages[2]).toMatchObject({ t: 'result', id: 7, result: { ok: true } });
    ws.close();
  });
  it('sends a client only the console lines of the modems it subscribed to; others still get all', async () => {
    const r = await serve();
    running.push(r);
    await r.app.startSimulated(2);
    const d = createDispatcher(r.app);
    let ids: string[] = [];
    while (ids.length < 2) {
      const l = await d.invoke('bench.list', {});
      ids = l.ok ? (l.value as { modems: { id: string; identity: { imei: string | null } }[] }).modems.filter((m) => m.identity.imei).map((m) => m.id) : [];
      if (ids.length < 2) await new Promise((res) => setTimeout(res, 20));
    }
    const [a0, a1] = ids as [string, string];

    type Msg = { t: string; id?: number; channel?: string; payload?: { modemId: string; entries: { kind: string; text: string }[] }; result?: unknown };
    const connect = async () => {
      const ws = new WebSocket(`ws://127.0.0.1:${r.server.port}/api`);
      const got: Msg[] = [];
      const waiters: { test: (m: Msg) => boolean; resolve: () => void }[] = [];
      ws.on('message', (raw) => {
        const m = JSON.parse(raw.toString()) as Msg;
        got.push(m);
        for (const w of waiters.splice(0)) (w.test(m) ? w.resolve : () => waiters.push(w))();
      });
      await new Promise((res) => ws.on('open', res));
      ws.send(JSON.stringify({ t: 'ready' }));
      let nextId = 1;
      const until = (test: (m: Msg) => boolean) => (got.some(test) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ test, resolve })));
      const invoke = async (channel: string, input: unknown) => {
        const id = nextId++;
        ws.send(JSON.stringify({ t: 'invoke', id, channel, input }));
        await until((m) => m.t === 'result' && m.id === id);
        return got.find((m) => m.t === 'result' && m.id === id)!.result as { ok: boolean; value?: unknown };
      };
      // Lines pushed before a subscription took effect are not the filter's: count from a mark.
      const mark = () => got.length;
      const consoleOf = (modemId: string, from = 0) => got.slice(from).filter((m) => m.channel === 'console.entries' && m.payload!.modemId === modemId).flatMap((m) => m.payload!.entries);
      const sawTx = (modemId: string, text: string) => (m: Msg) => m.channel === 'console.entries' && m.payload!.modemId === modemId && m.payload!.entries.some((e) => e.kind === 'tx' && e.text === text);
      return { ws, invoke, until, consoleOf, sawTx, mark };
    };
    const a = await connect();
    const b = await connect();
    expect(await a.invoke('console.subscribe', { modemIds: [a0] })).toEqual({ ok: true, value: { modems: 1 } });
    const subscribed = a.mark();
    expect((await a.invoke('console.subscribe', { modemIds: 'all' })).ok).toBe(false); // invalid input, subscription kept

    await a.invoke('modem.exec', { modemId: a0, command: 'AT+CSQ' });
    await a.invoke('modem.exec', { modemId: a1, command: 'ATI' });
    // b never subscribed: it gets both modems' lines.
    await b.until(b.sawTx(a0, 'AT+CSQ'));
    await b.until(b.sawTx(a1, 'ATI'));
    await a.until(a.sawTx(a0, 'AT+CSQ'));
    // Anything a1's lines could have put on a's socket is before this answer.
    await a.invoke('settings.get', {});
    expect(a.consoleOf(a1, subscribed)).toEqual([]);
    expect(b.consoleOf(a1).length).toBeGreaterThan(0);

    // An empty list stops console lines altogether; the other events still come.
    await a.invoke('console.subscribe', { modemIds: [] });
    const silenced = a.mark();
    await a.invoke('modem.exec', { modemId: a0, command: 'AT+CGSN' });
    await b.until(b.sawTx(a0, 'AT+CGSN'));
    await a.invoke('settings.get', {});
    expect(a.consoleOf(a0, silenced).some((e) => e.text === 'AT+CGSN')).toBe(false);
    a.ws.close();
    b.ws.close();
  });
});
