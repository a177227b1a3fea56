/**
 * Issue 14 defect 3: the status bar counts all traffic (a batch's too) in
 * cmd/s, and ERROR / +CME ERROR finals as errors, not only "no final".
 */
import { expect, openBench, test } from './fixtures';

const BATCH = `version: 1
name: status bar counters
modems: all
settings:
  parallel: 16
  timeout: 5s
  retries: 0
  on_failure: continue
steps:
${Array.from({ length: 12 }, () => '  - send: AT+CGMM\n    expect: ok\n').join('')}  - send: AT+QNOSUCHCOMMAND
    expect: ok
`;

test("a batch's commands show in cmd/s and its ERROR replies in errors/min", async ({ page, api }) => {
  await openBench(page, 16);
  const bar = page.getByTestId('status-bar');
  const rate = bar.locator('.item', { hasText: 'cmd/s' });
  const errors = bar.locator('.item', { hasText: 'errors/min' });
  const errorsBefore = Number(await errors.locator('b').textContent());

  const started = await api.invoke<{ runId: number }>('batch.start', { text: BATCH, name: 'status-bar.yaml' });
  expect(started.ok, JSON.stringify(started)).toBe(true);
  // 16 modems x 13 commands within seconds: the bench-wide rate is well above zero.
  await expect
    .poll(async () => Number(await rate.locator('b').textContent()), { message: 'cmd/s during the batch', timeout: 15_000 })
    .toBeGreaterThanOrEqual(10);
  // Sixteen ERROR finals to the unknown command: sixteen more errors in the last minute.
  await expect
    .poll(async () => Number(await errors.locator('b').textContent()), { message: 'errors/min after 16 ERROR replies', timeout: 15_000 })
    .toBeGreaterThanOrEqual(errorsBefore + 16);
  await expect(errors).toHaveClass(/bad/);
});
