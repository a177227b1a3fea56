import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BenchApp, createDispatcher } from '../../../src-main/core/service';
import { type RunningServer, startServer } from '../../../src-main/headless/server';

const logger = pino({ level: 'silent' });

function renderer(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mb-renderer-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Modem Bench</title>');
  return dir;
}

async function serve(o: { host?: string; token?: string | null } = {}): Promise<{ server: RunningServer; app: BenchApp }> {
  const app = new BenchApp({ version: 't', dataDir: null, logDir: '/x', logFile: null, logger, simOptions: { latency: 0 } });
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
  const running: { server: RunningServer; app: BenchApp }[] = [];
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
});
