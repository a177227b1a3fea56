/**
 * The modem page's QMI section (issue 15): reads over the simulated modem's
 * QMI endpoint, consistent with what AT shows for the same modem.
 */
import { expect, openBench, shot, test } from './fixtures';

test('the modem page reads IDs, signal info and serving system over QMI; a data-session read without a session says out-of-call', async ({ page }) => {
  await openBench(page, 16);
  const row = page.getByTestId('bench-row').first();
  const id = await row.getAttribute('data-modem-id');
  await row.dblclick();
  const modemPage = page.getByTestId('modem-page');
  await expect(modemPage).toBeVisible();
  const qmi = modemPage.getByTestId('qmi-section');
  await qmi.getByTestId('qmi-read-ids').click();
  await expect(qmi.getByTestId('qmi-result-dms-get-ids')).toContainText(id!);
  await qmi.getByTestId('qmi-read-signal').click();
  await expect(qmi.getByTestId('qmi-result-nas-get-signal-info')).toContainText(/lte\.rsrp\s*-\d+/);
  await qmi.getByTestId('qmi-read-serving').click();
  await expect(qmi.getByTestId('qmi-result-nas-get-serving-system')).toContainText('registered');
  await qmi.getByTestId('qmi-read-session').click();
  await expect(qmi.getByTestId('qmi-result-wds-get-packet-service-status')).toContainText('disconnected');
  await expect(qmi.getByTestId('qmi-result-wds-get-current-settings')).toContainText('out-of-call');
  await shot(page, 'modem-page-qmi');
});
