import { ProtocolError, isBenchError } from '../errors';
import { resyncFailureMessage, type ResyncObservations, type Sentinel } from './sentinel';

/** What one resync needs from its session: sending, and what it knows of the modem. */
export interface ResyncSteps {
  path: string;
  /** The first sentinel's window (ms) before lateness is counted in. */
  baseMs: number;
  attempts: number;
  /** How late the modem has answered (ms): the first window is at least this, plus a quarter. */
  lateMs: number;
  nextSentinel(): Sentinel;
  /** Sends the sentinel and resolves when its answer came within `windowMs`. */
  sendSentinel(sentinel: Sentinel, windowMs: number): Promise<unknown>;
  /** Sends a setting (ATQ0, ATE1); its outcome does not matter, only that it went out. */
  sendSetting(command: string, timeoutMs: number): Promise<unknown>;
  /** Errors after which nothing can be sent now (cancel, disconnect, closed). */
  isFatal(err: unknown): boolean;
}

/**
 * Sends sentinels until one is answered: each window twice the one before (a late
 * modem gets the time it needs), stopping early when the sentinel was echoed but not
 * answered (a channel stuck echoing: waiting longer will not help). Turns result codes
 * back on (ATQ0) when the sentinel is answered without one, and echo on (ATE1) when
 * the modem refuses the register reads with echo off. Resolves with the sentinel that
 * answered; throws a ProtocolError saying what it saw when none did.
 */
export async function runResync(steps: ResyncSteps, obs: ResyncObservations): Promise<string> {
  const sent: string[] = [];
  const started = performance.now();
  const base = steps.baseMs;
  let window = Math.min(base * 16, Math.max(base, Math.ceil(steps.lateMs * 1.25)));
  let quietFixed = false;
  let echoAsked = false;
  const setting = async (command: string): Promise<void> => {
    await steps.sendSetting(command, base).catch((e: unknown) => {
      if (steps.isFatal(e)) throw e;
    });
  };
  for (let attempt = 0; attempt < steps.attempts; attempt++) {
    const sentinel = steps.nextSentinel();
    sent.push(sentinel.command);
    obs.echoedCurrent = false;
    try {
      await steps.sendSentinel(sentinel, window);
      return sentinel.command;
    } catch (err) {
      if (steps.isFatal(err)) throw err;
      if (obs.echoedCurrent && !obs.sawAnswerWithoutFinal) break;
      if (obs.sawAnswerWithoutFinal && !quietFixed) {
        // Answered but no result code: ATQ1. Nothing works without result codes; ATQ0's own OK comes back.
        quietFixed = true;
        await setting('ATQ0');
        continue;
      }
      if (!echoAsked && !obs.sawEcho && obs.registerLines === 0 && obs.unmatchedFinals > 0) {
        // Result codes came but no register line, and no echo: a modem that refuses the
        // reads. Its echo can tell the next sentinel apart instead.
        echoAsked = true;
        await setting('ATE1');
      }
      // A restart mid-resync: the modem is fresh, the next sentinel gets the same window.
      if (!(isBenchError(err) && err.code === 'modem-reset')) window = Math.min(window * 2, base * 32);
    }
  }
  const { message, reason } = resyncFailureMessage(steps.path, sent, performance.now() - started, obs);
  throw new ProtocolError(message, { path: steps.path, reason, sentinels: sent, echo: obs.sawEcho });
}
