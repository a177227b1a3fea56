/**
 * The resync sentinel: a command whose *answer* (not only its echo) says which
 * sentinel it answers, so it works with echo off and can never be confused
 * with the late answer of a command that timed out, or with the answer of an
 * earlier sentinel that timed out itself.
 *
 * It is a run of four S-parameter reads, S3 (the line end, 13) or S4 (the
 * response formatting character, 10) chosen by the bits of a nonce:
 * `ATS3?S4?S4?S3?` answers `013`, `010`, `010`, `013` and then its result code.
 * Why these: V.250 (§6.2.1, §6.2.2) requires every DCE to implement S3 and S4,
 * reads change nothing, the answer shape is the same in V0 and V1 (only the
 * framing around it differs), and no other command answers a run of bare
 * three-digit lines that spells the nonce. Consecutive sentinels use different
 * nonces, so a late answer to one never completes the next. The pattern of the
 * command that timed out is skipped, in case it was itself such a read.
 *
 * The answer is matched on the last four register lines before a result code
 * (a suffix), so late text ahead of it, glued or interleaved, never matters.
 *
 * For a modem that does not read S-parameters (not V.250-compliant): once the
 * sentinel's own echo has come back, an error result code right after it is
 * the sentinel refused, which is in step too; with echo off, a resync that saw
 * only result codes and no register line turns echo on (ATE1) once, so the
 * next sentinel can be told apart by its echo.
 */
export const SENTINEL_READS = 4;
const REG_VALUE = [13, 10] as const;

export interface Sentinel {
  readonly command: string;
  /** The register values the answer must end with, in order. */
  readonly expect: readonly number[];
}

export function sentinelFor(nonce: number, avoid: string | null = null): Sentinel {
  for (let k = 0; k < 16; k++) {
    const bits = (nonce + k) % 16;
    let command = 'AT';
    const expect: number[] = [];
    for (let i = 0; i < SENTINEL_READS; i++) {
      const b = (bits >> (SENTINEL_READS - 1 - i)) & 1;
      command += b === 0 ? 'S3?' : 'S4?';
      expect.push(REG_VALUE[b]!);
    }
    if (avoid === null || command !== avoid.trim().toUpperCase()) return { command, expect };
  }
  throw new Error('unreachable: 16 patterns, one to avoid');
}

/** The value of an S-parameter read line (`013`, or `13` from firmware that drops the zeros), else -1. */
export function registerValue(line: string): number {
  const n = line.length;
  if (n === 0 || n > 3) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = line.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
    v = v * 10 + (c - 0x30);
  }
  return v;
}

/** What one resync saw, to say what is wrong when it fails. */
export interface ResyncObservations {
  /** Lines, prompts or garbage received while the sentinels were out. */
  received: number;
  /** A sentinel's echo came back: echo is on. */
  sawEcho: boolean;
  /** The sentinel now out was echoed: the modem has read it, and an S-parameter read takes no time. */
  echoedCurrent: boolean;
  /** A sentinel's register lines came back complete, but no result code after them. */
  sawAnswerWithoutFinal: boolean;
  /** The last line that was not ours, for the message. */
  lastOther: string | null;
  /** Result codes that ended no sentinel answer (late ones, or the sentinel refused). */
  unmatchedFinals: number;
  /** S-parameter lines seen: the modem does answer register reads. */
  registerLines: number;
  /** Lines discarded as late answers of earlier commands. */
  late: number;
}

export function emptyObservations(): ResyncObservations {
  return { received: 0, sawEcho: false, echoedCurrent: false, sawAnswerWithoutFinal: false, lastOther: null, unmatchedFinals: 0, registerLines: 0, late: 0 };
}

/** A message that says what went wrong, from what the resync saw. */
export function resyncFailureMessage(path: string, sentinels: string[], waitedMs: number, o: ResyncObservations): { message: string; reason: string } {
  const list = sentinels.join(', ');
  const secs = `${Math.round(waitedMs / 100) / 10} s`;
  const head = `AT channel on ${path} did not resync`;
  if (o.received === 0) {
    return {
      reason: 'silent',
      message: `${head}: no answer to ${list} and nothing at all came back in ${secs} (the modem is silent: booting, hung, or this is not its AT port)`,
    };
  }
  const echo = o.sawEcho ? 'echo on' : 'echo off';
  if (o.sawAnswerWithoutFinal) {
    return {
      reason: 'no-result-codes',
      message: `${head}: ${echo}; the modem answered ${list} but sent no result code after it in ${secs} (result codes look switched off: ATQ1; send ATQ0)`,
    };
  }
  const other = o.lastOther !== null ? `; last line: ${JSON.stringify(o.lastOther.slice(0, 60))}` : '';
  if (o.sawEcho) {
    return {
      reason: 'echo-only',
      message: `${head}: echo on; the modem echoed ${list} but never answered it in ${secs} (${o.received} other lines/bytes came${other})`,
    };
  }
  return {
    reason: 'no-answer',
    message: `${head}: echo off and no answer to ${list} in ${secs}, though the modem sent ${o.received} other lines (still answering an earlier command, or garbled${other})`,
  };
}
