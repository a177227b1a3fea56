#!/usr/bin/env node
// Runs the Electron end-to-end spec where the Electron runtime exists, and
// says plainly that it did not run where it does not (no download possible).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));
if (!existsSync(join(electronDir, 'path.txt'))) {
  console.log('Electron e2e: NOT RUN. The Electron runtime is not installed on this machine');
  console.log('(node_modules/electron has no binary: its download was skipped or failed). Run `npm start` once');
  console.log('where the download works, then `npm run test:electron`. Everything else in the suite is independent of it.');
  process.exit(0);
}
const args = ['playwright', 'test', '-c', 'test/e2e-electron/playwright.config.ts'];
const headless = process.platform === 'linux' && !process.env.DISPLAY;
const r = spawnSync(headless ? 'xvfb-run' : 'npx', headless ? ['-a', 'npx', ...args] : args, { stdio: 'inherit' });
process.exit(r.status ?? 1);
