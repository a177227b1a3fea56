import { CancelledError, abortReason } from '../errors';

/** Waits `ms`; an abort ends the wait with a CancelledError and clears the timer. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError(abortReason(signal)));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(new CancelledError(abortReason(signal!)));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
