/**
 * Issue 14, defects 5 and 6: the run view tells the truth after the run
 * (no row left "running", the bar full, no ETA, elapsed never negative, an
 * ETA that does not promise the end too early), and `repeat` rolls up into
 * one column per step with counts, a drill-down, a failures-only filter and
 * the active step kept in view.
 */
import type { Page } from '@playwright/test';
import type { RunSummaryView } from '../../src-preload/contract';
import { expect, openBench, test } from './fixtures';

test.use({ viewport: { width: 1280, height: 800 } });

// Other specs count the runs in the history: leave none of ours behind.
test.afterEach(async ({ api }) => {
  const r = await api.invoke<{ runs: RunSummaryView[] }>('runs.list', {});
  const ours = r.ok ? r.value.runs.filter((x) => x.name === 'Soak small').map((x) => x.id) : [];
  if (ours.length) await api.invoke('runs.delete', { runIds: ours });
});

const soak = (failing: boolean) => `version: 1
name: Soak small
modems: all
settings:
  parallel: 64
  timeout: 5s
  retries: 0
  on_failure: continue
steps:
  - include: identity-inventory.yaml
  - repeat: 20
    name: Mix
    steps:
      - send: AT+CSQ
        expect: ok
      - send: AT+CEREG?
        expect: ${failing ? '[ok, "stat == 12345"]' : 'ok'}
      - wait: 200ms
`;

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

async function startRun(page: Page, text: string): Promise<void> {
  await openBench(page, 16);
  await page.keyboard.press('Alt+3');
  await page.getByTestId('batch-filename').fill('soak-small.yaml');
  await setBatchText(page, text);
  await expect(page.getByTestId('batch-steps').locator('li')).toHaveCount(9);
  await expect(page.getByTestId('batch-valid')).toHaveAttribute('data-state', 'ok');
  await page.getByTestId('batch-start').click();
  await expect(page.getByTestId('run-status')).toHaveText('running');
}

/** Seconds from "4.2 s" or "1 min 05 s"; NaN when it is neither. */
function seconds(t: string): number {
  const m = /^(-?[\d.]+) s$/.exec(t.trim()) ?? null;
  if (m) return Number(m[1]);
  const mm = /^(\d+) min (\d+) s$/.exec(t.trim());
  return mm ? Number(mm[1]) * 60 + Number(mm[2]) : NaN;
}

test('after COMPLETED no row says running, the bar is full, and elapsed and ETA were honest on the way', async ({ page }) => {
  await startRun(page, soak(false));
  // Record every elapsed/ETA pair the page shows while the run goes (no sampling sleeps).
  await page.evaluate(() => {
    const w = window as unknown as { __seen: [string, string | null][] };
    w.__seen = [];
    const rec = () => {
      const el = document.querySelector('[data-testid="run-counts"] .faint.num')?.textContent ?? '';
      const eta = document.querySelector('[data-testid="run-eta"]')?.textContent ?? null;
      const last = w.__seen[w.__seen.length - 1];
      if (!last || last[0] !== el || last[1] !== eta) w.__seen.push([el, eta]);
    };
    new MutationObserver(rec).observe(document.querySelector('[data-testid="run-panel"]')!, { subtree: true, childList: true, characterData: true });
    rec();
  });
  await expect(page.getByTestId('run-status')).toHaveText('completed', { timeout: 45_000 });
  const seen = await page.evaluate(() => (window as unknown as { __seen: [string, string | null][] }).__seen);
  const final = seconds((await page.getByTestId('run-counts').locator('.faint.num').textContent())!);
  expect(final).toBeGreaterThan(4); // 20 x 200 ms of waits at least
  for (const [el, eta] of seen) {
    const e = seconds(el);
    expect(e, `elapsed "${el}"`).toBeGreaterThanOrEqual(0);
    if (eta) {
      const left = seconds(eta.replace(/^ETA /, ''));
      // The run is mostly fixed waits: an estimate may be off, but not promise the end before half the run.
      expect(e + left, `elapsed ${el} + ${eta} against a ${final} s run`).toBeGreaterThanOrEqual(final / 2);
    }
  }
  expect(seen.some(([, eta]) => eta !== null)).toBe(true);

  await expect(page.locator('[data-testid="matrix-row"] [data-mstatus="running"]')).toHaveCount(0);
  await expect(page.getByTestId('run-eta')).toHaveCount(0);
  const bar = page.getByTestId('run-progress').getByRole('progressbar');
  await expect(bar).toHaveAttribute('aria-valuenow', String(16 * 66));
  await expect(bar).toHaveAttribute('aria-valuemax', String(16 * 66));
  // The segments ease to their width over 0.3 s (a CSS transition): the bar must end full, so poll it there.
  const fill = () => bar.evaluate((b) => [...b.children].reduce((a, c) => a + c.getBoundingClientRect().width, 0) / b.getBoundingClientRect().width);
  await expect.poll(fill, { timeout: 3000 }).toBeGreaterThan(0.995);
});

test('repeat rolls up to one column per step with counts; drill-down, failures only, the active step in view', async ({ page }) => {
  await startRun(page, soak(true));
  const cols = page.getByTestId('run-matrix').locator('thead th');
  // Modem, Status, 6 identity steps, 3 rolled-up Mix steps, Done.
  await expect(cols).toHaveCount(2 + 6 + 3 + 1);
  const active = page.locator('[data-testid="matrix-col"][data-active="true"]');
  await expect(active).toHaveCount(1);
  const box = (await page.getByTestId('run-matrix').boundingBox())!;
  const a = (await active.boundingBox())!;
  expect(a.x).toBeGreaterThanOrEqual(box.x);
  expect(a.x + a.width).toBeLessThanOrEqual(box.x + box.width);

  await expect(page.getByTestId('run-status')).toHaveText('completed', { timeout: 45_000 });
  const rolled = page.locator('[data-testid="matrix-col"][data-rolled="20"]');
  await expect(rolled).toHaveCount(3);
  // Every modem failed the CEREG check 20 times: the rolled cell says so, and opens the first failure.
  const row = page.getByTestId('matrix-row').first();
  const failCell = row.getByTestId('matrix-cell').and(page.locator('[data-status="fail"]'));
  await expect(failCell).toHaveCount(1);
  await expect(failCell).toHaveText('20✗');
  await failCell.click();
  await expect(page.getByTestId('cell-status')).toHaveText('fail');
  await expect(page.getByTestId('cell-command')).toHaveText('AT+CEREG?');

  // Failures only: the one failing column, every modem.
  await page.getByTestId('matrix-failures-only').check();
  await expect(cols).toHaveCount(2 + 1 + 1);
  await expect(page.getByTestId('matrix-row')).toHaveCount(16);
  await page.getByTestId('matrix-failures-only').uncheck();

  // Drill into the CSQ column: its 20 iterations become columns; click again to roll up.
  await rolled.first().click();
  await expect(cols).toHaveCount(2 + 6 + 20 + 2 + 1);
  await page.locator('[data-testid="matrix-col"]').nth(6).click();
  await expect(cols).toHaveCount(2 + 6 + 3 + 1);
});
