/**
 * Bounded little-endian reads inside one TLV value, and the text codings QMI
 * strings arrive in. A read past the end throws TlvShortError, which the
 * field decoders catch per TLV (one bad TLV never hides the others).
 */
export class TlvShortError extends Error {
  override readonly name = 'TlvShortError';
  constructor(readonly need: number, readonly have: number) {
    super(`reading ${need} byte(s) would overflow the TLV (${have} left)`);
  }
}

export class TlvReader {
  #pos = 0;
  constructor(readonly buf: Buffer) {}

  get left(): number {
    return this.buf.length - this.#pos;
  }

  #take(n: number): number {
    if (n > this.left) throw new TlvShortError(n, this.left);
    const at = this.#pos;
    this.#pos += n;
    return at;
  }

  u8(): number {
    return this.buf.readUInt8(this.#take(1));
  }
  i8(): number {
    return this.buf.readInt8(this.#take(1));
  }
  u16(): number {
    return this.buf.readUInt16LE(this.#take(2));
  }
  i16(): number {
    return this.buf.readInt16LE(this.#take(2));
  }
  u32(): number {
    return this.buf.readUInt32LE(this.#take(4));
  }
  i32(): number {
    return this.buf.readInt32LE(this.#take(4));
  }
  /** 64-bit counters as a number while exact, else as a decimal string. */
  u64(): number | string {
    const v = this.buf.readBigUInt64LE(this.#take(8));
    return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  }
  /** An unsigned integer of `n` bytes (DMS Get Time's 6-byte count). */
  uintN(n: number): number {
    return this.buf.readUIntLE(this.#take(n), n);
  }
  bytes(n: number): Buffer {
    const at = this.#take(n);
    return this.buf.subarray(at, at + n);
  }
  rest(): Buffer {
    return this.bytes(this.left);
  }
  /** A string with a one-byte length before it (strings inside a structure). */
  str8(): string {
    return latin(this.bytes(this.u8()));
  }
  /** The whole remaining TLV as a string (a TLV that is only a string has no length byte). */
  strRest(): string {
    return latin(this.rest());
  }
}

/** Printable text; QMI strings are ASCII in practice (a trailing TAB or NUL is trimmed, as libqmi shows). */
export function latin(b: Buffer): string {
  return b.toString('latin1').replace(/[\0\t\r\n ]+$/, '');
}

/** 3GPP TS 23.038 §6.2.1 default alphabet, unpacked (one septet per byte). */
const GSM7 =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

export type TextCoding = 'ascii' | 'gsm7' | 'ucs2';

/**
 * A network name as modems send it. Printable UTF-8/ASCII is taken as it is; otherwise UCS-2
 * (big-endian, with or without the 0x80 tag of 3GPP TS 51.011 Annex B) or GSM-7 packed
 * (3GPP TS 23.038 §6.1.2.1), which libqmi's test vectors show in NAS Get Serving System.
 */
export function decodeNetworkName(raw: Buffer): { text: string; coding: TextCoding } {
  let n = raw.length;
  while (n > 0 && raw[n - 1] === 0) n--;
  const b = raw.subarray(0, n);
  if (b.length >= 3 && b[0] === 0x80 && (b.length - 1) % 2 === 0) return { text: ucs2(b.subarray(1)), coding: 'ucs2' };
  const utf8 = b.toString('utf8');
  if (!utf8.includes('\uFFFD') && !/[\u0000-\u001f\u007f]/.test(utf8.replace(/[\t\r\n]+$/, ''))) {
    return { text: utf8.replace(/[\t\r\n ]+$/, ''), coding: 'ascii' };
  }
  if (raw.length >= 2 && raw.length % 2 === 0 && looksUcs2(raw)) return { text: ucs2(raw), coding: 'ucs2' };
  return { text: unpackGsm7(b), coding: 'gsm7' };
}

export function unpackGsm7(b: Buffer): string {
  const count = Math.floor((b.length * 8) / 7);
  let s = '';
  for (let i = 0; i < count; i++) {
    const bit = i * 7;
    const lo = b[bit >> 3]!;
    const hi = (bit >> 3) + 1 < b.length ? b[(bit >> 3) + 1]! : 0;
    const septet = (((hi << 8) | lo) >> (bit & 7)) & 0x7f;
    // A trailing zero septet is the padding of a name that filled the last byte exactly.
    if (i === count - 1 && septet === 0 && (b.length * 8) % 7 === 0) break;
    s += GSM7[septet] ?? '?';
  }
  return s;
}

export function packGsm7(text: string): Buffer {
  const septets = [...text].map((c) => {
    const i = GSM7.indexOf(c);
    return i < 0 ? 0x3f : i;
  });
  const out = Buffer.alloc(Math.ceil((septets.length * 7) / 8));
  septets.forEach((v, i) => {
    const bit = i * 7;
    out[bit >> 3]! |= (v << (bit & 7)) & 0xff;
    if ((bit & 7) > 1) out[(bit >> 3) + 1]! |= v >> (8 - (bit & 7));
  });
  return out;
}

function looksUcs2(b: Buffer): boolean {
  // Latin text in UCS-2 BE has a zero high byte in every pair.
  for (let i = 0; i < b.length; i += 2) if (b[i] !== 0 || b[i + 1] === 0) return false;
  return true;
}

function ucs2(b: Buffer): string {
  let s = '';
  for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
  return s.replace(/[\0 ]+$/, '');
}

/** Little-endian TLV value builders (the simulator and the request builders). */
export const put = {
  u8: (v: number): Buffer => Buffer.from([v & 0xff]),
  i8: (v: number): Buffer => {
    const b = Buffer.alloc(1);
    b.writeInt8(v);
    return b;
  },
  u16: (v: number): Buffer => {
    const b = Buffer.alloc(2);
    b.writeUInt16LE(v);
    return b;
  },
  i16: (v: number): Buffer => {
    const b = Buffer.alloc(2);
    b.writeInt16LE(v);
    return b;
  },
  u32: (v: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v >>> 0);
    return b;
  },
  i32: (v: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    return b;
  },
  u64: (v: number | bigint): Buffer => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    return b;
  },
  uintN: (v: number, n: number): Buffer => {
    const b = Buffer.alloc(n);
    b.writeUIntLE(v, 0, n);
    return b;
  },
  str8: (s: string): Buffer => Buffer.concat([Buffer.from([Buffer.byteLength(s, 'latin1')]), Buffer.from(s, 'latin1')]),
  str: (s: string): Buffer => Buffer.from(s, 'latin1'),
};
