/**
 * The desktop adapter's pure parts (issue 13), under Node: what app:// serves
 * (only the built renderer's files), which URLs are ours (the dev server only
 * unpackaged, with an exact origin check), which argument is a batch file to
 * open, and reading such a file bounded. Electron itself cannot start here; the
 * workflow in .github/workflows/electron.yml runs the end-to-end spec.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CSP } from '../../../src-main/core/service';
import { APP_INDEX_URL, batchFileArg, contentType, devOrigin, isOurUrl, permissionAllowed, resolveAppFile } from '../../../src-main/electron/app-protocol';
import { openBatchFile } from '../../../src-main/electron/open-file';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'mb-electron-'));
  dirs.push(d);
  return d;
}
const isFile = (f: string): boolean => existsSync(f) && statSync(f).isFile();

describe('app:// serves the built renderer only', () => {
  // Lives for the whole describe (afterEach cleans only tmp()'s folders).
  const base = mkdtempSync(join(tmpdir(), 'mb-electron-root-'));
  afterAll(() => rmSync(base, { recursive: true, force: true }));
  const root = (() => {
    const r = join(base, 'renderer');
    mkdirSync(join(r, 'assets'), { recursive: true });
    writeFileSync(join(r, 'index.html'), '<!doctype html>');
    writeFileSync(join(r, 'assets', 'index.js'), '1');
    writeFileSync(join(base, 'secret.txt'), 'secret');
    return r;
  })();

  it('serves index.html, assets, and index.html for app routes', () => {
    expect(resolveAppFile(root, APP_INDEX_URL, isFile)).toEqual({ ok: true, file: join(root, 'index.html') });
    expect(resolveAppFile(root, 'app://bench/assets/index.js', isFile)).toEqual({ ok: true, file: join(root, 'assets', 'index.js') });
    expect(resolveAppFile(root, 'app://bench/', isFile)).toEqual({ ok: true, file: join(root, 'index.html') });
    expect(resolveAppFile(root, 'app://bench/batches', isFile)).toEqual({ ok: true, file: join(root, 'index.html') });
    expect(resolveAppFile(root, 'app://bench/assets/missing.js', isFile)).toEqual({ ok: false, status: 404 });
    expect(contentType('x/index.js')).toMatch(/javascript/);
  });

  it('refuses every way out of the folder, and other hosts', () => {
    const attempts = [
      'app://bench/../secret.txt',
      'app://bench/%2e%2e/secret.txt',
      'app://bench/..%2fsecret.txt',
      'app://bench/%2e%2e%2fsecret.txt',
      'app://bench/assets/..%2f..%2fsecret.txt',
      'app://bench/..%5csecret.txt',
      'app://bench/%2fetc%2fpasswd',
      'app://bench//etc/passwd',
      'app://bench/%00index.html',
      'app://bench/%E0%A4%A',
      'app://other/index.html',
      'app://bench.evil/index.html',
      'file:///etc/passwd',
    ];
    for (const url of attempts) {
      const r = resolveAppFile(root, url, isFile);
      if (r.ok) {
        expect(r.file.startsWith(root), url).toBe(true);
        expect(readFileSync(r.file, 'utf8'), url).not.toBe('secret');
      }
    }
    // The decoded path is rooted ('/../x' is '/x'), so a way out ends in a missing file of the folder.
    expect(resolveAppFile(root, 'app://bench/..%2fsecret.txt', isFile)).toMatchObject({ ok: false });
    expect(resolveAppFile(root, 'app://bench/%2e%2e%2f%2e%2e%2fsecret.txt', isFile)).toMatchObject({ ok: false });
    expect(resolveAppFile(root, 'app://other/index.html', isFile)).toEqual({ ok: false, status: 404 });
    expect(resolveAppFile(root, 'app://bench/%00index.html', isFile)).toEqual({ ok: false, status: 400 });
  });

  it('the built UI loads all it names from app://bench (when built), under a CSP of its own origin only', () => {
    const built = fileURLToPath(new URL('../../../out/renderer', import.meta.url));
    expect(CSP).not.toMatch(/file:|\*/);
    expect(CSP).toContain("script-src 'self'");
    if (!existsSync(join(built, 'index.html'))) return;
    const html = readFileSync(join(built, 'index.html'), 'utf8');
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const url = new URL(ref, APP_INDEX_URL);
      expect(url.origin === 'null' ? `${url.protocol}//${url.host}` : url.origin, ref).toBe('app://bench');
      const r = resolveAppFile(built, url.href, isFile);
      expect(r.ok && isFile(r.file), ref).toBe(true);
    }
  });
});

describe('our URLs', () => {
  it('the dev server only in an unpackaged app, only on this machine', () => {
    expect(devOrigin('http://localhost:5173', false)).toBe('http://localhost:5173');
    expect(devOrigin('http://127.0.0.1:5173/', false)).toBe('http://127.0.0.1:5173');
    expect(devOrigin('http://localhost:5173', true)).toBeNull();
    expect(devOrigin('https://evil.example:5173', false)).toBeNull();
    expect(devOrigin('file:///tmp/x.html', false)).toBeNull();
    expect(devOrigin('not a url', false)).toBeNull();
    expect(devOrigin(undefined, false)).toBeNull();
  });

  it('exact origins: no prefix tricks', () => {
    const dev = 'http://localhost:5173';
    expect(isOurUrl('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isOurUrl('http://localhost:5173.evil.example/', dev)).toBe(false);
    expect(isOurUrl('http://localhost:51730/', dev)).toBe(false);
    expect(isOurUrl('http://localhost:5173@evil.example/', dev)).toBe(false);
    expect(isOurUrl('http://localhost:5173/', null)).toBe(false);
    expect(isOurUrl('app://bench/index.html', null)).toBe(true);
    expect(isOurUrl('app://bench.evil/index.html', null)).toBe(false);
    expect(isOurUrl('app://user@bench/index.html', null)).toBe(false);
    expect(isOurUrl('file:///work/out/renderer/index.html', null)).toBe(false);
    expect(isOurUrl('https://example.com/', dev)).toBe(false);
  });
});

describe('browser permissions', () => {
  it('only the clipboard write of our own pages; nothing else, from nowhere else', () => {
    expect(permissionAllowed('clipboard-sanitized-write', 'app://bench', null)).toBe(true);
    expect(permissionAllowed('clipboard-sanitized-write', 'app://bench/index.html', null)).toBe(true);
    expect(permissionAllowed('clipboard-sanitized-write', 'https://evil.example', null)).toBe(false);
    expect(permissionAllowed('clipboard-sanitized-write', 'http://localhost:5173', 'http://localhost:5173')).toBe(true);
    for (const p of ['clipboard-read', 'media', 'notifications', 'geolocation', 'serial', 'hid', 'usb', 'openExternal', 'fullscreen']) {
      expect(permissionAllowed(p, 'app://bench', null), p).toBe(false);
    }
  });
});

describe('a batch file handed to the app', () => {
  it('is the last .mbatch.yaml argument that is not an option', () => {
    expect(batchFileArg(['/opt/Modem Bench/modem-bench', '/home/u/lab/night.mbatch.yaml'])).toBe('/home/u/lab/night.mbatch.yaml');
    expect(batchFileArg(['electron', 'out/main/index.js', '--user-data-dir=/tmp/x'])).toBeNull();
    expect(batchFileArg(['exe', '--x=a.mbatch.yaml', 'C:\\lab\\A.MBATCH.YAML'])).toBe('C:\\lab\\A.MBATCH.YAML');
    expect(batchFileArg(['a.mbatch.yaml'])).toBeNull(); // argv[0] is the executable
  });

  it('is read bounded; directories, missing and oversized files are refused', async () => {
    const d = tmp();
    writeFileSync(join(d, 'ok.mbatch.yaml'), 'name: x\nsteps:\n  - send: AT\n');
    writeFileSync(join(d, 'big.mbatch.yaml'), 'x'.repeat(2000));
    expect(await openBatchFile(join(d, 'ok.mbatch.yaml'))).toEqual({ ok: true, file: { name: 'ok.mbatch.yaml', path: join(d, 'ok.mbatch.yaml'), text: 'name: x\nsteps:\n  - send: AT\n' } });
    expect(await openBatchFile(join(d, 'big.mbatch.yaml'), 1000)).toEqual({ ok: false, reason: 'larger than 1000 bytes' });
    expect(await openBatchFile(d)).toMatchObject({ ok: false });
    expect(await openBatchFile(join(d, 'none.mbatch.yaml'))).toEqual({ ok: false, reason: 'ENOENT' });
  });
});
