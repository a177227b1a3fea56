/**
 * Text-mode strings in the TE character set chosen with AT+CSCS (27.005 §3.1: <da>, <oa> and
 * <data> are converted to and from it; [MAN] §2.24 offers "GSM", "IRA" and "UCS2"). UCS2 is
 * four hex digits per character; the others pass through.
 */
export type TeCharset = 'GSM' | 'IRA' | 'UCS2';

/** The charset a modem reports, GSM when it keeps none. */
export function charsetOf(modem: object): TeCharset {
  const cs = (modem as { charset?: unknown }).charset;
  return cs === 'UCS2' || cs === 'IRA' ? cs : 'GSM';
}

/** TE string -> text; null when a UCS2 string is not whole hex quadruplets. */
export function fromTe(s: string, cs: TeCharset): string | null {
  if (cs !== 'UCS2') return s;
  if (!/^(?:[0-9A-Fa-f]{4})*$/.test(s)) return null;
  let out = '';
  for (let i = 0; i < s.length; i += 4) out += String.fromCharCode(parseInt(s.slice(i, i + 4), 16));
  return out;
}

export function toTe(s: string, cs: TeCharset): string {
  if (cs !== 'UCS2') return s;
  let out = '';
  for (let i = 0; i < s.length; i++) out += s.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return out;
}
