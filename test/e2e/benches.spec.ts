/**
 * The Benches page (issue 17): a second `serve --sim 4` on loopback is added
 * by its address; its 4 modems join the Bench list with their host; a
 * console command on one is answered by that host; killed, the host shows
 * unreachable and its modems offline (kept, honest); removed, they leave.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, openBench, shot, test } from './fixtures';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Remote {
  child: ChildProcess;
  url: string;
  port: number;
  exited: Promise<void>;
  dir: string;
}

/** A second bench host: serve on a port the OS picks, ready when it prints its URL. */
function startRemote(): Promise<Remote> {
  const dir = mkdtempSync(join(tmpdir(), 'mb-e2e-remote-'));
  const child = spawn(process.execPath, ['src-main/headless/bin.mjs', 'serve', '--sim', '4', '--seed', '91', '--port', '0', '--no-build', '--data-dir', dir, '--log-dir', dir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /serving (http:\/\/[^\s]+)/.exec(out);
      if (m) resolve({ child, url: m[1]!, port: Number(new URL(m[1]!).port), exited, dir });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', () => reject(new Error(`the remote serve exited:\n${out}`)));
  });
}

async function endRemote(r: Remote): Promise<void> {
  if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
  await r.exited;
  rmSync(r.dir, { recursive: true, force: true });
}

test('a remote bench joins, answers a console, goes offline honestly when killed, and leaves when removed', async ({ page, api }) => {
  test.setTimeout(120_000);
  const remote = await startRemote();
  const host = `127.0.0.1:${remote.port}`;
  try {
    await openBench(page, 16);
    // Local modems only: no host column yet.
    await expect(page.getByTestId('col-host')).toHaveCount(0);

    await page.getByTestId('rail-benches').click();
    await expect(page.getByTestId('benches-empty')).toBeVisible();
    await page.getByTestId('bench-url').fill(remote.url);
    await page.getByTestId('bench-add-submit').click();
    const row = page.getByTestId('bench-host').and(page.locator(`[data-host="${host}"]`));
    await expect(row).toHaveAttribute('data-state', 'connected');
    await expect(row).toContainText('4');
    await shot(page, 'benches-connected');

    // Its 4 modems in the Bench list, with their host in the host column.
    await page.getByTestId('rail-bench').click();
    await expect(page.getByTestId('bench-row')).toHaveCount(20);
    await expect(page.getByTestId('col-host')).toBeVisible();
    const remoteRows = page.getByTestId('bench-row').filter({ has: page.getByTestId('cell-host').filter({ hasText: host }) });
    await expect(remoteRows).toHaveCount(4);
    await shot(page, 'benches-bench-list');

    // A console command on one, answered by the remote host.
    const first = remoteRows.first();
    const id = (await first.getAttribute('data-modem-id'))!;
    await first.click();
    await page.getByTestId('toolbar-open-consoles').click();
    await expect(page.getByTestId('console-pane')).toHaveAttribute('data-modem-id', id);
    const input = page.getByTestId('console-input');
    await input.fill('AT+CGSN');
    await input.press('Enter');
    await expect(page.getByTestId('console-result')).toHaveAttribute('data-status', 'ok');
    await expect(page.getByTestId('console-line').filter({ hasText: 'AT+CGSN' }).first()).toHaveAttribute('data-kind', 'tx');
    // Its id here is host/IMEI; the answer is the IMEI.
    expect(id).toMatch(new RegExp(`^${host.replace(/\./g, '\\.')}/\\d{15}$`));
    await expect(page.getByTestId('console-line').filter({ hasText: id.slice(host.length + 1) }).first()).toBeVisible();

    // The host dies: its modems stay listed, offline, and the page says unreachable.
    remote.child.kill('SIGKILL');
    await page.getByTestId('rail-bench').click();
    await expect(remoteRows.and(page.locator('[data-state="offline"]'))).toHaveCount(4);
    await expect(page.getByTestId('bench-row').and(page.locator('[data-state="offline"]'))).toHaveCount(4);
    await page.getByTestId('rail-benches').click();
    await expect(row).toHaveAttribute('data-state', 'unreachable');
    await expect(row.getByTestId('bench-host-message')).toContainText(host);
    await shot(page, 'benches-unreachable');

    // Removed: its modems leave the list.
    await row.getByTestId('bench-remove').click();
    await expect(page.getByTestId('bench-host')).toHaveCount(0);
    await page.getByTestId('rail-bench').click();
    await expect(page.getByTestId('bench-row')).toHaveCount(16);
    await expect(page.getByTestId('col-host')).toHaveCount(0);
  } finally {
    await endRemote(remote);
    // Never leave the host in the shared server's Benches list, whatever failed above.
    await api.invoke('benches.remove', { name: host });
  }
});

test('an address that is not one is refused at the form, and nothing is added', async ({ page }) => {
  await openBench(page, 16);
  await page.getByTestId('rail-benches').click();
  await page.getByTestId('bench-url').fill('ftp://nowhere');
  await page.getByTestId('bench-add-submit').click();
  await expect(page.getByTestId('bench-add-error')).toContainText('http(s)://');
  await expect(page.getByTestId('bench-host')).toHaveCount(0);
});
