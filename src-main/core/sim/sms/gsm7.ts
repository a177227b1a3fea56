/**
 * The GSM 7-bit default alphabet and its extension table (3GPP TS 23.038 §6.2.1),
 * and septet packing (3GPP TS 23.038 §6.1.2.1.1), for SMS PDUs.
 */

/** Default alphabet, indexed by septet value. 0x1B is the escape to the extension table. */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** Extension table: septet after ESC -> character. */
const EXTENSION: Readonly<Record<number, string>> = {
  0x0a: '\f',
  0x14: '^',
  0x28: '{',
  0x29: '}',
  0x2f: '\\',
  0x3c: '[',
  0x3d: '~',
  0x3e: ']',
  0x40: '|',
  0x65: '€',
};

const BASIC_INDEX = new Map<string, number>([...BASIC].map((c, i) => [c, i]));
const EXT_INDEX = new Map<string, number>(Object.entries(EXTENSION).map(([k, v]) => [v, Number(k)]));

/** Septets for `text`, or null when a character is outside the GSM alphabet. */
export function toSeptets(text: string): number[] | null {
  const out: number[] = [];
  for (const ch of text) {
    const b = BASIC_INDEX.get(ch);
    if (b !== undefined && b !== 0x1b) {
      out.push(b);
      continue;
    }
    const e = EXT_INDEX.get(ch);
    if (e === undefined) return null;
    out.push(0x1b, e);
  }
  return out;
}

export function fromSeptets(septets: readonly number[]): string {
  let s = '';
  for (let i = 0; i < septets.length; i++) {
    const v = septets[i]!;
    if (v === 0x1b && i + 1 < septets.length) {
      s += EXTENSION[septets[++i]!] ?? ' ';
      continue;
    }
    s += BASIC[v] ?? ' ';
  }
  return s;
}

/** Packs septets into octets, after `fillBits` padding bits (a user data header's alignment). */
export function packSeptets(septets: readonly number[], fillBits = 0): Buffer {
  const totalBits = fillBits + septets.length * 7;
  const out = Buffer.alloc(Math.ceil(totalBits / 8));
  let bit = fillBits;
  for (const v of septets) {
    for (let b = 0; b < 7; b++, bit++) if ((v >> b) & 1) out[bit >> 3]! |= 1 << (bit & 7);
  }
  return out;
}

export function unpackSeptets(octets: Buffer, count: number, fillBits = 0): number[] {
  const out: number[] = [];
  let bit = fillBits;
  for (let i = 0; i < count; i++) {
    let v = 0;
    for (let b = 0; b < 7; b++, bit++) if ((octets[bit >> 3]! >> (bit & 7)) & 1) v |= 1 << b;
    out.push(v);
  }
  return out;
}
