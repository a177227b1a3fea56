import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from './app-paths';

export const RENDERER_OUT = join(PROJECT_ROOT, 'out', 'renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** True when out/renderer is missing or older than the renderer or contract sources. */
export function rendererIsStale(): boolean {
  const index = join(RENDERER_OUT, 'index.html');
  if (!existsSync(index)) return true;
  if (!existsSync(join(PROJECT_ROOT, 'src-renderer'))) return false; // a packaged app ships only the build
  const built = statSync(index).mtimeMs;
  return Math.max(newestMtime(join(PROJECT_ROOT, 'src-renderer')), newestMtime(join(PROJECT_ROOT, 'src-preload', 'contract'))) > built;
}

/** Builds main, preload and renderer with electron-vite (the one build configuration). */
export function buildRenderer(log: (s: string) => void): boolean {
  const require = createRequire(import.meta.url);
  const cli = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
  log('Building the UI (first run or sources changed)…');
  const r = spawnSync(process.execPath, [cli, 'build'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  return r.status === 0;
}
