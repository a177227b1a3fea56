/** Shared shapes of the AT layer. The framer, the session, the parsers and the simulator agree on these. */

/** Receives what the framer makes of the byte stream, synchronously, in order. */
export interface FrameSink {
  /**
   * A complete line without its CR/LF; never empty; only printable ASCII and TAB.
   * `bare` is set for a single digit ended by a CR: 1 when no LF follows (an ATV0 result
   * code), 2 when the CR ended the chunk (the next byte is not known yet); else 0/absent.
   */
  line(text: string, bare?: number): void;
  /** The data prompt `> ` (SMS text, file upload) at the start of a line; it has no line end. */
  prompt(): void;
  /** Bytes the framer threw away, and why (`control`: an echoed Ctrl-Z, harmless). */
  garbage(bytes: Uint8Array, reason: 'binary' | 'overflow' | 'nul' | 'control'): void;
}

export type FinalKind =
  | 'ok'
  | 'connect'
  | 'error'
  | 'cme-error'
  | 'cms-error'
  | 'no-carrier'
  | 'busy'
  | 'no-answer'
  | 'no-dialtone'
  | 'not-supported'
  | 'prompt';

/** A final result code: ends a command. */
export interface FinalResult {
  kind: FinalKind;
  /** OK, CONNECT and the prompt are successes; everything else is a failure. */
  success: boolean;
  /** The line as the modem sent it (`+CME ERROR: 10`, `0` in ATV0 mode, `> ` for the prompt). */
  raw: string;
  /** For +CME/+CMS ERROR: the numeric code when known (from the number or from the text table). */
  code: number | null;
  /** For +CME/+CMS ERROR: the text when known (from the text or from the numeric table). */
  text: string | null;
}

/** How result codes are spelled, set with ATV0/ATV1. */
export type ResultMode = 'verbose' | 'numeric';

/** The timeout classes of the EC25 manual's "maximum response time". */
export type TimeoutClass = 'short' | 'cfun' | 'cops' | 'cgatt' | 'long';

/** Priority classes of the concurrency controller, highest first. */
export type CommandClass = 'interactive' | 'recovery' | 'batch' | 'health';
export const COMMAND_CLASSES: readonly CommandClass[] = ['interactive', 'recovery', 'batch', 'health'];

export interface UrcEvent {
  /** The URC line as received. */
  line: string;
  /** `+CREG`, `RDY`, ... */
  name: string;
  /** Parsed fields where a parser exists. */
  parsed: unknown;
  /** ms since epoch (Date.now()) when the line was framed. */
  at: number;
}

/** One command's outcome as the session delivers it. */
export interface AtResponse {
  command: string;
  /** The echo line if the modem echoed the command. */
  echo: string | null;
  /** Information lines, in order, without echo and URCs. */
  lines: string[];
  final: FinalResult;
  /** Typed fields where a parser exists for this command, else null. */
  parsed: unknown;
  /** URCs that arrived while this command was in flight (they are also routed to subscribers). */
  urcs: UrcEvent[];
  /** From the end of the write to the final result code. */
  latencyMs: number;
  /**
   * Bytes were thrown away while the command was in flight (binary bytes inside a line, NULs,
   * an overlong line): the answer may miss data. The raw bytes are in the port's transcript.
   * The session always sets it; it is optional only for responses made up elsewhere (tests, stores).
   */
  damaged?: boolean;
}
