/** The desktop app end to end, through Playwright's Electron driver. Runs only where the Electron runtime is installed. */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '../../test-results/e2e-electron',
  workers: 1,
  retries: 0,
  timeout: 90_000,
  reporter: [['list']],
});
