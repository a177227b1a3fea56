/** Signal, registration and operator responses: AT+CSQ, AT+CREG/CGREG/CEREG, AT+COPS, AT+QNWINFO. */
import { afterPrefix, bodies, firstBody, hex, hexValue, int, isDigits, isQuoted, splitFields, str } from './fields';

export interface CsqInfo {
  type: 'csq';
  /** As sent: 0..31, 99 unknown, 100..191 TD-SCDMA. */
  rssi: number;
  /** 0..7, null for 99 (unknown). */
  ber: number | null;
  /** `<ber>` as sent (99 = unknown). */
  berRaw: number | null;
  /** Null when the modem does not know (99). */
  rssiDbm: number | null;
}

export function parseCsq(lines: readonly string[]): CsqInfo | null {
  const b = firstBody(lines, '+CSQ');
  if (b === null) return null;
  const f = splitFields(b);
  const rssi = int(f[0]);
  const ber = int(f[1]);
  if (rssi === null) return null;
  let rssiDbm: number | null = null;
  // 27.007: 0 is "-113 dBm or less" and 31 "-51 dBm or greater"; between, 2 dB steps.
  if (rssi >= 0 && rssi <= 31) rssiDbm = -113 + 2 * rssi;
  else if (rssi >= 100 && rssi <= 191) rssiDbm = rssi - 216;
  return { type: 'csq', rssi, ber: ber === null || ber === 99 || ber < 0 ? null : ber, berRaw: ber, rssiDbm };
}

const STAT_NAMES = [
  'not-registered',
  'home',
  'searching',
  'denied',
  'unknown',
  'roaming',
  'home-sms-only',
  'roaming-sms-only',
  'emergency-only',
  'home-csfb-not-preferred',
  'roaming-csfb-not-preferred',
  'rlos',
] as const;
export type RegStatName = (typeof STAT_NAMES)[number];

const ACT_NAMES: Record<number, string> = {
  0: 'GSM',
  1: 'GSM Compact',
  2: 'UTRAN',
  3: 'GSM EGPRS',
  4: 'UTRAN HSDPA',
  5: 'UTRAN HSUPA',
  6: 'UTRAN HSDPA+HSUPA',
  7: 'E-UTRAN',
  8: 'EC-GSM-IoT',
  9: 'E-UTRAN NB-S1',
  10: 'E-UTRA 5GCN',
  11: 'NR 5GCN',
  12: 'NG-RAN',
  13: 'E-UTRA-NR dual',
  100: 'CDMA',
};

/** The 27.007 access technology name for an `<AcT>` value, or null. */
export function actName(act: number | null): string | null {
  return act === null ? null : (ACT_NAMES[act] ?? null);
}

export interface RegistrationInfo {
  type: 'creg' | 'cgreg' | 'cereg';
  /** `read` for the AT+xREG? response (has `<n>`), `urc` for the unsolicited form. */
  source: 'read' | 'urc';
  n: number | null;
  stat: number;
  statName: RegStatName;
  /** Home or roaming, including the SMS-only and CSFB-not-preferred variants. */
  registered: boolean;
  /** LAC for CREG/CGREG, TAC for CEREG: uppercase hex as sent, and its value. */
  areaHex: string | null;
  area: number | null;
  ciHex: string | null;
  ci: number | null;
  act: number | null;
  actName: string | null;
  /** CGREG only: routing area code (hex). */
  rac: string | null;
  causeType: number | null;
  rejectCause: number | null;
  /** CEREG n=4/5: PSM timers as the 8-bit strings the modem sends. */
  activeTime: string | null;
  periodicTau: string | null;
}

const REG_TYPE = { '+CREG': 'creg', '+CGREG': 'cgreg', '+CEREG': 'cereg' } as const;
export type RegistrationPrefix = keyof typeof REG_TYPE;

/**
 * Either shape of a registration line body: the read response `<n>,<stat>,...` or the
 * URC `<stat>,...`; the second field being an unquoted number tells them apart (see
 * isRegistrationUrc in urc.ts). `forceUrc` is for callers that already know.
 */
export function parseRegistrationBody(prefix: RegistrationPrefix, body: string, forceUrc = false): RegistrationInfo | null {
  const f = splitFields(body);
  const read = !forceUrc && f.length >= 2 && !isQuoted(f[1]) && isDigits(f[1] ?? '');
  const k = read ? 1 : 0;
  const stat = int(f[k]);
  if (stat === null || stat < 0) return null;
  const areaHex = hex(f[k + 1]);
  const ciHex = hex(f[k + 2]);
  const act = int(f[k + 3]);
  const type = REG_TYPE[prefix];
  const c = type === 'cgreg' ? k + 5 : k + 4;
  return {
    type,
    source: read ? 'read' : 'urc',
    n: read ? int(f[0]) : null,
    stat,
    statName: STAT_NAMES[stat] ?? 'unknown',
    registered: stat === 1 || stat === 5 || stat === 6 || stat === 7 || stat === 9 || stat === 10,
    areaHex,
    area: hexValue(areaHex),
    ciHex,
    ci: hexValue(ciHex),
    act,
    actName: actName(act),
    rac: type === 'cgreg' ? hex(f[k + 4]) : null,
    causeType: int(f[c]),
    rejectCause: int(f[c + 1]),
    activeTime: type === 'cereg' ? str(f[c + 2]) : null,
    periodicTau: type === 'cereg' ? str(f[c + 3]) : null,
  };
}

export function parseRegistration(prefix: RegistrationPrefix, lines: readonly string[]): RegistrationInfo | null {
  const b = firstBody(lines, prefix);
  return b === null ? null : parseRegistrationBody(prefix, b);
}

const COPS_MODES = ['automatic', 'manual', 'deregister', 'format-only', 'manual-automatic'] as const;

export interface CopsInfo {
  type: 'cops';
  mode: number;
  modeName: (typeof COPS_MODES)[number] | null;
  /** 0 long alphanumeric, 1 short alphanumeric, 2 numeric; null when not registered (`+COPS: 0`). */
  format: number | null;
  oper: string | null;
  act: number | null;
  actName: string | null;
}

export function parseCops(lines: readonly string[]): CopsInfo | null {
  const b = firstBody(lines, '+COPS');
  if (b === null) return null;
  const f = splitFields(b);
  const mode = int(f[0]);
  if (mode === null) return null;
  const act = int(f[3]);
  return { type: 'cops', mode, modeName: COPS_MODES[mode] ?? null, format: int(f[1]), oper: str(f[2]), act, actName: actName(act) };
}

const OPERATOR_STATS = ['unknown', 'available', 'current', 'forbidden'] as const;

export interface CopsOperator {
  stat: number | null;
  statName: (typeof OPERATOR_STATS)[number] | null;
  long: string | null;
  short: string | null;
  numeric: string | null;
  act: number | null;
  actName: string | null;
}

export interface CopsListInfo {
  type: 'cops-list';
  operators: CopsOperator[];
  /** The supported `<mode>` and `<format>` values, expanded (`(0-4)` -> 0..4). */
  modes: number[];
  formats: number[];
}

/**
 * AT+COPS=? is a run of parenthesised groups. Commas between groups are ignored,
 * because real firmware gets their number wrong (EC25-AF: one comma before `(0-4)`
 * where 27.007 has two, ec25-facts §6.10); operator names may contain parentheses.
 */
export function parseCopsList(lines: readonly string[]): CopsListInfo | null {
  // Some firmware answers one `+COPS:` line per operator (Novatel XU870) or wraps the list
  // onto an unprefixed second line (Nokia N2720); ModemManager's test vectors have both.
  let b: string | null = null;
  for (const line of lines) {
    const body = afterPrefix(line, '+COPS');
    if (body !== null) b = b === null ? body : b + body;
    else if (b !== null) b += line.trim();
  }
  if (b === null) return null;
  const groups: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = -1;
  for (let i = 0; i < b.length; i++) {
    const c = b.charCodeAt(i);
    if (c === 0x22) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 0x28) {
      if (depth++ === 0) start = i + 1;
    } else if (c === 0x29 && depth > 0 && --depth === 0) {
      // `("AT&T","AT&T","310410"),2)`: the AcT after the group's `)` (Sony Ericsson TM-506, Ericsson F3607gw).
      const late = /^,(\d+)\)/.exec(b.slice(i + 1));
      if (late && /"/.test(b.slice(start, i))) {
        groups.push(`${b.slice(start, i)},${late[1]}`);
        i += late[0].length;
      } else groups.push(b.slice(start, i));
    }
  }
  const operators: CopsOperator[] = [];
  const lists: number[][] = [];
  for (const g of groups) {
    const f = splitFields(g);
    if (f.some(isQuoted)) {
      const stat = int(f[0]);
      const act = int(f[4]);
      operators.push({
        stat,
        statName: stat === null ? null : (OPERATOR_STATS[stat] ?? null),
        long: str(f[1]),
        short: str(f[2]),
        numeric: str(f[3]),
        act,
        actName: actName(act),
      });
    } else {
      lists.push(expandList(g));
    }
  }
  if (groups.length === 0 && b.trim() !== '') return null;
  return { type: 'cops-list', operators, modes: lists[0] ?? [], formats: lists[1] ?? [] };
}

/** `0-4` or `0,1,2` or `0-2,4` to the numbers it names; junk is skipped. */
export function expandList(s: string): number[] {
  const out: number[] = [];
  for (const part of s.split(',')) {
    const dash = part.indexOf('-');
    if (dash > 0) {
      const lo = int(part.slice(0, dash));
      const hi = int(part.slice(dash + 1));
      if (lo !== null && hi !== null && hi >= lo && hi - lo <= 1024) for (let v = lo; v <= hi; v++) out.push(v);
    } else {
      const v = int(part);
      if (v !== null) out.push(v);
    }
  }
  return out;
}

export interface QnwinfoEntry {
  act: string | null;
  oper: string | null;
  band: string | null;
  channel: number | null;
}

export interface QnwinfoInfo {
  type: 'qnwinfo';
  /** One per line: in EN-DC the LTE anchor and the NR carrier each have one (Quectel 5G modules). */
  entries: QnwinfoEntry[];
  /** False for `+QNWINFO: No Service`. */
  service: boolean;
  /** `FDD LTE`, `TDD LTE`, `WCDMA`, `GSM`, `HSPA+`... */
  act: string | null;
  /** MCC+MNC; quoted by real firmware, unquoted in the manual (ec25-facts §6.7). */
  oper: string | null;
  band: string | null;
  channel: number | null;
}

export function parseQnwinfo(lines: readonly string[]): QnwinfoInfo | null {
  const all = bodies(lines, '+QNWINFO');
  const b = all[0];
  if (b === undefined) return null;
  if (b.trim().toLowerCase() === 'no service') return { type: 'qnwinfo', entries: [], service: false, act: null, oper: null, band: null, channel: null };
  const entries = all.map((x): QnwinfoEntry => {
    const f = splitFields(x);
    return { act: str(f[0]), oper: str(f[1]), band: str(f[2]), channel: int(f[3]) };
  });
  return { type: 'qnwinfo', entries, service: true, ...entries[0]! };
}
