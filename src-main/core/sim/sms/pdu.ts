/**
 * SMS PDUs as 27.005 PDU mode carries them: the SMSC address (3GPP TS 24.011
 * RP address, a length octet first) followed by a TPDU (3GPP TS 23.040 §9.2.2:
 * SMS-DELIVER, SMS-SUBMIT). Decoding is strict on purpose: the simulator answers
 * `+CMS ERROR: 304` to what a real modem would refuse, so it must notice lengths
 * and fields that do not add up.
 */
import { fromSeptets, packSeptets, toSeptets, unpackSeptets } from './gsm7';

export type SmsAlphabet = 'gsm7' | '8bit' | 'ucs2';

export interface SmsTpdu {
  kind: 'deliver' | 'submit';
  /** TP-OA (deliver) or TP-DA (submit), `+` prefixed when international. */
  number: string;
  /** Type of address: 145 international, 129 national/unknown, 208 alphanumeric. */
  toa: number;
  text: string;
  fo: number;
  pid: number;
  dcs: number;
  /** TP-MR (submit only). */
  mr: number;
  /** TP-SCTS as 27.005 `yy/MM/dd,hh:mm:ss±zz` (deliver only). */
  scts: string | null;
  /** Relative TP-VP octet when present (submit only). */
  vp: number | null;
}

export interface SmsPdu {
  /** The SMSC address carried in the PDU, `''` when its length octet is 0. */
  sca: string;
  tpdu: SmsTpdu;
  /** TPDU octets, what AT+CMGS=<length> and +CMGL's <length> count. */
  tpduLength: number;
}

const HEX_RE = /^(?:[0-9A-Fa-f]{2})+$/;

/** Why a PDU was refused; the handlers answer +CMS ERROR: 304 for any of them. */
export class PduError extends Error {
  readonly code = 'invalid-pdu' as const;
}

function fail(why: string): never {
  throw new PduError(why);
}

class Reader {
  i = 0;
  constructor(readonly b: Buffer) {}
  byte(): number {
    if (this.i >= this.b.length) fail('PDU ends early');
    return this.b[this.i++]!;
  }
  bytes(n: number): Buffer {
    if (this.i + n > this.b.length) fail('PDU ends early');
    const out = this.b.subarray(this.i, this.i + n);
    this.i += n;
    return out;
  }
}

function bcdDigits(b: Buffer, digits: number): string {
  let s = '';
  for (const o of b) s += '0123456789*#abc'[o & 0x0f]! + ('0123456789*#abc'[o >> 4] ?? '');
  return s.slice(0, digits);
}

function readAddress(r: Reader): { number: string; toa: number } {
  const len = r.byte();
  const toa = r.byte();
  if (len > 20) fail('address too long');
  const raw = r.bytes(Math.ceil(len / 2));
  if ((toa & 0x70) === 0x50) {
    const text = fromSeptets(unpackSeptets(raw, Math.floor((len * 4) / 7)));
    return { number: text, toa };
  }
  const digits = bcdDigits(raw, len);
  return { number: ((toa & 0x70) === 0x10 ? '+' : '') + digits, toa };
}

function scts(b: Buffer): string {
  const d = (o: number): string => `${o & 0x0f}${o >> 4}`;
  const tzByte = b[6]!;
  const negative = (tzByte & 0x08) !== 0;
  const q = (tzByte & 0x07) * 10 + (tzByte >> 4);
  return `${d(b[0]!)}/${d(b[1]!)}/${d(b[2]!)},${d(b[3]!)}:${d(b[4]!)}:${d(b[5]!)}${negative ? '-' : '+'}${String(q).padStart(2, '0')}`;
}

export function alphabetOf(dcs: number): SmsAlphabet {
  const group = dcs >> 4;
  if (group <= 7) {
    const a = (dcs >> 2) & 3;
    if (a === 3) fail('reserved alphabet');
    return a === 0 ? 'gsm7' : a === 1 ? '8bit' : 'ucs2';
  }
  if (group === 0x0e) return 'ucs2';
  if (group === 0x0f) return (dcs & 0x04) !== 0 ? '8bit' : 'gsm7';
  return 'gsm7';
}

function userData(r: Reader, fo: number, dcs: number): string {
  const udl = r.byte();
  const rest = r.b.length - r.i;
  const alphabet = alphabetOf(dcs);
  const octets = alphabet === 'gsm7' ? Math.ceil((udl * 7) / 8) : udl;
  if (alphabet === 'gsm7' ? udl > 160 : udl > 140) fail('user data too long');
  if (octets !== rest) fail(`user data is ${rest} octets, UDL says ${octets}`);
  const ud = r.bytes(octets);
  let headerOctets = 0;
  if ((fo & 0x40) !== 0) {
    headerOctets = ud[0]! + 1;
    if (headerOctets > ud.length) fail('user data header longer than user data');
  }
  if (alphabet === 'gsm7') {
    const headerSeptets = Math.ceil((headerOctets * 8) / 7);
    const fill = headerSeptets * 7 - headerOctets * 8;
    return fromSeptets(unpackSeptets(ud.subarray(headerOctets), udl - headerSeptets, fill));
  }
  const body = ud.subarray(headerOctets);
  if (alphabet === '8bit') return body.toString('latin1');
  if (body.length % 2 !== 0) fail('odd UCS2 length');
  return Buffer.from(body).swap16().toString('utf16le');
}

/** Decodes `hex` (SMSC address + TPDU); throws PduError. */
export function decodePdu(hex: string): SmsPdu {
  if (!HEX_RE.test(hex)) fail('not hexadecimal octets');
  const r = new Reader(Buffer.from(hex, 'hex'));
  const scaLen = r.byte();
  if (scaLen > 12) fail('SMSC address too long');
  let sca = '';
  if (scaLen > 0) {
    const toa = r.byte();
    sca = ((toa & 0x70) === 0x10 ? '+' : '') + bcdDigits(r.bytes(scaLen - 1), (scaLen - 1) * 2).replace(/[abc]$/, '');
  }
  const start = r.i;
  const fo = r.byte();
  const mti = fo & 0x03;
  if (mti === 0) {
    const oa = readAddress(r);
    const pid = r.byte();
    const dcs = r.byte();
    const ts = scts(r.bytes(7));
    const text = userData(r, fo, dcs);
    return { sca, tpduLength: r.b.length - start, tpdu: { kind: 'deliver', ...oa, text, fo, pid, dcs, mr: 0, scts: ts, vp: null } };
  }
  if (mti !== 1) fail('neither SMS-DELIVER nor SMS-SUBMIT');
  const mr = r.byte();
  const da = readAddress(r);
  if (da.number === '' || da.number === '+') fail('empty destination');
  const pid = r.byte();
  const dcs = r.byte();
  const vpf = (fo >> 3) & 3;
  let vp: number | null = null;
  if (vpf === 2) vp = r.byte();
  else if (vpf !== 0) r.bytes(7);
  const text = userData(r, fo, dcs);
  return { sca, tpduLength: r.b.length - start, tpdu: { kind: 'submit', ...da, text, fo, pid, dcs, mr, scts: null, vp } };
}

// ---- encoding ---------------------------------------------------------------

function hex(b: Buffer | number[]): string {
  return Buffer.from(b).toString('hex').toUpperCase();
}

function bcd(digits: string): number[] {
  const d = digits.length % 2 === 1 ? `${digits}F` : digits;
  const out: number[] = [];
  for (let i = 0; i < d.length; i += 2) out.push(parseInt(d[i + 1]! + d[i]!, 16));
  return out;
}

/** TP address: digit count, type, BCD. */
function address(number: string): number[] {
  const international = number.startsWith('+');
  const digits = number.replace(/^\+/, '').replace(/[^0-9]/g, '');
  return [digits.length, international ? 0x91 : 0x81, ...bcd(digits)];
}

/** RP address for the SMSC: octet count (type included), type, BCD; `00` when empty. */
export function scaField(sca: string): string {
  if (sca === '') return '00';
  const digits = sca.replace(/^\+/, '');
  const body = [sca.startsWith('+') ? 0x91 : 0x81, ...bcd(digits)];
  return hex([body.length, ...body]);
}

/** User data with its length and DCS: GSM 7-bit when the text fits the alphabet, else UCS2. */
function encodeText(text: string): { dcs: number; ud: number[] } {
  const septets = toSeptets(text);
  if (septets !== null && septets.length <= 160) return { dcs: 0x00, ud: [septets.length, ...packSeptets(septets)] };
  const ucs = Buffer.from(text.slice(0, 70), 'utf16le').swap16();
  return { dcs: 0x08, ud: [ucs.length, ...ucs] };
}

/** 27.005 time string -> TP-SCTS octets (semi-octets swapped, quarter-hour zone). */
function sctsOctets(ts: string): number[] {
  const m = /^(\d\d)\/(\d\d)\/(\d\d),(\d\d):(\d\d):(\d\d)([+-])(\d\d)$/.exec(ts);
  if (!m) throw new TypeError(`bad timestamp ${ts}`);
  const swap = (s: string): number => parseInt(s[1]! + s[0]!, 16);
  const tz = swap(m[8]!) | (m[7] === '-' ? 0x08 : 0);
  return [swap(m[1]!), swap(m[2]!), swap(m[3]!), swap(m[4]!), swap(m[5]!), swap(m[6]!), tz];
}

/** The 27.005 time string of `ms` in UTC (`+00`). */
export function sctsString(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getUTCFullYear() % 100)}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())},${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}+00`;
}

/** An SMS-DELIVER with its SMSC address, as received from the network. */
export function encodeDeliver(o: { sca: string; from: string; text: string; scts: string }): string {
  const { dcs, ud } = encodeText(o.text);
  // fo 0x04: SMS-DELIVER, TP-MMS set (no more messages waiting).
  return scaField(o.sca) + hex([0x04, ...address(o.from), 0x00, dcs, ...sctsOctets(o.scts), ...ud]);
}

/** An SMS-SUBMIT with its SMSC address (text-mode AT+CMGW / AT+CMGS stored as PDU). */
export function encodeSubmit(o: { sca: string; to: string; text: string; mr?: number; vp?: number }): string {
  const { dcs, ud } = encodeText(o.text);
  // fo 0x11: SMS-SUBMIT with a relative validity period (27.005 +CSMP default 17,167).
  return scaField(o.sca) + hex([0x11, o.mr ?? 0, ...address(o.to), 0x00, dcs, o.vp ?? 167, ...ud]);
}
