/**
 * Remote benches over TLS (issue 17): the app's Benches list reaches an
 * https host with the CA it was given and shows it connected; with another
 * certificate pinned the host is shown refused (never connected, not
 * retried) and its token never appears; `soak --remote --remote-ca` runs
 * against it like list and at.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BenchHostView } from '../../../src-preload/contract';
import { RemoteBenches, RemoteModemSource } from '../../../src-main/core/fleet';
import { runCli } from '../../helpers/cli';
import { type ServeProcess, startServe, stopAll } from './serve-process';
import { selfSigned } from '../../helpers/certs';

const dir = mkdtempSync(join(tmpdir(), 'mb-tls-benches-'));
const TOKEN = 'tls-benches-token-0123456789';

const sources: RemoteModemSource[] = [];
afterEach(async () => {
  await Promise.all(sources.splice(0).map((s) => s.close()));
});

function until(src: RemoteModemSource, pred: (h: BenchHostView[]) => boolean): Promise<BenchHostView[]> {
  return new Promise((resolve) => {
    if (pred(src.hosts())) return resolve(src.hosts());
    const off = src.hostsChanged.on((h) => {
      if (pred(h)) {
        off();
        resolve(h);
      }
    });
  });
}

describe('remote benches over TLS', () => {
  let s: ServeProcess;
  let good: { cert: string; key: string };
  let other: { cert: string; key: string };

  beforeAll(async () => {
    good = selfSigned(dir, 'bench-b');
    other = selfSigned(dir, 'impostor-b');
    s = await startServe(['--sim', '2', '--token', TOKEN, '--tls-cert', good.cert, '--tls-key', good.key]);
  }, 90_000);

  afterAll(async () => {
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('connects with the pinned CA; another certificate is shown refused, with the token masked', async () => {
    const src = new RemoteModemSource({ rejoin: { minMs: 3_600_000, maxMs: 3_600_000 } });
    sources.push(src);
    const benches = new RemoteBenches(src, null);
    const host = `127.0.0.1:${s.port}`;

    benches.add({ url: `https://${host}/`, token: TOKEN, ca: readFileSync(other.cert, 'utf8') });
    const refused = await until(src, (h) => h[0]?.state === 'refused');
    expect(refused[0]).toMatchObject({ name: host, state: 'refused', ca: true, modems: 0, message: expect.stringMatching(/certificate/) });
    expect(JSON.stringify(refused)).not.toContain(TOKEN);
    expect(src.views()).toEqual([]);
    await benches.remove(host);

    benches.add({ url: s.openUrl, ca: readFileSync(good.cert, 'utf8') });
    const ok = await until(src, (h) => h[0]?.state === 'connected' && h[0].modems === 2);
    expect(ok[0]).toMatchObject({ url: `https://${host}/`, ca: true });
    const r = await src.exec(src.views()[0]!.id, 'AT+CGSN');
    expect(r).toMatchObject({ status: 'ok', lines: [src.views()[0]!.identity.imei] });
  }, 30_000);

  it('soak --remote https://... --remote-ca runs over the pinned certificate; another one is refused', async () => {
    const ok = await runCli(['soak', '--remote', s.openUrl, '--remote-ca', good.cert, '--duration', '1', '--rate', '10', '--json']);
    expect(ok.err.join('\n')).not.toMatch(/certificate/);
    const summary = JSON.parse(ok.out.join('\n')) as { submitted: number; completed: number; lost: number };
    expect(summary.submitted).toBeGreaterThan(0);
    expect(summary.completed).toBe(summary.submitted);
    expect(ok.code).toBe(0);

    const bad = await runCli(['soak', '--remote', s.openUrl, '--remote-ca', other.cert, '--duration', '1', '--json']);
    expect(bad.code).not.toBe(0);
    expect(bad.err.join('\n')).toMatch(/certificate/);
  }, 60_000);
});
