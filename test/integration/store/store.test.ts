import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type BatchPlan, type RunModem, type StepResult, isStoreError, parseBatch } from '../../../src-main/core/batch';
import { MIGRATIONS, RunStore } from '../../../src-main/core/store';
import { machineId } from '../../../src-main/core/store/lease';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'mb-store-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const modem = (key: string, revision = 'FW_A'): RunModem => ({ key, label: `l${key}`, status: 'pending', identity: { imei: key, iccid: null, imsi: null, model: 'EC25', firmware: 'EC25', revision } });
function result(modemKey: string, seq: number, status: StepResult['status'] = 'pass'): StepResult {
  return { modemKey, seq, stepKey: String(seq + 1), stepId: String(seq + 1), name: `s${seq}`, kind: 'send', command: 'AT', status, message: null, errorCode: null, final: 'OK', lines: ['a', 'b'], parsed: { type: 'x', v: 1 }, captures: { v: seq }, latencyMs: 12.5, attempts: 1, startedAt: 1000 + seq, endedAt: 1010 + seq };
}

describe('RunStore', () => {
  let plan: BatchPlan;
  const getPlan = async () => (plan ??= await parseBatch('name: p\nsteps:\n  - send: AT\n  - send: ATI\n  - send: AT+CSQ\n', 'p.yaml'));

  it('creates the schema with user_version and WAL; reopening does not migrate again', async () => {
    const path = join(tmp(), 'sub', 'runs.db');
    const s = RunStore.open({ path });
    expect(s.schemaVersion).toBe(MIGRATIONS.length);
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    s.close();
    const again = RunStore.open({ path, synchronous: 'NORMAL' });
    expect(again.db.pragma('synchronous', { simple: true })).toBe(1);
    again.close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    const err = (() => {
      try {
        RunStore.open({ path });
      } catch (e) {
        return e;
      }
    })();
    expect(isStoreError(err) && err.reason).toBe('schema-too-new');
    expect(() => RunStore.open({ path: '' })).toThrow(TypeError);
    expect(() => RunStore.open({ path, synchronous: 'OFF' as never })).toThrow(/synchronous/);
  });

  it('stores a run: modems, results with JSON fields, transcripts (bounded), timelines; lists and reads it back', async () => {
    const s = RunStore.open({ path: join(tmp(), 'r.db'), transcriptLimit: 3 });
    const id = s.createRun({ plan: await getPlan(), modems: [modem('A'), modem('B')] });
    const sink = s.sink(id);
    sink.stepCompleted(result('A', 0), [
      { at: 1, dir: 'tx', text: 'AT' },
      { at: 2, dir: 'rx', text: 'OK' },
    ]);
    sink.stepCompleted(result('A', 1, 'fail'), [
      { at: 3, dir: 'tx', text: 'ATI' },
      { at: 4, dir: 'rx', text: 'x' },
      { at: 5, dir: 'rx', text: 'y' },
    ]);
    sink.modemChanged!({ key: 'A', label: 'lA', status: 'done', total: 3, done: 2, passed: 1, failed: 1, errors: 0, skipped: 0, current: null });
    sink.timeline!('A', { seq: 1, at: 7, kind: 'disconnect', detail: 'gone' });
    s.finishRun(id, 'completed', 5000);
    const run = s.getRun(id);
    expect(run).toMatchObject({ id, name: 'p', status: 'completed', endedAt: 5000, batchFile: 'p.yaml' });
    expect(run.batchHash).toMatch(/^[0-9a-f]{64}$/);
    expect(run.results).toEqual([result('A', 0), result('A', 1, 'fail')]);
    expect(run.modems.map((m) => [m.key, m.status])).toEqual([
      ['A', 'done'],
      ['B', 'pending'],
    ]);
    expect(run.transcripts!.A!.map((e) => e.text)).toEqual(['AT', 'OK', 'ATI', 'transcript limit (3 lines) reached; later lines are not kept']);
    expect(run.timelines!.A).toEqual([{ seq: 1, at: 7, kind: 'disconnect', detail: 'gone' }]);
    expect(s.listRuns()).toEqual([expect.objectContaining({ id, modems: 2, passed: 1, failed: 1, total: 6, status: 'completed' })]);
    expect(() => s.getRun(999)).toThrow(/no run 999/);
    s.close();
  });

  it('on open, a run whose process on this machine is gone becomes interrupted at once; a live PID keeps it until its lease runs out', async () => {
    const path = join(tmp(), 'i.db');
    const s = RunStore.open({ path });
    const a = s.createRun({ plan: await getPlan(), modems: [modem('A')] });
    const b = s.createRun({ plan: await getPlan(), modems: [modem('A')] });
    const far = Date.now() + 3_600_000;
    const own = s.db.prepare('UPDATE runs SET owner_pid = ?, lease_owner = ?, lease_until = ?, owner_machine = ? WHERE id = ?');
    own.run(424242, 'other-a', far, machineId(), a);
    own.run(535353, 'other-b', far, machineId(), b);
    s.close();
    const r = RunStore.open({ path, isAlive: (pid) => pid === 535353 });
    expect(r.getRun(a).status).toBe('interrupted');
    expect(r.getRun(a).note).toMatch(/ended before it finished/);
    expect(r.getRun(b).status).toBe('running');
    r.close();
  });

  it('resume: only interrupted or cancelled runs, with what is done by modem', async () => {
    const path = join(tmp(), 'x.db');
    const s = RunStore.open({ path });
    const id = s.createRun({ plan: await getPlan(), modems: [modem('A'), modem('B')] });
    s.sink(id).stepCompleted(result('A', 0), []);
    s.sink(id).stepCompleted(result('B', 0), []);
    s.sink(id).stepCompleted(result('B', 1), []);
    expect(() => s.resumeRun(id)).toThrow(/is running \(pid \d+ on .* holds its lease\)/);
    s.finishRun(id, 'completed');
    expect(() => s.resumeRun(id)).toThrow(/only interrupted or cancelled/);
    s.db.prepare(`UPDATE runs SET status = 'running' WHERE id = ?`).run(id);
    // Closed without finishing: nobody will finish it, so its lease ends with the store.
    s.close();
    const t = RunStore.open({ path });
    expect(t.getRun(id).status).toBe('interrupted');
    const info = t.resumeRun(id);
    expect(info.plan.steps).toHaveLength(3);
    expect([...info.done].map(([k, rs]) => [k, rs.map((r) => r.seq)])).toEqual([
      ['A', [0]],
      ['B', [0, 1]],
    ]);
    expect(t.getRun(id).status).toBe('running');
    t.close();
  });

  it('retention keeps N runs and N days of finished runs; delete removes everything a run owns', async () => {
    const s = RunStore.open({ path: join(tmp(), 'k.db') });
    const ids: number[] = [];
    const day = 86_400_000;
    const base = Date.now() - 5 * day;
    for (let i = 0; i < 5; i++) {
      const id = s.createRun({ plan: await getPlan(), modems: [modem('A')] });
      s.sink(id).stepCompleted(result('A', 0), [{ at: 1, dir: 'tx', text: 'AT' }]);
      s.finishRun(id, 'completed', base + i * day);
      ids.push(id);
    }
    const running = s.createRun({ plan: await getPlan(), modems: [modem('A')] });
    s.setRetention({ keepRuns: 3, keepDays: null });
    expect(s.listRuns().map((r) => r.id)).toEqual([running, ids[4], ids[3], ids[2]]);
    // Ended 1, 2 and 3 days ago: 2.5 days keeps the first two.
    s.setRetention({ keepRuns: null, keepDays: 2.5 });
    expect(s.listRuns().map((r) => r.id)).toEqual([running, ids[4], ids[3]]);
    expect(s.applyRetention(Date.now() + 1.2 * day)).toEqual([ids[3]]);
    expect(s.getRetention()).toEqual({ keepRuns: null, keepDays: 2.5 });
    expect(() => s.setRetention({ keepRuns: 0, keepDays: null })).toThrow(/keepRuns/);
    expect(s.deleteRuns([ids[4]!, 999])).toBe(1);
    for (const t of ['step_results', 'run_modems', 'transcripts']) {
      expect((s.db.prepare(`SELECT count(*) AS n FROM ${t} WHERE run_id = ?`).get(ids[4]) as { n: number }).n, t).toBe(0);
    }
    s.close();
  });
});

describe('a run killed with SIGKILL (real child process)', () => {
  let child: ChildProcess | null = null;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  function start(args: string[]): { child: ChildProcess; lines: () => Record<string, unknown>[]; exited: Promise<number | null> } {
    const c = spawn(process.execPath, ['--import', 'tsx/esm', 'test/fixtures/batch/run-child.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    let buf = '';
    const parsed: Record<string, unknown>[] = [];
    c.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.startsWith('{')) parsed.push(JSON.parse(line) as Record<string, unknown>);
      }
    });
    c.stderr!.on('data', () => undefined);
    return { child: c, lines: () => parsed, exited: new Promise((r) => c.on('exit', (code) => r(code))) };
  }

  async function until(cond: () => boolean, ms: number): Promise<void> {
    const end = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('loses no reported step; the run is interrupted on reopen and a resume completes it', async () => {
    const db = join(tmp(), 'kill.db');
    const first = start(['run', 'test/fixtures/batch/slow.yaml', '--sim', '4', '--seed', '3', '--db', db, '--json']);
    // Watch the database read-only while the child writes, then kill it mid-run.
    let stored = 0;
    await until(() => {
      try {
        const ro = new Database(db, { readonly: true, fileMustExist: true });
        try {
          stored = (ro.prepare('SELECT count(*) AS n FROM step_results').get() as { n: number }).n;
        } finally {
          ro.close();
        }
      } catch {
        stored = 0;
      }
      return stored >= 20 && first.lines().filter((l) => l.event === 'step').length >= 20;
    }, 60_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const reported = first.lines().filter((l) => l.event === 'step');
    const runId = first.lines().find((l) => l.event === 'run')!.runId as number;
    expect(reported.length).toBeGreaterThanOrEqual(20);

    const store = RunStore.open({ path: db });
    const run = store.getRun(runId);
    expect(run.status).toBe('interrupted');
    const inDb = new Map(run.results.map((r) => [`${r.modemKey}/${r.seq}`, r]));
    for (const r of reported) {
      const row = inDb.get(`${String(r.modem)}/${String(r.seq)}`);
      expect(row, `step ${String(r.step)} of ${String(r.modem)}`).toBeDefined();
      expect(row!.status).toBe(r.status);
    }
    const total = run.modems.length * run.steps.length;
    expect(run.results.length).toBeLessThan(total);
    store.close();

    // Resumed with only two of its four modems here: those two finish, the run stays interrupted (resumable).
    const partial = start(['run', '--resume', String(runId), '--sim', '2', '--seed', '3', '--db', db, '--json']);
    expect(await partial.exited).toBe(1);
    const halfway = RunStore.open({ path: db });
    const half = halfway.getRun(runId);
    expect(half.status).toBe('interrupted');
    expect((partial.lines().find((l) => l.event === 'run')!.modems as unknown[]).length).toBe(2);
    expect(half.results.length).toBeLessThan(total);
    halfway.close();

    // Resume with the same simulated modems (same seed: same IMEIs).
    const second = start(['run', '--resume', String(runId), '--sim', '4', '--seed', '3', '--db', db, '--json']);
    expect(await second.exited).toBe(0);
    const redone = second.lines().filter((l) => l.event === 'step').map((l) => `${String(l.modem)}/${String(l.seq)}`);
    for (const k of inDb.keys()) expect(redone).not.toContain(k);
    const after = RunStore.open({ path: db });
    const done = after.getRun(runId);
    expect(done.status).toBe('completed');
    expect(done.results).toHaveLength(total);
    expect(done.results.every((r) => r.status === 'pass')).toBe(true);
    // The results written before the kill are the same rows, untouched.
    for (const [k, r] of inDb) expect(done.results.find((x) => `${x.modemKey}/${x.seq}` === k)).toEqual(r);
    after.close();
  }, 120_000);
});
