import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CancelledError, ModemError, PermissionDeniedError, ProtocolError, TimeoutError } from '../../../src-main/core/errors';
import { CircuitBreaker, DEFAULT_RETRY_POLICIES, backoffDelay, retryClassOf, withRetry } from '../../../src-main/core/recovery';

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

  it('backs off exponentially up to the cap, with jitter in [half, all] of the delay', () => {
    const t = DEFAULT_RETRY_POLICIES.timeout;
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(t, n, () => 0.999999))).toEqual([1000, 2000, 4000, 8000, 10_000]);
    expect(backoffDelay(t, 1, () => 0)).toBe(500);
    const d = DEFAULT_RETRY_POLICIES.device;
    expect([1, 2, 3].map((n) => backoffDelay(d, n, () => 0.999999))).toEqual([2000, 3000, 4500]);
    const p = DEFAULT_RETRY_POLICIES.parse;
    expect([1, 2, 3].map((n) => backoffDelay(p, n, () => 0.3))).toEqual([500, 1000, 2000]);
  });

  it('retries timeouts 3 times with the delays of the policy, then gives up with the last error', async () => {
    const starts: number[] = [];
    const fn = vi.fn(async () => {
      starts.push(Date.now());
      throw new TimeoutError('AT+CSQ', 5000);
    });
    const p = withRetry(fn, { table: DEFAULT_RETRY_POLICIES, random: () => 0.999999 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(await p).toBeInstanceOf(TimeoutError);
    expect(fn).toHaveBeenCalledTimes(4);
    expect(starts.slice(1).map((t, i) => t - starts[i]!)).toEqual([1000, 2000, 4000]);
  });

  it('never retries what must not be retried, and stops waiting when cancelled', async () => {
    const fn = vi.fn(async () => {
      throw new ModemError('AT+FOO', 'ERROR', null);
    });
    await expect(withRetry(fn, { table: DEFAULT_RETRY_POLICIES })).rejects.toBeInstanceOf(ModemError);
    expect(fn).toHaveBeenCalledTimes(1);
    const ac = new AbortController();
    const slow = withRetry(
      async () => {
        throw new TimeoutError('AT', 1);
      },
      { table: DEFAULT_RETRY_POLICIES, signal: ac.signal },
    ).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10);
    ac.abort('stop');
    expect(await slow).toBeInstanceOf(CancelledError);
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
