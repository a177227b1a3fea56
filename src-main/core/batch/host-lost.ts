/**
 * Remote modems whose bench host went away or refused us (issue 17). A
 * modem's step then waits for the host, unrecorded (no answer came), and is
 * sent again when the host is back; once only such modems are left, after the
 * plan's bounded waits, the modem's part of the run ends interrupted, so a
 * resume picks up at that step. The fleet's errors carry these codes; the
 * batch room does not import the fleet (the fleet builds run targets from the
 * batch room), so they are told by their code.
 */
import { sleep } from '../util/sleep';

const HOST_LOST = new Set(['host-unreachable', 'host-refused']);

/** The host code of an error from a run target's exec, or null when the failure is the modem's own. */
export function hostLostCode(err: unknown): string | null {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && HOST_LOST.has(code) ? code : null;
}

/** Ends a modem's part of the run as interrupted: its host stayed away while nothing else was left to run. */
export class HostLost extends Error {}

/** One run's count of modems running and, of them, waiting for their host. */
export class HostWaits {
  /** Modems started and not finished. */
  #active = 0;
  #waiting = 0;

  /** Runs one modem's part, counted as active meanwhile. */
  async running(part: () => Promise<void>): Promise<void> {
    this.#active++;
    try {
      await part();
    } finally {
      this.#active--;
    }
  }

  /**
   * One wait of `delayMs` for a modem's host (the caller shows the modem unavailable). `spent`:
   * the plan's bounded waits are used up; then, when no other modem runs (all that are left
   * wait for a host, or wait in the queue behind them), it throws HostLost instead.
   */
  async wait(spent: boolean, delayMs: number, signal: AbortSignal): Promise<void> {
    if (spent && this.#active - this.#waiting === 1) throw new HostLost();
    this.#waiting++;
    try {
      await sleep(delayMs, signal);
    } finally {
      this.#waiting--;
    }
  }
}
