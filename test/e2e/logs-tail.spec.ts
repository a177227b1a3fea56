/** Issue 14: the Logs page shows the log's last lines in the browser, not only its path. */
import { expect, test } from './fixtures';

test('the Logs page shows the tail of the app log, newest last, and follows it', async ({ page, api }) => {
  await page.goto('/');
  await page.keyboard.press('Alt+5');
  await expect(page.getByTestId('logs-tail')).toBeVisible();
  const lines = page.getByTestId('logs-line');
  await expect(lines.first()).toBeVisible();
  // Something the log records now (a settings change) shows up without a reload.
  const before = await api.invoke<{ healthPollMs: number }>('settings.get', {});
  const poll = before.ok ? before.value.healthPollMs : 30_000;
  await api.invoke('settings.update', { healthPollMs: poll + 1000 });
  try {
    await expect(lines.filter({ hasText: 'settings updated' }).last()).toBeVisible();
  } finally {
    await api.invoke('settings.update', { healthPollMs: poll });
  }
});
