import { CancelledError } from '../errors';

interface Tracked {
  ac: AbortController;
  requestId: string | undefined;
}

/**
 * The commands one client (a window, a browser tab, a CLI connection) has in
 * flight, per modem: a cancel from that client aborts its own commands on the
 * modem, never another client's; with a requestId, only the command it sent
 * under that id (an app that forwards several windows' commands to a remote
 * host is one client there).
 */
export class ClientCommands {
  readonly #inFlight = new Map<string, Set<Tracked>>();

  /** A signal for one command of this client on `modemKey` (named `requestId` if given); call `done` when it ends. */
  track(modemKey: string, requestId?: string): { signal: AbortSignal; done(): void } {
    const t: Tracked = { ac: new AbortController(), requestId };
    let set = this.#inFlight.get(modemKey);
    if (!set) this.#inFlight.set(modemKey, (set = new Set()));
    set.add(t);
    return {
      signal: t.ac.signal,
      done: () => {
        set.delete(t);
        if (set.size === 0 && this.#inFlight.get(modemKey) === set) this.#inFlight.delete(modemKey);
      },
    };
  }

  /**
   * Aborts this client's commands on `modemKey`, or only those it sent as `requestId`;
   * false when there was none to abort.
   */
  cancel(modemKey: string, requestId?: string, reason = 'cancelled by the user'): boolean {
    const set = this.#inFlight.get(modemKey);
    let any = false;
    for (const t of set ?? []) {
      if (requestId !== undefined && t.requestId !== requestId) continue;
      t.ac.abort(new CancelledError(reason));
      any = true;
    }
    return any;
  }

  /** The client went away: whatever it still runs is cancelled. */
  cancelAll(reason = 'the client disconnected'): void {
    for (const key of [...this.#inFlight.keys()]) this.cancel(key, undefined, reason);
  }

  get size(): number {
    let n = 0;
    for (const s of this.#inFlight.values()) n += s.size;
    return n;
  }
}
