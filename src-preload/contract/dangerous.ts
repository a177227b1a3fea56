/**
 * The one dangerous-command classifier: console double-Enter, Broadcast, the API
 * (`modem.exec`, `broadcast.exec`), batch files and macros all ask it. Isomorphic
 * (no node, no DOM) so the renderer and the core share it.
 *
 * It reads the whole command line the way a V.250 modem does, not by prefix: spaces
 * and control characters outside quotes are ignored (`AT +QPOWD`, `AT+CFUN =0`), case
 * does not matter outside quotes, basic commands follow each other without separators
 * (`ATE0&F`), `;` separates commands (`AT+CSQ;+QPOWD`, `AT;+QFASTBOOT`), and a CR or LF
 * starts another command line. Each command is classified on its own; a line is
 * dangerous when any of its commands is. Where the reading is unsure it errs towards
 * dangerous (a confirmation too many costs a click, one too few a bench of modems).
 */

export type DangerCategory = 'power' | 'factory' | 'usb' | 'firmware' | 'sim-lock' | 'repeat';

export interface DangerousCommand {
  /** The command as the modem reads it: `AT` + the command, upper case outside quotes, no spaces (`AT+QPOWD`, `AT&F`). */
  text: string;
  category: DangerCategory;
  /** Why it needs a confirmation, in a sentence for the engineer. */
  reason: string;
}

export interface CommandLineClassification {
  /** True when at least one command of the line is dangerous. */
  dangerous: boolean;
  /** The dangerous commands only, in line order. */
  commands: DangerousCommand[];
}

/** One command of a command line as a V.250 modem parses it. */
export interface ParsedAtCommand {
  /** `E`, `&F`, `S0`, `D`, `+CFUN`, `$QCPWD`: upper case; `/` for `A/`. */
  name: string;
  kind: 'basic' | 'extended' | 'repeat';
  /** Extended: `=` write, `?` read, `=?` test, none execute. Basic: `=` or `?` for S-registers, else none. */
  form: 'exec' | 'read' | 'write' | 'test';
  /** What follows the name (and `=`): digits of a basic command, arguments of an extended one, quotes kept. */
  args: string;
}

const SEP_IGNORED = /[\x00-\x20\x7f]/;

/** Splits arguments on commas outside quotes; quotes stripped, surrounding spaces already gone. */
function splitArgs(args: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of args) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** `01` is 1; anything that is not plain digits is NaN. */
function num(s: string | undefined): number {
  return s !== undefined && /^\d+$/.test(s) ? Number(s) : Number.NaN;
}

/**
 * Reads the text after `AT` (or a line without it): spaces and control characters outside
 * quotes dropped, upper case outside quotes, then basic and extended commands.
 */
function parseBody(raw: string, out: ParsedAtCommand[]): void {
  // Normalise first, as the modem does before it parses.
  let s = '';
  let quoted = false;
  for (const ch of raw) {
    if (ch === '"') {
      quoted = !quoted;
      s += ch;
    } else if (quoted) s += ch;
    else if (!SEP_IGNORED.test(ch)) s += ch.toUpperCase();
  }
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c = s[i]!;
    if (c === ';') {
      i++;
      continue;
    }
    if (c === '&' || (c >= 'A' && c <= 'Z')) {
      // Basic command: a letter or `&` + letter, then a number, or `Sn=v` / `Sn?`.
      let name = c;
      i++;
      if (c === '&' && i < n && /[A-Z]/.test(s[i]!)) name += s[i++];
      if (name === 'D') {
        // The dial string runs to `;` or the end of the line.
        let j = i;
        while (j < n && s[j] !== ';') j++;
        out.push({ name, kind: 'basic', form: 'exec', args: s.slice(i, j) });
        i = j;
        continue;
      }
      let args = '';
      let form: ParsedAtCommand['form'] = 'exec';
      if (name === 'S') {
        while (i < n && /\d/.test(s[i]!)) name += s[i++];
      }
      if (s[i] === '?') {
        form = 'read';
        i++;
      } else {
        if (s[i] === '=') {
          form = 'write';
          i++;
        }
        const start = i;
        while (i < n && /\d/.test(s[i]!)) i++;
        args = s.slice(start, i);
      }
      out.push({ name, kind: 'basic', form, args });
      continue;
    }
    // Extended command (`+` and the vendors' `$ % ^ * #`…): V.250 name characters after the prefix.
    let j = i + 1;
    while (j < n && /[A-Z0-9!%\-./:_]/.test(s[j]!)) j++;
    const name = s.slice(i, j);
    let form: ParsedAtCommand['form'] = 'exec';
    let args = '';
    if (s[j] === '=' && s[j + 1] === '?') {
      form = 'test';
      j += 2;
    } else if (s[j] === '?') {
      form = 'read';
      j++;
    } else if (s[j] === '=') {
      form = 'write';
      j++;
      // Arguments run to a `;` outside quotes.
      const start = j;
      let q = false;
      while (j < n && (q || s[j] !== ';')) {
        if (s[j] === '"') q = !q;
        j++;
      }
      args = s.slice(start, j);
    }
    // Anything else after the name (`AT+CSQ&F`) is read as further commands: a modem that
    // accepts it runs them, one that does not answers ERROR.
    out.push({ name, kind: 'extended', form, args });
    i = Math.max(j, i + 1);
  }
}

/** Every command of a command line, as a V.250 modem would parse it (several lines when it holds CR or LF). */
export function parseCommandLine(line: string): ParsedAtCommand[] {
  const out: ParsedAtCommand[] = [];
  for (const part of line.split(/[\r\n]+/)) {
    const t = part.replace(/^[\x00-\x20\x7f]+/, '');
    if (t === '') continue;
    if (/^a\s*\//i.test(t)) {
      out.push({ name: '/', kind: 'repeat', form: 'exec', args: '' });
      continue;
    }
    const m = /^a[\x00-\x20\x7f]*t/i.exec(t);
    parseBody(m ? t.slice(m[0].length) : t, out);
  }
  return out;
}

function textOf(c: ParsedAtCommand): string {
  if (c.kind === 'repeat') return 'A/';
  const f = c.form === 'read' ? '?' : c.form === 'test' ? '=?' : c.form === 'write' ? '=' : '';
  return `AT${c.name}${f}${c.args}`;
}

type Rule = (c: ParsedAtCommand) => [DangerCategory, string] | null;

const POWER_OFF = 'powers the modem down; it stays off until its power is cycled';
const EXTENDED: Record<string, Rule> = {
  '+QPOWD': (c) => (c.form === 'test' ? null : ['power', POWER_OFF]),
  '+CFUN': (c) => {
    if (c.form !== 'write') return null;
    const [fun, rst] = splitArgs(c.args);
    if (num(rst) === 1 || (rst !== undefined && rst !== '' && num(rst) !== 0)) {
      return ['power', 'resets the modem: every USB port drops and re-enumerates'];
    }
    if (num(fun) === 1) return null;
    if (num(fun) === 0) return ['power', 'switches the modem to minimum functionality: radio and SIM off'];
    if (num(fun) === 4) return ['power', 'switches the radio off (flight mode)'];
    return ['power', 'changes the modem\'s functionality level (radio off, or a vendor reset)'];
  },
  '+QCFG': (c) => {
    if (c.form !== 'write') return null;
    const args = splitArgs(c.args);
    const sub = (args[0] ?? '').trim().toLowerCase();
    if ((sub === 'usbnet' || sub === 'usbcfg') && args.length > 1) {
      return ['usb', `changes the USB composition (${sub}): after a reset the ports renumber or disappear`];
    }
    return null;
  },
  '+QFOTADL': (c) => (c.form === 'test' ? null : ['firmware', 'downloads and installs firmware over the air; the modem reboots']),
  '+QNVFW': (c) => (c.form === 'test' ? null : ['firmware', 'writes a file into the modem\'s NV storage (firmware configuration)']),
  '+QFASTBOOT': (c) => (c.form === 'test' ? null : ['firmware', 'reboots into fastboot (firmware download) mode; the AT ports disappear']),
  '+QPRTPARA': (c) => (c.form === 'write' || c.form === 'exec' ? ['factory', 'saves or restores the modem\'s stored parameters'] : null),
  '+CLCK': (c) => {
    if (c.form === 'test' || c.form === 'read') return null;
    const mode = splitArgs(c.args)[1];
    if (num(mode) === 2) return null;
    return ['sim-lock', 'locks or unlocks a SIM facility; wrong passwords block the SIM'];
  },
  '+CPWD': (c) => (c.form === 'write' ? ['sim-lock', 'changes a SIM facility password'] : null),
  // Reset and power-off commands of sibling modules and other vendors' firmware: a modem that
  // knows one of them reboots or switches off; one that does not answers ERROR.
  '+QRST': (c) => (c.form === 'test' ? null : ['power', 'resets the module']),
  '+CPOF': (c) => (c.form === 'test' ? null : ['power', 'powers the modem off']),
  '+CRESET': (c) => (c.form === 'test' ? null : ['power', 'resets the module']),
  '^RESET': (c) => (c.form === 'test' ? null : ['power', 'resets the module']),
  '#REBOOT': (c) => (c.form === 'test' ? null : ['power', 'reboots the module']),
  '+TRB': (c) => (c.form === 'test' ? null : ['power', 'reboots the module']),
};
const BASIC: Record<string, Rule> = {
  '&F': () => ['factory', 'restores factory settings'],
  Z: () => ['factory', 'resets to the stored user profile, dropping current settings'],
  '&W': () => ['factory', 'overwrites the stored user profile'],
};

function classifyOne(c: ParsedAtCommand): DangerousCommand | null {
  if (c.kind === 'repeat') {
    return { text: 'A/', category: 'repeat', reason: 'repeats the previous command line, which may have been dangerous' };
  }
  const rule = (c.kind === 'basic' ? BASIC : EXTENDED)[c.name];
  const hit = rule ? rule(c) : null;
  return hit ? { text: textOf(c), category: hit[0], reason: hit[1] } : null;
}

/**
 * Classifies a whole command line: `{dangerous, commands}` where `commands` lists only the
 * dangerous commands with a category and a reason. Queries (`AT+CFUN?`, `AT+QCFG="usbnet"`,
 * `AT+CLCK="SC",2`) and test forms (`=?`) are not dangerous.
 */
export function classifyCommandLine(line: string): CommandLineClassification {
  const commands: DangerousCommand[] = [];
  for (const c of parseCommandLine(line)) {
    const d = classifyOne(c);
    if (d) commands.push(d);
  }
  return { dangerous: commands.length > 0, commands };
}

/** Shorthand for `classifyCommandLine(line).dangerous`. */
export function isDangerousCommandLine(line: string): boolean {
  return classifyCommandLine(line).dangerous;
}
