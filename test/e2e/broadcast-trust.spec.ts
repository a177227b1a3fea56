/**
 * Issue 14, defect 1: broadcast groups by outcome first, counts distinct
 * answers, and flags differences only among ok answers that should agree.
 * Also the broadcast features: parsed columns, resend to failed only, export.
 */
import { readFileSync } from 'node:fs';
import { expect, openBench, test, type ContractSocket } from './fixtures';
import type { Page } from '@playwright/test';

async function broadcastToAll(page: Page, command: string): Promise<void> {
  await page.getByTestId('bench-table').focus();
  await page.keyboard.press('Control+a');
  await expect(page.getByTestId('bench-selection')).toHaveText('16 selected');
  await page.getByTestId('toolbar-broadcast').click();
  const input = page.getByTestId('broadcast-input');
  await input.fill(command);
  await input.press('Enter');
}

async function replugAll(api: ContractSocket, ids: string[]): Promise<void> {
  for (const id of ids) await api.invoke('sim.replug', { modemId: id });
}

test('AT+CSQ on a healthy bench: 16 ok, none flagged, distinct answers counted, RSSI as a parsed column', async ({ page }) => {
  await openBench(page, 16);
  await broadcastToAll(page, 'AT+CSQ');
  const results = page.getByTestId('broadcast-result');
  await expect(results).toHaveCount(16);
  // Signal differs by nature: not one row may be shaded as "different".
  await expect(page.locator('[data-testid="broadcast-result"][data-differs="true"]')).toHaveCount(0);
  await expect(page.getByTestId('broadcast-count-ok')).toContainText('16');
  await expect(page.getByTestId('broadcast-distinct')).toContainText(/\d+ distinct answers?/);
  await expect(page.getByTestId('broadcast-col-rssiDbm')).toContainText('RSSI');
});

test('AT+QENG="servingcell" shows RSRP and SINR columns and is never compared', async ({ page }) => {
  await openBench(page, 16);
  await broadcastToAll(page, 'AT+QENG="servingcell"');
  await expect(page.getByTestId('broadcast-result')).toHaveCount(16);
  await expect(page.getByTestId('broadcast-col-cell.rsrp')).toContainText('RSRP');
  await expect(page.getByTestId('broadcast-col-cell.sinr')).toContainText('SINR');
  await expect(page.getByTestId('broadcast-cell-cell.rsrp').first()).toHaveText(/^-\d+dBm$/);
  await expect(page.locator('[data-testid="broadcast-result"][data-differs="true"]')).toHaveCount(0);
});

test('modems that do not answer are grouped apart, never "the majority", and "resend to failed" resends to them only', async ({ page, api }) => {
  test.setTimeout(150_000);
  await openBench(page, 16);
  const rows = page.getByTestId('bench-row');
  const gone = [(await rows.nth(3).getAttribute('data-modem-id'))!, (await rows.nth(9).getAttribute('data-modem-id'))!];
  try {
    for (const id of gone) expect((await api.invoke('sim.unplug', { modemId: id })).ok).toBe(true);
    for (const id of gone) await expect(page.locator(`[data-testid="bench-row"][data-modem-id="${id}"]`)).toHaveAttribute('data-state', 'offline', { timeout: 15_000 });

    await broadcastToAll(page, 'AT+CGMM');
    const results = page.getByTestId('broadcast-result');
    await expect(results).toHaveCount(16, { timeout: 60_000 });
    // The two that got no answer are not "different answers"; nothing is flagged.
    await expect(page.locator('[data-testid="broadcast-result"][data-differs="true"]')).toHaveCount(0);
    // Outcome first: 14 ok rows, then the two that got no answer, in their own group.
    await expect(page.locator('[data-testid="broadcast-result"][data-group="ok"]')).toHaveCount(14);
    for (const id of gone) await expect(page.locator(`[data-testid="broadcast-result"][data-modem-id="${id}"]`)).not.toHaveAttribute('data-group', 'ok');
    const groups = await page.getByTestId('broadcast-group').evaluateAll((els) => els.map((e) => e.getAttribute('data-group')));
    expect(groups[0]).toBe('ok');
    expect(groups.length).toBe(2);
    await expect(page.getByTestId('broadcast-distinct')).toContainText('1 distinct answer');

    // Export: the file holds every row.
    const download = page.waitForEvent('download');
    await page.getByTestId('broadcast-export').click();
    const file = await (await download).path();
    const csv = readFileSync(file!, 'utf8').trim().split(/\r?\n/);
    expect(csv).toHaveLength(17);
    expect(csv[0]).toContain('modem,modem_id,group,status,final');

    // Resend to the two that failed: only they are sent to, and they now answer.
    await replugAll(api, gone);
    await expect(page.getByTestId('broadcast-resend-failed')).toContainText('(2)');
    // Wait until both are usable again (their state is on the bench store: poll through the api).
    await expect
      .poll(async () => {
        const r = await api.invoke<{ modems: { id: string; state: string }[] }>('bench.list', {});
        return r.ok ? r.value.modems.filter((m) => gone.includes(m.id) && (m.state === 'idle' || m.state === 'busy')).length : 0;
      }, { timeout: 60_000 })
      .toBe(2);
    await page.getByTestId('broadcast-resend-failed').click();
    await expect(page.locator('[data-testid="broadcast-result"][data-group="ok"]')).toHaveCount(16, { timeout: 30_000 });
    await expect(page.getByTestId('broadcast-resend-failed')).toContainText('(0)');
  } finally {
    await replugAll(api, gone);
  }
});

test('a dangerous line asks first, listing every modem; Cancel sends nothing, Send sends with confirm', async ({ browser }) => {
  test.setTimeout(120_000);
  const { startServer } = await import('./own-server');
  const server = await startServer(['--sim', '3']);
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    await page.goto(server.url);
    await expect(page.getByTestId('bench-row')).toHaveCount(3);
    await page.getByTestId('bench-table').focus();
    await page.keyboard.press('Control+a');
    await page.getByTestId('toolbar-broadcast').click();
    const input = page.getByTestId('broadcast-input');
    await input.fill('AT+CFUN=1,1');
    await input.press('Enter');
    const dialog = page.getByTestId('broadcast-confirm');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('broadcast-confirm-modem')).toHaveCount(3);
    await expect(dialog.getByTestId('broadcast-confirm-reason')).toContainText('AT+CFUN=1,1');
    await expect(dialog.getByTestId('broadcast-confirm-cancel')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('broadcast-result')).toHaveCount(0);

    await input.press('Enter');
    await page.getByTestId('broadcast-confirm-send').click();
    await expect(page.getByTestId('broadcast-result')).toHaveCount(3, { timeout: 30_000 });
    await expect(page.locator('[data-testid="broadcast-result"][data-status="ok"]')).toHaveCount(3);
  } finally {
    await page.close();
    await server.stop();
  }
});
