import { timeoutClassOf } from './catalogue';
import { responseParserFor } from './parsers';
import type { ParsedResponse } from './parsers';
import type { TimeoutClass } from './types';

/**
 * What the session needs to know about a command line before sending it: its
 * upper-case form (to recognise the echo), the basic settings it changes, and
 * the bytes to write. Command lines repeat (health polls, batches, the same
 * command on every modem), so plans are cached, in a bounded map shared by all
 * sessions: a plan is immutable.
 */

export interface CommandPlan {
  readonly upper: string;
  readonly basic: BasicSettings;
  /** `command\r` as latin1 bytes. Shared: never write into it. */
  readonly tx: Buffer;
  readonly timeoutClass: TimeoutClass;
  /** Typed fields of a successful answer, when a parser covers the command. */
  readonly parse: ((lines: string[]) => ParsedResponse | null) | null;
  /**
   * The extended command names of the line (`+CSQ`, `^SYSINFO`, `$QCRMCALL`): the prefixes
   * its information lines may carry. A `+X:` line with another prefix is unsolicited.
   */
  readonly prefixes: readonly string[];
  /**
   * The answer carries free text after a header line (an SMS body, socket or file data), which
   * may look like anything: only registered URCs are taken out of it.
   */
  readonly carriesText: boolean;
}

/** Commands whose answer holds text the modem did not write (27.005 +CMGR/+CMGL, Quectel data reads). */
const TEXT_CARRIERS = new Set(['+CMGR', '+CMGL', '+QIRD', '+QSSLRECV', '+QFREAD', '+QHTTPREAD', '+QFTPGET', '+QMTRECV']);

export interface BasicSettings {
  v?: 0 | 1;
  e?: 0 | 1;
  reset?: boolean;
}

const PLANS = new Map<string, CommandPlan>();
const MAX_PLANS = 1024;
const NONE: BasicSettings = Object.freeze({});

/** The plan of a command line; a TypeError for anything but one non-empty line (only valid lines are cached). */
export function planFor(command: string): CommandPlan {
  let plan = PLANS.get(command);
  if (plan === undefined) {
    if (typeof command !== 'string' || command.length === 0 || /[\r\n]/.test(command)) {
      throw new TypeError('command must be a non-empty single line');
    }
    const upper = command.trim().toUpperCase();
    const basic = basicSettings(upper);
    const prefixes = extendedNames(upper);
    plan = Object.freeze({
      upper,
      basic: Object.keys(basic).length ? Object.freeze(basic) : NONE,
      tx: Buffer.from(`${command}\r`, 'latin1'),
      timeoutClass: timeoutClassOf(command),
      parse: responseParserFor(command),
      prefixes,
      carriesText: prefixes.some((p) => TEXT_CARRIERS.has(p)),
    });
    // Commands typed by hand are unbounded in variety: start over rather than grow.
    if (PLANS.size >= MAX_PLANS) PLANS.clear();
    PLANS.set(command, plan);
  }
  return plan;
}

/**
 * What the basic commands of a line set (`ATE0V1`, `ATZ`, `AT&F`): only the
 * part before the first extended (`+`/`$`) command. A missing value means 0 (V.250).
 */
export function basicSettings(upper: string): BasicSettings {
  // Most commands are extended ones (`AT+CSQ`): no basic part, nothing to look at.
  if (!upper.startsWith('AT') || upper.charCodeAt(2) === 43 /* + */ || upper.charCodeAt(2) === 36 /* $ */) return {};
  const end = upper.search(/[+$]/);
  const basic = upper.slice(2, end < 0 ? undefined : end);
  const out: BasicSettings = {};
  for (const m of basic.matchAll(/(&?[A-Z])(\d*)/g)) {
    const [, cmd, digits] = m;
    if (cmd === 'V') out.v = digits === '1' ? 1 : 0;
    else if (cmd === 'E') out.e = digits === '1' ? 1 : 0;
    else if (cmd === 'Z' || cmd === '&F') out.reset = true;
  }
  return out;
}

/**
 * Known reply forms with another command's prefix, so they stay the command's answer:
 * - a dial or answer (ATD, ATA) may report +COLP (27.007 §7.8), +CR (§6.9), +ILRR (V.250 §6.3.9)
 *   before its final; the EC25 manual's ATD example shows +COLP;
 * - AT+QAUDCFG answers with +QCFG (EC25 manual, audio chapter examples);
 * - the V.250 identity commands and their 27.007 twins answer each other's prefix on some firmware.
 */
const OTHER_PREFIXES: Record<string, readonly string[]> = {
  '+QAUDCFG': ['+QCFG'],
  '+GMI': ['+CGMI'],
  '+GMM': ['+CGMM'],
  '+GMR': ['+CGMR'],
  '+GSN': ['+CGSN'],
  '+CGMI': ['+GMI'],
  '+CGMM': ['+GMM'],
  '+CGMR': ['+GMR'],
  '+CGSN': ['+GSN'],
};
const CALL_PREFIXES = ['+COLP', '+CR', '+ILRR'];

/** The names of the extended commands in an upper-cased line (quoted arguments left out), and their known reply prefixes. */
function extendedNames(upper: string): readonly string[] {
  const names: string[] = [];
  const add = (n: string): void => {
    if (!names.includes(n)) names.push(n);
  };
  for (const m of upper.replace(/"[^"]*"?/g, '""').matchAll(/[+^$%][A-Z][A-Z0-9_]*/g)) {
    add(m[0]);
    for (const o of OTHER_PREFIXES[m[0]] ?? []) add(o);
  }
  // A dial or answer (the dial string may hold '+' digits, which are no names).
  if (/^AT[DA]/.test(upper)) for (const o of CALL_PREFIXES) add(o);
  return Object.freeze(names);
}
