import type { CommandClass } from '../at/types';
import { isBenchError } from '../errors';
import { sleep } from '../util/sleep';

export { sleep };

/** Exponential backoff for one error class. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Delay before the first retry (ms). */
  initialDelayMs: number;
  /** Delays never exceed this (ms). */
  maxDelayMs: number;
  /** Each retry waits this much longer than the one before. */
  multiplier: number;
  /** Randomise each delay between half and all of it, so 30 modems do not retry in lockstep. */
  jitter: boolean;
}

/** How an error is retried: the guide's three classes, and the errors never worth a retry. */
export type RetryClass = 'timeout' | 'device' | 'parse' | 'never';

/** The guide's defaults: timeout 3 x 1..10 s x2 jitter; device 5 x 2..30 s x1.5 jitter; parse 2 x 0.5..2 s x2. */
export const DEFAULT_RETRY_POLICIES: Readonly<Record<Exclude<RetryClass, 'never'>, RetryPolicy>> = {
  timeout: { maxRetries: 3, initialDelayMs: 1000, maxDelayMs: 10_000, multiplier: 2, jitter: true },
  device: { maxRetries: 5, initialDelayMs: 2000, maxDelayMs: 30_000, multiplier: 1.5, jitter: true },
  parse: { maxRetries: 2, initialDelayMs: 500, maxDelayMs: 2000, multiplier: 2, jitter: false },
};

export type PolicyTable = Partial<Record<Exclude<RetryClass, 'never'>, RetryPolicy | null>>;

/**
 * Per command class. Interactive commands are never retried silently (the
 * engineer sees the error and decides); recovery steps have their own ladder;
 * health polls simply come again at the next interval.
 */
export const DEFAULT_CLASS_POLICIES: Readonly<Record<CommandClass, PolicyTable>> = {
  interactive: { timeout: null, device: null, parse: null },
  recovery: { timeout: null, device: null, parse: null },
  batch: DEFAULT_RETRY_POLICIES,
  health: { timeout: null, device: null, parse: null },
};

/** Invalid command, syntax error, device not found, permission denied, cancel: never retried. */
export function retryClassOf(err: unknown): RetryClass {
  if (!isBenchError(err) || !err.retryable) return 'never';
  switch (err.code) {
    case 'timeout':
      return 'timeout';
    case 'protocol-error':
      return 'parse';
    case 'disconnected':
    case 'modem-error':
    case 'queue-full':
    case 'modem-reset': // the modem restarted mid-command; the session sets it up again before the retry
      return 'device';
    default:
      return 'never';
  }
}

/** The delay before retry number `retry` (1-based). `random` returns [0, 1). */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** (retry - 1));
  return Math.round(policy.jitter ? base * (0.5 + random() * 0.5) : base);
}

export function validatePolicy(name: string, p: RetryPolicy): RetryPolicy {
  const bad = (f: string): never => {
    throw new TypeError(`${name}.${f} is invalid`);
  };
  if (!Number.isInteger(p.maxRetries) || p.maxRetries < 0 || p.maxRetries > 100) bad('maxRetries');
  if (!(p.initialDelayMs >= 0)) bad('initialDelayMs');
  if (!(p.maxDelayMs >= p.initialDelayMs)) bad('maxDelayMs');
  if (!(p.multiplier >= 1)) bad('multiplier');
  return p;
}

export interface RetryOptions {
  table: PolicyTable;
  signal?: AbortSignal;
  random?: () => number;
  /** Called before each retry's wait. */
  onRetry?: (err: unknown, retry: number, delayMs: number) => void;
}

/** Runs `fn`, retrying by the error's class under `table`; the last error is thrown. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, o: RetryOptions): Promise<T> {
  const used: Record<string, number> = {};
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      const cls = retryClassOf(err);
      const policy = cls === 'never' ? null : o.table[cls];
      const n = (used[cls] ?? 0) + 1;
      if (!policy || n > policy.maxRetries || o.signal?.aborted) throw err;
      used[cls] = n;
      const delay = backoffDelay(policy, n, o.random);
      o.onRetry?.(err, n, delay);
      await sleep(delay, o.signal);
    }
  }
}
