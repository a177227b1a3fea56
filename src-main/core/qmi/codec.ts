/**
 * QMUX frames and QMI messages: marker 0x01, u16 length (everything after the
 * marker), QMUX flags (0x80 from the modem, 0x00 from the host), service,
 * client id; then the QMI header (CTL: flags, 8-bit transaction; services:
 * flags, 16-bit transaction), message id, TLV length, TLVs (type, u16 length,
 * value). All little-endian. Layout as libqmi's qmi-message.c documents it.
 */
import { QmiFrameError } from './errors';

export const QMUX_MARKER = 0x01;
export const CTL_SERVICE = 0;
/** Bytes after the marker before the QMI header: length(2), flags, service, client. */
const QMUX_HEADER = 5;
const CTL_HEADER = 6;
const SERVICE_HEADER = 7;

export type QmiMessageType = 'request' | 'response' | 'indication';

export interface Tlv {
  type: number;
  value: Buffer;
}

export interface QmiMessage {
  serviceId: number;
  clientId: number;
  type: QmiMessageType;
  /** 8-bit on CTL, 16-bit on the other services. */
  transactionId: number;
  messageId: number;
  tlvs: Tlv[];
  /** QMUX flags 0x80: sent by the modem. @default type !== 'request' */
  fromModem?: boolean;
}

export function headerSize(serviceId: number): number {
  return serviceId === CTL_SERVICE ? CTL_HEADER : SERVICE_HEADER;
}

function typeFlags(serviceId: number, type: QmiMessageType): number {
  if (serviceId === CTL_SERVICE) return type === 'request' ? 0x00 : type === 'response' ? 0x01 : 0x02;
  return type === 'request' ? 0x00 : type === 'response' ? 0x02 : 0x04;
}

function flagsType(serviceId: number, flags: number): QmiMessageType | null {
  if (serviceId === CTL_SERVICE) return flags === 0x00 ? 'request' : flags === 0x01 ? 'response' : flags === 0x02 ? 'indication' : null;
  // Bit 0 is "compound", which nobody sends; 0x02 and 0x04 pick the type.
  const f = flags & ~0x01;
  return f === 0x00 ? 'request' : f === 0x02 ? 'response' : f === 0x04 ? 'indication' : null;
}

export function encodeMessage(m: QmiMessage): Buffer {
  if (!Number.isInteger(m.serviceId) || m.serviceId < 0 || m.serviceId > 0xff) throw new TypeError(`serviceId must be 0..255, got ${m.serviceId}`);
  if (!Number.isInteger(m.clientId) || m.clientId < 0 || m.clientId > 0xff) throw new TypeError(`clientId must be 0..255, got ${m.clientId}`);
  const ctl = m.serviceId === CTL_SERVICE;
  const maxTx = ctl ? 0xff : 0xffff;
  if (!Number.isInteger(m.transactionId) || m.transactionId < 0 || m.transactionId > maxTx) {
    throw new TypeError(`transactionId must be 0..${maxTx} on ${ctl ? 'CTL' : 'a service'}, got ${m.transactionId}`);
  }
  const tlvLen = m.tlvs.reduce((n, t) => n + 3 + t.value.length, 0);
  const hdr = headerSize(m.serviceId);
  const total = 1 + QMUX_HEADER + hdr + tlvLen;
  if (total - 1 > 0xffff) throw new RangeError(`QMI message too long (${total} bytes)`);
  const b = Buffer.alloc(total);
  b[0] = QMUX_MARKER;
  b.writeUInt16LE(total - 1, 1);
  b[3] = (m.fromModem ?? m.type !== 'request') ? 0x80 : 0x00;
  b[4] = m.serviceId;
  b[5] = m.clientId;
  let o = 6;
  b[o++] = typeFlags(m.serviceId, m.type);
  if (ctl) b[o++] = m.transactionId;
  else {
    b.writeUInt16LE(m.transactionId, o);
    o += 2;
  }
  b.writeUInt16LE(m.messageId, o);
  b.writeUInt16LE(tlvLen, o + 2);
  o += 4;
  for (const t of m.tlvs) {
    if (!Number.isInteger(t.type) || t.type < 0 || t.type > 0xff) throw new TypeError(`TLV type must be 0..255, got ${t.type}`);
    b[o] = t.type;
    b.writeUInt16LE(t.value.length, o + 1);
    t.value.copy(b, o + 3);
    o += 3 + t.value.length;
  }
  return b;
}

/**
 * Checks the headers of a frame that starts at `b[0] === 0x01`: null while more bytes are
 * needed to judge, the whole frame length when the headers agree, or an error.
 */
export function checkHeaders(b: Buffer): { frameLength: number } | { error: QmiFrameError } | null {
  if (b.length < 3) return null;
  const qmuxLen = b.readUInt16LE(1);
  if (b.length >= 4 && b[3] !== 0x00 && b[3] !== 0x80) {
    return { error: new QmiFrameError('bad-header', `QMUX flags 0x${b[3]!.toString(16).padStart(2, '0')} (expected 0x00 or 0x80)`, b.subarray(0, 1)) };
  }
  if (b.length < 5) return null;
  const service = b[4]!;
  const hdr = headerSize(service);
  if (qmuxLen < QMUX_HEADER + hdr) {
    return { error: new QmiFrameError('bad-header', `QMUX length ${qmuxLen} cannot hold the headers (${QMUX_HEADER + hdr})`, b.subarray(0, 1)) };
  }
  const headerEnd = 1 + QMUX_HEADER + hdr;
  if (b.length < headerEnd) return null;
  const flags = b[6]!;
  if (flagsType(service, flags) === null) {
    return { error: new QmiFrameError('bad-header', `QMI flags 0x${flags.toString(16).padStart(2, '0')} name no message type`, b.subarray(0, 1)) };
  }
  const tlvLen = b.readUInt16LE(headerEnd - 2);
  if (tlvLen !== qmuxLen - QMUX_HEADER - hdr) {
    return {
      error: new QmiFrameError('length-mismatch', `QMUX length ${qmuxLen} says ${qmuxLen - QMUX_HEADER - hdr} bytes of TLVs, the QMI header says ${tlvLen}`, b.subarray(0, 1), {
        qmuxLength: qmuxLen,
        tlvLength: tlvLen,
      }),
    };
  }
  return { frameLength: 1 + qmuxLen };
}

/** Decodes one whole frame whose headers `checkHeaders` accepted. */
export function decodeFrame(frame: Buffer): QmiMessage | QmiFrameError {
  const serviceId = frame[4]!;
  const ctl = serviceId === CTL_SERVICE;
  const type = flagsType(serviceId, frame[6]!)!;
  const transactionId = ctl ? frame[7]! : frame.readUInt16LE(7);
  const at = ctl ? 8 : 9;
  const messageId = frame.readUInt16LE(at);
  const end = frame.length;
  const tlvs: Tlv[] = [];
  let o = at + 4;
  while (o < end) {
    if (o + 3 > end) {
      return new QmiFrameError('tlv-overrun', `a TLV header at byte ${o} runs past the end of the message`, frame, { serviceId, messageId, transactionId });
    }
    const t = frame[o]!;
    const len = frame.readUInt16LE(o + 1);
    if (o + 3 + len > end) {
      return new QmiFrameError('tlv-overrun', `TLV 0x${t.toString(16).padStart(2, '0')} says ${len} bytes, ${end - o - 3} left in the message`, frame, {
        serviceId,
        messageId,
        transactionId,
        tlv: t,
      });
    }
    tlvs.push({ type: t, value: Buffer.from(frame.subarray(o + 3, o + 3 + len)) });
    o += 3 + len;
  }
  return { serviceId, clientId: frame[5]!, type, transactionId, messageId, tlvs, fromModem: frame[3] === 0x80 };
}

export function findTlv(m: { tlvs: readonly Tlv[] }, type: number): Buffer | undefined {
  return m.tlvs.find((t) => t.type === type)?.value;
}

/** The result TLV 0x02 of a response: status 0 success, 1 failure, and the QMI error code. */
export function resultOf(m: { tlvs: readonly Tlv[] }): { ok: boolean; errorCode: number } | null {
  const v = findTlv(m, 0x02);
  if (!v || v.length < 4) return null;
  return { ok: v.readUInt16LE(0) === 0, errorCode: v.readUInt16LE(2) };
}

export function resultTlv(errorCode = 0): Tlv {
  const v = Buffer.alloc(4);
  v.writeUInt16LE(errorCode === 0 ? 0 : 1, 0);
  v.writeUInt16LE(errorCode, 2);
  return { type: 0x02, value: v };
}
