import type { CommandPlan } from './plan';
import { registerValue, type ResyncObservations, type Sentinel } from './sentinel';
import type { AtResponse, FinalResult, ResultMode, UrcEvent } from './types';

/** The command the session has on the wire, and everything it learns while waiting for its final. */
export interface InFlight {
  command: string;
  plan: CommandPlan;
  echo: string | null;
  lines: string[];
  urcs: UrcEvent[];
  /** Resync sentinel: its answer is matched on its register lines, everything else is late. */
  sentinel: Sentinel | null;
  /** The sentinel's register values seen since the last line that was not one (a sliding suffix). */
  tail: number[] | null;
  sawEcho: boolean;
  /** Bytes were thrown away while this command was in flight: its answer may be missing something. */
  damaged: boolean;
  payload: string | undefined;
  payloadSent: boolean;
  /** The payload's non-empty lines, as the modem echoes them back (without Ctrl-Z). */
  payloadLines: string[] | null;
  /** Lines of payloadLines already seen echoed. */
  bodyEchoed: number;
  /** ESC was sent to leave text mode: the final that follows closes the prompt. */
  escaped: boolean;
  mode: ResultMode;
  signal: AbortSignal | undefined;
  timeoutMs: number;
  /** performance.now() at the end of the write; 0 until then. */
  startedAt: number;
  /** When the timeout fires (performance.now() scale); 0 until the write ended. */
  deadline: number;
  /** This send owns the channel (not a step of a resync or of the setup) and hands it on when it settles. */
  releases: boolean;
  resolve: (r: AtResponse) => void;
  reject: (e: unknown) => void;
}

/** The modem repeating the command line (usually exactly as sent; the case-blind compare only when not). */
export function isEcho(f: InFlight, text: string): boolean {
  return text === f.command || text.trim().toUpperCase() === f.plan.upper;
}

/** Text-mode bytes for a payload: Enter is CR for the modem (27.005 §3.5.1), Ctrl-Z ends it. */
export function payloadBytes(payload: string): string {
  return `${payload.replace(/\r\n|\n/g, '\r')}\x1a`;
}

export function payloadLinesOf(payload: string): string[] {
  return payload.split(/\r\n|\r|\n/).filter((l) => l.length > 0);
}

/** Whether the sentinel's register values end the tail, in order. */
export function tailMatches(f: InFlight): boolean {
  const t = f.tail;
  const e = f.sentinel?.expect;
  if (!t || !e || t.length < e.length) return false;
  const off = t.length - e.length;
  for (let i = 0; i < e.length; i++) if (t[off + i] !== e[i]) return false;
  return true;
}

/**
 * What a line is while the resync sentinel is out, keeping the register tail and the
 * resync's observations up to date: its echo, one of its register lines, the final that
 * completes it (`answered`), or late text of an earlier command.
 */
export function sentinelLine(f: InFlight, text: string, isFinal: FinalResult | null, obs: ResyncObservations | null): 'echo' | 'info' | 'answered' | 'late' {
  const tail = f.tail!;
  if (isEcho(f, text)) {
    f.sawEcho = true;
    if (obs) {
      obs.sawEcho = true;
      obs.echoedCurrent = true;
    }
    tail.length = 0;
    return 'echo';
  }
  if (isFinal !== null) {
    if (tailMatches(f)) return 'answered';
    // Refused right after its own echo: a modem without S-parameter reads, but in step.
    if (f.sawEcho && tail.length === 0 && !isFinal.success) return 'answered';
    tail.length = 0;
    if (obs) obs.unmatchedFinals++;
    return 'late';
  }
  const v = registerValue(text);
  if (v >= 0) {
    if (obs) obs.registerLines++;
    tail.push(v);
    if (tail.length > 8) tail.splice(0, tail.length - 8);
    return 'info';
  }
  tail.length = 0;
  if (obs) obs.lastOther = text;
  return 'late';
}
