/**
 * Issue 17, faults across hosts, on screen: a run on this bench's modem and
 * a remote host's two modems; the host is killed mid-run. The run view says
 * interrupted, with the host's modems interrupted and the local one done,
 * and offers Resume run. Once the host is back (same port, same IMEIs) and
 * rejoined, Resume run finishes only what was left: the view ends completed
 * with a full matrix of passes, the figures the stored run holds.
 */
import { expect, test } from '@playwright/test';
import { openContractSocket, shot } from './fixtures';
import { startServer, type OwnServer } from './own-server';

const BATCH = [
  'version: 1',
  'name: resume after host loss',
  'modems: all',
  'settings: { unavailable_retries: 1, unavailable_delay: 1s }',
  'steps:',
  '  - send: AT+CGSN',
  '  - wait: 10s',
  '  - send: ATI',
  '  - send: AT+CSQ',
  '',
].join('\n');

interface RunLike {
  status: string;
  modems: { key: string; status: string }[];
  results: { modemKey: string; stepKey: string; status: string }[];
}

test('a run whose remote host died is shown interrupted and finishes with Resume run once the host is back', async ({ page }) => {
  test.setTimeout(180_000);
  const servers: OwnServer[] = [];
  try {
    const app = await startServer(['--sim', '1', '--seed', '5']);
    servers.push(app);
    let remote = await startServer(['--sim', '2', '--seed', '93']);
    servers.push(remote);
    const host = `127.0.0.1:${remote.port}`;
    const api = await openContractSocket(app.url);
    try {
      const added = await api.invoke('benches.add', { url: remote.url });
      expect(added.ok).toBe(true);
      await expect
        .poll(async () => {
          const r = await api.invoke<{ modems: { host?: string; state: string }[] }>('bench.list', {});
          return r.ok ? r.value.modems.filter((m) => m.host === host && m.state === 'idle').length : 0;
        }, { timeout: 30_000 })
        .toBe(2);

      const started = await api.invoke<{ runId: number }>('batch.start', { text: BATCH });
      if (!started.ok) throw new Error(JSON.stringify(started.error));
      const runId = started.value.runId;
      // Every modem has its first step stored; then the host dies during the 10 s wait (polled every 100 ms: well inside it).
      await expect
        .poll(async () => {
          const r = await api.invoke<RunLike>('runs.get', { runId });
          return r.ok ? r.value.results.filter((x) => x.stepKey === '1').length : 0;
        }, { timeout: 20_000, intervals: [100] })
        .toBe(3);
      await remote.stop();
      servers.splice(servers.indexOf(remote), 1);
      await expect
        .poll(async () => {
          const r = await api.invoke<RunLike>('runs.get', { runId });
          return r.ok ? r.value.status : null;
        }, { timeout: 30_000 })
        .toBe('interrupted');

      await page.goto(app.url);
      await page.getByTestId('rail-batches').click();
      await page.getByTestId('batches-tab-history').click();
      await page.locator(`[data-testid="history-row"][data-run-id="${runId}"]`).getByTestId('history-open').click();
      await expect(page.getByTestId('run-status')).toHaveText('interrupted');
      const statuses = page.locator('[data-testid="matrix-row"] .mstat');
      // The rows follow the run's modem order: compared as a multiset.
      await expect.poll(async () => (await statuses.allTextContents()).sort()).toEqual(['done', 'interrupted', 'interrupted']);
      // What the page shows is what the stored run holds: 4 + 2 + 2 steps done of 12.
      await expect(page.getByTestId('run-counts')).toContainText('8/12');
      await expect(page.getByTestId('run-modems-done')).toHaveText('1/3 modems done');
      await expect(page.getByTestId('run-modems-interrupted')).toHaveText('2 interrupted');
      await expect(page.getByTestId('run-continue')).toBeVisible();
      await shot(page, 'run-interrupted-host-lost');

      // The host is back on its port with the same modems; the app rejoins it by itself.
      remote = await startServer(['--sim', '2', '--seed', '93'], remote.port);
      servers.push(remote);
      await expect
        .poll(async () => {
          const r = await api.invoke<{ hosts: { name: string; state: string }[] }>('benches.list', {});
          return r.ok ? r.value.hosts.find((h) => h.name === host)?.state : null;
        }, { timeout: 60_000 })
        .toBe('connected');

      await page.getByTestId('run-continue').click();
      await expect(page.getByTestId('run-status')).toHaveText('completed', { timeout: 60_000 });
      await expect(page.getByTestId('run-counts')).toContainText('12/12');
      await expect(page.getByTestId('run-counts')).toContainText('12 pass');
      await expect(page.getByTestId('run-modems-done')).toHaveText('3/3 modems done');
      await expect(page.getByTestId('run-modems-interrupted')).toHaveCount(0);
      await expect.poll(async () => (await statuses.allTextContents()).sort()).toEqual(['done', 'done', 'done']);
      await expect(page.getByTestId('run-continue')).toHaveCount(0);
      const stored = await api.invoke<RunLike>('runs.get', { runId });
      expect(stored.ok && stored.value.results.filter((r) => r.status === 'pass').length).toBe(12);
    } finally {
      api.close();
    }
  } finally {
    for (const s of servers) await s.stop();
  }
});
