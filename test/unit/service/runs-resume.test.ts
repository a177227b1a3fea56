/**
 * RunsService.resume (issue 17): an interrupted run is continued inside the
 * app, as `modem-bench run --resume` does from the CLI: its plan from the
 * history, only the steps not done, on those of its modems on the bench now.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunTarget } from '../../../src-main/core/batch';
import { isBatchError } from '../../../src-main/core/batch/errors';
import { isInvalidInputError } from '../../../src-main/core/errors';
import { createLogger } from '../../../src-main/core/log';
import { RunsService } from '../../../src-main/core/service/runs';
import { RunStore } from '../../../src-main/core/store';
import type { EventMap } from '../../../src-preload/contract';
import { scriptedTarget } from '../../helpers/scripted-target';

const THREE_STEPS = 'name: three\nmodems: all\nsteps:\n  - send: AT\n  - send: ATI\n  - send: AT+CSQ\n';
const A = '860000000000001';
const B = '860000000000002';

function service(store: RunStore, targets: RunTarget[]) {
  const finished: EventMap['batch.finished'][] = [];
  const svc = new RunsService({
    store,
    examplesDir: null,
    targets: () => targets,
    emit: (channel, payload) => {
      if (channel === 'batch.finished') finished.push(payload as EventMap['batch.finished']);
    },
    logger: createLogger(null).logger,
  });
  return { svc, finished };
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('did not throw');
}

/** A run of THREE_STEPS on A and B cut short by the app closing after the first step of each. */
async function interruptedRun(store: RunStore): Promise<number> {
  const first = service(store, [scriptedTarget(A, () => ({}), 100), scriptedTarget(B, () => ({}), 100)]);
  const { runId } = await first.svc.start(THREE_STEPS);
  await vi.advanceTimersByTimeAsync(150);
  first.svc.dispose();
  await vi.advanceTimersByTimeAsync(1000);
  expect(store.getRun(runId).status).toBe('interrupted');
  expect(store.getRun(runId).results.map((r) => `${r.modemKey}/${r.stepKey}`)).toEqual([`${A}/1`, `${B}/1`]);
  return runId;
}

describe('RunsService.resume', () => {
  let store: RunStore;
  beforeEach(() => {
    vi.useFakeTimers();
    store = RunStore.open({ path: ':memory:' });
  });
  afterEach(() => {
    store.close();
    vi.useRealTimers();
  });

  it('continues an interrupted run with only the steps not done, to completed', async () => {
    const runId = await interruptedRun(store);
    const a = scriptedTarget(A, () => ({}), 100);
    const b = scriptedTarget(B, () => ({}), 100);
    const { svc, finished } = service(store, [a, b]);
    expect(svc.resume(runId)).toEqual({ runId, modems: 2, missing: [] });
    expect(svc.get(runId)).toMatchObject({ status: 'running', live: true });
    await vi.advanceTimersByTimeAsync(2000);
    expect(a.sent).toEqual(['ATI', 'AT+CSQ']);
    expect(b.sent).toEqual(['ATI', 'AT+CSQ']);
    expect(finished).toEqual([{ runId, status: 'completed' }]);
    const run = store.getRun(runId);
    expect(run.status).toBe('completed');
    expect(run.results.map((r) => `${r.modemKey}/${r.stepKey}/${r.status}`)).toEqual([`${A}/1/pass`, `${A}/2/pass`, `${A}/3/pass`, `${B}/1/pass`, `${B}/2/pass`, `${B}/3/pass`]);
  });

  it('runs the modems on the bench now, names the others, and ends interrupted again until they are back', async () => {
    const runId = await interruptedRun(store);
    const a = scriptedTarget(A, () => ({}), 100);
    const first = service(store, [a]);
    expect(first.svc.resume(runId)).toEqual({ runId, modems: 1, missing: [B] });
    await vi.advanceTimersByTimeAsync(2000);
    expect(first.finished).toEqual([{ runId, status: 'interrupted' }]);
    expect(store.getRun(runId).results.filter((r) => r.modemKey === B)).toHaveLength(1);

    // B is back: a second resume does only B's two steps.
    const b = scriptedTarget(B, () => ({}), 100);
    const a2 = scriptedTarget(A, () => ({}), 100);
    const second = service(store, [a2, b]);
    expect(second.svc.resume(runId)).toEqual({ runId, modems: 2, missing: [] });
    await vi.advanceTimersByTimeAsync(2000);
    expect(a2.sent).toEqual([]);
    expect(b.sent).toEqual(['ATI', 'AT+CSQ']);
    expect(second.finished).toEqual([{ runId, status: 'completed' }]);
    expect(store.getRun(runId).results).toHaveLength(6);
  });

  it('a modem here that the file no longer selects (its tags changed) is named missing, not silently left undone', async () => {
    const text = 'name: tagged\nmodems: { tag: slot-a }\nsteps:\n  - send: AT\n  - send: ATI\n';
    const tagged = (key: string, tags: string[]) => Object.assign(scriptedTarget(key, () => ({}), 100), { tags });
    const first = service(store, [tagged(A, ['slot-a']), tagged(B, ['slot-a'])]);
    const { runId } = await first.svc.start(text);
    await vi.advanceTimersByTimeAsync(150);
    first.svc.dispose();
    await vi.advanceTimersByTimeAsync(1000);
    const a = tagged(A, ['slot-a']);
    const b = tagged(B, ['slot-b']);
    const { svc, finished } = service(store, [a, b]);
    expect(svc.resume(runId)).toEqual({ runId, modems: 1, missing: [B] });
    await vi.advanceTimersByTimeAsync(2000);
    expect(b.sent).toEqual([]);
    expect(finished).toEqual([{ runId, status: 'interrupted' }]);
  });

  it('a cancelled run resumed with none of its modems here stays cancelled (it was written interrupted)', async () => {
    const first = service(store, [scriptedTarget(A, () => ({}), 100)]);
    const { runId } = await first.svc.start(THREE_STEPS);
    await vi.advanceTimersByTimeAsync(150);
    first.svc.control(runId, 'cancel');
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.getRun(runId).status).toBe('cancelled');
    const nobody = service(store, [scriptedTarget('860000000000009', () => ({}))]);
    expect(isInvalidInputError(thrown(() => nobody.svc.resume(runId)))).toBe(true);
    expect(store.getRun(runId).status).toBe('cancelled');
  });

  it('refuses, with a typed error and nothing changed: no modem of the run here, a finished run, a live run, an unknown run', async () => {
    const runId = await interruptedRun(store);
    const nobody = service(store, [scriptedTarget('860000000000009', () => ({}))]);
    const none = thrown(() => nobody.svc.resume(runId));
    expect(isInvalidInputError(none) && (none as Error).message).toMatch(/None of run \d+'s modems is on the bench now \(860000000000001, 860000000000002\)/);
    expect(store.getRun(runId).status).toBe('interrupted');

    const { svc } = service(store, [scriptedTarget(A, () => ({}), 100), scriptedTarget(B, () => ({}), 100)]);
    svc.resume(runId);
    // Live in this app: not resumed twice.
    expect(isInvalidInputError(thrown(() => svc.resume(runId)))).toBe(true);
    await vi.advanceTimersByTimeAsync(2000);
    expect(store.getRun(runId).status).toBe('completed');
    const done = thrown(() => svc.resume(runId));
    expect(isBatchError(done) && { code: done.code, reason: done.details.reason }).toEqual({ code: 'store-error', reason: 'not-resumable' });
    expect(store.getRun(runId).status).toBe('completed');
    expect(isInvalidInputError(thrown(() => svc.resume(999)))).toBe(true);
  });
});
