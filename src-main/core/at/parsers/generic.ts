/**
 * The generic parser: any information line as a name and typed positional values, so a
 * reply no specific parser knows is still usable in batch conditions (`fields[3] > -110`)
 * and in the console. Shapes seen in real replies (ModemManager's test vectors, the EC25
 * manual, captures; see test/fixtures/transcripts/corpus): quoted strings, negative and
 * decimal numbers, empty fields, `-` for "not available", ranges `(0-5)`, lists `(1,2,3)`,
 * nested lists (`+CIND: ("signal",(0-5))`), groups without the comma between them
 * (`(0,1)(1)(1-16)`, EG25-G +QDAI, ec25-facts §6.10), and unprefixed continuation lines
 * (`+QOPS`, `+QNETINFO`, `+CMGL` PDUs). One pass over the characters, no regexes.
 */

/** A range inside a list: `(0-5)` gives `[{ from: 0, to: 5 }]`. */
export interface FieldRange {
  from: number;
  to: number;
}

/**
 * One positional value. Unquoted decimal numbers become numbers (at most 15 digits, so
 * IMEIs and PDUs stay strings); quoted values stay strings even when they look numeric
 * (`"01A2B3C4"`); empty fields and a bare `-` are null; parentheses give arrays.
 */
export type FieldValue = number | string | null | FieldRange | FieldValue[];

export interface GenericLine {
  /** `+CSQ`, `^SYSINFO`, `$QCRMCALL`, `&C` (AT&V), `Revision`; null for a line without a `NAME:` head. */
  name: string | null;
  fields: FieldValue[];
}

export interface GenericInfo {
  type: 'fields';
  /** The name of the first named line, or null when no line has one. */
  name: string | null;
  /** The values of the first named line (else of the first line). */
  fields: FieldValue[];
  /** The values of every line with the same name as the first, in order (CMGL, COPS=?, CGDCONT). */
  rows: FieldValue[][];
  /** Every information line, continuation lines included. */
  lines: GenericLine[];
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** A bare (unquoted) token as a typed value. */
export function scalar(tok: string): FieldValue {
  const s = tok.trim();
  const n = s.length;
  if (n === 0 || s === '-') return null;
  let i = 0;
  const c0 = s.charCodeAt(0);
  if (c0 === 0x2d /* - */ || c0 === 0x2b /* + */) i = 1;
  const start = i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  const intEnd = i;
  if (intEnd > start) {
    if (i === n) return intEnd - start <= 15 ? Number(s) : s;
    if (s.charCodeAt(i) === 0x2e /* . */) {
      i++;
      const fracStart = i;
      while (i < n && isDigit(s.charCodeAt(i))) i++;
      if (i === n && i > fracStart && n <= 20) return Number(s);
      return s;
    }
    // `0-5` inside a list: a range.
    if (start === 0 && s.charCodeAt(i) === 0x2d) {
      let j = i + 1;
      const hiStart = j;
      while (j < n && isDigit(s.charCodeAt(j))) j++;
      if (j === n && j > hiStart && intEnd <= 15 && n - hiStart <= 15) return { from: Number(s.slice(0, intEnd)), to: Number(s.slice(hiStart)) };
    }
    if (start === 0 && intEnd === 1 && c0 === 0x30 && (s.charCodeAt(1) | 0x20) === 0x78 /* 0x */ && n > 2 && n <= 15) {
      let j = 2;
      for (; j < n; j++) {
        const h = s.charCodeAt(j) | 0x20;
        if (!(isDigit(h) || (h >= 0x61 && h <= 0x66))) break;
      }
      if (j === n) return Number.parseInt(s.slice(2), 16);
    }
  }
  return s;
}

/**
 * Parses the values of a line body (after `NAME:`): comma-separated, quotes respected,
 * parentheses as (nested) lists. Never throws; an unclosed quote or parenthesis ends at
 * the line's end.
 */
export function parseValues(body: string): FieldValue[] {
  const st = { s: body, i: 0 };
  return values(st, false);
}

function values(st: { s: string; i: number }, inList: boolean): FieldValue[] {
  const s = st.s;
  const n = s.length;
  const out: FieldValue[] = [];
  if (!inList && s.trim() === '') return out;
  for (;;) {
    // One value.
    while (st.i < n && s.charCodeAt(st.i) === 0x20) st.i++;
    let v: FieldValue;
    const c = s.charCodeAt(st.i);
    if (c === 0x22 /* " */) {
      const end = s.indexOf('"', st.i + 1);
      const stop = end < 0 ? n : end;
      v = s.slice(st.i + 1, stop);
      st.i = end < 0 ? n : end + 1;
      // Junk after the closing quote (`"a"b`) is kept with the string rather than lost.
      const tail = bare(st);
      if (tail.trim() !== '') v = `${v}${tail.trim()}`;
    } else if (c === 0x28 /* ( */) {
      st.i++;
      v = values(st, true);
      if (s.charCodeAt(st.i) === 0x29) st.i++;
      while (st.i < n && s.charCodeAt(st.i) === 0x20) st.i++;
      // `(0,1)(1)`: a missing comma between groups starts the next value.
      if (s.charCodeAt(st.i) === 0x28) {
        out.push(v);
        continue;
      }
      bare(st);
    } else {
      v = scalar(bare(st));
    }
    out.push(v);
    if (st.i >= n) break;
    const d = s.charCodeAt(st.i);
    if (d === 0x2c /* , */) {
      st.i++;
      continue;
    }
    if (d === 0x29 /* ) */) {
      if (inList) break;
      st.i++; // a stray `)` at top level: skip it
      continue;
    }
  }
  // `()` is an empty list, not a list of one null.
  if (inList && out.length === 1 && out[0] === null) return [];
  return out;
}

/** Reads a bare token up to `,` or `)` (outside quotes). */
function bare(st: { s: string; i: number }): string {
  const s = st.s;
  const start = st.i;
  while (st.i < s.length) {
    const c = s.charCodeAt(st.i);
    if (c === 0x2c || c === 0x29) break;
    st.i++;
  }
  return s.slice(start, st.i);
}

/**
 * The `NAME` of a `NAME: values` line and where its values start, or null. A name starts
 * with `+ ^ $ # % * & !` (Sierra's `!SCACT:`) or a letter, has no blanks, quotes or commas, and ends at the first
 * colon; some firmware puts no space after the colon (ec25-facts §6.6).
 */
export function lineName(line: string): { name: string; body: number } | null {
  const n = line.length;
  if (n < 2) return null;
  const c0 = line.charCodeAt(0);
  const sigil = c0 === 0x2b || c0 === 0x5e || c0 === 0x24 || c0 === 0x23 || c0 === 0x25 || c0 === 0x2a || c0 === 0x26 || c0 === 0x21;
  const letter = (c0 | 0x20) >= 0x61 && (c0 | 0x20) <= 0x7a;
  if (!sigil && !letter) return null;
  for (let i = 1; i < n && i < 40; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x3a /* : */) {
      if (i === 1 && sigil) return null;
      let b = i + 1;
      while (b < n && line.charCodeAt(b) === 0x20) b++;
      return { name: line.slice(0, i), body: b };
    }
    if (c === 0x20 || c === 0x22 || c === 0x2c || c === 0x28 || c === 0x3d) return null;
  }
  return null;
}

/** One information line as a name and values; a line without a `NAME:` head is all values. */
export function parseLine(line: string): GenericLine {
  const head = lineName(line);
  if (head === null) return { name: null, fields: parseValues(line) };
  return { name: head.name, fields: parseValues(line.slice(head.body)) };
}

/** Every information line of a response, typed; null when there are none. */
export function parseGeneric(lines: readonly string[]): GenericInfo | null {
  if (lines.length === 0) return null;
  const parsed = lines.map(parseLine);
  const first = parsed.find((l) => l.name !== null) ?? parsed[0]!;
  const rows: FieldValue[][] = [];
  for (const l of parsed) if (l.name === first.name) rows.push(l.fields);
  return { type: 'fields', name: first.name, fields: first.fields, rows, lines: parsed };
}
