/**
 * `modem-bench run --resume` (a real child process) takes over a run another
 * host was running once that host's lease has run out (issue 13). Before
 * leases, a run of another hostname stayed 'running' forever and the resume
 * was refused.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseBatch } from '../../../src-main/core/batch';
import { ModemSimulator } from '../../../src-main/core/sim';
import { RunStore } from '../../../src-main/core/store';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx/esm', 'test/fixtures/batch/run-child.ts', ...args], { encoding: 'utf8', timeout: 90_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('run --resume of a run another host left behind', () => {
  it('waits for its lease, then takes it over and completes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-resume-'));
    dirs.push(dir);
    const db = join(dir, 'runs.db');
    const sim = new ModemSimulator({ count: 2, seed: 3 });
    const modems = sim.describe().map((d) => ({
      key: d.imei,
      label: `sim${d.index}`,
      status: 'pending' as const,
      identity: { imei: d.imei, iccid: null, imsi: null, model: null, firmware: null, revision: null },
    }));
    await sim.dispose();
    const plan = await parseBatch('name: elsewhere\nsteps:\n  - send: AT\n  - send: AT+CSQ\n', 'elsewhere.yaml');
    const store = RunStore.open({ path: db });
    const runId = store.createRun({ plan, modems });
    // Another bench PC ran it (a PID that may well be alive here, for something else) and still holds the lease.
    const own = store.db.prepare(`UPDATE runs SET owner_host = 'bench-pc-2', owner_machine = 'boot:bench-pc-2', owner_pid = ?, lease_owner = 'bench-pc-2-token', lease_until = ? WHERE id = ?`);
    own.run(process.ppid, Date.now() + 3_600_000, runId);
    store.close();

    const early = cli('run', '--resume', String(runId), '--sim', '2', '--seed', '3', '--db', db, '--json');
    expect(early.code, early.err).toBe(2);
    expect(early.err).toMatch(/is running .*bench-pc-2.*lease/);

    // Its lease ran out (that PC stopped renewing).
    const again = RunStore.open({ path: db });
    again.db.prepare('UPDATE runs SET lease_until = ? WHERE id = ?').run(Date.now() - 1, runId);
    again.close();

    const resumed = cli('run', '--resume', String(runId), '--sim', '2', '--seed', '3', '--db', db, '--json');
    expect(resumed.code, resumed.err).toBe(0);
    const after = RunStore.open({ path: db });
    const run = after.getRun(runId);
    expect(run.status).toBe('completed');
    expect(run.results).toHaveLength(4);
    after.close();
  }, 120_000);
});
