import { expect, openBench, shot, test } from './fixtures';

test('broadcast of ATI to 8 selected modems shows 8 answers', async ({ page }) => {
  await openBench(page, 16);
  const rows = page.getByTestId('bench-row');
  await rows.nth(0).click();
  await rows.nth(7).click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('bench-selection')).toHaveText('8 selected');
  await page.getByTestId('toolbar-broadcast').click();

  const input = page.getByTestId('broadcast-input');
  await input.fill('ATI');
  await input.press('Enter');
  const results = page.getByTestId('broadcast-result');
  await expect(results).toHaveCount(8);
  for (let i = 0; i < 8; i++) {
    await expect(results.nth(i)).toHaveAttribute('data-status', 'ok');
  }
  await expect(page.getByTestId('broadcast-summary')).toContainText('8 ok');
  await shot(page, 'broadcast');
});
