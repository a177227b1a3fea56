import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConcurrencyController } from '../../../src-main/core/concurrency';
import { isCancelledError, isQueueFullError } from '../../../src-main/core/errors';

/** A task whose completion the test controls. */
function deferred<T = string>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('ConcurrencyController', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs one task at a time per key, in FIFO order within a class', async () => {
    const c = new ConcurrencyController();
    const order: string[] = [];
    const gates = [deferred(), deferred(), deferred()];
    const ps = gates.map((g, i) =>
      c.submit('m0', 'batch', async () => {
        order.push(`start${i}`);
        await g.promise;
        order.push(`end${i}`);
        return i;
      }),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual(['start0']);
    expect(c.inFlight).toBe(1);
    gates[0]!.resolve('x');
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual(['start0', 'end0', 'start1']);
    gates[1]!.resolve('x');
    gates[2]!.resolve('x');
    expect(await Promise.all(ps)).toEqual([0, 1, 2]);
    expect(order).toEqual(['start0', 'end0', 'start1', 'end1', 'start2', 'end2']);
  });

  it('runs different keys in parallel up to the global limit', async () => {
    const c = new ConcurrencyController({ globalLimit: 2 });
    const gates = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    const ps = gates.map((g, i) => c.submit(`m${i}`, 'batch', async () => (started.push(i), g.promise)));
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual([0, 1]);
    expect(c.stats().queued).toBe(1);
    gates[1]!.resolve('b');
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.resolve('a');
    gates[2]!.resolve('c');
    expect(await Promise.all(ps)).toEqual(['a', 'b', 'c']);
  });

  it('under the global limit, tasks of one class start in the order they were submitted, across keys', async () => {
    const c = new ConcurrencyController({ globalLimit: 1 });
    const started: string[] = [];
    const gates = new Map<string, { resolve: (v: string) => void }>();
    const submit = (key: string) =>
      c.submit(key, 'batch', () => {
        started.push(key);
        const g = deferred<string>();
        gates.set(key, g);
        return g.promise;
      });
    const ps = [submit('a'), submit('b'), submit('c'), submit('a'), submit('d')];
    const step = async (key: string) => {
      gates.get(key)!.resolve(key);
      await vi.advanceTimersByTimeAsync(0);
    };
    await vi.advanceTimersByTimeAsync(0);
    await step('a'); // a's second task was submitted before d's: it goes first, though d was waiting
    await step('b');
    await step('c');
    await step('a');
    await step('d');
    await Promise.all(ps);
    expect(started).toEqual(['a', 'b', 'c', 'a', 'd']);
    expect(c.inFlight).toBe(0);
    expect(c.stats().queued).toBe(0);
  });

  it('hands a key\'s tasks one signal until it fires, then a fresh one', async () => {
    const c = new ConcurrencyController();
    const signals: AbortSignal[] = [];
    const run = (s: AbortSignal) => (signals.push(s), Promise.resolve(s.aborted));
    await c.submit('m0', 'batch', run);
    await c.submit('m0', 'batch', run);
    expect(signals[1]).toBe(signals[0]);
    // The caller's signal fires: the shared one fires with it and is retired.
    const outer = new AbortController();
    const h = deferred<boolean>();
    const q = c.submit('m0', 'batch', (s) => (signals.push(s), h.promise), { signal: outer.signal });
    await vi.advanceTimersByTimeAsync(0);
    expect(signals[2]).toBe(signals[0]);
    outer.abort('user');
    expect(signals[2]!.aborted).toBe(true);
    h.resolve(true);
    await q;
    expect(await c.submit('m0', 'batch', run)).toBe(false);
    expect(signals[3]).not.toBe(signals[2]);
  });

  it('starts the higher class first on the same modem', async () => {
    const c = new ConcurrencyController();
    const first = deferred();
    const order: string[] = [];
    const p0 = c.submit('m0', 'batch', () => first.promise);
    const ph = c.submit('m0', 'health', async () => order.push('health'));
    const pb = c.submit('m0', 'batch', async () => order.push('batch'));
    const pr = c.submit('m0', 'recovery', async () => order.push('recovery'));
    const pi = c.submit('m0', 'interactive', async () => order.push('interactive'));
    first.resolve('done');
    await Promise.all([p0, ph, pb, pr, pi]);
    expect(order).toEqual(['interactive', 'recovery', 'batch', 'health']);
  });

  it('ages waiting tasks so a health poll is not starved by a stream of interactive commands', async () => {
    const c = new ConcurrencyController({ agingMs: 1000 });
    const order: string[] = [];
    // A long stream of interactive commands, each taking 400 ms.
    const slow = () => new Promise<void>((r) => setTimeout(r, 400));
    const ps: Promise<unknown>[] = [];
    ps.push(c.submit('m0', 'interactive', async () => (order.push('i'), slow())));
    const health = c.submit('m0', 'health', async () => order.push('H'));
    for (let i = 0; i < 20; i++) ps.push(c.submit('m0', 'interactive', async () => (order.push('i'), slow())));
    await vi.advanceTimersByTimeAsync(20 * 400 + 400);
    await Promise.all([...ps, health]);
    const h = order.indexOf('H');
    // health (rank 3) reaches the top class after 3 s; it is older than every
    // interactive command still waiting, so it runs at the first dispatch after 3 s (t = 3.2 s, the 9th).
    expect(h).toBe(8);
  });

  it('refuses a task over the per-key queue bound with queue-full, and loses none of the others', async () => {
    const c = new ConcurrencyController({ maxQueuePerKey: 2 });
    const gate = deferred();
    const running = c.submit('m0', 'batch', () => gate.promise);
    await vi.advanceTimersByTimeAsync(0);
    const a = c.submit('m0', 'batch', async () => 'a');
    const b = c.submit('m0', 'batch', async () => 'b');
    const over = c.submit('m0', 'batch', async () => 'c');
    await expect(over).rejects.toSatisfy(isQueueFullError);
    gate.resolve('r');
    expect(await Promise.all([running, a, b])).toEqual(['r', 'a', 'b']);
  });

  it('cancels a queued task through its signal and passes an abort signal to a running one', async () => {
    const c = new ConcurrencyController();
    const ac = new AbortController();
    let seen: AbortSignal | undefined;
    const running = c.submit(
      'm0',
      'interactive',
      (signal) =>
        new Promise((_, reject) => {
          seen = signal;
          signal.addEventListener('abort', () => reject(signal.reason));
        }),
      { signal: ac.signal },
    );
    const queuedAc = new AbortController();
    const ran = vi.fn();
    const queued = c.submit('m0', 'interactive', async () => ran(), { signal: queuedAc.signal });
    await vi.advanceTimersByTimeAsync(0);
    queuedAc.abort('user cancel');
    await expect(queued).rejects.toSatisfy(isCancelledError);
    ac.abort('stop');
    await expect(running).rejects.toBe('stop');
    expect(seen?.aborted).toBe(true);
    expect(ran).not.toHaveBeenCalled();
    expect(c.stats().queued).toBe(0);
    expect(c.inFlight).toBe(0);
  });

  it('holds a key: queued tasks wait until release', async () => {
    const c = new ConcurrencyController();
    c.hold('m0');
    const fn = vi.fn(async () => 'x');
    const p = c.submit('m0', 'batch', fn);
    await vi.advanceTimersByTimeAsync(100);
    expect(fn).not.toHaveBeenCalled();
    c.release('m0');
    expect(await p).toBe('x');
  });

  it('stats() counts what runs and what waits, by class', async () => {
    const c = new ConcurrencyController();
    const gate = deferred();
    const ps = [c.submit('m0', 'batch', () => gate.promise), c.submit('m0', 'health', async () => 'h')];
    await vi.advanceTimersByTimeAsync(0);
    expect(c.stats()).toMatchObject({ inFlight: 1, queued: 1, queuedByClass: { health: 1, batch: 0 }, completed: 0, keys: [{ key: 'm0', queued: 1, running: true, held: false }] });
    gate.resolve('b');
    await Promise.all(ps);
    expect(c.stats()).toMatchObject({ inFlight: 0, queued: 0, completed: 2, keys: [{ key: 'm0', queued: 0, running: false }] });
    c.close();
  });

  it('close() cancels queued work and aborts what runs', async () => {
    const c = new ConcurrencyController();
    const gate = deferred();
    const running = c.submit('m0', 'batch', (signal) => new Promise((_, rej) => signal.addEventListener('abort', () => rej(signal.reason))));
    const queued = c.submit('m0', 'batch', () => gate.promise);
    await vi.advanceTimersByTimeAsync(0);
    c.close();
    await expect(queued).rejects.toSatisfy(isCancelledError);
    await expect(running).rejects.toSatisfy(isCancelledError);
    expect(c.inFlight).toBe(0);
    await expect(c.submit('m0', 'batch', async () => 1)).rejects.toSatisfy(isCancelledError);
  });

  it('rejects bad options with a TypeError naming the field', () => {
    expect(() => new ConcurrencyController({ globalLimit: 0 })).toThrow(/globalLimit/);
    expect(() => new ConcurrencyController({ agingMs: 1.5 })).toThrow(/agingMs/);
  });
});
