import { _electron as electron, expect, test } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('the desktop app opens a sandboxed window with the bench and a working console', async () => {
  const userData = mkdtempSync(join(tmpdir(), 'modem-bench-electron-'));
  const app = await electron.launch({ args: ['out/main/index.js', `--user-data-dir=${userData}`], cwd: process.cwd() });
  try {
    const page = await app.firstWindow();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await expect(page).toHaveTitle(/Modem Bench/);
    // Real modems if any are attached, else the simulated bench of 8.
    await expect(page.getByTestId('bench-row').first()).toBeVisible({ timeout: 60_000 });
    // Sandbox and context isolation: the bridge exists, Node does not.
    expect(await page.evaluate(() => typeof (window as unknown as { modemBench?: unknown }).modemBench)).toBe('object');
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (window as unknown as { process?: unknown }).process)).toBe('undefined');
    // A console round trip over IPC.
    await page.getByTestId('bench-row').first().dblclick();
    const input = page.getByTestId('console-input');
    if (await input.isVisible().catch(() => false)) {
      await input.fill('AT+CSQ');
      await input.press('Enter');
      await expect(page.getByTestId('console-line').filter({ hasText: '+CSQ:' }).first()).toBeVisible({ timeout: 15_000 });
    }
    expect(errors).toEqual([]);
  } finally {
    await app.close();
  }
});
