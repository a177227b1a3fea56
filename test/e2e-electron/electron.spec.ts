import { _electron as electron, expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

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

test('the UI comes from app://, permissions are denied, foreign navigation is stopped, a second launch hands its file over', async () => {
  const userData = mkdtempSync(join(tmpdir(), 'modem-bench-electron-'));
  const app = await electron.launch({ args: ['out/main/index.js', `--user-data-dir=${userData}`], cwd: process.cwd() });
  try {
    const page = await app.firstWindow();
    await expect(page).toHaveTitle(/Modem Bench/);
    // A privileged scheme of our own, not file://.
    expect(page.url()).toMatch(/^app:\/\/bench\//);
    // The CSP still lets the UI run from app:// (its scripts rendered the bench).
    await expect(page.getByTestId('bench-row').first()).toBeVisible({ timeout: 60_000 });
    // The permission check handler answers no, whatever the permission.
    expect(await page.evaluate(async () => (await navigator.permissions.query({ name: 'notifications' as PermissionName })).state)).toBe('denied');
    // A navigation away (to a loopback address: nothing leaves the machine) is stopped.
    await page.evaluate(() => {
      window.location.href = 'http://127.0.0.1:9/elsewhere';
    });
    // A round trip through the main process, which decided on the navigation before answering.
    await page.evaluate(() => (window as unknown as { modemBench: { invoke(c: string, i: unknown): Promise<unknown> } }).modemBench.invoke('app.info', {}));
    expect(page.url()).toMatch(/^app:\/\/bench\//);
    await expect(page.getByTestId('bench-row').first()).toBeVisible();

    // A second launch with a batch file: it exits, and the first window opens the file in the batch editor.
    const file = join(userData, 'handed-over.mbatch.yaml');
    writeFileSync(file, 'name: handed over\nsteps:\n  - send: AT\n');
    const second = spawn(require('electron') as unknown as string, ['out/main/index.js', `--user-data-dir=${userData}`, file], { cwd: process.cwd(), stdio: 'ignore' });
    const code = await new Promise<number | null>((resolve) => second.once('exit', (c) => resolve(c)));
    expect(code).toBe(0);
    await expect(page.getByTestId('batches-view')).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('batch-filename')).toHaveValue('handed-over.mbatch.yaml');
    await expect(page.getByTestId('batch-editor')).toContainText('name: handed over');
  } finally {
    await app.close();
  }
});
