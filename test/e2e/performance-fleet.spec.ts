/**
 * Issue 17, left over: with a remote bench host followed, the status bar
 * says its figures add up this app and the host, the Performance page shows
 * where its figures come from (this app, the host, the fleet's sums) and the
 * host's modems' rows with their host; the fleet's counts shown are the sums
 * of the rows shown. Killed, the host is named as not counted.
 */
import type { ModemView } from '../../src-preload/contract';
import { expect, openBench, shot, test } from './fixtures';
import { startServer } from './own-server';

test('the status bar and the Performance page count a remote host’s traffic, and say so', async ({ page, api }) => {
  test.setTimeout(120_000);
  const remote = await startServer(['--sim', '2', '--seed', '93', '--no-build']);
  const host = `127.0.0.1:${remote.port}`;
  try {
    await openBench(page, 16);
    expect(await api.invoke('benches.add', { url: remote.url })).toMatchObject({ ok: true });
    await expect(page.getByTestId('bench-row')).toHaveCount(18);
    const listed = await api.invoke<{ modems: ModemView[] }>('bench.list', {});
    const remoteIds = (listed.ok ? listed.value.modems : []).filter((m) => m.host === host).map((m) => m.id);
    expect(remoteIds).toHaveLength(2);
    for (let i = 0; i < 3; i++) expect(await api.invoke('modem.exec', { modemId: remoteIds[0], command: 'AT+NOSUCH' })).toMatchObject({ ok: true, value: { status: 'error' } });

    // The status bar: its figures add up this app and the host, and it says so.
    await expect(page.getByTestId('status-fleet')).toHaveText('+ 1 host');
    await expect(page.getByTestId('status-rate')).toHaveAttribute('title', new RegExp(`this app’s modems and 1 host \\(${host.replace(/\./g, '\\.')}\\)`));

    // A remote modem selected: its series are its host's, said so instead of an empty line.
    await page.getByTestId('bench-row').and(page.locator(`[data-modem-id="${remoteIds[0]}"]`)).click();
    await page.getByTestId('rail-performance').click();
    // Only a remote modem selected: said plainly, and no empty per-modem chart stands for it.
    await expect(page.getByTestId('perf-remote-series')).toContainText(`1 selected modem is on remote hosts (${host}): its series over time are kept by its host, so there is no per-modem chart of it here`);
    await expect(page.getByTestId('chart-modem-latency')).toHaveCount(0);
    await expect(page.getByTestId('chart-signal')).toHaveCount(0);
    // With a local modem beside it: its lines are drawn, the remote one is named as left out.
    await page.getByTestId('rail-bench').click();
    await page.getByTestId('bench-row').and(page.locator(':not([data-modem-id*="/"])')).first().click({ modifiers: ['Control'] });
    await page.getByTestId('rail-performance').click();
    await expect(page.getByTestId('chart-modem-latency')).toContainText('2 selected · 1 remote, not drawn');
    await expect(page.getByTestId('perf-remote-series')).toContainText('so the per-modem charts below leave it out');
    await expect(page.getByTestId('perf-remote-series')).toContainText('Its counts are in the per-modem table.');
    await expect(page.getByTestId('chart-latency')).toContainText('Latency, this app’s modems');

    const hosts = page.getByTestId('perf-hosts');
    await expect(hosts).toBeVisible();
    const hostRow = hosts.getByTestId('perf-host-row').and(page.locator(`[data-host="${host}"]`));
    await expect(hostRow).toHaveAttribute('data-missing', 'false');
    await expect.poll(async () => Number(await hostRow.locator('td').nth(2).textContent())).toBeGreaterThanOrEqual(3);
    await expect(page.getByTestId('perf-summary')).toContainText('fleet:');
    await expect(page.getByTestId('perf-summary')).toContainText('this app + 1 host');

    // The fleet's counts shown are the sums of the rows shown (read in one go: the figures are live).
    const cells = await hosts.evaluate((el) => {
      const rows = [...el.querySelectorAll('tr[data-testid="perf-host-row"]')].map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent!.trim()));
      const fleet = [...el.querySelectorAll('tr[data-testid="perf-fleet-row"] td')].map((c) => c.textContent!.trim());
      return { rows, fleet };
    });
    expect(cells.rows).toHaveLength(2);
    const [app, remoteRow] = cells.rows as [string[], string[]];
    for (const col of [1, 2, 3]) expect(Number(cells.fleet[col])).toBe(Number(app[col]) + Number(remoteRow[col]));
    expect(cells.fleet[4]).toBe((Number(app[4]) + Number(remoteRow[4])).toFixed(2));
    expect(Number(remoteRow[2])).toBeGreaterThanOrEqual(3);

    // The host's modems have their rows, with their host, joined to the bench rows by id.
    const modemRows = page.getByTestId('perf-modems').locator(`tr[data-host="${host}"]`);
    // Out of view the table keeps its rows (PerfModems): show it.
    await page.getByTestId('perf-modems').scrollIntoViewIfNeeded();
    await expect(modemRows).toHaveCount(2);
    expect((await modemRows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-modem-id')))).sort()).toEqual([...remoteIds].sort());
    await hosts.scrollIntoViewIfNeeded();
    await shot(page, 'performance-fleet');

    // Killed: not counted, and said so.
    await remote.stop();
    await expect(hostRow).toHaveAttribute('data-missing', 'true');
    await expect(hostRow).toContainText('not counted: unreachable');
    await page.getByTestId('perf-modems').scrollIntoViewIfNeeded();
    await expect(modemRows).toHaveCount(0);
    // Its rows gone with it, the note no longer sends the engineer to them.
    await expect(page.getByTestId('perf-remote-series')).not.toContainText('counts are in the per-modem table');
    await expect(page.getByTestId('perf-remote-series')).toContainText(`Its host is not answering: no counts of it here (see where these figures come from).`);
    await expect(page.getByTestId('status-fleet')).toHaveText('1 of 1 host not counted');
    await expect(page.getByTestId('status-fleet')).toHaveAttribute('data-partial', 'true');
  } finally {
    await remote.stop();
    // Never leave the host in the shared server's Benches list, whatever failed above.
    await api.invoke('benches.remove', { name: host });
  }
});
