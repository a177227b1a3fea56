import { expect, openBench, test } from './fixtures';

test('a modem the simulator unplugs goes offline and comes back', async ({ page, api }) => {
  await openBench(page, 16);
  const row = page.getByTestId('bench-row').nth(2);
  const id = (await row.getAttribute('data-modem-id'))!;
  const pill = page.locator(`[data-testid="bench-row"][data-modem-id="${id}"]`).getByTestId('state-pill');
  await expect(pill).toHaveAttribute('data-state', /idle|busy/);

  const unplug = await api.invoke('sim.unplug', { modemId: id });
  expect(unplug.ok, JSON.stringify(unplug)).toBe(true);
  await expect(pill).toHaveAttribute('data-state', 'offline', { timeout: 15_000 });
  await expect(page.getByTestId('status-online')).toContainText('15/16');

  const replug = await api.invoke('sim.replug', { modemId: id });
  expect(replug.ok, JSON.stringify(replug)).toBe(true);
  await expect(pill).toHaveAttribute('data-state', /idle|busy/, { timeout: 20_000 });
  await expect(page.getByTestId('status-online')).toContainText('16/16');
});
