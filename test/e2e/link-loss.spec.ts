/**
 * Issue 14 defect 2: a dead server must not look like a live bench. The page
 * stays open while its server is killed: every live value turns visibly
 * stale with the time of loss, the status bar stops claiming modems online,
 * and when a server is back every value is read again (here a different
 * bench, so stale rows cannot pass for fresh ones).
 */
import { expect, test } from '@playwright/test';
import { shot } from './fixtures';
import { startServer, type OwnServer } from './own-server';

test('killing the server greys the bench, stops the counters, and a reconnect re-reads everything', async ({ page }) => {
  test.setTimeout(120_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  let server: OwnServer | null = await startServer(['--sim', '4']);
  try {
    await page.goto(server.url);
    await expect(page.getByTestId('bench-row')).toHaveCount(4);
    await expect(page.getByTestId('status-online')).toContainText('4/4', { timeout: 20_000 });

    const port = server.port;
    await server.stop();
    server = null;

    const bar = page.getByTestId('status-bar');
    await expect(bar).toHaveAttribute('data-connection', /disconnected|connecting/);
    // The counters stop claiming: no "4/4 online", no commands per second.
    await expect(page.getByTestId('status-online')).not.toContainText('4/4');
    await expect(page.getByTestId('status-online')).toContainText('unknown');
    await expect(page.getByTestId('status-rate')).toContainText('—');
    // Every live value is visibly stale, with the time it was last known.
    await expect(page.getByTestId('bench-table')).toHaveAttribute('data-stale', 'true');
    await expect(page.getByTestId('link-lost')).toContainText(/last known.*\d{2}:\d{2}:\d{2}/i);
    const opacity = await page.getByTestId('bench-row').first().evaluate((el) => Number(getComputedStyle(el).opacity));
    expect(opacity).toBeLessThan(0.8);
    for (const row of await page.getByTestId('bench-row').all()) await expect(row).toHaveAttribute('data-stale', 'true');
    // "Last seen: now" would claim a live link: a clock time instead.
    await expect(page.getByTestId('cell-lastSeen').first()).toHaveText(/^\d{2}:\d{2}:\d{2}$/);
    await shot(page, 'h7-bench-link-lost');

    // Back, with another bench: the page reads it all again rather than keep the old rows.
    server = await startServer(['--sim', '2'], port);
    await page.getByTestId('link-lost').getByRole('button', { name: /retry now/i }).click();
    await expect(bar).toHaveAttribute('data-connection', 'connected', { timeout: 20_000 });
    await expect(page.getByTestId('bench-row')).toHaveCount(2, { timeout: 20_000 });
    await expect(page.getByTestId('status-online')).toContainText('2/2', { timeout: 20_000 });
    await expect(page.getByTestId('bench-table')).toHaveAttribute('data-stale', 'false');
    await expect(page.getByTestId('link-lost')).toHaveCount(0);
  } finally {
    await server?.stop();
  }
  expect(pageErrors).toEqual([]);
});
