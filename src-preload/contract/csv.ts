/**
 * One CSV cell for exports people open in a spreadsheet (batch results, broadcast tables).
 * Text from modems, batch files and run names is untrusted: a cell starting with `=`, `+`,
 * `-`, `@`, a tab or a carriage return would be read as a formula (`=HYPERLINK(…)`,
 * `=cmd|…`), so it gets a leading `'` as OWASP's CSV-injection guidance says; then RFC 4180
 * quoting. Numbers we produce are written as they are (a negative latency is not a formula).
 * Isomorphic: the renderer can use it for its own CSV downloads.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  let s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  // Neutralised cells are quoted too, as OWASP recommends.
  const formula = FORMULA_START.test(s);
  if (formula) s = `'${s}`;
  return formula || /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
