/**
 * Issue 14 defect 7: identity is read again after reboots and
 * re-enumeration and while a field is unknown. With the faults
 * (`--faults all --seed 3`) one modem's first IMEI read and another's
 * AT+QGMR are lost; before the fix they kept "—" and a base revision
 * (a false firmware group) for good.
 */
import { expect, test } from '@playwright/test';
import { startServer, type OwnServer } from './own-server';

test('under faults every modem ends up with its IMEI and its full firmware revision', async ({ page }) => {
  test.setTimeout(180_000);
  let server: OwnServer | null = null;
  try {
    server = await startServer(['--sim', '16', '--faults', 'all', '--seed', '3']);
    await page.goto(server.url);
    await expect(page.getByTestId('bench-row')).toHaveCount(16, { timeout: 30_000 });
    // Health polls run every 30 s by default; a missed field is asked again on one of them.
    await expect
      .poll(
        async () =>
          (await page.getByTestId('cell-imei').allTextContents()).filter((t) => !/^\d{15}$/.test(t.trim())).length,
        { message: 'rows without an IMEI', timeout: 120_000, intervals: [2_000] },
      )
      .toBe(0);
    await expect
      .poll(async () => (await page.getByTestId('cell-firmware').allTextContents()).filter((t) => !/_\d/.test(t)).length, {
        message: 'rows whose firmware lacks its sub-build',
        timeout: 120_000,
        intervals: [2_000],
      })
      .toBe(0);
  } finally {
    await server?.stop();
  }
});
