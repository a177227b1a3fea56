import { CancelledError } from '../errors';

/**
 * The commands one client (a window, a browser tab, a CLI connection) has in
 * flight, per modem: a cancel from that client aborts its own commands on the
 * modem, never another client's.
 */
export class ClientCommands {
  readonly #inFlight = new Map<string, Set<AbortController>>();

  /** A signal for one command of this client on `modemKey`; call `done` when it ends. */
  track(modemKey: string): { signal: AbortSignal; done(): void } {
    const ac = new AbortController();
    let set = this.#inFlight.get(modemKey);
    if (!set) this.#inFlight.set(modemKey, (set = new Set()));
    set.add(ac);
    return {
      signal: ac.signal,
      done: () => {
        set.delete(ac);
        if (set.size === 0 && this.#inFlight.get(modemKey) === set) this.#inFlight.delete(modemKey);
      },
    };
  }

  /** Aborts this client's commands on `modemKey`; false when it had none. */
  cancel(modemKey: string, reason = 'cancelled by the user'): boolean {
    const set = this.#inFlight.get(modemKey);
    if (!set?.size) return false;
    for (const ac of set) ac.abort(new CancelledError(reason));
    return true;
  }

  /** The client went away: whatever it still runs is cancelled. */
  cancelAll(reason = 'the client disconnected'): void {
    for (const key of [...this.#inFlight.keys()]) this.cancel(key, reason);
  }

  get size(): number {
    let n = 0;
    for (const s of this.#inFlight.values()) n += s.size;
    return n;
  }
}
