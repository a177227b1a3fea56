/**
 * The base of an AT command, which is what per-command metrics are keyed by:
 * `AT+CSQ`, `AT+CEREG?`, `AT+CEREG=2` -> `AT+CSQ`, `AT+CEREG`, `AT+CEREG`;
 * `AT+QENG="servingcell"` -> `AT+QENG`; `ATE0V1` -> `ATE`; `AT&F` -> `AT&F`;
 * `ATI` -> `ATI`; anything not starting with AT -> `(other)`.
 */
export const OTHER = '(other)';

const CACHE_MAX = 512;
const cache = new Map<string, string>();

function isNameChar(c: number): boolean {
  // A-Z a-z 0-9 _
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;
}

function compute(command: string): string {
  const s = command.trimStart();
  if (s.length < 2 || (s.charCodeAt(0) | 0x20) !== 0x61 || (s.charCodeAt(1) | 0x20) !== 0x74) return OTHER;
  if (s.length === 2) return 'AT';
  const c = s.charCodeAt(2);
  // Extended (+, $, %, ^, #, *): the name up to =, ? or the end.
  if (c === 43 || c === 36 || c === 37 || c === 94 || c === 35 || c === 42) {
    let i = 3;
    while (i < s.length && isNameChar(s.charCodeAt(i))) i++;
    return i === 3 ? OTHER : s.slice(0, i).toUpperCase();
  }
  // Basic: one letter, or & plus a letter.
  if (c === 38) return s.length > 3 && isNameChar(s.charCodeAt(3)) ? s.slice(0, 4).toUpperCase() : OTHER;
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return s.slice(0, 3).toUpperCase();
  return OTHER;
}

export function commandBase(command: string): string {
  const hit = cache.get(command);
  if (hit !== undefined) return hit;
  const base = compute(command);
  // Commands with varying arguments (AT+CMGR=17) must not grow the cache without end.
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(command, base);
  return base;
}
