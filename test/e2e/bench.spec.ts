import { expect, openBench, shot, test } from './fixtures';

test('the bench lists every simulated modem with its identity', async ({ page }) => {
  await openBench(page, 16);
  const rows = page.getByTestId('bench-row');
  for (let i = 0; i < 16; i++) {
    const row = rows.nth(i);
    await expect(row).toHaveAttribute('data-modem-id', /.+/);
    await expect(row.getByTestId('cell-imei')).toHaveText(/^\d{15}$/);
    await expect(row.getByTestId('cell-model')).toHaveText(/^EC25/);
  }
  await expect(page.getByTestId('status-online')).toContainText('16/16');
  await expect(page.getByTestId('status-transport')).toContainText('Browser');
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-connection', 'connected');
  await shot(page, 'bench');
});

test('filter, sort and Ctrl+A selection drive the toolbar', async ({ page }) => {
  await openBench(page, 16);
  const firstImei = (await page.getByTestId('cell-imei').first().textContent())!;
  await page.getByTestId('bench-filter').fill(firstImei.slice(-6));
  await expect(page.getByTestId('bench-row')).toHaveCount(1);
  await page.getByTestId('bench-filter').fill('');
  await expect(page.getByTestId('bench-row')).toHaveCount(16);

  await page.getByTestId('bench-table').focus();
  await page.keyboard.press('Control+a');
  await expect(page.getByTestId('bench-selection')).toHaveText('16 selected');
  await expect(page.getByTestId('toolbar-broadcast')).toBeEnabled();

  await page.getByTestId('col-imei').click();
  await page.getByTestId('col-imei').click();
  await expect(page.getByTestId('col-imei')).toHaveAttribute('aria-sort', 'descending');
});

test('the command palette finds a modem by IMEI tail, opens its page and its console', async ({ page }) => {
  await openBench(page, 16);
  const row = page.getByTestId('bench-row').nth(3);
  const id = (await row.getAttribute('data-modem-id'))!;
  const imei = (await row.getByTestId('cell-imei').textContent())!;
  await page.keyboard.press('Control+k');
  await page.getByTestId('palette-input').fill(imei.slice(-5));
  await expect(page.getByTestId('palette-item').first()).toContainText(imei.slice(-5));
  await shot(page, 'palette');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('modem-page')).toHaveAttribute('data-modem-id', id);
  await page.getByTestId('modem-open-console').click();
  await expect(page.getByTestId('console-pane')).toHaveAttribute('data-modem-id', id);
});

test('the Batches and Performance views are reachable from the rail', async ({ page }) => {
  await openBench(page, 16);
  await page.getByTestId('rail-batches').click();
  await expect(page.getByTestId('batches-view')).toBeVisible();
  await expect(page.getByTestId('placeholder')).toHaveCount(0);
  await page.getByTestId('rail-performance').click();
  await expect(page.getByTestId('performance-view')).toBeVisible();
  await expect(page.getByTestId('placeholder')).toHaveCount(0);
});
