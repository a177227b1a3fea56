/**
 * Health and recovery in the UI: the health column, the modem page, manual
 * ladder steps behind a confirmation, and the timeline they leave. The
 * simulated modem really reboots on a soft reset (AT+CFUN=1,1), so that test
 * waits for its ports to come back.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, openBench, shot, test } from './fixtures';

function rowOf(page: Page, id: string): Locator {
  return page.locator(`[data-testid="bench-row"][data-modem-id="${id}"]`);
}

/** How many entries of each kind+step the open page's timeline has, once it has loaded. */
async function timelineCounts(page: Page): Promise<Map<string, number>> {
  await expect(page.getByTestId('modem-timeline')).toHaveAttribute('data-loaded', 'true');
  const keys = await page.getByTestId('timeline-event').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-kind')}:${e.getAttribute('data-step')}`));
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

/** Entries added since `before` (the server may already hold a timeline for this modem, e.g. on --repeat-each). */
async function added(page: Page, before: Map<string, number>, kind: string, step = ''): Promise<void> {
  const n = before.get(`${kind}:${step}`) ?? 0;
  await expect.poll(() => event(page, kind, step || undefined).count(), { message: `a new ${kind} ${step} entry`, timeout: 45_000 }).toBeGreaterThan(n);
}

function event(page: Page, kind: string, step?: string): Locator {
  const sel = `[data-testid="timeline-event"][data-kind="${kind}"]${step ? `[data-step="${step}"]` : ''}`;
  return page.getByTestId('modem-timeline').locator(sel);
}

test('every simulated modem shows a healthy health pill; the column sorts', async ({ page }) => {
  await openBench(page, 16);
  const pills = page.getByTestId('bench-row').getByTestId('health-pill');
  await expect(pills).toHaveCount(16);
  for (let i = 0; i < 16; i++) {
    await expect(pills.nth(i)).toHaveAttribute('data-health', 'healthy', { timeout: 20_000 });
    await expect(pills.nth(i)).toBeVisible();
  }
  await expect(page.getByTestId('breaker-badge')).toHaveCount(0);
  const cell = page.getByTestId('bench-row').first().getByTestId('health-cell');
  await expect(cell).toHaveAttribute('title', /Health: healthy/);
  await cell.hover();
  await expect(page.getByRole('tooltip')).toContainText('healthy');
  await shot(page, 'health-column');

  await page.getByTestId('col-health').click();
  await expect(page.getByTestId('col-health')).toHaveAttribute('aria-sort', 'ascending');
  await page.getByTestId('col-health').click();
  await expect(page.getByTestId('col-health')).toHaveAttribute('aria-sort', 'descending');
});

test('reopen from the modem page: confirmation, timeline, back to idle and healthy', async ({ page }) => {
  await openBench(page, 16);
  const row = page.getByTestId('bench-row').nth(5);
  const id = (await row.getAttribute('data-modem-id'))!;
  await expect(row.getByTestId('health-pill')).toHaveAttribute('data-health', 'healthy', { timeout: 20_000 });

  await row.dblclick();
  const modemPage = page.getByTestId('modem-page');
  await expect(modemPage).toHaveAttribute('data-modem-id', id);
  await expect(page.getByTestId('modem-ports')).toContainText('at');
  await expect(page.getByTestId('modem-timeline')).toBeVisible();

  await page.getByTestId('modem-ladder').click();
  await page.getByTestId('ladder-reopen').click();
  const dialog = page.getByTestId('recover-confirm');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Reopen closes and reopens the AT port');
  // Esc backs out without running anything.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(modemPage).toBeVisible();

  const before = await timelineCounts(page);
  await page.getByTestId('modem-ladder').click();
  await page.getByTestId('ladder-reopen').click();
  await page.getByTestId('recover-ok').click();
  await expect(dialog).toHaveCount(0);

  await added(page, before, 'step-start', 'reopen');
  await added(page, before, 'step-ok', 'reopen');
  await added(page, before, 'recovered', 'reopen');
  await expect(page.getByTestId('recover-outcome')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('ladder-step').and(page.locator('[data-step="reopen"]'))).toHaveAttribute('data-status', 'ok');
  await expect(rowOf(page, id).getByTestId('state-pill')).toHaveAttribute('data-state', /idle|busy/);
  await expect(rowOf(page, id).getByTestId('health-pill')).toHaveAttribute('data-health', 'healthy');
  // Newest first: "recovered" sits above "step-start".
  const kinds = await page.getByTestId('timeline-event').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
  expect(kinds.indexOf('recovered')).toBeGreaterThanOrEqual(0);
  expect(kinds.indexOf('recovered')).toBeLessThan(kinds.indexOf('step-start'));
  await shot(page, 'modem-page-reopen');

  await page.keyboard.press('Escape');
  await expect(modemPage).toHaveCount(0);
});

test('soft reset reboots the modem: progress, reattach, recovered', async ({ page }) => {
  test.setTimeout(90_000);
  await openBench(page, 16);
  const row = page.getByTestId('bench-row').nth(7);
  const id = (await row.getAttribute('data-modem-id'))!;
  await expect(row.getByTestId('health-pill')).toHaveAttribute('data-health', 'healthy', { timeout: 20_000 });

  // Keyboard: click to put the cursor on the row, Enter opens its page.
  await row.click();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('modem-page')).toHaveAttribute('data-modem-id', id);

  const before = await timelineCounts(page);
  await page.getByTestId('modem-ladder').click();
  await page.getByTestId('ladder-soft-reset').click();
  const dialog = page.getByTestId('recover-confirm');
  await expect(dialog).toContainText('Soft reset sends AT+CFUN=1,1: the modem reboots and its ports re-enumerate; commands wait');
  // A rebooting step puts the focus on Cancel: Enter alone must not reset.
  await expect(page.getByTestId('recover-cancel')).toBeFocused();
  await page.getByTestId('recover-ok').click();

  await expect(page.getByTestId('recover-progress')).toHaveAttribute('data-running', 'true');
  await expect(rowOf(page, id).getByTestId('state-pill')).toHaveAttribute('data-state', 'recovering', { timeout: 10_000 });
  await added(page, before, 'step-start', 'soft-reset');
  await shot(page, 'modem-page-soft-reset-running');

  await added(page, before, 'reattach');
  await added(page, before, 'recovered', 'soft-reset');
  await expect(page.getByTestId('recover-progress')).toHaveAttribute('data-running', 'false');
  await expect(page.getByTestId('recover-outcome')).toHaveAttribute('data-ok', 'true');
  await expect(rowOf(page, id).getByTestId('state-pill')).toHaveAttribute('data-state', /idle|busy/, { timeout: 15_000 });
  // Back in service means healthy again: a poll refused during the reset is not held against it.
  await expect(rowOf(page, id).getByTestId('health-pill')).toHaveAttribute('data-health', 'healthy', { timeout: 30_000 });
  await shot(page, 'modem-page-soft-reset');
});

test('dark theme: health column and modem page', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openBench(page, 16);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'system');
  const row = page.getByTestId('bench-row').nth(7);
  await row.dblclick();
  await expect(page.getByTestId('modem-page')).toBeVisible();
  await expect(page.getByTestId('timeline-event').first()).toBeVisible();
  await shot(page, 'modem-page-dark');
  await page.getByTestId('modem-page-close').click();
  await expect(page.getByTestId('modem-page')).toHaveCount(0);
  await expect(page.getByTestId('bench-table')).toBeFocused();
  await shot(page, 'health-column-dark');
});
