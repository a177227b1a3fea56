/**
 * Issue 14, defect 4: a manual soft reset runs that step only. On a modem
 * that does not come back (bricked by the reboot) it is cancellable while it
 * runs, leaves the modem failed, and does not run the power cycle on its
 * own; going further asks again and names what will run. The dialog claims
 * only the limit the supervisor enforces.
 */
import type { ModemView, TimelineEventView } from '../../src-preload/contract';
import { MANUAL_STEP_LIMIT_MS } from '../../src-preload/contract';
import { expect, openBench, test } from './fixtures';

test.use({ viewport: { width: 1280, height: 800 } });

test.afterEach(async ({ api }) => {
  // Back to the plain bench the other specs expect.
  await api.invoke('bench.startSimulated', { count: 16 });
});

test('a manual soft reset on a modem that does not come back: cancellable, failed, no power cycle until asked', async ({ page, api }) => {
  expect((await api.invoke('bench.startSimulated', { count: 16, faults: 'brick@3' })).ok).toBe(true);
  await openBench(page, 16);
  const list = await api.invoke<{ modems: ModemView[] }>('bench.list', {});
  const m = list.ok ? list.value.modems.find((x) => x.label === 'sim3') : undefined;
  expect(m).toBeDefined();
  const row = page.locator(`[data-testid="bench-row"][data-modem-id="${m!.id}"]`);
  await expect(row).toBeVisible();
  await row.dblclick();
  await expect(page.getByTestId('modem-page')).toHaveAttribute('data-modem-id', m!.id);

  await page.getByTestId('modem-ladder').click();
  await page.getByTestId('ladder-soft-reset').click();
  const dialog = page.getByTestId('recover-confirm');
  await expect(dialog).toBeVisible();
  // The only time it claims is the enforced limit.
  await expect(dialog).not.toContainText('5-30 s');
  await expect(page.getByTestId('recover-limit')).toContainText(`${MANUAL_STEP_LIMIT_MS['soft-reset'] / 60_000} min`);
  await expect(page.getByTestId('recover-limit')).toContainText('This step only');
  await page.getByTestId('recover-ok').click();

  // Running, with a cancel. Let the reboot happen (the modem's ports go), then cancel.
  await expect(page.getByTestId('recover-running')).toBeVisible();
  const events = async () => {
    const r = await api.invoke<{ events: TimelineEventView[] }>('modem.timeline', { modemId: m!.id });
    return r.ok ? r.value.events : [];
  };
  await expect.poll(async () => (await events()).some((e) => e.kind === 'step-start' && e.step === 'soft-reset')).toBe(true);
  await page.getByTestId('recover-run-cancel').click();
  const outcome = page.getByTestId('recover-outcome');
  await expect(outcome).toHaveAttribute('data-result', 'cancelled');
  await expect(outcome).toContainText('Nothing further ran');
  const after = await events();
  expect(after.filter((e) => e.step === 'power-cycle')).toEqual([]);
  await expect(row).toHaveAttribute('data-state', 'failed');

  // Going further asks again, naming what runs.
  await page.getByTestId('recover-next').click();
  await expect(dialog).toHaveAttribute('data-action', 'power-cycle');
  await expect(page.getByTestId('recover-hook')).toContainText("the simulator's power cycle");
  await page.getByTestId('recover-ok').click();
  await expect(outcome).toHaveAttribute('data-result', 'ok', { timeout: 60_000 });
  expect((await events()).some((e) => e.kind === 'recovered' && e.step === 'power-cycle')).toBe(true);
});
