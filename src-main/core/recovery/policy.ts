import { isBenchError } from '../errors';
import { sleep } from '../util/sleep';

/**
 * How an error is worth retrying: a timeout, a parse error, a device error,
 * or never (invalid command, syntax error, device not found, permission
 * denied, cancel). Who retries is decided elsewhere: a batch step's
 * `retries` (the runner) and the ladder's own steps; nothing re-sends
 * silently.
 */
export type RetryClass = 'timeout' | 'device' | 'parse' | 'never';

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

export interface RetryUntilOptions {
  /** Attempts at most, the first included. @default Infinity */
  maxAttempts?: number;
  /** No new attempt starts after this much time from the first (ms). @default Infinity */
  budgetMs?: number;
  /** Wait between attempts (ms). @default 1000 */
  delayMs?: number;
  /** Whether an error is worth another attempt; others are thrown at once. @default every error */
  retryIf?: (err: unknown) => boolean;
  /** Ends the waiting (and the next attempt) with a CancelledError. @default none */
  signal?: AbortSignal;
}

/**
 * Runs `fn` until it resolves, within an attempt count and a time budget
 * (whichever ends first); the last error is thrown. The recovery ladder's
 * polling loops (reopen where the port is now, until the modem answers,
 * until the SIM is ready, a few tries of a step) are all this one loop.
 */
export async function retryUntil<T>(fn: (attempt: number) => Promise<T>, o: RetryUntilOptions = {}): Promise<T> {
  const { maxAttempts = Infinity, budgetMs = Infinity, delayMs = 1000, retryIf = () => true, signal } = o;
  if (!(maxAttempts >= 1)) throw new TypeError(`maxAttempts must be >= 1, got ${maxAttempts}`);
  if (!(budgetMs >= 0)) throw new TypeError(`budgetMs must be >= 0, got ${budgetMs}`);
  if (!(delayMs >= 0)) throw new TypeError(`delayMs must be >= 0, got ${delayMs}`);
  const deadline = Date.now() + budgetMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (signal?.aborted || !retryIf(err) || attempt >= maxAttempts || Date.now() >= deadline) throw err;
      await sleep(delayMs, signal);
    }
  }
}
