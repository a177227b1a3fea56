import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConcurrencyController } from '../../../src-main/core/concurrency';
import { isCancelledError } from '../../../src-main/core/errors';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const settle = (p: Promise<unknown>) =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

// A batch run hands its one signal to every command of every modem: the controller must not
// add a listener to it per command (EventTarget walks its listener list on each add and remove).
describe('ConcurrencyController with one caller signal shared by many tasks', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('keeps one abort listener on the signal however many tasks wait or run, and none once they ended', async () => {
    const c = new ConcurrencyController();
    const ac = new AbortController();
    const gates = Array.from({ length: 20 }, () => deferred());
    // 10 keys with one running and one waiting task each.
    const ps = gates.map((g, i) => c.submit(`m${i % 10}`, 'batch', () => g.promise, { signal: ac.signal }));
    await vi.advanceTimersByTimeAsync(0);
    expect(c.inFlight).toBe(10);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
    for (const g of gates) g.resolve();
    await Promise.all(ps);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });

  it('on abort fails the waiting tasks with cancelled and fires the running tasks\' signals with the reason', async () => {
    const c = new ConcurrencyController();
    const ac = new AbortController();
    const seen: unknown[] = [];
    const running = (s: AbortSignal) =>
      new Promise<void>((_, reject) =>
        s.addEventListener('abort', () => {
          seen.push(s.reason);
          reject(s.reason);
        }),
      );
    const r0 = settle(c.submit('m0', 'batch', running, { signal: ac.signal }));
    const r1 = settle(c.submit('m1', 'batch', running, { signal: ac.signal }));
    const q0 = settle(c.submit('m0', 'batch', () => Promise.resolve('never'), { signal: ac.signal }));
    // Another caller's task on the same key is not touched.
    const other = settle(c.submit('m1', 'batch', () => Promise.resolve('other ran')));
    await vi.advanceTimersByTimeAsync(0);
    ac.abort('stop');
    expect(seen).toEqual(['stop', 'stop']);
    const [a, b, q, o] = await Promise.all([r0, r1, q0, other]);
    expect(a).toEqual({ ok: false, error: 'stop' });
    expect(b).toEqual({ ok: false, error: 'stop' });
    expect(q.ok).toBe(false);
    expect(!q.ok && isCancelledError(q.error)).toBe(true);
    expect(o).toEqual({ ok: true, value: 'other ran' });
    expect(c.inFlight).toBe(0);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });
});
