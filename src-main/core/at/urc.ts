import { normalizeCommand } from './command';
import type { CommandForm, NormalizedCommand } from './command';
import type { ResultMode } from './types';

export type UrcHit = Readonly<{ urc: true; name: string; follow?: number }>;
export type UrcClassification = UrcHit | Readonly<{ urc: false }>;

export interface UrcDefinition {
  /** `+CREG`, `$QCRMCALL`, `RDY`, `POWERED DOWN`, `+PACSP`. */
  name: string;
  /**
   * `prefix`: lines `NAME:...`; `line`: the whole line equals the name; `bare`: lines that
   * start with the name and have no colon (`+PACSP1`).
   * @default 'prefix' when the name starts with + $ ^ or %, else 'line'
   */
  match?: 'prefix' | 'line' | 'bare';
  /**
   * Forms of an in-flight command with the same prefix whose information lines use this
   * prefix. Outside these forms a line is a URC even while that command is in flight
   * (AT+CUSD=1,"*100#" answers OK and the +CUSD: comes as a URC).
   * @default all forms
   */
  responseForms?: readonly CommandForm[];
  /**
   * Decides when the in-flight command has this prefix and one of the response forms.
   * Return true for a URC. For shapes that share a prefix (+CREG read vs URC).
   * @default undefined (every such line is a response)
   */
  isUrcWhileInFlight?: (line: string, command: NormalizedCommand) => boolean;
  /**
   * Lines after this one that belong to the URC whatever they look like (the SMS body or
   * PDU after `+CMT:`). Reported as `follow` in the classification; the caller routes
   * that many next lines to the same URC, since they could pass for response text.
   * @default 0
   */
  followLines?: number | ((line: string) => number);
}

interface Entry {
  result: UrcHit;
  follow: ((line: string) => number) | null;
  responseForms: ReadonlySet<CommandForm> | null;
  isUrcWhileInFlight: ((line: string, command: NormalizedCommand) => boolean) | null;
}

const NOT_URC: UrcClassification = Object.freeze({ urc: false });
const FORMS: readonly CommandForm[] = ['exec', 'read', 'test', 'write'];

/**
 * Which framed lines are unsolicited. The session asks before it looks for a final
 * result, for every line, so lookups are one Map get by prefix (no regex scans).
 *
 * Rules, for a `+XXX:` line:
 * - +XXX not registered: never a URC. In flight it is response text (modems do send
 *   info lines with foreign prefixes); with nothing in flight it is most likely the late
 *   answer of a timed-out command, which the session must see as such, not as a URC;
 * - registered, and the in-flight command has prefix +XXX: a response, unless the
 *   definition's responseForms/isUrcWhileInFlight say otherwise;
 * - registered otherwise: a URC.
 * Whole-line URCs (RDY, RING...) are URCs whatever is in flight. In ATV0 mode `2` is RING.
 */
export class UrcRegistry {
  readonly #prefix = new Map<string, Entry>();
  readonly #line = new Map<string, Entry>();
  readonly #bare: Array<[string, Entry]> = [];
  // One-entry cache: the session asks about the same in-flight command for every line.
  #lastCommand: string | null = null;
  #lastNormalized: NormalizedCommand | null = null;

  static default(): UrcRegistry {
    const r = new UrcRegistry();
    for (const def of DEFAULT_URCS) r.register(def);
    return r;
  }

  register(def: UrcDefinition): void {
    if (typeof def !== 'object' || def === null) throw new TypeError('definition must be an object');
    if (typeof def.name !== 'string' || def.name.length === 0 || def.name.trim() !== def.name) {
      throw new TypeError('name must be a non-empty string without surrounding spaces');
    }
    const first = def.name[0];
    const match = def.match ?? (first === '+' || first === '$' || first === '^' || first === '%' ? 'prefix' : 'line');
    if (match !== 'prefix' && match !== 'line' && match !== 'bare') {
      throw new TypeError(`match must be 'prefix', 'line' or 'bare', got ${String(def.match)}`);
    }
    if (match === 'prefix' && def.name.includes(':')) throw new TypeError('name must not include the colon');
    if (def.responseForms !== undefined && (!Array.isArray(def.responseForms) || def.responseForms.some((f) => !FORMS.includes(f)))) {
      throw new TypeError(`responseForms must be an array of ${FORMS.join(', ')}`);
    }
    if (def.isUrcWhileInFlight !== undefined && typeof def.isUrcWhileInFlight !== 'function') {
      throw new TypeError('isUrcWhileInFlight must be a function');
    }
    const fl = def.followLines;
    if (fl !== undefined && typeof fl !== 'function' && !(Number.isInteger(fl) && fl >= 0 && fl <= 64)) {
      throw new TypeError(`followLines must be an integer from 0 to 64 or a function, got ${String(fl)}`);
    }
    const entry: Entry = {
      result: Object.freeze(typeof fl === 'number' && fl > 0 ? { urc: true, name: def.name, follow: fl } : { urc: true, name: def.name }),
      follow: typeof fl === 'function' ? fl : null,
      responseForms: def.responseForms ? new Set(def.responseForms) : null,
      isUrcWhileInFlight: def.isUrcWhileInFlight ?? null,
    };
    if (match === 'prefix') this.#prefix.set(def.name, entry);
    else if (match === 'line') this.#line.set(def.name, entry);
    else {
      const i = this.#bare.findIndex(([n]) => n === def.name);
      if (i >= 0) this.#bare.splice(i, 1);
      this.#bare.push([def.name, entry]);
    }
  }

  /** Whether `name` is registered in any match style. */
  has(name: string): boolean {
    return this.#prefix.has(name) || this.#line.has(name) || this.#bare.some(([n]) => n === name);
  }

  /**
   * @param inFlight the command line in flight as sent (`AT+CREG?`), or null.
   * @param mode result code mode; in `numeric` mode the line `2` is RING.
   */
  classify(line: string, inFlight: string | null, mode: ResultMode = 'verbose'): UrcClassification {
    const c0 = line.charCodeAt(0);
    if (c0 === 0x2b || c0 === 0x24 || c0 === 0x5e || c0 === 0x25) return this.#classifyPrefixed(line, inFlight);
    const whole = this.#line.get(line);
    if (whole !== undefined) return whole.result;
    if (mode === 'numeric' && line === '2') return RING;
    return NOT_URC;
  }

  #classifyPrefixed(line: string, inFlight: string | null): UrcClassification {
    const colon = line.indexOf(':');
    if (colon < 0) {
      const whole = this.#line.get(line);
      if (whole !== undefined) return whole.result;
      for (const [name, entry] of this.#bare) if (line.startsWith(name)) return entry.result;
      return NOT_URC;
    }
    const entry = this.#prefix.get(line.slice(0, colon));
    if (entry === undefined) return NOT_URC;
    if (inFlight === null) return urcOf(entry, line);
    let cmd = this.#normalized(inFlight);
    if (cmd.prefix !== entry.result.name) {
      // A compound line (`AT+CSQ;+CREG?`) answers with the prefix of each of its commands.
      const sub = cmd.args.length > 0 ? subCommand(inFlight, entry.result.name) : null;
      if (sub === null) return urcOf(entry, line);
      cmd = sub;
    }
    if (entry.responseForms !== null && !entry.responseForms.has(cmd.form)) return urcOf(entry, line);
    if (entry.isUrcWhileInFlight !== null && entry.isUrcWhileInFlight(line, cmd)) return urcOf(entry, line);
    return NOT_URC;
  }

  #normalized(inFlight: string): NormalizedCommand {
    if (inFlight !== this.#lastCommand || this.#lastNormalized === null) {
      this.#lastNormalized = normalizeCommand(inFlight);
      this.#lastCommand = inFlight;
    }
    return this.#lastNormalized;
  }
}

/** The command of a compound line that has this prefix (`;+CREG?` of `AT+CSQ;+CREG?`), normalized; null when none. */
function subCommand(line: string, name: string): NormalizedCommand | null {
  const upper = line.toUpperCase();
  let at = upper.indexOf(name, 3);
  while (at > 0) {
    const before = upper.charCodeAt(at - 1);
    const after = upper.charCodeAt(at + name.length);
    const boundary = !((after >= 0x30 && after <= 0x39) || (after >= 0x41 && after <= 0x5a) || after === 0x5f);
    if ((before === 0x3b /* ; */ || before === 0x20) && boundary) {
      const end = upper.indexOf(';', at);
      return normalizeCommand(`AT${line.slice(at, end < 0 ? undefined : end)}`);
    }
    at = upper.indexOf(name, at + 1);
  }
  return null;
}

function urcOf(entry: Entry, line: string): UrcClassification {
  if (entry.follow === null) return entry.result;
  const n = entry.follow(line);
  return n > 0 ? { ...entry.result, follow: n } : entry.result;
}

const RING: UrcHit = Object.freeze({ urc: true, name: 'RING' });

/**
 * The read response of +CREG/+CGREG/+CEREG is `<n>,<stat>[,...]`; the URC drops `<n>`
 * and is `<stat>[,<lac>...]`, where the second field is quoted or empty. So the line is
 * the response exactly when its second field is an unquoted number. That holds for
 * every `<n>` from 0 to 5 (CEREG n=4/5 append PSM timers after the same fields).
 */
export function isRegistrationUrc(line: string, command: NormalizedCommand): boolean {
  if (command.form === 'test') return false;
  if (command.form !== 'read') return true;
  const comma = line.indexOf(',');
  if (comma < 0) return true;
  let i = comma + 1;
  while (i < line.length && line.charCodeAt(i) === 0x20) i++;
  const start = i;
  while (i < line.length) {
    const c = line.charCodeAt(i);
    if (c < 0x30 || c > 0x39) break;
    i++;
  }
  if (i === start) return true;
  while (i < line.length && line.charCodeAt(i) === 0x20) i++;
  return i < line.length && line.charCodeAt(i) !== 0x2c;
}

const QUERY_ONLY: readonly CommandForm[] = ['read', 'test'];

/** What the EC25 sends unsolicited, from the EC25 manual and ec25-facts.md §4/§6. */
export const DEFAULT_URCS: readonly UrcDefinition[] = [
  // Boot and power (ec25-facts §4, §5).
  { name: 'RDY' },
  { name: 'POWERED DOWN' },
  { name: 'NORMAL POWER DOWN' },
  { name: '+QIND' },
  { name: '+QUSIM' },
  { name: '+APIND' },
  { name: '+PACSP', match: 'bare' },
  // +CPIN/+CFUN queries answer with the same prefix; setting them does not, and the
  // state URC that follows can race the OK.
  { name: '+CPIN', responseForms: QUERY_ONLY },
  { name: '+CFUN', responseForms: QUERY_ONLY },
  { name: '+QSIMSTAT', responseForms: QUERY_ONLY },
  { name: '+CREG', isUrcWhileInFlight: isRegistrationUrc },
  { name: '+CGREG', isUrcWhileInFlight: isRegistrationUrc },
  { name: '+CEREG', isUrcWhileInFlight: isRegistrationUrc },
  { name: '+C5GREG', isUrcWhileInFlight: isRegistrationUrc },
  // Calls, SMS, USSD.
  { name: 'RING' },
  { name: '+CRING' },
  { name: '+CLIP', responseForms: QUERY_ONLY },
  { name: '+CCWA' },
  { name: '+CMTI' },
  // Text and PDU mode both put the message on a second line.
  { name: '+CMT', followLines: 1 },
  { name: '+CBM', followLines: 1 },
  // PDU mode `+CDS: <length>` has the PDU next; text mode is one line of fields.
  { name: '+CDS', followLines: (line) => (line.includes(',') ? 0 : 1) },
  { name: '+CDSI' },
  { name: '+CUSD', responseForms: QUERY_ONLY },
  // Network and time.
  { name: '+CGEV' },
  { name: '+CTZV' },
  { name: '+CTZE' },
  { name: '+CTZEU' },
  { name: '+CIEV' },
  { name: '+QSTAT' },
  // Quectel stacks: GNSS, TCP/IP, SSL, MQTT, ping/NTP results after OK.
  { name: '+QGPSURC' },
  { name: '+QIURC' },
  { name: '+QSSLURC' },
  { name: '+QMTSTAT' },
  { name: '+QMTRECV' },
  { name: '+QPING', responseForms: QUERY_ONLY },
  { name: '+QNTP', responseForms: QUERY_ONLY },
  { name: '+QNETDEVSTATUS' },
];

/**
 * The name of an unsolicited line the registry does not know: `+NAME:`, `^NAME:`,
 * `$NAME:`, `%NAME:` whose NAME is none of `own` (the in-flight command's prefixes),
 * or an NMEA sentence (`$GPGGA,...`). Other vendors' URCs (`^MODE: 5,4`, `$GPSACP:`)
 * reach our port too, and a line of the wrong prefix is never the command's answer.
 * `+CME ERROR:` has a space before its colon and is not matched. Null otherwise.
 */
export function foreignLineName(line: string, own: readonly string[]): string | null {
  const c0 = line.charCodeAt(0);
  if (c0 !== 0x2b && c0 !== 0x5e && c0 !== 0x24 && c0 !== 0x25) return null;
  let i = 1;
  while (i < line.length && isNameChar(line.charCodeAt(i))) i++;
  if (i === 1) return null;
  const next = line.charCodeAt(i);
  if (next !== 0x3a && !(c0 === 0x24 && next === 0x2c)) return null;
  // Compared in place: this runs for every information line, so no string is made unless foreign.
  for (let k = 0; k < own.length; k++) if (samePrefix(own[k]!, line, i)) return null;
  return line.slice(0, i).toUpperCase();
}

/** `upper` (an upper-case name) equals line[0..len) without regard to case. */
function samePrefix(upper: string, line: string, len: number): boolean {
  if (upper.length !== len) return false;
  for (let j = 0; j < len; j++) {
    const c = line.charCodeAt(j);
    if ((c >= 0x61 && c <= 0x7a ? c - 0x20 : c) !== upper.charCodeAt(j)) return false;
  }
  return true;
}

function isNameChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) || c === 0x5f;
}
