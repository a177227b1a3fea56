/** The shapes an AtSession takes and gives: options, discards, traces, what it learned of the modem. */
import type { TimeoutDefaults } from './catalogue';
import type { ResultMode } from './types';
import type { UrcRegistry } from './urc';

export interface SessionOptions {
  /** Which lines are URCs. @default UrcRegistry.default() */
  urcs?: UrcRegistry;
  /** Timeouts per command class (ms). @default see catalogue's TimeoutDefaults */
  timeouts?: Partial<TimeoutDefaults>;
  /**
   * How long the first resync sentinel may take (ms). Each further sentinel of the same
   * resync waits twice as long, and the first one starts longer when the modem has been
   * answering late (the window follows the lateness seen, up to 16 times this).
   * @default 2000
   */
  resyncTimeoutMs?: number;
  /** Sentinels one resync sends before it fails with a ProtocolError that says why. @default 4 (2 + 4 + 8 + 16 s) */
  resyncAttempts?: number;
  /** After ESC left a text prompt nobody answered, how long to wait for the modem's result code (ms). @default 2000 */
  escapeWaitMs?: number;
  /** Longest line kept; longer ones are discarded as garbage. @default 4096 */
  maxLineLength?: number;
}

export interface ExecOptions {
  /** Overrides the timeout of the command's class (ms), counted from the end of the write. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Text to send after the `> ` prompt (SMS body, file data); Ctrl-Z is added.
   * Without it, a prompt is answered with ESC (abort) and the response's final is the prompt.
   */
  payload?: string;
}

/** Bytes or lines we threw away, with why. */
export interface DiscardEvent {
  reason: 'late' | 'garbage' | 'unsolicited';
  text: string;
  at: number;
}

export type SessionState = 'idle' | 'busy' | 'resyncing' | 'disconnected' | 'closed';

/** What the session has learned of the modem's settings; null is "not known (yet)". */
export interface ModemSettingsSeen {
  echo: boolean | null;
  resultMode: ResultMode | null;
  cmee: 0 | 1 | 2 | null;
}

/** Every line as the session classified it, for consoles (only computed while someone listens). */
export interface TraceEvent {
  kind: 'tx' | 'echo' | 'info' | 'final' | 'urc' | 'prompt' | 'late' | 'unsolicited' | 'garbage';
  text: string;
  at: number;
  /** True for the resync sentinel's traffic, which is ours, not the user's. */
  internal: boolean;
}
