import { expect, openBench, shot, test } from './fixtures';

test('dark theme applies live, invalid values are refused at the field', async ({ page }) => {
  await openBench(page, 16);
  await page.getByTestId('rail-settings').click();
  await page.getByTestId('theme-dark').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  const short = page.getByTestId('setting-timeouts.short');
  await short.fill('5');
  await short.press('Enter');
  await expect(page.getByTestId('setting-error-timeouts.short')).toBeVisible();
  await shot(page, 'settings-dark');

  await page.getByTestId('rail-bench').click();
  await page.getByTestId('bench-row').nth(0).click();
  await page.getByTestId('bench-row').nth(3).click({ modifiers: ['Shift'] });
  await shot(page, 'bench-dark');
  await page.getByTestId('bench-row').nth(0).click();
  await page.getByTestId('toolbar-open-consoles').click();
  const input = page.getByTestId('console-input');
  await input.fill('AT+QENG="servingcell"');
  await input.press('Enter');
  await expect(page.getByTestId('console-result')).toHaveAttribute('data-status', /ok|error/);
  await shot(page, 'console-dark');

  await page.getByTestId('rail-settings').click();
  await page.getByTestId('theme-system').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'system');
});

test('logs view shows the log file and reveal answers', async ({ page }) => {
  await openBench(page, 16);
  await page.getByTestId('rail-logs').click();
  await expect(page.getByTestId('logs-file')).toHaveText(/\S/);
  await page.getByTestId('logs-reveal').click();
  await expect(page.getByRole('status')).toBeVisible();
});
