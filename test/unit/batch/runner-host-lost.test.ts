/**
 * Issue 17: a remote modem whose bench host goes away mid-run. Its step in
 * flight is not recorded (it never got an answer); it is sent again when the
 * host is back. Once only such modems are left, after the plan's bounded
 * waits, their part of the run ends interrupted, and the run with it, so a
 * resume picks up at that step.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BatchRunner, parseBatch, type RunProgress, type StepResult } from '../../../src-main/core/batch';
import type { RunTarget } from '../../../src-main/core/batch';
import { HostRefusedError, HostUnreachableError } from '../../../src-main/core/fleet/errors';
import { drive, scriptedTarget, settle } from '../../helpers/batch-run';

/**
 * A remote modem whose host can be taken away: while away, every exec rejects as the fleet does;
 * `goAway()` also fails the commands in flight (the link dropped under them).
 */
function remoteTarget(key: string, delayMs = 10): RunTarget & { sent: string[]; away: boolean; refused: boolean; goAway(): void } {
  const inner = scriptedTarget(key, () => ({}), delayMs);
  const inFlight = new Set<(err: Error) => void>();
  const t = {
    ...inner,
    away: false,
    refused: false,
    goAway: () => {
      t.away = true;
      for (const fail of inFlight) fail(new HostUnreachableError('h2:1', 'h2:1 went away with the command in flight'));
      inFlight.clear();
    },
    exec: (command: string, o: Parameters<RunTarget['exec']>[1]) => {
      if (t.refused) return Promise.reject(new HostRefusedError('h2:1', 'h2:1 refused the token'));
      if (t.away) return Promise.reject(new HostUnreachableError('h2:1', 'h2:1 is not connected'));
      return new Promise<Awaited<ReturnType<RunTarget['exec']>>>((resolve, reject) => {
        inFlight.add(reject);
        inner.exec(command, o).then(resolve, reject).finally(() => inFlight.delete(reject));
      });
    },
  };
  return t;
}

const PLAN = ['settings: { unavailable_retries: 2, unavailable_delay: 5s }', 'steps:', '  - send: AT', '  - wait: 4s', '  - send: ATI', '  - send: AT+CSQ'].join('\n');

describe('BatchRunner: a modem whose bench host went away', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('waits for the host while other modems run, sends the step again when it is back, and records no failure', async () => {
    const plan = await parseBatch(PLAN.replace('wait: 4s', 'wait: 60s'), 'h.yaml');
    // Each of its commands takes 30 s: it is still running when the host comes back.
    const local = scriptedTarget('local', () => ({}), 30_000);
    const remote = remoteTarget('h2:1/860000000000001');
    const runner = new BatchRunner({ plan, targets: [local, remote] });
    const statuses: string[] = [];
    runner.onProgress((p: RunProgress) => {
      if (p.modem.key === remote.key && statuses.at(-1) !== p.modem.status) statuses.push(p.modem.status);
    });
    const run = settle(runner.run());
    await vi.advanceTimersByTimeAsync(1000); // both in the 60 s wait
    remote.away = true;
    await vi.advanceTimersByTimeAsync(80_000); // ATI failed at 60 s; more than the bounded waits, but 'local' still runs
    remote.away = false;
    for (let i = 0; i < 100; i++) await vi.advanceTimersByTimeAsync(1000);
    const out = await run;
    if (!out.ok) throw out.error;
    expect(out.value.status).toBe('completed');
    const mine = out.value.results.filter((r) => r.modemKey === remote.key);
    expect(mine.map((r) => [r.stepKey, r.status, r.attempts])).toEqual([
      ['1', 'pass', 1],
      ['2', 'pass', 0],
      ['3', 'pass', 1],
      ['4', 'pass', 1],
    ]);
    expect(statuses).toEqual(['running', 'unavailable', 'running', 'done']);
    expect(out.value.transcripts![remote.key]!.some((e) => e.dir === 'note' && /host-unreachable/.test(e.text))).toBe(true);
  });

  it('ends interrupted once only modems without a host are left; their step in flight is not recorded; a resume finishes them', async () => {
    const plan = await parseBatch(PLAN, 'h.yaml');
    const local = scriptedTarget('local', () => ({}));
    const remote = remoteTarget('h2:1/860000000000001');
    const sunk: StepResult[] = [];
    const runner = new BatchRunner({ plan, targets: [local, remote], sink: { stepCompleted: (r) => sunk.push(r) } });
    const run = settle(runner.run());
    await vi.advanceTimersByTimeAsync(1000);
    remote.away = true; // gone for good
    for (let i = 0; i < 120; i++) await vi.advanceTimersByTimeAsync(1000);
    const out = await run;
    if (!out.ok) throw out.error;
    const data = out.value;
    expect(data.status).toBe('interrupted');
    expect(Object.fromEntries(data.modems.map((m) => [m.key, m.status]))).toEqual({ local: 'done', [remote.key]: 'interrupted' });
    // Steps 1 and 2 are done; ATI (failed when sent after the wait, the host gone) and AT+CSQ are not recorded at all.
    expect(sunk.filter((r) => r.modemKey === remote.key).map((r) => r.stepKey)).toEqual(['1', '2']);
    expect(sunk.filter((r) => r.modemKey === 'local').map((r) => r.status)).toEqual(['pass', 'pass', 'pass', 'pass']);

    // The host is back: a resume with what was recorded runs only what is left.
    remote.away = false;
    remote.sent.length = 0;
    const done = new Map<string, StepResult[]>();
    for (const r of sunk) done.set(r.modemKey, [...(done.get(r.modemKey) ?? []), r]);
    const again = await drive(new BatchRunner({ plan, targets: [local, remote], resume: done }));
    expect(again.status).toBe('completed');
    expect(remote.sent).toEqual(['ATI', 'AT+CSQ']);
    expect(again.results.filter((r) => r.modemKey === remote.key).map((r) => [r.stepKey, r.status])).toEqual([
      ['1', 'pass'],
      ['2', 'pass'],
      ['3', 'pass'],
      ['4', 'pass'],
    ]);
  });

  it('a command cut off by its host going away is not recorded; sent again once the host is back, its transcript holds one wait, not one per round', async () => {
    const plan = await parseBatch(PLAN, 'h.yaml');
    // 'local' is slow: the run goes on for minutes while the remote modem waits in 5 s rounds.
    const local = scriptedTarget('local', () => ({}), 100_000);
    const remote = remoteTarget('h2:1/860000000000001', 20_000);
    const sunk: { r: StepResult; lines: string[] }[] = [];
    const runner = new BatchRunner({ plan, targets: [local, remote], sink: { stepCompleted: (r, tr) => sunk.push({ r, lines: tr.map((e) => `${e.dir} ${e.text}`) }) } });
    const run = settle(runner.run());
    await vi.advanceTimersByTimeAsync(30_000); // the remote ATI (sent at 24 s, answers at 44 s) is in flight
    remote.goAway();
    await vi.advanceTimersByTimeAsync(170_000); // 34 rounds of waiting
    remote.away = false;
    for (let i = 0; i < 200; i++) await vi.advanceTimersByTimeAsync(1000);
    const out = await run;
    if (!out.ok) throw out.error;
    expect(out.value.status).toBe('completed');
    const ati = sunk.filter((x) => x.r.modemKey === remote.key && x.r.stepKey === '3');
    expect(ati.map((x) => [x.r.status, x.r.attempts])).toEqual([['pass', 1]]);
    // Sent, cut off, one wait, sent again, answered: not a tx and two notes for every round.
    expect(ati[0]!.lines.filter((l) => l.startsWith('tx '))).toEqual(['tx ATI', 'tx ATI']);
    expect(ati[0]!.lines.filter((l) => l.startsWith('note ')).length).toBe(2);
  });

  it('a host that refuses us is waited for the same way; a modem waiting for its host does not hold the queue behind it', async () => {
    const plan = await parseBatch(PLAN.replace('settings: {', 'settings: { parallel: 1,'), 'h.yaml');
    const remote = remoteTarget('h2:1/860000000000001');
    const local = scriptedTarget('local', () => ({}));
    remote.refused = true;
    const data = await drive(new BatchRunner({ plan, targets: [remote, local] }), 400);
    expect(data.status).toBe('interrupted');
    expect(data.modems.map((m) => m.status)).toEqual(['interrupted', 'done']);
    expect(data.results.filter((r) => r.modemKey === remote.key)).toEqual([]);
    expect(data.results.filter((r) => r.modemKey === 'local').map((r) => r.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  it('a cancel while a modem waits for its host is a cancel, not an interruption', async () => {
    const plan = await parseBatch(PLAN, 'h.yaml');
    const remote = remoteTarget('h2:1/860000000000001');
    remote.away = true;
    const runner = new BatchRunner({ plan, targets: [remote, scriptedTarget('local', () => ({}), 100_000)] });
    const run = settle(runner.run());
    await vi.advanceTimersByTimeAsync(3000);
    runner.cancel('by the engineer');
    await vi.advanceTimersByTimeAsync(1000);
    const out = await run;
    if (!out.ok) throw out.error;
    expect(out.value.status).toBe('cancelled');
    expect(out.value.modems.map((m) => m.status)).toEqual(['cancelled', 'cancelled']);
  });
});
