import { cmeCode, cmeText, cmsCode, cmsText } from './cme';
import type { FinalKind, FinalResult, ResultMode } from './types';

export interface ClassifyFinalOptions {
  /**
   * The command waits for the data prompt (AT+CMGS, AT+QFUPL...). The framer reports
   * `> ` itself; this also accepts a bare `>` line from firmware that ends it with CRLF.
   * @default false
   */
  expectPrompt?: boolean;
}

function simple(kind: FinalKind, raw: string): FinalResult {
  return { kind, success: kind === 'ok' || kind === 'connect' || kind === 'prompt', raw, code: null, text: null };
}

const VERBOSE = new Map<string, FinalKind>([
  ['OK', 'ok'],
  ['ERROR', 'error'],
  ['CONNECT', 'connect'],
  ['NO CARRIER', 'no-carrier'],
  ['BUSY', 'busy'],
  ['NO ANSWER', 'no-answer'],
  ['NO DIALTONE', 'no-dialtone'],
  ['COMMAND NOT SUPPORT', 'not-supported'],
]);

// V.250 numeric codes; 2 (RING) is unsolicited, so it is not here.
const NUMERIC = new Map<string, FinalKind>([
  ['0', 'ok'],
  ['1', 'connect'],
  ['3', 'no-carrier'],
  ['4', 'error'],
  ['6', 'no-dialtone'],
  ['7', 'busy'],
  ['8', 'no-answer'],
]);

const CME_PREFIX = '+CME ERROR:';
const CMS_PREFIX = '+CMS ERROR:';

/**
 * Whether a framed line ends the command in flight, and how. Null means the line is
 * information text (or a URC: that is the URC registry's call, made before this one).
 * ATV0 does not change how +CME/+CMS errors are spelled, and a modem switching
 * modes mid-stream may still send verbose codes, so numeric mode accepts both.
 */
export function classifyFinal(line: string, mode: ResultMode, opts?: ClassifyFinalOptions): FinalResult | null {
  // Cheapest rejection first: nearly every info line starts with '+' or a letter not in these.
  const c0 = line.charCodeAt(0);
  if (c0 === 0x2b /* + */) {
    if (line.startsWith(CME_PREFIX)) return errorFinal('cme-error', line, CME_PREFIX.length);
    if (line.startsWith(CMS_PREFIX)) return errorFinal('cms-error', line, CMS_PREFIX.length);
    return null;
  }
  if (mode === 'numeric' && line.length === 1) {
    const kind = NUMERIC.get(line);
    return kind === undefined ? null : simple(kind, line);
  }
  const kind = VERBOSE.get(line);
  if (kind !== undefined) return simple(kind, line);
  if (c0 === 0x43 /* C */ && line.startsWith('CONNECT ')) return simple('connect', line);
  if (opts?.expectPrompt === true && line === '>') return finalPrompt();
  return null;
}

/** The final for the data prompt `> ` that the framer reports through `prompt()`. */
export function finalPrompt(): FinalResult {
  return simple('prompt', '> ');
}

function errorFinal(kind: 'cme-error' | 'cms-error', line: string, at: number): FinalResult {
  const detail = line.slice(at).trim();
  let code: number | null = null;
  let text: string | null = null;
  if (detail !== '' && isDigits(detail)) {
    code = Number(detail);
    text = kind === 'cme-error' ? cmeText(code) : cmsText(code);
  } else if (detail !== '') {
    text = detail;
    code = kind === 'cme-error' ? cmeCode(detail) : cmsCode(detail);
  }
  return { kind, success: false, raw: line, code, text };
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}
