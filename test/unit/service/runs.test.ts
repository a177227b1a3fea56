/**
 * RunsService: batch runs inside the app, over a run store in memory and
 * scripted targets on fake time. Events to the renderer are coalesced; the
 * store holds every result; a run cut short by the app closing is interrupted.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunTarget } from '../../../src-main/core/batch';
import { isInvalidInputError } from '../../../src-main/core/errors';
import { createLogger } from '../../../src-main/core/log';
import { RunsService } from '../../../src-main/core/service/runs';
import { RunStore } from '../../../src-main/core/store';
import type { EventMap } from '../../../src-preload/contract';
import { scriptedTarget } from '../../helpers/scripted-target';


const THREE_STEPS = 'name: three\nmodems: all\nsteps:\n  - send: AT\n  - send: ATI\n  - send: AT+CSQ\n';
const ok = () => ({});

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'mb-runs-'));
  dirs.push(d);
  return d;
}

function setup(o: { targets?: RunTarget[]; examplesDir?: string | null } = {}) {
  const store = RunStore.open({ path: ':memory:' });
  const events = { 'batch.progress': [] as EventMap['batch.progress'][], 'batch.results': [] as EventMap['batch.results'][], 'batch.finished': [] as EventMap['batch.finished'][] };
  const targets = o.targets ?? [scriptedTarget('860000000000001', ok, 100), scriptedTarget('860000000000002', ok, 100)];
  const svc = new RunsService({
    store,
    examplesDir: o.examplesDir ?? null,
    targets: () => targets,
    emit: (channel, payload) => (events[channel] as unknown[]).push(payload),
    logger: createLogger(null).logger,
  });
  return {
    store,
    svc,
    of: <E extends keyof typeof events>(channel: E): (typeof events)[E] => events[channel],
  };
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('did not throw');
}

describe('RunsService', () => {
  const close: (() => void)[] = [];
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    for (const c of close.splice(0)) c();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    vi.useRealTimers();
  });

  function make(o: Parameters<typeof setup>[0] = {}) {
    const s = setup(o);
    close.push(() => {
      s.svc.dispose();
      s.store.close();
    });
    return s;
  }

  it('validates a file: its steps once each and how many bench modems it selects; problems with line and column', async () => {
    const { svc } = make();
    // A repeat makes three instances of its step: the editor lists it once.
    const v = await svc.validate('name: r\nmodems: all\nsteps:\n  - repeat: 3\n    steps:\n      - send: AT\n  - send: ATI\n');
    expect(v).toMatchObject({ ok: true, problems: [], selected: 2 });
    expect(v.steps.map((s) => s.kind)).toEqual(['send', 'send']);
    const bad = await svc.validate('name: r\nsteps:\n  - sned: AT\n', 'bad.yaml');
    expect(bad.ok).toBe(false);
    expect(bad.problems[0]).toMatchObject({ file: 'bad.yaml', line: 3 });
    expect(bad.selected).toBe(0);
  });

  it('runs to the end: every result in the store, events coalesced to one per 250 ms, then batch.finished', async () => {
    const { svc, store, of } = make();
    const six = `name: six\nmodems: all\nsteps:\n${'  - send: AT\n'.repeat(6)}`;
    const { runId } = await svc.start(six);
    expect(svc.get(runId)).toMatchObject({ status: 'running', live: true });
    // Each target answers in 100 ms. The start's progress opens a window: by 250 ms two steps of each modem are done.
    await vi.advanceTimersByTimeAsync(249);
    expect(of('batch.results')).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(of('batch.results').map((e) => e.results.length)).toEqual([4]);
    expect(of('batch.progress')).toHaveLength(1);
    // The next window opens with the results at 300 ms and holds those of 300, 400 and 500 ms.
    await vi.advanceTimersByTimeAsync(299);
    expect(of('batch.results')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(of('batch.results').map((e) => e.results.length)).toEqual([4, 6]);
    expect(of('batch.finished')).toEqual([]);
    // The end flushes at once, then says so.
    await vi.advanceTimersByTimeAsync(50);
    expect(of('batch.results').map((e) => e.results.length)).toEqual([4, 6, 2]);
    expect(of('batch.finished')).toEqual([{ runId, status: 'completed' }]);
    expect(of('batch.progress').length).toBeGreaterThanOrEqual(3);
    const run = svc.get(runId);
    expect(run).toMatchObject({ status: 'completed', live: false, paused: false });
    expect(run.results).toHaveLength(12);
    expect(store.getRun(runId).status).toBe('completed');
    expect(svc.list().runs.map((r) => r.id)).toEqual([runId]);
  });

  it('runs on the modems asked for, by ModemId; refuses a file with problems or one that selects nobody', async () => {
    const { svc } = make();
    const { runId } = await svc.start(THREE_STEPS, 'b.yaml', ['860000000000002']);
    expect(svc.get(runId).modems.map((m) => m.key)).toEqual(['860000000000002']);
    await vi.advanceTimersByTimeAsync(1000);

    const e1 = await svc.start('name: r\nsteps:\n  - sned: AT\n').catch((e: unknown) => e);
    expect(isInvalidInputError(e1)).toBe(true);
    expect((e1 as { details: { problems: unknown[] } }).details.problems.length).toBeGreaterThan(0);
    const e2 = await svc.start(THREE_STEPS, 'b.yaml', ['no-such-modem']).catch((e: unknown) => e);
    expect(isInvalidInputError(e2) && e2.message).toBe('The batch file selects no modem on this bench');
  });

  it('pauses, resumes and cancels a live run; control of a run that is not live is refused', async () => {
    const { svc, of } = make();
    const { runId } = await svc.start(THREE_STEPS);
    await vi.advanceTimersByTimeAsync(50);
    expect(svc.control(runId, 'pause').state).toBe('paused');
    await vi.advanceTimersByTimeAsync(1000);
    expect(svc.get(runId).paused).toBe(true);
    const doneWhilePaused = svc.get(runId).results.length;
    const eventsWhilePaused = of('batch.results').length;
    await vi.advanceTimersByTimeAsync(1000);
    expect(svc.get(runId).results.length).toBe(doneWhilePaused);
    expect(of('batch.results').length).toBe(eventsWhilePaused);
    expect(svc.control(runId, 'resume').state).toBe('running');
    await vi.advanceTimersByTimeAsync(100);
    svc.control(runId, 'cancel');
    await vi.advanceTimersByTimeAsync(1000);
    expect(of('batch.finished')).toEqual([{ runId, status: 'cancelled' }]);
    expect(svc.get(runId).status).toBe('cancelled');
    expect(isInvalidInputError(thrown(() => svc.control(runId, 'pause')))).toBe(true);
  });

  it('a run cut short by the app closing is interrupted (resumable), not cancelled', async () => {
    const { svc, store, of } = make();
    const { runId } = await svc.start(THREE_STEPS);
    await vi.advanceTimersByTimeAsync(150);
    svc.dispose();
    await vi.advanceTimersByTimeAsync(1000);
    expect(of('batch.finished')).toEqual([{ runId, status: 'interrupted' }]);
    expect(store.getRun(runId).status).toBe('interrupted');
  });

  it('a runner that throws ends the run as failed', async () => {
    const broken = scriptedTarget('860000000000003', ok);
    // A target whose recovery timeline cannot be subscribed: the runner itself fails, not a step.
    broken.onTimeline = () => {
      throw new Error('timeline gone');
    };
    const { svc, of } = make({ targets: [broken] });
    const { runId } = await svc.start(THREE_STEPS);
    await vi.advanceTimersByTimeAsync(1000);
    expect(of('batch.finished')).toEqual([{ runId, status: 'failed' }]);
    expect(svc.get(runId).status).toBe('failed');
  });

  it('deletes finished runs only; unknown runs are invalid input with the run named', async () => {
    const { svc } = make();
    const { runId } = await svc.start(THREE_STEPS);
    expect(isInvalidInputError(thrown(() => svc.delete([runId])))).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(svc.delete([runId])).toEqual({ deleted: 1 });
    const e = thrown(() => svc.get(runId));
    expect(isInvalidInputError(e) && e.message).toBe(`No run ${runId} in the run history`);
    expect(isInvalidInputError(thrown(() => svc.transcript(runId, 'x')))).toBe(true);
  });

  it('exports a run as JSON, CSV or JUnit with a file name from its name; keeps transcripts per modem; compares two runs', async () => {
    const { svc } = make();
    const { runId: a } = await svc.start(THREE_STEPS, 'Bench A/1.yaml');
    await vi.advanceTimersByTimeAsync(1000);
    const { runId: b } = await svc.start(THREE_STEPS);
    await vi.advanceTimersByTimeAsync(1000);
    const json = svc.export(a, 'json');
    expect(json).toMatchObject({ filename: `run-${a}-three.json`, mime: 'application/json' });
    expect(JSON.parse(json.content)).toMatchObject({ status: 'completed' });
    expect(svc.export(a, 'csv')).toMatchObject({ filename: `run-${a}-three.csv`, mime: 'text/csv' });
    expect(svc.export(a, 'csv').content.split('\n').filter(Boolean).length).toBe(7);
    expect(svc.export(a, 'junit').content).toContain('<testsuite');
    expect(svc.transcript(a, '860000000000001').entries.map((e) => e.dir)).toContain('tx');
    expect(svc.transcript(a, 'not-in-run').entries).toEqual([]);
    const cmp = svc.compare(a, b);
    expect(cmp.a.runId).toBe(a);
    expect(cmp.changed).toEqual([]);
  });

  it('lists the shipped examples, sorted, and resolves includes against their folder only', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'b-second.yaml'), 'name: b\nsteps:\n  - include: a-first.yml\n');
    writeFileSync(join(dir, 'a-first.yml'), 'name: a\nsteps:\n  - send: AT\n');
    writeFileSync(join(dir, 'notes.txt'), 'not a batch file');
    const { svc } = make({ examplesDir: dir });
    expect(svc.examples().examples.map((e) => [e.name, e.file])).toEqual([
      ['a-first', 'a-first.yml'],
      ['b-second', 'b-second.yaml'],
    ]);
    const v = await svc.validate('name: c\nmodems: all\nsteps:\n  - include: a-first.yml\n');
    expect(v.ok).toBe(true);
    expect(v.steps).toHaveLength(1);

    const none = make({ examplesDir: null }).svc;
    expect(none.examples()).toEqual({ examples: [] });
    expect((await none.validate('name: c\nsteps:\n  - include: a-first.yml\n')).ok).toBe(false);
    expect(make({ examplesDir: join(dir, 'missing') }).svc.examples()).toEqual({ examples: [] });
    expect(svc.schema().schema).toMatchObject({ type: 'object' });
  });
});
