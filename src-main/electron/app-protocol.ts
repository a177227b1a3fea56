/**
 * The desktop app's own origin: the built UI is served from `app://bench/`
 * (a privileged, standard, secure custom scheme) instead of `file://`, so the
 * page has a real origin of its own, `'self'` in its CSP means only the UI's
 * files, and no other file of the disk is reachable from it. Pure functions
 * (no electron import), so they are tested under Node.
 */
import { extname, join, normalize, resolve, sep } from 'node:path';
import { uiContentType } from '../core/service/security';

export const APP_SCHEME = 'app';
export const APP_HOST = 'bench';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Served files' types: the same table as the headless server's. */
export const contentType = uiContentType;

export type AppFile = { ok: true; file: string } | { ok: false; status: 400 | 403 | 404 };

/**
 * The file under `root` that a request for `url` may read. Anything not on our
 * host, not decodable, or resolving outside `root` (`..`, encoded separators,
 * absolute paths, NUL) is refused. `exists` decides the single-page fallback:
 * a path without an extension that is not a file gets index.html.
 */
export function resolveAppFile(root: string, url: string, exists: (file: string) => boolean): AppFile {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, status: 400 };
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return { ok: false, status: 404 };
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (rel.includes('\0')) return { ok: false, status: 400 };
  const base = resolve(root);
  const file = resolve(join(base, normalize(rel)));
  if (file !== base && !file.startsWith(base + sep)) return { ok: false, status: 403 };
  if (file !== base && exists(file)) return { ok: true, file };
  if (extname(rel) !== '') return { ok: false, status: 404 };
  return { ok: true, file: join(base, 'index.html') };
}

/**
 * The dev server's origin, honoured only in an unpackaged app and only for an
 * http(s) address on this machine (electron-vite's dev server); null otherwise.
 */
export function devOrigin(envUrl: string | undefined, isPackaged: boolean): string | null {
  if (isPackaged || !envUrl) return null;
  let u: URL;
  try {
    u = new URL(envUrl);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (host !== 'localhost' && host !== '::1' && !/^127\.\d+\.\d+\.\d+$/.test(host)) return null;
  return u.origin;
}

/** Whether `url` is one of our pages: exactly our app origin, or exactly the dev server's origin. */
export function isOurUrl(url: string, dev: string | null): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === `${APP_SCHEME}:`) return u.host === APP_HOST && u.username === '' && u.password === '' && u.port === '';
  return dev !== null && u.origin === dev;
}

/**
 * The one browser permission the UI uses: writing text to the clipboard (the console's and the
 * log view's copy buttons), and only from our own pages. Everything else (camera, notifications,
 * serial, HID, geolocation, clipboard reads...) is refused.
 */
export function permissionAllowed(permission: string, origin: string, dev: string | null): boolean {
  return permission === 'clipboard-sanitized-write' && isOurUrl(origin, dev);
}

/** The batch file a launch was asked to open (the file manager passes it as an argument), if any. */
export function batchFileArg(argv: readonly string[]): string | null {
  for (let i = argv.length - 1; i >= 1; i--) {
    const a = argv[i]!;
    if (!a.startsWith('-') && /\.mbatch\.ya?ml$/i.test(a)) return a;
  }
  return null;
}
