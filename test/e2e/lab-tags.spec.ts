/**
 * Issue 14 feature: lab tags (slot names) set by the engineer on the bench,
 * kept per IMEI across a restart of the server, found by the filter and by
 * batch selectors (`modems: {tag: …}`).
 */
import { expect, test } from '@playwright/test';
import { openContractSocket } from './fixtures';
import { startServer, type OwnServer } from './own-server';

test('a tag set on the bench survives a restart and selects the modem in a batch file', async ({ page }) => {
  test.setTimeout(120_000);
  let server: OwnServer | null = await startServer(['--sim', '4']);
  try {
    await page.goto(server.url);
    const rows = page.getByTestId('bench-row');
    await expect(rows).toHaveCount(4);
    const row = rows.nth(2);
    const id = (await row.getAttribute('data-modem-id'))!;
    await row.click();
    await page.getByTestId('toolbar-tags').click();
    await page.getByTestId('tags-input').fill('A3 shelf-2');
    await page.getByTestId('tags-save').click();
    const tagged = page.locator(`[data-testid="bench-row"][data-modem-id="${id}"]`);
    await expect(tagged.getByTestId('lab-tag')).toHaveText(['A3', 'shelf-2']);

    await page.getByTestId('bench-filter').fill('shelf-2');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute('data-modem-id', id);

    // Restart on the same data directory: the tags come back with the modem's IMEI.
    const { port, dir } = server;
    await server.stop();
    server = await startServer(['--sim', '4'], port, dir);
    await page.goto(server.url);
    await expect(rows).toHaveCount(4);
    await expect(page.locator(`[data-testid="bench-row"][data-modem-id="${id}"]`).getByTestId('lab-tag')).toHaveText(['A3', 'shelf-2']);

    const api = await openContractSocket(server.url);
    try {
      const v = await api.invoke<{ ok: boolean; selected: number }>('batch.validate', { text: 'version: 1\nmodems: {tag: A3}\nsteps:\n  - send: AT\n    expect: ok\n' });
      expect(v.ok && v.value).toMatchObject({ ok: true, selected: 1 });
    } finally {
      api.close();
    }
  } finally {
    await server?.stop();
  }
});
