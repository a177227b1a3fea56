/**
 * Runs last (alphabetical order, one worker): it stops and restarts the
 * simulated bench, so it checks the empty state and 256 rows in one go.
 */
import { expect, openBench, shot, test } from './fixtures';

test('empty state starts a simulated bench; 256 rows stay virtualized', async ({ page }) => {
  test.setTimeout(180_000);
  await openBench(page, 16);
  await page.getByTestId('toolbar-sim').click();
  await page.getByTestId('sim-stop').click();
  await expect(page.getByTestId('bench-empty')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('bench-empty')).toContainText('No modems found');
  await expect(page.getByTestId('status-online')).toContainText('0/0');
  await shot(page, 'bench-empty');

  await page.getByTestId('sim-count').fill('256');
  await page.getByTestId('sim-start').click();
  await expect(page.getByTestId('bench-count')).toHaveText(/256 modems/, { timeout: 120_000 });
  const rendered = await page.getByTestId('bench-row').count();
  expect(rendered, 'only the visible rows are in the DOM').toBeLessThan(60);

  // Scroll to the end with the keyboard: the last row renders, the header stays.
  await page.getByTestId('bench-row').first().click();
  await page.keyboard.press('End');
  await expect(page.getByTestId('bench-selection')).toHaveText('1 selected');
  await expect(page.getByTestId('col-label')).toBeInViewport();
  const last = page.getByTestId('bench-row').last();
  await expect(last).toBeInViewport();
  await expect(last).toContainText(/sim255/);
  await shot(page, 'bench-256');

  // Smoothness: a full scroll, 4 rows a frame, once the new modems have settled.
  // Headless Chromium rasterizes in software here, so the bound only catches
  // gross regressions (e.g. every row rendered); the figure is reported.
  await expect(page.getByTestId('status-online')).toContainText('256/256', { timeout: 60_000 });
  const ms = await page.getByTestId('bench-table').evaluate(async (el) => {
    const t0 = performance.now();
    let frames = 0;
    for (let y = 0; y <= el.scrollHeight; y += 120) {
      el.scrollTop = el.scrollHeight - y;
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      frames++;
    }
    return (performance.now() - t0) / frames;
  });
  test.info().annotations.push({ type: 'scroll-frame-ms', description: ms.toFixed(1) });
  console.log(`mean frame while scrolling 256 rows: ${ms.toFixed(1)} ms`);
  expect(ms, 'mean frame time while scrolling 256 rows').toBeLessThan(150);

  // Back to the 16 the other specs expect, should they run again against this server.
  await page.getByTestId('toolbar-sim').click();
  await page.getByTestId('sim-stop').click();
  await expect(page.getByTestId('bench-empty')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('sim-count').fill('16');
  await page.getByTestId('sim-start').click();
  await expect(page.getByTestId('bench-row')).toHaveCount(16, { timeout: 60_000 });
});
