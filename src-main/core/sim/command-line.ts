/** Splits an AT command line (`ATE0V1+CMEE=2;+CREG?`) into commands, V.250 style. */

export type AtOp = 'exec' | 'read' | 'test' | 'set';

export interface AtCommand {
  /** Upper-case name: `E`, `&F`, `S3`, `+CSQ`, `+QENG`. */
  name: string;
  op: AtOp;
  /** Set arguments split on commas outside quotes, trimmed, quotes kept (see `unquote`). */
  args: string[];
  /** For basic commands: the digits after the letter (`E0` -> '0'); for set: the text after `=`. */
  value: string;
}

/** Returns null for a syntax error (the modem answers ERROR). `line` starts with AT. */
export function parseCommandLine(line: string): AtCommand[] | null {
  const s = line.slice(2);
  const out: AtCommand[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === ' ' || c === ';') {
      i++;
      continue;
    }
    if (c === '+' || c === '$') {
      const m = /^[+$][A-Za-z][A-Za-z0-9_]*/.exec(s.slice(i));
      if (!m) return null;
      const name = m[0].toUpperCase();
      i += m[0].length;
      if (s.startsWith('=?', i)) {
        out.push({ name, op: 'test', args: [], value: '' });
        i += 2;
      } else if (s[i] === '?') {
        out.push({ name, op: 'read', args: [], value: '' });
        i++;
      } else if (s[i] === '=') {
        const end = endOfArgs(s, i + 1);
        if (end < 0) return null;
        out.push({ name, op: 'set', args: splitArgs(s.slice(i + 1, end)), value: s.slice(i + 1, end) });
        i = end;
      } else {
        out.push({ name, op: 'exec', args: [], value: '' });
      }
      continue;
    }
    if (c === 'D' || c === 'd') {
      // V.250 §6.3.1: the dial string runs to the end of the line, or to a ';' (voice call, more may follow).
      const semi = s.indexOf(';', i + 1);
      const end = semi < 0 ? s.length : semi + 1;
      out.push({ name: 'D', op: 'exec', args: [], value: s.slice(i + 1, end).trim() });
      i = end;
      continue;
    }
    const m = /^(&[A-Za-z]|[A-Za-z])(\d*)(\?|=\d*)?/.exec(s.slice(i));
    if (!m) return null;
    const name = m[1]!.toUpperCase();
    const suffix = m[3];
    if (name === 'S') {
      if (m[2] === '') return null;
      const op: AtOp = suffix === '?' ? 'read' : suffix !== undefined ? 'set' : 'exec';
      out.push({ name: `S${m[2]}`, op, args: suffix?.startsWith('=') ? [suffix.slice(1)] : [], value: '' });
    } else {
      out.push({ name, op: suffix === '?' ? 'read' : 'exec', args: [], value: m[2]! });
    }
    i += m[0].length;
  }
  return out;
}

/** Index of the `;` ending the arguments (outside quotes), or the end; -1 for an open quote. */
function endOfArgs(s: string, from: number): number {
  let quoted = false;
  for (let i = from; i < s.length; i++) {
    if (s[i] === '"') quoted = !quoted;
    else if (s[i] === ';' && !quoted) return i;
  }
  return quoted ? -1 : s.length;
}

function splitArgs(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/** `"abc"` -> `abc`; anything else unchanged. */
export function unquote(arg: string | undefined): string {
  if (arg === undefined) return '';
  return arg.length >= 2 && arg.startsWith('"') && arg.endsWith('"') ? arg.slice(1, -1) : arg;
}

/** A decimal integer argument, or null when missing or malformed. */
export function intArg(arg: string | undefined): number | null {
  return arg !== undefined && /^\d+$/.test(arg) ? Number(arg) : null;
}
