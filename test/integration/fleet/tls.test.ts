/**
 * `serve --tls-cert/--tls-key` (issue 17): HTTPS and WSS on a lab network.
 * Certificates are made here with the openssl CLI (self-signed, for
 * 127.0.0.1). A remote is reached with the certificate it was given, and
 * refused (host-refused) when the certificate or the token does not match.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostRefusedError, RemoteBench } from '../../../src-main/core/fleet';
import { main } from '../../../src-main/headless/cli';
import { type ServeProcess, startServe, stopAll } from './serve-process';
import { memoryIo } from '../../helpers/cli';
import { selfSigned } from '../../helpers/certs';

const dir = mkdtempSync(join(tmpdir(), 'mb-tls-'));
const TOKEN = 'tls-test-token-0123456789abcdef';

describe('serve over TLS', () => {
  let s: ServeProcess;
  let good: { cert: string; key: string };
  let other: { cert: string; key: string };

  beforeAll(async () => {
    good = selfSigned(dir, 'bench-a');
    other = selfSigned(dir, 'impostor');
    s = await startServe(['--sim', '2', '--token', TOKEN, '--tls-cert', good.cert, '--tls-key', good.key]);
  }, 90_000);

  afterAll(async () => {
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('prints an https URL and serves the contract over WSS to a client that trusts its certificate', async () => {
    expect(s.openUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/\?token=/);
    const r = new RemoteBench({ url: s.openUrl, ca: readFileSync(good.cert) });
    try {
      await r.connect();
      const { modems } = await r.invoke('bench.list', {});
      expect(modems).toHaveLength(2);
      const res = await r.invoke('modem.exec', { modemId: modems[0]!.id, command: 'AT+CGSN' });
      expect(res.lines).toContain(modems[0]!.id);
    } finally {
      await r.close();
    }
  }, 30_000);

  it('refuses a host whose certificate does not match, and a wrong token, with host-refused', async () => {
    const cases = [
      { ca: readFileSync(other.cert), token: TOKEN, why: /certificate/ },
      { ca: undefined, token: TOKEN, why: /certificate/ },
      { ca: readFileSync(good.cert), token: 'wrong-token-wrong-token-wrong', why: /refused the token/ },
    ];
    for (const c of cases) {
      const r = new RemoteBench({ url: `https://127.0.0.1:${s.port}/`, token: c.token, ...(c.ca ? { ca: c.ca } : {}) });
      const err = await r.connect().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HostRefusedError);
      expect((err as Error).message).toMatch(c.why);
      expect((err as Error).message).not.toContain(TOKEN);
      expect(r.connected).toBe(false);
    }
  }, 30_000);

  it('list --remote https://... --remote-ca lists the modems; another certificate is refused', async () => {
    const io = memoryIo();
    expect(await main(['list', '--remote', s.openUrl, '--remote-ca', good.cert, '--json'], io)).toBe(0);
    expect((JSON.parse(io.stdout[0]!) as { host: string }[]).map((m) => m.host)).toEqual([`127.0.0.1:${s.port}`, `127.0.0.1:${s.port}`]);
    const io2 = memoryIo();
    expect(await main(['list', '--remote', s.openUrl, '--remote-ca', other.cert, '--json'], io2)).toBe(1);
    expect(io2.stderr.join('\n')).toMatch(/certificate does not match/);
  }, 30_000);

  it('serves /metrics over HTTPS with the bearer token', async () => {
    const body = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: s.port, path: '/metrics', ca: readFileSync(good.cert), headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(body.status).toBe(200);
    expect(body.text).toContain('modem_bench_modems 2');
  }, 30_000);
});
