/**
 * Console features of issue 14: text for a `> ` prompt through the engine's
 * prompt flow, the shared dangerous-command classifier behind the double
 * Enter, macros with waits, logging to a file, hex with ASCII, dates on
 * demand, and saving the transcript.
 */
import { readFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';
import { expect, openBench, test } from './fixtures';

test.use({ viewport: { width: 1280, height: 800 } });

async function openConsole(page: Page, row: number): Promise<void> {
  await openBench(page, 16);
  await page.getByTestId('bench-row').nth(row).click();
  await page.getByTestId('toolbar-open-consoles').click();
  await expect(page.getByTestId('console-pane')).toHaveCount(1);
}

async function send(page: Page, command: string): Promise<void> {
  const input = page.getByTestId('console-input');
  await input.fill(command);
  await input.press('Enter');
}

test('AT+CMGS takes its text in the console and sends it with Ctrl+Z through the prompt flow', async ({ page }) => {
  await openConsole(page, 4);
  await send(page, 'AT+CMGF=1');
  await expect(page.getByTestId('console-result')).toHaveAttribute('data-status', 'ok');
  await send(page, 'AT+CMGS="+4915112345678"');
  const body = page.getByTestId('console-body-text');
  await expect(body).toBeFocused();
  await body.fill('hello bench');
  await body.press('Control+z');
  await expect(page.getByTestId('console-result')).toHaveAttribute('data-status', 'ok', { timeout: 20_000 });
  await expect(page.getByTestId('console-result')).toContainText('AT+CMGS');
  await expect(page.getByTestId('console-line').filter({ hasText: /^.*\+CMGS: \d+/ }).first()).toBeVisible();
  // Esc leaves the text entry without sending.
  await send(page, 'AT+CMGS="+4915112345678"');
  await expect(body).toBeVisible();
  await body.press('Escape');
  await expect(page.getByTestId('console-body')).toHaveCount(0);
  await expect(page.getByTestId('console-input')).toBeFocused();
});

test('a dangerous command hidden in a command line needs the second Enter (the shared classifier)', async ({ page }) => {
  await openConsole(page, 5);
  const input = page.getByTestId('console-input');
  await input.fill('AT+CSQ;+QPOWD');
  await input.press('Enter');
  await expect(page.getByTestId('console-armed')).toContainText('AT+QPOWD');
  await expect(page.getByTestId('console-running')).toHaveCount(0);
  await expect(page.getByTestId('console-line').filter({ hasText: 'QPOWD' })).toHaveCount(0);
  await input.press('Escape');
  await expect(page.getByTestId('console-armed')).toHaveCount(0);
  await expect(input).toHaveValue('AT+CSQ;+QPOWD');
});

test('a macro sends its commands in order with the wait between; logging, hex + ASCII, dates and Save', async ({ page }) => {
  await openConsole(page, 6);
  // Log to a file from now on.
  const log = page.getByTestId('console-log-file');
  await log.click();
  await expect(log).toHaveAttribute('aria-pressed', 'true');
  const path = /Logging every line to (.+) — click to stop/.exec((await log.getAttribute('title'))!)![1]!;

  await page.getByTestId('console-macros').click();
  await page.getByTestId('macro-new').click();
  await page.getByTestId('macro-name').fill('Look');
  await page.getByTestId('macro-text').fill('ATI\nwait 300ms\nAT+CGMR\n');
  await page.getByTestId('macro-save').click();
  await page.getByTestId('macro-item').and(page.locator('[data-name="Look"]')).getByTestId('macro-run').click();
  await expect(page.getByTestId('macro-running')).toBeVisible();
  await expect(page.getByTestId('macro-running')).toHaveCount(0, { timeout: 20_000 });
  await expect(page.getByTestId('console-result')).toContainText('AT+CGMR');
  const tx = page.locator('[data-testid="console-line"][data-kind="tx"]');
  await expect(tx.filter({ hasText: /^.*ATI$/ }).first()).toBeVisible();
  await expect(tx.filter({ hasText: 'AT+CGMR' }).first()).toBeVisible();

  await expect.poll(() => readFileSync(path, 'latin1')).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z {2}tx {6}AT\+CGMR$/m);

  await page.getByTestId('console-hex').click();
  await expect(tx.filter({ hasText: '41 54 2B 43 47 4D 52 0D' }).first()).toContainText('AT+CGMR.');
  await page.getByTestId('console-full-date').click();
  await expect(tx.first().locator('.ts')).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);

  const [d] = (await Promise.all([page.waitForEvent('download'), page.getByTestId('console-save').click()])) as [Download, void];
  expect(d.suggestedFilename()).toMatch(/^console-.+\.log$/);
  expect(readFileSync((await d.path())!, 'utf8')).toContain('AT+CGMR.');
  await log.click();
  await expect(log).toHaveAttribute('aria-pressed', 'false');
});
