import type { ModemPort } from '../modem/modem';

/**
 * Finds a modem's ports as they are now, after any re-enumeration (reset,
 * replug, hub glitch), by identity rather than by path. Discovery implements
 * it for real hardware; the simulator for virtual modems.
 */
export interface PortLocator {
  /** The modem's ports now, or null while its USB device is absent. */
  current(): ModemPort[] | null;
  /** Something changed in the port list; call current() again. */
  onChange(listener: () => void): () => void;
}

/** Waits until the locator reports ports that include an AT port, or the timeout passes. */
export function waitForPorts(locator: PortLocator, timeoutMs: number, signal: AbortSignal, accept: (p: ModemPort[]) => boolean = (p) => p.some((x) => x.role === 'at')): Promise<ModemPort[] | null> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      const p = locator.current();
      if (p && accept(p)) {
        finish(p);
        return true;
      }
      return false;
    };
    let off = (): void => undefined;
    const finish = (v: ModemPort[] | null): void => {
      off();
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(v);
    };
    const onAbort = (): void => finish(null);
    const timer = setTimeout(() => finish(null), timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    if (check()) return;
    off = locator.onChange(() => void check());
  });
}
