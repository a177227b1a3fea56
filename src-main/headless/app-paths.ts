/**
 * Where the app's own files are, from the sources, the built main or the
 * packaged app alike: its root (package.json, out/renderer) and the shipped
 * example batch files. The CLI and the desktop app ask here, one rule.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The first folder up from `from` that holds package.json: the repository root when this runs
 * from the sources (src-main/headless/), and the app's root when it runs built (out/main/ or
 * out/main/chunks/, in a checkout or in the packaged app's asar).
 */
export function projectRoot(from: string, exists: (p: string) => boolean = existsSync): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (exists(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return join(from, '..', '..');
  }
}

export const PROJECT_ROOT = projectRoot(dirname(fileURLToPath(import.meta.url)));

/**
 * The shipped example batch files: beside the packaged app's resources (electron-builder's
 * extraResources; `process.resourcesPath` is Electron's), else the checkout's examples/.
 */
export function examplesDir(resourcesPath: string | undefined = (process as { resourcesPath?: string }).resourcesPath, exists: (p: string) => boolean = existsSync): string {
  const packaged = resourcesPath ? join(resourcesPath, 'examples') : null;
  return packaged && exists(packaged) ? packaged : join(PROJECT_ROOT, 'examples');
}
