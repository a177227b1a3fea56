/** How an AT command is invoked (V.250 §5.4 "extended syntax", plus basic commands). */
export type CommandForm = 'exec' | 'read' | 'test' | 'write';

export interface NormalizedCommand {
  /**
   * Uppercased command name with `AT`: `AT+CREG`, `AT$QCRMCALL`, `ATE`, `ATI`, `AT&F`,
   * `ATS3`, or `AT` alone. Basic commands keep their letter (`ATE0` -> `ATE`) so that a
   * catalogue or a parser needs one entry for every value.
   */
  base: string;
  form: CommandForm;
  /** Text after `=` (write), or the value of a basic command (`0` of `ATE0`); original case. */
  args: string;
  /** The prefix of the information lines an extended command answers with (`+CREG`), else null. */
  prefix: string | null;
}

/**
 * Splits a command line without regexes or extra allocations beyond the result, because
 * the session and the URC registry call it for every command. Only the first command of
 * a concatenated line (`ATE0V1`, `AT+CSQ;+CREG?`) is described; the rest stays in args.
 * A line that does not start with `AT` is described as-is (uppercased, exec, no prefix).
 */
export function normalizeCommand(cmd: string): NormalizedCommand {
  let start = 0;
  let end = cmd.length;
  while (start < end && cmd.charCodeAt(start) <= 0x20) start++;
  while (end > start && cmd.charCodeAt(end - 1) <= 0x20) end--;

  const a = cmd.charCodeAt(start) | 0x20;
  const t = cmd.charCodeAt(start + 1) | 0x20;
  if (end - start < 2 || a !== 0x61 /* a */ || t !== 0x74 /* t */) {
    return { base: cmd.slice(start, end).toUpperCase(), form: 'exec', args: '', prefix: null };
  }
  const p = start + 2;
  if (p === end) return { base: 'AT', form: 'exec', args: '', prefix: null };

  const c = cmd.charCodeAt(p);
  if (c === 0x2b /* + */ || c === 0x24 /* $ */ || c === 0x5e /* ^ */ || c === 0x25 /* % */) {
    let q = p + 1;
    while (q < end && isNameChar(cmd.charCodeAt(q))) q++;
    const name = cmd.slice(p, q).toUpperCase();
    const base = 'AT' + name;
    if (q === end) return { base, form: 'exec', args: '', prefix: name };
    const next = cmd.charCodeAt(q);
    if (next === 0x3f /* ? */) return { base, form: 'read', args: '', prefix: name };
    if (next === 0x3d /* = */) {
      if (q + 2 === end && cmd.charCodeAt(q + 1) === 0x3f) return { base, form: 'test', args: '', prefix: name };
      return { base, form: 'write', args: cmd.slice(q + 1, end), prefix: name };
    }
    // Something like `AT+CSQ;+CREG?`: describe the first command, keep the rest.
    return { base, form: 'exec', args: cmd.slice(q, end), prefix: name };
  }

  if (c === 0x26 /* & */) {
    const base = 'AT&' + cmd.charAt(p + 1).toUpperCase();
    return { base, form: 'exec', args: cmd.slice(p + 2, end), prefix: null };
  }

  const letter = c | 0x20;
  if (letter === 0x73 /* s */) {
    // S-registers: ATS3? reads, ATS3=13 writes, and the register number is part of the name.
    let q = p + 1;
    while (q < end && isDigit(cmd.charCodeAt(q))) q++;
    const base = 'ATS' + cmd.slice(p + 1, q);
    if (q < end && cmd.charCodeAt(q) === 0x3f) return { base, form: 'read', args: '', prefix: null };
    if (q < end && cmd.charCodeAt(q) === 0x3d) {
      if (q + 2 === end && cmd.charCodeAt(q + 1) === 0x3f) return { base, form: 'test', args: '', prefix: null };
      return { base, form: 'write', args: cmd.slice(q + 1, end), prefix: null };
    }
    return { base, form: 'exec', args: cmd.slice(q, end), prefix: null };
  }
  const base = 'AT' + cmd.charAt(p).toUpperCase();
  const rest = cmd.slice(p + 1, end);
  if (rest === '?') return { base, form: 'read', args: '', prefix: null };
  return { base, form: 'exec', args: rest, prefix: null };
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isNameChar(c: number): boolean {
  // V.250 allows ! % - . / : _ in names; none of the EC25's commands use them, and
  // stopping at them keeps `=`/`?`/`;` detection simple.
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
}
