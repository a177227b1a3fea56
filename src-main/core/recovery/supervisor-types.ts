/** The supervisor's options, states and per-attempt outcomes. */
import type { CommandClass } from '../at/types';
import type { BreakerOptions } from './breaker';
import type { PortLocator } from './locator';
import type { Mutex } from './mutex';
import type { LadderStep } from './timeline';

export interface SupervisorOptions {
  /** Finds the modem's ports after re-enumeration, by identity. */
  locator: PortLocator;
  /** External power cycle (a hub port toggle, a relay); null skips that step. @default null */
  powerCycle?: ((signal: AbortSignal) => Promise<void>) | null;
  /** Shared by every modem using the same hook: one power cycle at a time. @default a private mutex */
  hookMutex?: Mutex | null;
  /** @default { threshold: 10, windowMs: 300000, halfOpenAfterMs: 60000 } */
  breaker?: BreakerOptions;
  /** Soft resets and power cycles allowed per hour; past that the modem is marked failed. @default 4 */
  resetsPerHour?: number;
  /** From a reset to the modem answering again with its SIM ready (ms). @default 90000 */
  bootTimeoutMs?: number;
  /** How long a vanished modem may take to come back before it is only "offline" (ms). @default 30000 */
  reappearTimeoutMs?: number;
  /** How long a command of each class waits for a recovering/offline modem before failing (ms). @default interactive 30 s, recovery 0, batch 120 s, health 0 */
  waitMs?: Partial<Record<CommandClass, number>>;
}

export interface ExecOptions {
  cls: CommandClass;
  /** @default the session's timeout for the command */
  timeoutMs?: number;
  /** Cancels the wait for a recovering modem and the command itself. @default none */
  signal?: AbortSignal;
  /** Text sent after the `>` prompt (SMS). @default none */
  payload?: string;
  /** 1 for the first send, 2+ for a caller's retries (metrics count them). @default 1 */
  attempt?: number;
  /**
   * Whether a timeout or a protocol error starts the recovery ladder now. A
   * caller that will send again itself (a batch step with retries left)
   * passes false: its own retries come first, the ladder after the last.
   * @default true
   */
  escalate?: boolean;
}

/** How a step run by hand ended (see runStep). */
export interface ManualStep {
  result: 'ok' | 'failed' | 'skipped' | 'cancelled';
  detail: string | null;
}

/** The supervisor's view of the modem; data lives only in the state that owns it. */
export type SupervisorState =
  | { state: 'ready' }
  | { state: 'recovering'; step: LadderStep; since: number; cause: string }
  | { state: 'offline'; since: number; reason: string }
  | { state: 'failed'; since: number; reason: string };

/** One attempt of one command, as metrics count it. */
export interface AttemptOutcome {
  ok: boolean;
  /** Null for OK; the error code otherwise (`modem-error` for an error final). */
  code: string | null;
  command: string;
  /** From the end of the write to the final; null when no final came. */
  latencyMs: number | null;
  /** 1 for the first try, 2+ for retries. */
  attempt: number;
}
