/**
 * Issue 14 defect 10 (bench parts), at the 1280x800 the review used: the
 * toolbar stays on one line with Queue / Last seen / Ports on screen, the
 * "Simulated bench" menu is not clipped by the rail, health reasons show
 * without hovering, and the Signal column shows RSRP when the modem has it.
 */
import { expect, openBench, shot, test } from './fixtures';

test.use({ viewport: { width: 1280, height: 800 } });

test('at 1280 px the toolbar stays on one line and Queue, Last seen and Ports are on screen', async ({ page }) => {
  await openBench(page, 16);
  const ids = ['bench-filter', 'toolbar-open-consoles', 'toolbar-broadcast', 'toolbar-ladder', 'toolbar-columns', 'toolbar-sim'];
  const centres: number[] = [];
  for (const id of ids) {
    const b = (await page.getByTestId(id).boundingBox())!;
    centres.push(Math.round(b.y + b.height / 2));
  }
  expect(new Set(centres).size, `toolbar rows at y=${centres.join(',')}`).toBe(1);
  for (const col of ['col-queue', 'col-lastSeen', 'col-ports']) {
    const b = (await page.getByTestId(col).boundingBox())!;
    expect(b.x + b.width, `${col} right edge`).toBeLessThanOrEqual(1280);
    await expect(page.getByTestId(col)).toBeInViewport({ ratio: 1 });
  }
  await shot(page, 'bench-1280');
});

test('the Simulated bench menu opens whole, clear of the rail', async ({ page }) => {
  await openBench(page, 16);
  await page.getByTestId('toolbar-sim').click();
  const panel = page.getByRole('dialog', { name: 'Simulated bench' });
  await expect(panel).toBeVisible();
  const p = (await panel.boundingBox())!;
  const rail = (await page.getByTestId('app-rail').boundingBox())!;
  expect(p.x, 'panel left edge vs the rail').toBeGreaterThanOrEqual(rail.x + rail.width);
  expect(p.x + p.width).toBeLessThanOrEqual(1280);
  // Nothing covers it: the topmost element at its left edge belongs to the panel.
  const onTop = await page.evaluate(({ x, y }) => {
    const el = document.elementFromPoint(x, y);
    return !!el?.closest('[role="dialog"]');
  }, { x: p.x + 4, y: p.y + p.height / 2 });
  expect(onTop).toBe(true);
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
});

test('the Signal column shows RSRP when the modem reports it', async ({ page, api }) => {
  await openBench(page, 16);
  const list = await api.invoke<{ modems: { id: string; signal: { rsrp: number | null; rssiDbm: number | null } | null }[] }>('bench.list', {});
  expect(list.ok).toBe(true);
  const withRsrp = list.ok ? list.value.modems.filter((m) => m.signal?.rsrp != null) : [];
  expect(withRsrp.length).toBeGreaterThan(0);
  for (const m of withRsrp.slice(0, 4)) {
    const cell = page.locator(`[data-testid="bench-row"][data-modem-id="${m.id}"]`).locator('.sig');
    await expect(cell).toContainText(`${m.signal!.rsrp}`);
    await expect(cell).toContainText('RSRP');
    await expect(cell).not.toContainText('—');
  }
});

test('health reasons show in the row without hovering', async ({ page, api }) => {
  await openBench(page, 16);
  const row = page.getByTestId('bench-row').nth(5);
  const id = (await row.getAttribute('data-modem-id'))!;
  try {
    expect((await api.invoke('sim.unplug', { modemId: id })).ok).toBe(true);
    const r = page.locator(`[data-testid="bench-row"][data-modem-id="${id}"]`);
    await expect(r).toHaveAttribute('data-state', 'offline', { timeout: 15_000 });
    const reason = r.getByTestId('health-reason');
    await expect(reason).toBeVisible();
    await expect(reason).toHaveText(/\w{4,}/);
    const box = (await reason.boundingBox())!;
    expect(box.width, 'the reason is readable, not a screen-reader-only sliver').toBeGreaterThan(30);
  } finally {
    await api.invoke('sim.replug', { modemId: id });
  }
  await expect(page.locator(`[data-testid="bench-row"][data-modem-id="${id}"]`)).toHaveAttribute('data-state', /idle|busy/, { timeout: 30_000 });
});
