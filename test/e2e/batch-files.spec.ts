/** Issue 14: the batch editor opens a file from disk and saves it back (the browser's file dialogs). */
import { readFileSync } from 'node:fs';
import type { Download } from '@playwright/test';
import { expect, test } from './fixtures';

const FILE = `version: 1
name: From disk
modems: all
steps:
  - send: ATI
    expect: ok
  - send: AT+CSQ
    expect: ok
`;

test('Open… loads a YAML file into the editor and validates it; Save downloads it under its name', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('Alt+3');
  await page.getByTestId('batch-open-input').setInputFiles({ name: 'from-disk.yaml', mimeType: 'application/yaml', buffer: Buffer.from(FILE) });
  await expect(page.getByTestId('batch-filename')).toHaveValue('from-disk.yaml');
  await expect(page.getByTestId('batch-editor')).toContainText('name: From disk');
  await expect(page.getByTestId('batch-steps').locator('li')).toHaveCount(2);
  await expect(page.getByTestId('batch-valid')).toHaveAttribute('data-state', 'ok');
  const [d] = (await Promise.all([page.waitForEvent('download'), page.getByTestId('batch-save').click()])) as [Download, void];
  expect(d.suggestedFilename()).toBe('from-disk.yaml');
  expect(readFileSync((await d.path())!, 'utf8')).toBe(FILE);
});
