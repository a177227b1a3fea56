/** Shared field helpers for the response parsers: no regexes, no throwing. */

/** Forum copies of modem output carry curly quotes the modem never sends (ec25-facts §6.14). */
export function normalizeQuotes(line: string): string {
  if (line.indexOf('\u201c') < 0 && line.indexOf('\u201d') < 0) return line;
  return line.replaceAll('\u201c', '"').replaceAll('\u201d', '"');
}

/**
 * The text after `PREFIX:` (spaces after the colon skipped, since some firmware sends
 * none, ec25-facts §6.6), or null when the line does not carry that prefix.
 */
export function afterPrefix(line: string, prefix: string): string | null {
  const l = normalizeQuotes(line);
  if (!l.startsWith(prefix)) return null;
  let i = prefix.length;
  if (l.charCodeAt(i) !== 0x3a /* : */) return null;
  i++;
  while (i < l.length && l.charCodeAt(i) === 0x20) i++;
  return l.slice(i);
}

/**
 * Splits at commas outside quotes and parentheses; tokens are trimmed but keep their
 * quotes, because quoting carries meaning (+CREG URC vs read response).
 */
export function splitFields(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 0x28) depth++;
    else if (c === 0x29 && depth > 0) depth--;
    else if (c === 0x2c && depth === 0) {
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(s.slice(start).trim());
  return out;
}

export function isQuoted(tok: string | undefined): boolean {
  return tok !== undefined && tok.length >= 2 && tok.startsWith('"') && tok.endsWith('"');
}

export function unquote(tok: string | undefined): string {
  if (tok === undefined) return '';
  return isQuoted(tok) ? tok.slice(1, -1) : tok;
}

/** A string field; empty and `-` (QENG's "not available") become null. */
export function str(tok: string | undefined): string | null {
  const v = unquote(tok).trim();
  return v === '' || v === '-' ? null : v;
}

export function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** A decimal integer field (optionally signed); empty, `-` and junk become null. */
export function int(tok: string | undefined): number | null {
  const v = str(tok);
  if (v === null) return null;
  const body = v.charCodeAt(0) === 0x2d || v.charCodeAt(0) === 0x2b ? v.slice(1) : v;
  if (!isDigits(body)) return null;
  return Number(v);
}

/** Sentinels the EC25 family prints for "no measurement" (ec25-facts §6.6). */
const SENTINELS = new Set([-32768, -1920]);

/** A signed measurement (dBm, dB); sentinels become null. */
export function measure(tok: string | undefined): number | null {
  const v = int(tok);
  return v === null || SENTINELS.has(v) ? null : v;
}

/** A hexadecimal field such as LAC, TAC or cell id, as an uppercase string; null when empty or `-`. */
export function hex(tok: string | undefined): string | null {
  const v = str(tok);
  if (v === null) return null;
  const body = v.startsWith('0x') || v.startsWith('0X') ? v.slice(2) : v;
  if (body.length === 0) return null;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i) | 0x20;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return null;
  }
  return body.toUpperCase();
}

export function hexValue(h: string | null): number | null {
  return h === null ? null : Number.parseInt(h, 16);
}

/** The first line that carries `prefix:`, with the prefix removed. */
export function firstBody(lines: readonly string[], prefix: string): string | null {
  for (const l of lines) {
    const b = afterPrefix(l, prefix);
    if (b !== null) return b;
  }
  return null;
}

/** All lines that carry `prefix:`, with the prefix removed. */
export function bodies(lines: readonly string[], prefix: string): string[] {
  const out: string[] = [];
  for (const l of lines) {
    const b = afterPrefix(l, prefix);
    if (b !== null) out.push(b);
  }
  return out;
}
