/**
 * Browser end-to-end tests: Debian's Chromium against the headless server
 * (`modem-bench serve --sim 16`) on a free port, with throwaway data and log
 * directories so a run never touches the engineer's settings.
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

// Workers load this file again; the env carries the runner's choices to them.
process.env.MB_E2E_PORT ??= String(await freePort());
process.env.MB_E2E_DIR ??= mkdtempSync(join(tmpdir(), 'modem-bench-e2e-'));
const PORT = Number(process.env.MB_E2E_PORT);
const DIR = process.env.MB_E2E_DIR;
export const BASE_URL = `http://127.0.0.1:${PORT}/`;

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: join(ROOT, 'test-results', 'e2e'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: BASE_URL,
    headless: true,
    viewport: { width: 1366, height: 768 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: `node src-main/headless/bin.mjs serve --sim 16 --port ${PORT} --data-dir ${join(DIR, 'data')} --log-dir ${join(DIR, 'log')}`,
    cwd: ROOT,
    url: BASE_URL,
    reuseExistingServer: false,
    // The first run may build the UI.
    timeout: 180_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
