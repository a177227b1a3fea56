/**
 * Issue 14, defect 11 and the charts feature: units on every y axis, no line
 * drawn across a stretch with no samples, a PNG export at report size, and
 * any polled field plotted for every selected modem (not the first eight).
 */
import { readFileSync } from 'node:fs';
import type { Download } from '@playwright/test';
import { expect, openBench, test } from './fixtures';

test.use({ viewport: { width: 1280, height: 800 } });

const UNITS: Record<string, string> = {
  'chart-latency': 'ms',
  'chart-throughput': 'cmd/s',
  'chart-errors': '%',
  'chart-queue': 'cmds',
  'chart-loop': 'ms',
  'chart-memory': 'MB',
  'chart-cpu': '%',
  'chart-modem-latency': 'ms',
  'chart-signal': 'dBm',
};

test('every chart names its y unit; the PNG export is report-sized', async ({ page }) => {
  await openBench(page, 16);
  await page.keyboard.press('Alt+4');
  for (const [id, unit] of Object.entries(UNITS)) {
    await expect(page.getByTestId(id).getByTestId('chart-y-unit'), id).toHaveText(unit);
  }
  const [d] = (await Promise.all([page.waitForEvent('download'), page.getByTestId('chart-latency').getByTestId('chart-png').click()])) as [Download, void];
  const png = readFileSync((await d.path())!);
  // IHDR: width and height, big-endian, at bytes 16 and 20.
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(1600);
  expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(600);
});

test('a stretch without samples is a break in the line (an empty row in the chart data), not a straight line', async ({ page }) => {
  // Drop the metrics updates for a while, as a link that hangs would.
  let dropping = false;
  let dropped = 0;
  await page.routeWebSocket(/\/api$/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => server.send(m));
    server.onMessage((m) => {
      if (dropping && typeof m === 'string' && m.includes('"metrics.update"')) {
        dropped++;
        return;
      }
      ws.send(m);
    });
  });
  await openBench(page, 16);
  await page.keyboard.press('Alt+4');
  await expect(page.getByTestId('chart-throughput')).toHaveAttribute('data-empty', 'false');
  dropping = true;
  // Updates come every 500 ms: 24 dropped is 12 s with nothing, far past the 5 s a gap needs.
  await expect.poll(() => dropped, { timeout: 40_000 }).toBeGreaterThanOrEqual(24);
  dropping = false;
  const before = dropped;
  await expect.poll(() => dropped).toBe(before);
  const csvOf = async () => {
    const [d] = (await Promise.all([page.waitForEvent('download'), page.getByTestId('chart-throughput').getByTestId('chart-csv').click()])) as [Download, void];
    return readFileSync((await d.path())!, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  };
  // Wait until samples after the silence have arrived, then look at the data around it.
  // The silence made here is the longest jump in the data (a loaded server may leave shorter ones of its own).
  const longest = (t: number[]): number => t.reduce((best, x, k) => (k > 0 && x - t[k - 1]! > t[best]! - t[best - 1]! ? k : best), 1);
  let rows: string[][] = [];
  await expect
    .poll(async () => {
      rows = await csvOf();
      const t = rows.map((r) => Date.parse(r[0]!));
      const i = longest(t);
      return t.length > 2 && t[i]! - t[i - 1]! > 10_000 && i < t.length - 1;
    })
    .toBe(true);
  const t = rows.map((r) => Date.parse(r[0]!));
  const i = longest(t);
  // The row before the jump is the break: no value.
  expect(rows[i - 1]![1], `row before ${rows[i]![0]}`).toBe('');
});

test('a field of the health poll is plotted for every selected modem', async ({ page }) => {
  await openBench(page, 16);
  await page.getByTestId('bench-row').first().click();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Alt+4');
  const chart = page.getByTestId('chart-signal');
  await chart.getByTestId('perf-signal-metric').selectOption('temperatureC');
  await expect(chart.getByTestId('perf-signal-metric').locator('option:checked')).toHaveText('Temperature (QTEMP)');
  await expect(chart.getByTestId('chart-y-unit')).toHaveText('°C');
  await expect(chart).toContainText('16 selected');
  // One legend entry per modem (and the time).
  await expect(chart.locator('.u-legend .u-series')).toHaveCount(1 + 16);
});
