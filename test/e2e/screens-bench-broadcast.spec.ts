/**
 * Screenshots of the Bench and Broadcast pages at 1280x800, light and dark,
 * for looking at (test-results/screenshots/, not committed). The checks are
 * the ones a screenshot would otherwise hide: nothing scrolls sideways.
 */
import type { Page } from '@playwright/test';
import { expect, openBench, shot, test } from './fixtures';

test.use({ viewport: { width: 1280, height: 800 } });

async function noSideScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'the page scrolls sideways').toBeLessThanOrEqual(0);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`bench and broadcast at 1280x800, ${scheme}`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openBench(page, 16);
    await page.getByTestId('bench-row').nth(2).click();
    await page.getByTestId('bench-row').nth(5).click({ modifiers: ['Shift'] });
    await noSideScroll(page);
    await shot(page, `h7-bench-1280-${scheme}`);

    await page.getByTestId('toolbar-sim').click();
    await shot(page, `h7-bench-sim-menu-1280-${scheme}`);
    await page.keyboard.press('Escape');

    await page.getByTestId('bench-table').focus();
    await page.keyboard.press('Control+a');
    await page.getByTestId('toolbar-broadcast').click();
    const input = page.getByTestId('broadcast-input');
    await input.fill('AT+QENG="servingcell"');
    await input.press('Enter');
    await expect(page.getByTestId('broadcast-result')).toHaveCount(16);
    await noSideScroll(page);
    await shot(page, `h7-broadcast-qeng-1280-${scheme}`);

    await input.fill('ATI');
    await input.press('Enter');
    await expect(page.getByTestId('broadcast-summary')).toContainText('ATI');
    await expect(page.getByTestId('broadcast-result')).toHaveCount(16);
    await shot(page, `h7-broadcast-ati-1280-${scheme}`);
  });
}
