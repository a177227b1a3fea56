/** Identity responses: IMEI, IMSI, ICCID, manufacturer/model/revision, ATI. */
import { afterPrefix, isDigits, normalizeQuotes, unquote } from './fields';

/** The value of a one-line answer that some firmware prefixes (`+CGSN: "86..."`) and most do not. */
function plainValue(lines: readonly string[], prefixes: readonly string[]): string | null {
  for (const raw of lines) {
    const line = normalizeQuotes(raw).trim();
    if (line === '') continue;
    for (const p of prefixes) {
      const b = afterPrefix(line, p);
      if (b !== null) return unquote(b.trim()).trim();
    }
    return unquote(line).trim();
  }
  return null;
}

export interface ImeiInfo {
  type: 'imei';
  imei: string;
  /** 15 digits with a valid Luhn check digit. A 14-digit IMEI (no check digit) is false. */
  luhnValid: boolean;
}

export function parseImei(lines: readonly string[]): ImeiInfo | null {
  const v = plainValue(lines, ['+CGSN', '+GSN']);
  if (v === null || !isDigits(v) || v.length < 14 || v.length > 17) return null;
  return { type: 'imei', imei: v, luhnValid: v.length === 15 && luhnValid(v) };
}

/** Luhn (mod 10) over all digits, the last one being the check digit. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return false;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return digits.length > 0 && sum % 10 === 0;
}

export interface ImsiInfo {
  type: 'imsi';
  imsi: string;
  mcc: string;
}

export function parseImsi(lines: readonly string[]): ImsiInfo | null {
  const v = plainValue(lines, ['+CIMI']);
  if (v === null || !isDigits(v) || v.length < 6 || v.length > 15) return null;
  return { type: 'imsi', imsi: v, mcc: v.slice(0, 3) };
}

export interface IccidInfo {
  type: 'iccid';
  /** Digits only: the `F` padding of 19-digit ICCIDs is removed (ec25-facts §6.8). */
  iccid: string;
  /** As the modem sent it. */
  raw: string;
}

export function parseIccid(lines: readonly string[]): IccidInfo | null {
  const v = plainValue(lines, ['+QCCID', '+CCID', '+ICCID']);
  if (v === null) return null;
  let end = v.length;
  while (end > 0 && (v.charCodeAt(end - 1) | 0x20) === 0x66 /* f */) end--;
  const iccid = v.slice(0, end);
  if (!isDigits(iccid) || iccid.length < 18 || iccid.length > 22) return null;
  return { type: 'iccid', iccid, raw: v };
}

export interface TextInfo {
  type: 'manufacturer' | 'model' | 'revision';
  value: string;
}

export function parseText(type: TextInfo['type'], lines: readonly string[], prefixes: readonly string[]): TextInfo | null {
  let v = plainValue(lines, prefixes);
  if (v === null || v === '') return null;
  if (type === 'revision' && v.startsWith('Revision:')) v = v.slice(9).trim();
  return { type, value: v };
}

export interface AtiInfo {
  type: 'ati';
  manufacturer: string | null;
  model: string | null;
  revision: string | null;
}

/** ATI: `Quectel`, `EC25`, `Revision: EC25EFAR06A04M4G`, as unprefixed lines (ec25-facts §6.9). */
export function parseAti(lines: readonly string[]): AtiInfo | null {
  const plain: string[] = [];
  let revision: string | null = null;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('Revision:')) revision = line.slice(9).trim() || null;
    else plain.push(line);
  }
  if (plain.length === 0 && revision === null) return null;
  return { type: 'ati', manufacturer: plain[0] ?? null, model: plain[1] ?? null, revision };
}
