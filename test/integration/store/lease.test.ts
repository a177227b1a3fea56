/**
 * Interrupted runs are found by a lease (issue 13), not by hostname and PID:
 * a run whose owner stopped renewing is interrupted and resumable from any
 * process, including one on another host or one that got the owner's PID.
 * Fake time throughout: the lease is 30 s, renewed every 10 s.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type BatchPlan, parseBatch } from '../../../src-main/core/batch';
import { RunStore } from '../../../src-main/core/store';
import { machineId } from '../../../src-main/core/store/lease';

const dirs: string[] = [];
const stores: RunStore[] = [];
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  vi.useRealTimers();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dbPath(): string {
  const d = mkdtempSync(join(tmpdir(), 'mb-lease-'));
  dirs.push(d);
  return join(d, 'runs.db');
}
function open(path: string, o: Partial<Parameters<typeof RunStore.open>[0]> = {}): RunStore {
  const s = RunStore.open({ path, leaseMs: 30_000, ...o });
  stores.push(s);
  return s;
}
let plan: BatchPlan;
const getPlan = async () => (plan ??= await parseBatch('name: p\nsteps:\n  - send: AT\n', 'p.yaml'));
const modems = [{ key: 'A', label: 'lA', status: 'pending' as const, identity: { imei: 'A', iccid: null, imsi: null, model: null, firmware: null, revision: null } }];

/** Stands in for the owner: another process that holds the run's lease as of now. */
function ownedElsewhere(s: RunStore, id: number, o: { pid: number; host: string; machine: string | null }): void {
  s.db
    .prepare('UPDATE runs SET owner_pid = ?, owner_host = ?, owner_machine = ?, lease_owner = ?, lease_until = ? WHERE id = ?')
    .run(o.pid, o.host, o.machine, 'someone-else', Date.now() + 30_000, id);
}

describe('run leases', () => {
  it('a live owner keeps renewing: its run stays running for any other process, however long it runs', async () => {
    const path = dbPath();
    const owner = open(path);
    const id = owner.createRun({ plan: await getPlan(), modems });
    const other = open(path);
    for (let minute = 0; minute < 10; minute++) {
      await vi.advanceTimersByTimeAsync(60_000);
      expect(other.markInterrupted()).toBe(0);
    }
    expect(() => other.resumeRun(id)).toThrow(/is running .*holds its lease/);
    owner.finishRun(id, 'completed');
    expect(other.getRun(id).status).toBe('completed');
  });

  it('an owner that stops renewing (hung or killed) loses the run when its lease runs out; another process resumes it', async () => {
    const path = dbPath();
    const owner = open(path);
    const id = owner.createRun({ plan: await getPlan(), modems });
    owner.sink(id).stepCompleted(
      { modemKey: 'A', seq: 0, stepKey: '1', stepId: '1', name: 'AT', kind: 'send', command: 'AT', status: 'pass', message: null, errorCode: null, final: 'OK', lines: [], parsed: null, captures: {}, latencyMs: 1, attempts: 1, startedAt: 1, endedAt: 2 },
      [],
    );
    await vi.advanceTimersByTimeAsync(25_000);
    // The owner's process dies without a word: its database handle is gone, nothing renews.
    owner.db.close();
    const other = open(path);
    expect(other.getRun(id).status).toBe('running');
    await vi.advanceTimersByTimeAsync(29_000); // last renewal at 20 s: the lease runs to 50 s
    expect(other.markInterrupted()).toBe(1);
    expect(other.getRun(id)).toMatchObject({ status: 'interrupted', note: expect.stringMatching(/stopped renewing its lease/) });
    const info = other.resumeRun(id);
    expect([...info.done.keys()]).toEqual(['A']);
    // Now the other process owns it and renews it.
    const third = open(path);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(third.markInterrupted()).toBe(0);
  });

  it('a run of another host is interrupted once its lease runs out (no PID of ours judges it)', async () => {
    const path = dbPath();
    const s = open(path);
    const id = s.createRun({ plan: await getPlan(), modems });
    ownedElsewhere(s, id, { pid: 4_000_000, host: 'bench-pc-2', machine: 'boot:another-machine' });
    const mine = open(path, { isAlive: () => false });
    expect(mine.markInterrupted()).toBe(0);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(mine.markInterrupted()).toBe(1);
    expect(mine.resumeRun(id).runId).toBe(id);
  });

  it('a reused PID does not keep a dead run alive: the lease does', async () => {
    const path = dbPath();
    const s = open(path);
    const id = s.createRun({ plan: await getPlan(), modems });
    // The owner's PID now belongs to some other live process of this machine (here: our parent).
    ownedElsewhere(s, id, { pid: process.ppid, host: 'this', machine: machineId() });
    const mine = open(path);
    expect(mine.markInterrupted()).toBe(0);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(mine.markInterrupted()).toBe(1);
    // Resume needs no separate look: it checks the lease itself.
    const again = s.createRun({ plan: await getPlan(), modems });
    ownedElsewhere(s, again, { pid: process.ppid, host: 'this', machine: machineId() });
    await vi.advanceTimersByTimeAsync(30_001);
    expect(mine.resumeRun(again).runId).toBe(again);
  });

  it('on this machine, a run whose process is gone is interrupted at once, without waiting for the lease', async () => {
    const path = dbPath();
    const s = open(path);
    const id = s.createRun({ plan: await getPlan(), modems });
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    ownedElsewhere(s, id, { pid: dead, host: 'this', machine: machineId() });
    const mine = open(path);
    expect(mine.getRun(id).status).toBe(machineId() === null ? 'running' : 'interrupted');
  });

  it('an owner whose run was taken over stops renewing it and is told', async () => {
    const path = dbPath();
    const lost: number[] = [];
    const owner = open(path, { onLeaseLost: (runId) => lost.push(runId) });
    const id = owner.createRun({ plan: await getPlan(), modems });
    owner.db.prepare(`UPDATE runs SET lease_owner = 'taken-over' WHERE id = ?`).run(id);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(lost).toEqual([id]);
    const until = (owner.db.prepare('SELECT lease_until FROM runs WHERE id = ?').get(id) as { lease_until: number }).lease_until;
    await vi.advanceTimersByTimeAsync(30_000);
    expect((owner.db.prepare('SELECT lease_until FROM runs WHERE id = ?').get(id) as { lease_until: number }).lease_until).toBe(until);
    // It writes nothing more to the run: no results, and finishing is its new owner's business.
    expect(() =>
      owner.sink(id).stepCompleted(
        { modemKey: 'A', seq: 0, stepKey: '1', stepId: '1', name: 'AT', kind: 'send', command: 'AT', status: 'pass', message: null, errorCode: null, final: 'OK', lines: [], parsed: null, captures: {}, latencyMs: 1, attempts: 1, startedAt: 1, endedAt: 2 },
        [],
      ),
    ).toThrow(/taken over by another process/);
    owner.finishRun(id, 'completed');
    expect(owner.getRun(id)).toMatchObject({ status: 'running', results: [] });
  });

  it('two processes resuming one run: only the first takes it', async () => {
    const path = dbPath();
    const s = open(path);
    const id = s.createRun({ plan: await getPlan(), modems });
    s.finishRun(id, 'interrupted');
    const a = open(path);
    const b = open(path);
    // b read the run as interrupted before a took it.
    expect(b.getRun(id).status).toBe('interrupted');
    expect(a.resumeRun(id).runId).toBe(id);
    expect(() => b.resumeRun(id)).toThrow(/is running/);
    expect(a.getRun(id)).toMatchObject({ status: 'running', note: 'resumed' });
  });

  it('leaseMs is checked', () => {
    expect(() => RunStore.open({ path: ':memory:', leaseMs: 0 })).toThrow(/leaseMs/);
  });
});
