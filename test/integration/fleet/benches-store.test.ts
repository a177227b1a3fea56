/**
 * The Benches list kept in the data directory (issue 17): added hosts are in
 * remotes.json (owner-only, the token in its own field, the URL without it),
 * come back at the next start, leave when removed; the views never carry the
 * token; a file that cannot be used is set aside without quoting it.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RemoteBenches, RemoteModemSource } from '../../../src-main/core/fleet';

const dirs: string[] = [];
const sources: RemoteModemSource[] = [];
afterEach(async () => {
  await Promise.all(sources.splice(0).map((s) => s.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function benches(file: string | null): RemoteBenches {
  // Nothing listens on these ports: the hosts stay unreachable, retried far later than the test lasts.
  const source = new RemoteModemSource({ rejoin: { minMs: 3_600_000, maxMs: 3_600_000 } });
  sources.push(source);
  return new RemoteBenches(source, file);
}

describe('RemoteBenches', () => {
  it('keeps added hosts in remotes.json (owner-only, token apart), restores them, forgets removed ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-benches-'));
    dirs.push(dir);
    const file = join(dir, 'remotes.json');
    const one = benches(file);
    const v = one.add({ url: 'http://127.0.0.1:9/?token=abcdefghijklmnop-secret', ca: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' });
    expect(v).toMatchObject({ name: '127.0.0.1:9', url: 'http://127.0.0.1:9/', tokenMasked: '••••••••cret', ca: true, persisted: true });
    one.add({ url: 'http://127.0.0.1:10/', token: 'another-token-of-16+' });
    expect(() => one.add({ url: 'http://127.0.0.1:9/' })).toThrow(/already a bench/);
    expect(JSON.stringify(one.list())).not.toContain('secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { hosts: { url: string; token: string }[] };
    expect(saved.hosts.map((h) => [h.url, h.token])).toEqual([
      ['http://127.0.0.1:9/', 'abcdefghijklmnop-secret'],
      ['http://127.0.0.1:10/', 'another-token-of-16+'],
    ]);

    const two = benches(file);
    expect(two.list().hosts).toEqual([]);
    two.start();
    expect(two.list().hosts.map((h) => [h.name, h.tokenMasked, h.ca, h.persisted])).toEqual([
      ['127.0.0.1:9', '••••••••cret', true, true],
      ['127.0.0.1:10', '••••••••-16+', false, true],
    ]);
    expect(await two.remove('127.0.0.1:9')).toEqual({ removed: true });
    await expect(two.remove('127.0.0.1:9')).rejects.toMatchObject({ code: 'invalid-input' });
    expect((JSON.parse(readFileSync(file, 'utf8')) as { hosts: unknown[] }).hosts).toHaveLength(1);
    // Command-line hosts are not kept.
    two.addTransient([{ url: 'http://127.0.0.1:11/' }]);
    expect(two.list().hosts.find((h) => h.name === '127.0.0.1:11')?.persisted).toBe(false);
    expect((JSON.parse(readFileSync(file, 'utf8')) as { hosts: unknown[] }).hosts).toHaveLength(1);
  });

  it('sets an unusable file aside without quoting it, and starts without hosts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-benches-'));
    dirs.push(dir);
    const file = join(dir, 'remotes.json');
    writeFileSync(file, '{"hosts": [{"url": "http://x:1/", "token": "leaky-token-value", "ca": 7}]}');
    const b = benches(file);
    expect(b.store.loadProblem).toMatch(/not usable/);
    expect(b.store.loadProblem).not.toContain('leaky');
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir).some((n) => n.startsWith('remotes.json.invalid-'))).toBe(true);
    b.start();
    expect(b.list().hosts).toEqual([]);
  });
});
