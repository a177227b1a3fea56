import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CancelledError, ModemError, PermissionDeniedError, ProtocolError, TimeoutError } from '../../../src-main/core/errors';
import { CircuitBreaker, retryClassOf, retryUntil } from '../../../src-main/core/recovery';

describe('retry policies', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('classifies errors as the guide does', () => {
    expect(retryClassOf(new TimeoutError('AT', 1))).toBe('timeout');
    expect(retryClassOf(new ProtocolError('x'))).toBe('parse');
    expect(retryClassOf(new ModemError('AT+CSQ', '+CME ERROR: 14', { kind: 'cme', code: 14, text: 'SIM busy' }))).toBe('device');
    // invalid command / syntax error (bare ERROR), permission denied, cancel: never
    expect(retryClassOf(new ModemError('AT+FOO', 'ERROR', null))).toBe('never');
    expect(retryClassOf(new ModemError('AT+CSQ=1', '+CME ERROR: 50', { kind: 'cme', code: 50, text: 'Incorrect parameters' }))).toBe('never');
    expect(retryClassOf(new PermissionDeniedError('/dev/ttyUSB2'))).toBe('never');
    expect(retryClassOf(new CancelledError())).toBe('never');
    expect(retryClassOf(new Error('plain'))).toBe('never');
  });

  it('retryUntil: stops at maxAttempts with the last error, waiting delayMs between attempts', async () => {
    const starts: number[] = [];
    const fn = vi.fn(async () => {
      starts.push(Date.now());
      throw new TimeoutError('AT+CSQ', 5000);
    });
    const p = retryUntil(fn, { maxAttempts: 3, delayMs: 500 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(await p).toBeInstanceOf(TimeoutError);
    expect(fn).toHaveBeenCalledTimes(3);
    expect(starts.slice(1).map((t, i) => t - starts[i]!)).toEqual([500, 500]);
  });

  it('retryUntil: no new attempt after the budget; the default delay is 1 s; the result of the first success', async () => {
    let n = 0;
    const fn = vi.fn(async () => {
      throw new Error(`no ${++n}`);
    });
    const p = retryUntil(fn, { budgetMs: 3500 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(((await p) as Error).message).toBe('no 5');
    const ok = retryUntil(async (attempt) => {
      if (attempt < 2) throw new Error('not yet');
      return attempt;
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect(await ok).toBe(2);
  });

  it('retryUntil: throws at once what retryIf refuses, and stops waiting when cancelled', async () => {
    const fn = vi.fn(async () => {
      throw new ModemError('AT+FOO', 'ERROR', null);
    });
    await expect(retryUntil(fn, { retryIf: (e) => retryClassOf(e) !== 'never' })).rejects.toBeInstanceOf(ModemError);
    expect(fn).toHaveBeenCalledTimes(1);
    const ac = new AbortController();
    const slow = retryUntil(
      async () => {
        throw new TimeoutError('AT', 1);
      },
      { signal: ac.signal },
    ).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10);
    ac.abort('stop');
    expect(await slow).toBeInstanceOf(CancelledError);
    await expect(retryUntil(fn, { maxAttempts: 0 })).rejects.toBeInstanceOf(TypeError);
  });
});

describe('CircuitBreaker', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('opens at 10 failures within 5 minutes, not at 10 spread wider', () => {
    const b = new CircuitBreaker();
    for (let i = 0; i < 9; i++) b.failure('x', i * 40_000);
    // The 10th comes 6 minutes after the first: only 8 are within the window.
    b.failure('x', 360_000);
    expect(b.state.state).toBe('closed');
    b.failure('x', 361_000);
    b.failure('x', 362_000);
    expect(b.state.state).toBe('open');
    b.dispose();
  });

  it('goes half-open after 60 s, lets exactly one probe through, and closes on its success', async () => {
    const b = new CircuitBreaker({ threshold: 2 });
    const seen: string[] = [];
    b.onStateChange((s) => seen.push(s.state));
    b.failure('a');
    b.failure('b');
    expect(b.decide()).toBe('reject');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(b.decide()).toBe('probe');
    expect(b.decide()).toBe('reject');
    b.success();
    expect(b.decide()).toBe('pass');
    expect(seen).toEqual(['open', 'half-open', 'half-open', 'closed']);
    b.dispose();
  });

  it('re-opens when the probe fails; forceOpen without retry stays open', async () => {
    const b = new CircuitBreaker({ threshold: 1, halfOpenAfterMs: 1000 });
    b.failure('a');
    await vi.advanceTimersByTimeAsync(1000);
    expect(b.decide()).toBe('probe');
    b.failure('probe');
    expect(b.state.state).toBe('open');
    b.forceOpen('failed');
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(b.state.state).toBe('open');
    expect(b.pendingTimers).toBe(0);
    b.dispose();
  });
});
