import type { AppEvent } from './app';
import { ClientCommands } from './client-commands';

/**
 * What one client (a window, a browser tab) wants pushed. Console lines are
 * most of the event traffic and a client shows a few consoles at most, so it
 * names the modems it wants them for; every other event goes to everyone.
 */
export class ClientSubscription {
  /** Its commands in flight: a cancel from this client reaches only these. */
  readonly commands = new ClientCommands();
  /** null: every modem (a client that never subscribed). */
  #consoleModems: Set<string> | null = null;

  /** Replaces the list; returns how many modems it names. */
  setConsoleModems(modemIds: readonly string[]): number {
    this.#consoleModems = new Set(modemIds);
    return this.#consoleModems.size;
  }

  wants(e: AppEvent): boolean {
    if (e.channel !== 'console.entries' || this.#consoleModems === null) return true;
    return this.#consoleModems.has(e.payload.modemId);
  }
}
