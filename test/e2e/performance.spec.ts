import { readFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';
import { expect, openBench, shot, test } from './fixtures';

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; data: Buffer }> {
  const [d] = (await Promise.all([page.waitForEvent('download'), click()])) as [Download, void];
  return { name: d.suggestedFilename(), data: readFileSync((await d.path())!) };
}

async function broadcastAll(page: Page, commands: string[]): Promise<void> {
  const rows = page.getByTestId('bench-row');
  await rows.nth(0).click();
  await rows.nth(15).click({ modifiers: ['Shift'] });
  await page.getByTestId('toolbar-broadcast').click();
  const input = page.getByTestId('broadcast-input');
  for (const c of commands) {
    await input.fill(c);
    await input.press('Enter');
    await expect(page.getByTestId('broadcast-summary')).toContainText('16 ok');
  }
}

test('performance: charts fill after broadcasts, hover shows values, window selector, PNG and CSV export', async ({ page }) => {
  await openBench(page, 16);
  await broadcastAll(page, ['ATI', 'AT+CSQ', 'AT+CGSN', 'AT+CEREG?']);
  // Four modems in focus for the per-modem charts.
  await page.getByTestId('rail-bench').click();
  const rows = page.getByTestId('bench-row');
  await rows.nth(0).click();
  await rows.nth(3).click({ modifiers: ['Shift'] });
  await page.getByTestId('rail-performance').click();

  const latency = page.getByTestId('chart-latency');
  await expect(latency).toHaveAttribute('data-empty', 'false');
  await expect(page.getByTestId('chart-throughput')).toHaveAttribute('data-empty', 'false');
  await expect(page.getByTestId('chart-memory')).toHaveAttribute('data-empty', 'false');
  await expect(page.getByTestId('chart-modem-latency')).toHaveAttribute('data-empty', 'false');
  await expect(page.getByTestId('perf-command-row').filter({ hasText: 'AT+CSQ' })).toBeVisible();
  await expect(page.getByTestId('perf-summary')).toContainText('commands');

  // Hover: the legend shows the time and a value under the cursor.
  const tp = page.getByTestId('chart-throughput');
  const over = tp.locator('.u-over');
  const box = (await over.boundingBox())!;
  await page.mouse.move(box.x + box.width - 4, box.y + box.height / 2);
  await page.mouse.move(box.x + box.width - 3, box.y + box.height / 2);
  const values = tp.locator('.u-legend .u-value');
  await expect(values.nth(0)).not.toHaveText('—');
  await expect(values.nth(1)).toHaveText(/cmd\/s/);

  // Heatmap hover.
  const heat = page.getByTestId('perf-heatmap').locator('canvas');
  await heat.scrollIntoViewIfNeeded();
  const hb = (await heat.boundingBox())!;
  await page.mouse.move(hb.x + hb.width - 6, hb.y + 5);
  await expect(page.getByTestId('perf-heatmap-tip')).toContainText('sim');
  await page.mouse.move(0, 0);
  await page.locator('.perf .scroll').evaluate((el) => (el.scrollTop = 0));

  // Window selector: 1 min holds at most ~60 one-second samples; 15 min at least as many.
  await page.getByTestId('perf-window-1').click();
  await expect(page.getByTestId('perf-window-1')).toHaveAttribute('aria-pressed', 'true');
  const csv1 = await download(page, () => tp.getByTestId('chart-csv').click());
  expect(csv1.name).toMatch(/^throughput-.*\.csv$/);
  const lines1 = csv1.data.toString('utf8').trim().split('\n');
  expect(lines1[0]).toBe('time,cmd/s');
  expect(lines1.length - 1).toBeGreaterThan(0);
  expect(lines1.length - 1).toBeLessThanOrEqual(62);
  await page.getByTestId('perf-window-15').click();
  const csv15 = await download(page, () => tp.getByTestId('chart-csv').click());
  expect(csv15.data.toString('utf8').trim().split('\n').length).toBeGreaterThanOrEqual(lines1.length);
  await page.getByTestId('perf-window-5').click();

  const png = await download(page, () => latency.getByTestId('chart-png').click());
  expect(png.name).toMatch(/\.png$/);
  expect(png.data.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(png.data.length).toBeGreaterThan(2000);

  await page.waitForTimeout(600);
  await shot(page, 'performance-light');
  await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
  await page.waitForTimeout(600);
  await shot(page, 'performance-dark');
  await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));
});

test('performance: frame rate and long tasks with 16 modems streaming', async ({ page, api }) => {
  await openBench(page, 16);
  const load = [
    'version: 1',
    'name: Perf load',
    'modems: all',
    'settings: { parallel: 16, timeout: 5s, on_failure: continue }',
    'steps:',
    '  - repeat: 400',
    '    steps:',
    '      - send: AT+CSQ',
    '      - send: AT+CEREG?',
    '      - send: ATI',
    '',
  ].join('\n');
  const started = await api.invoke<{ runId: number }>('batch.start', { text: load });
  expect(started.ok).toBe(true);
  const runId = started.ok ? started.value.runId : 0;
  try {
    await page.getByTestId('rail-performance').click();
    await expect(page.getByTestId('chart-throughput')).toHaveAttribute('data-empty', 'false');
    const m = await page.evaluate(async () => {
      const long: number[] = [];
      const po = new PerformanceObserver((list) => list.getEntries().forEach((e) => long.push(e.duration)));
      po.observe({ type: 'longtask', buffered: false });
      let frames = 0;
      let worst = 0;
      let last = performance.now();
      const t0 = last;
      await new Promise<void>((resolve) => {
        const tick = (t: number) => {
          frames++;
          worst = Math.max(worst, t - last);
          last = t;
          if (t - t0 < 6000) requestAnimationFrame(tick);
          else resolve();
        };
        requestAnimationFrame(tick);
      });
      po.disconnect();
      const secs = (performance.now() - t0) / 1000;
      return { fps: frames / secs, worstFrameMs: worst, longTasks: long.length, longTaskMs: long.reduce((a, b) => a + b, 0), longestTaskMs: Math.max(0, ...long), secs };
    });
    const cmds = await page.getByTestId('perf-summary').textContent();
    const line = `fps ${m.fps.toFixed(1)}, worst frame ${m.worstFrameMs.toFixed(0)} ms, long tasks ${m.longTasks} (${m.longTaskMs.toFixed(0)} ms total, longest ${m.longestTaskMs.toFixed(0)} ms) over ${m.secs.toFixed(1)} s; ${cmds?.trim()}`;
    console.log(`[perf] ${line}`);
    test.info().annotations.push({ type: 'perf', description: line });
    await shot(page, 'performance-streaming');
    // A gross bound only: the page must keep animating under load.
    expect(m.fps).toBeGreaterThan(5);
  } finally {
    await api.invoke('batch.control', { runId, action: 'cancel' });
  }
});
