import { readFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';
import { expect, openBench, shot, test } from './fixtures';

const STEPS = 6; // identity-inventory.yaml
const MODEMS = 8;

/** Records of an RFC 4180 CSV (quoted fields may hold newlines). */
function csvRecords(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

/**
 * Replaces the batch editor's text as an engineer's paste does (CodeMirror reads the paste event):
 * Playwright's fill types into the contenteditable through the browser's editing commands instead,
 * which add style attributes the page's CSP refuses.
 */
async function setBatchText(page: Page, text: string): Promise<void> {
  const ed = page.getByTestId('batch-editor');
  await ed.click();
  await page.keyboard.press('Control+a');
  await ed.evaluate((el, t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
}

async function download(page: Page, testid: string): Promise<{ name: string; text: string }> {
  const [d] = (await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()])) as [Download, void];
  const path = await d.path();
  return { name: d.suggestedFilename(), text: readFileSync(path!, 'utf8') };
}

test('batch: edit and validate, run on 8 selected modems, details, export, run again and compare', async ({ page }) => {
  await openBench(page, 16);
  const rows = page.getByTestId('bench-row');
  await rows.nth(0).click();
  await rows.nth(MODEMS - 1).click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('bench-selection')).toHaveText(`${MODEMS} selected`);
  await page.getByTestId('toolbar-batch').click();
  await expect(page.getByTestId('batches-view')).toBeVisible();

  // Load the identity inventory example; it validates.
  await page.getByTestId('batch-examples').click();
  await page.getByTestId('batch-example-identity-inventory').click();
  const editor = page.getByTestId('batch-editor');
  await expect(editor).toContainText('name: Identity inventory');
  await expect(page.getByTestId('batch-valid')).toHaveAttribute('data-state', 'ok');
  await expect(page.getByTestId('batch-steps').locator('li')).toHaveCount(STEPS);
  // The editor is CodeMirror (contenteditable): its lines are its text.
  const good = await editor.evaluate((el) => (el as HTMLElement).innerText);

  // An unknown key: the problem names its line and column; clicking it moves the cursor there.
  const badLine = good.split('\n').findIndex((l) => l.includes('expect: ok')) + 1;
  await setBatchText(page, good.replace('expect: ok', 'expct: ok'));
  await expect(page.getByTestId('batch-valid')).toHaveAttribute('data-state', 'invalid');
  const problem = page.getByTestId('batch-problem').first();
  await expect(problem).toContainText(`${badLine}:5`);
  await expect(problem).toContainText("unknown key 'expct'");
  await problem.click();
  await expect(page.getByTestId('batch-caret')).toHaveText(`Ln ${badLine}, Col 5`);

  // Schema completion at a new step: the step keys with their descriptions.
  await setBatchText(page, `${good.trimEnd()}\n  - `);
  await editor.press('Control+End');
  await editor.press('Control+Space');
  const items = page.locator('.batch-complete-item');
  await expect(items.filter({ hasText: 'send' }).first()).toBeVisible();
  await expect(items.filter({ hasText: 'expect' }).first()).toBeVisible();
  await shot(page, 'batches-editor');
  await editor.press('Escape');

  // Fixed again.
  await setBatchText(page, good);
  await expect(page.getByTestId('batch-valid')).toHaveAttribute('data-state', 'ok');
  await expect(page.getByTestId('batch-problem')).toHaveCount(0);

  // Start on the bench selection; the matrix fills with passes.
  await page.getByTestId('batch-target-selection').check();
  await expect(page.getByTestId('batch-start')).toContainText(`Start on ${MODEMS} modems`);
  await page.getByTestId('batch-start').click();
  await expect(page.getByTestId('run-panel')).toBeVisible();
  await expect(page.getByTestId('matrix-row')).toHaveCount(MODEMS);
  await expect(page.locator('[data-testid="matrix-cell"][data-status="pass"]')).toHaveCount(MODEMS * STEPS, { timeout: 30_000 });
  await expect(page.getByTestId('run-status')).toHaveText('completed');
  await expect(page.getByTestId('run-counts')).toContainText(`${MODEMS * STEPS}/${MODEMS * STEPS}`);

  // A cell's details and the modem's transcript.
  await page.getByTestId('matrix-cell').first().click();
  const details = page.getByTestId('cell-details');
  await expect(details).toBeVisible();
  await expect(page.getByTestId('cell-command')).toHaveText('ATI');
  await expect(page.getByTestId('cell-status')).toHaveText('pass');
  await expect(page.getByTestId('cell-lines')).toContainText('Quectel');
  await expect(page.getByTestId('cell-transcript')).toContainText('AT+CGSN');
  await shot(page, 'batches-matrix');

  // Exports.
  const json = await download(page, 'run-export-json');
  expect(json.name).toMatch(/\.json$/);
  const parsed = JSON.parse(json.text) as { results?: unknown[] };
  expect(JSON.stringify(parsed)).toContain('Identity inventory');
  const csv = await download(page, 'run-export-csv');
  expect(csv.name).toMatch(/\.csv$/);
  const records = csvRecords(csv.text).filter((r) => r.length > 1);
  expect(records[0]).toContain('status');
  expect(records.length).toBe(1 + MODEMS * STEPS);
  const junit = await download(page, 'run-export-junit');
  expect(junit.name).toMatch(/\.xml$/);
  expect(junit.text.match(/<testsuite[\s>]/g)?.length).toBe(MODEMS);

  // Run it again and compare the two runs.
  await page.getByTestId('batches-tab-editor').click();
  await page.getByTestId('batch-start').click();
  await expect(page.getByTestId('run-status')).toHaveText('completed', { timeout: 30_000 });
  await expect(page.locator('[data-testid="matrix-cell"][data-status="pass"]')).toHaveCount(MODEMS * STEPS);
  await page.getByTestId('batches-tab-history').click();
  const hist = page.getByTestId('history-row');
  await expect(hist).toHaveCount(2);
  const ids = await hist.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-run-id'))));
  const [older, newer] = [Math.min(...ids), Math.max(...ids)];
  await page.locator(`[data-testid="history-row"][data-run-id="${older}"] [data-testid="history-pick-a"]`).check();
  await page.locator(`[data-testid="history-row"][data-run-id="${newer}"] [data-testid="history-pick-b"]`).check();
  await page.getByTestId('history-compare').click();
  await expect(page.getByTestId('compare-view')).toBeVisible();
  await expect(page.getByTestId('compare-step')).toHaveCount(STEPS);
  await expect(page.getByTestId('compare-step').first()).toContainText('100 %');
  await expect(page.getByTestId('compare-unchanged')).toBeVisible();
  await shot(page, 'batches-compare');
});
