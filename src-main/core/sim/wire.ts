/** How replies, finals and URCs look on the wire, in verbose (ATV1) and numeric (ATV0) mode. */
import type { LatencyClass } from './options';

export type Final =
  | { kind: 'ok' }
  | { kind: 'error' }
  | { kind: 'cme'; code: number }
  | { kind: 'cms'; code: number }
  /** The `> ` data prompt of AT+CMGS. */
  | { kind: 'prompt' }
  /** V.250 call results: CONNECT[ <text>] (then data mode), NO CARRIER, BUSY, NO ANSWER, NO DIALTONE. */
  | { kind: 'connect'; text?: string }
  | { kind: 'no-carrier' }
  | { kind: 'busy' }
  | { kind: 'no-answer' }
  | { kind: 'no-dialtone' }
  /** No final at all (used internally for swallowed commands). */
  | { kind: 'none' };

/** What the interpreter answers to one command line. */
export interface Reply {
  lines: string[];
  final: Final;
  latency: LatencyClass;
  /** Runs right after the reply is on the wire (reset after OK, URCs after CPIN=...). */
  after?: () => void;
}

export const OK: Final = { kind: 'ok' };
export const ERROR: Final = { kind: 'error' };
export const cme = (code: number): Final => ({ kind: 'cme', code });
export const NO_CARRIER: Final = { kind: 'no-carrier' };

/** 27.007 §9.2 texts for the codes the simulator uses (AT+CMEE=2). */
export const CME_TEXT: Readonly<Record<number, string>> = {
  0: 'phone failure',
  1: 'no connection to phone',
  2: 'phone-adaptor link reserved',
  3: 'operation not allowed',
  4: 'operation not supported',
  5: 'PH-SIM PIN required',
  10: 'SIM not inserted',
  11: 'SIM PIN required',
  12: 'SIM PUK required',
  13: 'SIM failure',
  14: 'SIM busy',
  15: 'SIM wrong',
  16: 'incorrect password',
  17: 'SIM PIN2 required',
  18: 'SIM PUK2 required',
  20: 'memory full',
  21: 'invalid index',
  22: 'not found',
  23: 'memory failure',
  24: 'text string too long',
  25: 'invalid characters in text string',
  26: 'dial string too long',
  27: 'invalid characters in dial string',
  30: 'no network service',
  31: 'network timeout',
  32: 'network not allowed - emergency calls only',
  50: 'Incorrect parameters',
  100: 'unknown',
  504: 'Session is ongoing',
  505: 'Session not active',
};

/** 27.005 §3.2.5 texts for the +CMS codes the simulator uses (AT+CMEE=2). */
const CMS_TEXT: Readonly<Record<number, string>> = {
  302: 'operation not allowed',
  304: 'invalid PDU mode parameter',
  305: 'invalid text mode parameter',
  310: 'SIM not inserted',
  311: 'SIM PIN required',
  313: 'SIM failure',
  321: 'invalid memory index',
  322: 'memory full',
  330: 'SMSC address unknown',
  331: 'no network service',
  340: 'no +CNMA acknowledgement expected',
  500: 'unknown error',
};

/** V.250 §6.2.6 Table 1 numeric result codes (EC25&EC21 AT Commands Manual V1.3 §2.15 ATV table). */
const NUMERIC: Readonly<Record<string, string>> = { ok: '0', connect: '1', 'no-carrier': '3', error: '4', 'no-dialtone': '6', busy: '7', 'no-answer': '8' };
const VERBOSE: Readonly<Record<string, string>> = { 'no-carrier': 'NO CARRIER', busy: 'BUSY', 'no-answer': 'NO ANSWER', 'no-dialtone': 'NO DIALTONE' };

/** The final result line without framing, or null when there is none. */
export function finalText(final: Final, cmee: 0 | 1 | 2, verbose: boolean): string | null {
  switch (final.kind) {
    case 'ok':
      return verbose ? 'OK' : NUMERIC.ok!;
    case 'error':
      return verbose ? 'ERROR' : NUMERIC.error!;
    case 'connect':
      return verbose ? (final.text ? `CONNECT ${final.text}` : 'CONNECT') : NUMERIC.connect!;
    case 'no-carrier':
    case 'busy':
    case 'no-answer':
    case 'no-dialtone':
      return verbose ? VERBOSE[final.kind]! : NUMERIC[final.kind]!;
    case 'cme':
    case 'cms': {
      if (cmee === 0) return verbose ? 'ERROR' : NUMERIC.error!;
      const table = final.kind === 'cme' ? CME_TEXT : CMS_TEXT;
      const tag = final.kind === 'cme' ? '+CME ERROR: ' : '+CMS ERROR: ';
      return tag + (cmee === 2 ? (table[final.code] ?? 'unknown') : String(final.code));
    }
    default:
      return null;
  }
}

/**
 * The reply as segments; URCs may be slotted in between any two. Verbose: `\r\n` before the
 * first info line and around the final; numeric: `<text>\r\n` info and `<code>\r` final.
 * Quiet (ATQ1, EC25 manual §2.14): no final result code at all; the `> ` prompt is not a result code.
 */
export function replySegments(reply: Reply, cmee: 0 | 1 | 2, verbose: boolean, quiet = false): string[] {
  const out: string[] = [];
  reply.lines.forEach((line, i) => out.push(verbose && i === 0 ? `\r\n${line}\r\n` : `${line}\r\n`));
  if (reply.final.kind === 'prompt') {
    out.push('\r\n> ');
    return out;
  }
  const text = quiet ? null : finalText(reply.final, cmee, verbose);
  if (text !== null) out.push(verbose ? `\r\n${text}\r\n` : `${text}\r`);
  return out;
}

/** V.250 basic result codes that also come unsolicited (RING, NO CARRIER ...): numeric in ATV0. */
const URC_NUMERIC: Readonly<Record<string, string>> = { RING: '2', 'NO CARRIER': '3', BUSY: '7', 'NO ANSWER': '8' };

export function urcText(line: string, verbose: boolean): string {
  if (verbose) return `\r\n${line}\r\n`;
  const code = URC_NUMERIC[line];
  return code === undefined ? `${line}\r\n` : `${code}\r`;
}
