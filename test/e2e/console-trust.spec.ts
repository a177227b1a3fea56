/**
 * Issue 14, defects 8 and 10 (console parts): background traffic is marked
 * and hidden unless asked for, a final ERROR is drawn in the error colour,
 * 16 open tabs leave the split switch and "Close all" on screen, and the
 * autocomplete does not come back over the transcript after a view change.
 */
import type { SettingsView } from '../../src-preload/contract';
import { expect, openBench, test } from './fixtures';

test.use({ viewport: { width: 1280, height: 800 } });

test('health polls are marked background and hidden until the toggle shows them; ERROR is in the error colour', async ({ page, api }) => {
  const before = await api.invoke<SettingsView>('settings.get', {});
  expect(before.ok).toBe(true);
  const pollMs = before.ok ? before.value.healthPollMs : 30_000;
  // Polls every second so a few land while the console is open.
  expect((await api.invoke('settings.update', { healthPollMs: 1000 })).ok).toBe(true);
  try {
    await openBench(page, 16);
    await page.getByTestId('bench-row').nth(2).click();
    await page.getByTestId('toolbar-open-consoles').click();
    const input = page.getByTestId('console-input');
    await input.fill('AT+QNOSUCH');
    await input.press('Enter');
    await expect(page.getByTestId('console-result')).toHaveAttribute('data-status', 'error');
    const errorLine = page.getByTestId('console-line').filter({ hasText: /^.*ERROR$/ }).last();
    await expect(errorLine).toHaveAttribute('data-kind', 'error');
    const colours = await page.evaluate(() => {
      const line = [...document.querySelectorAll('[data-testid="console-line"]')].reverse().find((l) => l.textContent?.trim().endsWith('ERROR'))!;
      const ok = [...document.querySelectorAll('[data-testid="console-line"]')].find((l) => l.textContent?.trim().endsWith('OK'));
      const legend = document.querySelector('.legend .lg.error')!;
      return { line: getComputedStyle(line).color, legend: getComputedStyle(legend).color, ok: ok ? getComputedStyle(ok).color : null };
    });
    expect(colours.line).toBe(colours.legend);
    expect(colours.line).not.toBe(colours.ok);

    // Hidden by default: no poll command shows, though polls run every second.
    const toggle = page.getByTestId('console-show-bg');
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await toggle.click();
    const healthLines = page.locator('[data-testid="console-line"][data-bg="health"]');
    await expect(healthLines.filter({ hasText: 'AT+QTEMP' }).first()).toBeVisible();
    await toggle.click();
    await expect(healthLines).toHaveCount(0);
    await expect(page.getByTestId('console-line').filter({ hasText: 'AT+QTEMP' })).toHaveCount(0);
    // Our own command stays.
    await expect(page.getByTestId('console-line').filter({ hasText: 'AT+QNOSUCH' }).first()).toHaveAttribute('data-kind', 'tx');
  } finally {
    await api.invoke('settings.update', { healthPollMs: pollMs });
  }
});

test('with every modem open, the split switch and Close all stay on screen, and Close all closes them', async ({ page }) => {
  await openBench(page, 16);
  await page.getByTestId('bench-row').first().click();
  await page.keyboard.press('Control+a');
  await page.getByTestId('toolbar-open-consoles').click();
  await expect(page.getByTestId('console-tab')).toHaveCount(16);
  const vw = page.viewportSize()!.width;
  for (const id of ['split-4', 'console-close-all']) {
    await expect(page.getByTestId(id)).toBeVisible();
    const box = (await page.getByTestId(id).boundingBox())!;
    expect(box.x + box.width, `${id} right edge`).toBeLessThanOrEqual(vw);
    // One line of text: a squeezed control wraps its label.
    expect(box.height, `${id} height`).toBeLessThan(32);
  }
  await page.getByTestId('split-4').click();
  await expect(page.getByTestId('console-pane')).toHaveCount(4);
  await page.getByTestId('console-close-all').click();
  await expect(page.getByTestId('console-tab')).toHaveCount(0);
  await expect(page.getByTestId('console-pane')).toHaveCount(0);
});

test('the autocomplete does not reopen over the transcript after a view change', async ({ page }) => {
  await openBench(page, 16);
  await page.getByTestId('bench-row').nth(3).click();
  await page.getByTestId('toolbar-open-consoles').click();
  const input = page.getByTestId('console-input');
  await input.pressSequentially('AT+CS');
  await expect(page.getByTestId('console-suggestions')).toBeVisible();
  await page.keyboard.press('Alt+1');
  await expect(page.getByTestId('bench-row')).toHaveCount(16);
  await page.keyboard.press('Alt+2');
  await expect(input).toHaveValue('AT+CS');
  await expect(page.getByTestId('console-suggestions')).toHaveCount(0);
  // Typing opens it again.
  await input.focus();
  await input.press('Backspace');
  await expect(page.getByTestId('console-suggestions')).toBeVisible();
});
