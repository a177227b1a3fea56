/**
 * One ModemId per modem (issue 12): the Performance view finds a modem's
 * figures by its id, so they stay with it when its label changes (the
 * engineer names its slot), and it shows the label, never the id.
 */
import { expect, test } from '@playwright/test';
import { startServer, type OwnServer } from './own-server';

test('a modem renamed by its slot tag keeps its Performance row and line, shown by its new label', async ({ page }) => {
  test.setTimeout(120_000);
  const server: OwnServer = await startServer(['--sim', '4']);
  try {
    await page.goto(server.url);
    const rows = page.getByTestId('bench-row');
    await expect(rows).toHaveCount(4);
    const row = rows.nth(1);
    const id = (await row.getAttribute('data-modem-id'))!;
    expect(id).toMatch(/^\d{15}$/);
    await row.click();
    await page.getByTestId('toolbar-tags').click();
    await page.getByTestId('tags-input').fill('Z9 shelf-4');
    await page.getByTestId('tags-save').click();
    await expect(page.locator(`[data-testid="bench-row"][data-modem-id="${id}"]`).getByTestId('lab-tag')).toHaveText(['Z9', 'shelf-4']);

    // Traffic after the rename lands in the same figures.
    await page.getByTestId('toolbar-broadcast').click();
    const input = page.getByTestId('broadcast-input');
    for (const c of ['ATI', 'AT+CSQ']) {
      await input.fill(c);
      await input.press('Enter');
      await expect(page.getByTestId('broadcast-summary')).toContainText('1 ok');
    }

    await page.getByTestId('rail-performance').click();
    const perfRow = page.locator(`tr[data-modem-id="${id}"]`);
    await expect(perfRow.locator('td').first()).toHaveText('Z9');
    await expect(perfRow.locator('td').nth(1)).not.toHaveText('0');
    // The selected modem's line is found by its id, named by its label.
    await expect(page.getByTestId('chart-modem-latency')).toHaveAttribute('data-empty', 'false');
    await expect(page.getByTestId('chart-modem-latency')).toContainText('Z9');
    // No table row is named by an internal key.
    await expect(page.locator('tr[data-modem-id] td:first-child').filter({ hasText: /^(mdm|m)\d+$|^\d{15}$/ })).toHaveCount(0);
  } finally {
    await server.stop();
  }
});
