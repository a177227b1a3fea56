/**
 * The runner's progress (issue 16): overall counts kept as running totals must equal the
 * results reported so far after every kind of step outcome, and step-driven progress is
 * coalesced (at most one event per `progressIntervalMs`) while modem status changes and
 * the run's last event stay exact. Fake time throughout.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BatchRunner, type RunProgress, type RunTarget, type StepResult, parseBatch } from '../../../src-main/core/batch';
import { TimeoutError } from '../../../src-main/core/errors';
import { drive } from '../../helpers/batch-run';
import { scriptedTarget } from '../../helpers/scripted-target';

/** AT+NAME answers a dangerous command's name (a batch file cannot hold one literally, a variable can). */
const answers = (c: string) => (c === 'AT+NAME' ? { lines: ['+QPOWD'] } : {});
/** The step that captures it, for `AT${cmd}`. */
const NAME_STEP = ['  - send: AT+NAME', "    capture: { cmd: { match: '^([+]QPOWD)$' } }"];

/** Answers OK after 10 ms, except AT+FAIL (ERROR) and AT+HANG (a timeout, rejected after 10 ms). */
function target(key: string): RunTarget {
  const ok = scriptedTarget(key, (c) => (c === 'AT+FAIL' ? { final: { kind: 'error', success: false, raw: 'ERROR', code: null, text: null } } : answers(c)));
  return {
    ...ok,
    exec: (command, o) =>
      command === 'AT+HANG' ? new Promise((_, reject) => setTimeout(() => reject(new TimeoutError(command, 10)), 10)) : ok.exec(command, o),
  };
}

/** Counts of the results reported so far, as the overall figures should read. */
function counts(results: StepResult[]): Record<string, number> {
  const n = (s: StepResult['status']): number => results.filter((r) => r.status === s).length;
  return { done: results.length, passed: n('pass'), failed: n('fail'), errors: n('error'), skipped: n('skipped') };
}

describe('BatchRunner progress: running totals and coalescing (fake time)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('overall equals the results so far after every outcome: pass, fail, error, dangerous, missing variable, wait, skipped', async () => {
    const plan = await parseBatch(
      [
        'steps:',
        '  - send: AT',
        '  - send: AT+FAIL',
        '  - send: AT+HANG',
        ...NAME_STEP,
        '  - send: AT${cmd}',
        '  - send: AT+X=${modem.imsi}',
        '  - wait: 1s',
        '  - send: AT+FAIL',
        '    on_failure: stop-modem',
        '  - send: AT',
        '  - send: ATI',
      ].join('\n'),
      'outcomes.yaml',
    );
    const runner = new BatchRunner({ plan, targets: ['a', 'b', 'c'].map(target), progressIntervalMs: 0 });
    const results: StepResult[] = [];
    const seen: { p: RunProgress; expected: Record<string, number> }[] = [];
    runner.onStepResult((r) => results.push(r));
    runner.onProgress((p) => seen.push({ p, expected: counts(results) }));
    const data = await drive(runner, 100, 100);
    expect(new Set(data.results.map((r) => r.status))).toEqual(new Set(['pass', 'fail', 'error', 'skipped']));
    expect(new Set(data.results.map((r) => r.errorCode))).toEqual(new Set([null, 'timeout', 'dangerous', 'missing-variable']));
    // With no coalescing: every result and every status change is an event, each exact when emitted.
    expect(seen.length).toBe(3 * 10 + 3 * 2);
    for (const { p, expected } of seen) {
      const { done, passed, failed, errors, skipped } = p.overall;
      expect({ done, passed, failed, errors, skipped }).toEqual(expected);
      expect(p.overall.total).toBe(30);
    }
    expect(seen.at(-1)!.p.overall).toMatchObject({ done: 30, passed: 9, failed: 6, errors: 9, skipped: 6, modemsDone: 3, modems: 3, etaMs: 0 });
    expect(seen.at(-1)!.p.overall.modemsDone).toBe(3);
    // Modems done counts each modem once, when its status becomes final.
    expect(seen.map((s) => s.p.overall.modemsDone)).toEqual([...seen.map((s) => s.p.overall.modemsDone)].sort((x, y) => x - y));
  });

  it('resumed steps are not counted again: totals start from what is left', async () => {
    const plan = await parseBatch('steps:\n  - send: AT\n  - send: AT\n  - send: AT\n', 'r.yaml');
    const prior = (await drive(new BatchRunner({ plan, targets: [target('a')] }), 10, 100)).results.slice(0, 2);
    const runner = new BatchRunner({ plan, targets: [target('a'), target('b')], resume: new Map([['a', prior]]), progressIntervalMs: 0 });
    const seen: RunProgress[] = [];
    runner.onProgress((p) => seen.push(p));
    await drive(runner, 10, 100);
    expect(seen.at(-1)!.overall).toMatchObject({ total: 4, done: 4, passed: 4, modemsDone: 2 });
  });

  it('step progress is coalesced to one event per 100 ms by default; status changes and the last event are exact', async () => {
    const plan = await parseBatch('steps:\n  - repeat: 30\n    steps: [{ send: AT }]\n', 'many.yaml');
    const runner = new BatchRunner({ plan, targets: ['a', 'b', 'c', 'd'].map(target) });
    const results: StepResult[] = [];
    const seen: { at: number; p: RunProgress; done: number }[] = [];
    runner.onStepResult((r) => results.push(r));
    runner.onProgress((p) => seen.push({ at: Date.now(), p, done: results.length }));
    const t0 = Date.now();
    const data = await drive(runner, 100, 100);
    expect(data.results).toHaveLength(120);
    // 30 steps of 10 ms: 300 ms. Without coalescing 120 step events + 8 status changes.
    const stepEvents = seen.filter((s) => s.p.modem.status === 'running' && s.done > 0);
    expect(stepEvents.length).toBeGreaterThan(0);
    expect(stepEvents.length).toBeLessThanOrEqual(Math.ceil((Date.now() - t0) / 100) + 1);
    for (let i = 1; i < stepEvents.length; i++) expect(stepEvents[i]!.at - stepEvents[i - 1]!.at).toBeGreaterThanOrEqual(100);
    // Each event is exact when it is emitted.
    for (const s of seen) expect(s.p.overall.done).toBe(s.done);
    // Every modem's start and end are told at once.
    expect(seen.filter((s) => s.p.modem.status === 'done').map((s) => s.p.modem.key).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(seen.filter((s) => s.p.modem.status === 'running' && s.done === 0).map((s) => s.p.modem.key).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(seen.at(-1)!.p.overall).toMatchObject({ total: 120, done: 120, passed: 120, modemsDone: 4, modems: 4 });
    // Nothing left behind: no coalescing timer outlives the run, no event after it.
    expect(vi.getTimerCount()).toBe(0);
    const after = seen.length;
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen.length).toBe(after);
  });

  it('a step that ends inside the window is told when the window closes, not dropped', async () => {
    // One modem, steps of 10 ms then a long wait: the steps after the first event must still show before the wait ends.
    const plan = await parseBatch('steps:\n  - send: AT\n  - send: AT\n  - send: AT\n  - wait: 10s\n  - send: AT\n', 'w.yaml');
    const runner = new BatchRunner({ plan, targets: [target('a')] });
    const seen: { at: number; done: number }[] = [];
    runner.onProgress((p) => seen.push({ at: Date.now(), done: p.overall.done }));
    const t0 = Date.now();
    await drive(runner, 300, 100);
    const firstThree = seen.find((s) => s.done === 3);
    expect(firstThree).toBeDefined();
    expect(firstThree!.at - t0).toBeLessThanOrEqual(200);
  });

  it('progressIntervalMs must be a whole number >= 0', async () => {
    const plan = await parseBatch('steps:\n  - send: AT\n', 'x.yaml');
    expect(() => new BatchRunner({ plan, targets: [], progressIntervalMs: -1 })).toThrow(/progressIntervalMs/);
    expect(() => new BatchRunner({ plan, targets: [], progressIntervalMs: 1.5 })).toThrow(/progressIntervalMs/);
  });

  it('a dangerous command is refused on every modem and every repeat (the verdict is cached, not skipped)', async () => {
    const plan = await parseBatch(['steps:', ...NAME_STEP, '  - repeat: 3', '    steps: [{ send: "AT${cmd}" }]', '  - send: AT${cmd}', '    allow_dangerous: true'].join('\n'), 'd.yaml');
    const targets = ['a', 'b'].map((k) => scriptedTarget(k, answers));
    const data = await drive(new BatchRunner({ plan, targets }), 10, 100);
    expect(data.results.map((r) => `${r.modemKey}:${r.errorCode ?? r.status}`)).toEqual(['a:pass', 'a:dangerous', 'a:dangerous', 'a:dangerous', 'a:pass', 'b:pass', 'b:dangerous', 'b:dangerous', 'b:dangerous', 'b:pass']);
    // Only the allowed one was sent.
    expect(targets.map((t) => t.sent)).toEqual([['AT+NAME', 'AT+QPOWD'], ['AT+NAME', 'AT+QPOWD']]);
  });
});
