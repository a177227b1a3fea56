/**
 * What a simulated EC25 answers on QMI, computed from the same state the AT
 * side reads (identity, SimNetwork, SIM state, CFUN), so `AT+CGSN` and DMS
 * Get IDs give the same IMEI and `AT+QENG="servingcell"` and NAS Get Signal
 * Info the same RSRP/RSRQ/RSSI/SINR. TLV layouts follow libqmi's
 * data/qmi-service-*.json (libqmi 972c8b78).
 */
import { resultTlv, type Tlv } from '../../qmi/codec';
import { put } from '../../qmi/reader';
import { OPERATORS } from '../identity';
import type { SimModem } from '../modem';

/** QMI protocol error codes we answer with (libqmi qmi-errors.h). */
export const QMI_ERR = {
  internal: 3,
  clientIdsExhausted: 5,
  invalidClientId: 7,
  invalidHandle: 9,
  noNetworkFound: 13,
  outOfCall: 15,
  missingArgument: 17,
  noEffect: 26,
  invalidServiceType: 31,
  deviceNotReady: 52,
  invalidQmiCommand: 71,
  noSim: 102,
} as const;

/** Extra TLVs and, for a failure, the QMI error code. */
export interface Answer {
  tlvs?: Tlv[];
  error?: number;
}
const ok = (...tlvs: Tlv[]): Answer => ({ tlvs });
const tlv = (type: number, value: Buffer): Tlv => ({ type, value });

/** A data session started with WDS Start Network. */
export interface SimQmiSession {
  handle: number;
  apn: string;
  startedAt: number;
  ipv4: string;
}

export interface QmiAnswerContext {
  modem: SimModem;
  /** The session of this endpoint, if any (one per modem, like the default bearer of one APN). */
  session: SimQmiSession | null;
  setSession(s: SimQmiSession | null): void;
  now(): number;
  nextHandle(): number;
}

function ipv4ToU32(ip: string): number {
  return ip.split('.').reduce((n, p) => ((n << 8) | Number(p)) >>> 0, 0);
}

function registration(m: SimModem): number {
  // QMI: 0 not registered, 1 registered, 2 searching, 3 denied (27.007 stat 1/5 -> 1, 2 -> 2, 3 -> 3).
  const s = m.network.stat;
  return s === 1 || s === 5 ? 1 : s === 2 ? 2 : s === 3 ? 3 : 0;
}

export function dmsAnswer(c: QmiAnswerContext, messageId: number): Answer {
  const m = c.modem;
  switch (messageId) {
    case 0x0021:
      return ok(tlv(0x01, put.str('Quectel')));
    case 0x0022:
      return ok(tlv(0x01, put.str('EC25')));
    case 0x0023:
      return ok(tlv(0x01, put.str(m.identity.firmware.revision)));
    case 0x0024: {
      if (m.sim !== 'ready') return { error: m.sim === 'absent' ? QMI_ERR.noSim : QMI_ERR.deviceNotReady };
      const own = m.extras.phonebooks.ON?.get(1)?.number;
      return own ? ok(tlv(0x01, put.str(own))) : { error: QMI_ERR.noEffect };
    }
    case 0x0025:
      // Quectel EC25 answers ESN 0 and the IMEI; no MEID on a GSM/LTE module.
      return ok(tlv(0x10, put.str('0')), tlv(0x11, put.str(m.identity.imei)), tlv(0x13, put.str('01')));
    case 0x002b: {
      if (m.sim === 'absent') return { error: QMI_ERR.noSim };
      const status = m.sim === 'pin' ? 1 : m.simLocked ? 2 : 3;
      return ok(tlv(0x11, Buffer.from([status, 3, 10])), tlv(0x12, Buffer.from([1, 3, 10])));
    }
    case 0x002d:
      return ok(tlv(0x01, put.u8(m.cfun === 1 ? 0 : 1)));
    case 0x002f: {
      // 1.25 ms units since the GPS epoch (1980-01-06T00:00:00Z), source: device.
      const count = Math.floor((c.now() - Date.UTC(1980, 0, 6)) / 1.25);
      return ok(tlv(0x01, Buffer.concat([put.uintN(count, 6), put.u16(0)])));
    }
    default:
      return { error: QMI_ERR.invalidQmiCommand };
  }
}

export function nasAnswer(c: QmiAnswerContext, messageId: number): Answer {
  const m = c.modem;
  const net = m.network;
  const cell = net.registered ? net.cell : null;
  switch (messageId) {
    case 0x0020: {
      if (!cell) return { error: QMI_ERR.noNetworkFound };
      const r = net.radio();
      return ok(tlv(0x01, Buffer.concat([put.i8(r.rssi), put.i8(8)])), tlv(0x16, Buffer.concat([put.i8(r.rsrq), put.i8(8)])), tlv(0x17, put.i16(r.sinr * 10)), tlv(0x18, put.i16(r.rsrp)));
    }
    case 0x004f: {
      if (!cell) return ok();
      const r = net.radio();
      // LTE: RSSI, RSRQ, RSRP, SNR in tenths of a dB: the same sample AT+QENG="servingcell" prints.
      return ok(tlv(0x14, Buffer.concat([put.i8(r.rssi), put.i8(r.rsrq), put.i16(r.rsrp), put.i16(r.sinr * 10)])));
    }
    case 0x0024: {
      const reg = registration(m);
      const radios = cell ? [8] : [];
      const tlvs: Tlv[] = [tlv(0x01, Buffer.from([reg, cell ? 1 : 2, cell ? 1 : 2, cell ? 2 : 0, radios.length, ...radios]))];
      if (cell) {
        const o = cell.operator;
        tlvs.push(
          tlv(0x10, put.u8(net.stat === 5 ? 0 : 1)),
          tlv(0x11, Buffer.from([1, 11])), // LTE data capability
          tlv(0x12, Buffer.concat([put.u16(Number(o.mcc)), put.u16(Number(o.mnc)), put.str8(o.name)])),
          tlv(0x1d, put.u32(parseInt(cell.cellId, 16))),
          tlv(0x24, put.u16(parseInt(cell.tac, 16))),
          tlv(0x27, Buffer.concat([put.u16(Number(o.mcc)), put.u16(Number(o.mnc)), put.u8(o.mnc.length === 3 ? 1 : 0)])),
        );
      }
      return ok(...tlvs);
    }
    case 0x004d: {
      const tlvs: Tlv[] = [tlv(0x14, Buffer.from([cell ? 2 : 0, cell ? 2 : 0, cell ? 1 : 0]))];
      if (cell) {
        const o = cell.operator;
        const mnc = o.mnc.padEnd(3, '\xff');
        tlvs.push(
          tlv(
            0x19,
            Buffer.concat([
              Buffer.from([1, 3, 1, 3, 1, net.stat === 5 ? 1 : 0, 1, 0, 0]),
              put.u16(0),
              put.u8(1),
              put.u32(parseInt(cell.cellId, 16)),
              Buffer.from([0, 0, 0, 1]),
              Buffer.from(o.mcc, 'latin1'),
              Buffer.from(mnc, 'latin1'),
              put.u8(1),
              put.u16(parseInt(cell.tac, 16)),
            ]),
          ),
        );
      }
      return ok(...tlvs);
    }
    case 0x0043: {
      if (!cell) return ok();
      const r = net.radio();
      const o = cell.operator;
      const d = (s: string, i: number): number => (i < s.length ? Number(s[i]) : 0xf);
      const plmn = Buffer.from([(d(o.mcc, 1) << 4) | d(o.mcc, 0), (d(o.mnc, 2) << 4) | d(o.mcc, 2), (d(o.mnc, 1) << 4) | d(o.mnc, 0)]);
      const serving = Buffer.concat([put.u16(cell.pci), put.i16(r.rsrq * 10), put.i16(r.rsrp * 10), put.i16(r.rssi * 10), put.i16(0)]);
      return ok(
        tlv(0x13, Buffer.concat([put.u8(1), plmn, put.u16(parseInt(cell.tac, 16)), put.u32(parseInt(cell.cellId, 16)), put.u16(o.earfcn), put.u16(cell.pci), Buffer.from([0, 0, 0, 0]), put.u8(1), serving])),
      );
    }
    case 0x0021: {
      if (m.cfun !== 1) return { error: QMI_ERR.deviceNotReady };
      const current = cell?.operator;
      const nets = OPERATORS.filter((o) => o.mcc === m.identity.home.mcc || o === current);
      const entries = nets.map((o) => {
        const status = (o === current ? 0x01 : 0x02) | (o === m.identity.home ? 0x04 : 0x08) | 0x20 | 0x80;
        return Buffer.concat([put.u16(Number(o.mcc)), put.u16(Number(o.mnc)), put.u8(status), put.str8(o.name)]);
      });
      const rats = nets.map((o) => Buffer.concat([put.u16(Number(o.mcc)), put.u16(Number(o.mnc)), put.i8(8)]));
      return ok(tlv(0x10, Buffer.concat([put.u16(nets.length), ...entries])), tlv(0x11, Buffer.concat([put.u16(nets.length), ...rats])), tlv(0x13, put.u32(0)));
    }
    default:
      return { error: QMI_ERR.invalidQmiCommand };
  }
}

export function wdsAnswer(c: QmiAnswerContext, messageId: number, tlvs: readonly Tlv[]): Answer {
  const m = c.modem;
  const s = c.session;
  switch (messageId) {
    case 0x0020: {
      if (s) return { error: QMI_ERR.noEffect };
      if (!m.network.registered) return { tlvs: [tlv(0x10, put.u16(1))], error: QMI_ERR.noNetworkFound }; // call end reason: unspecified
      const apn = tlvs.find((t) => t.type === 0x14)?.value.toString('latin1') ?? '';
      const handle = c.nextHandle();
      c.setSession({ handle, apn, startedAt: c.now(), ipv4: `10.${64 + (m.index >> 8)}.${m.index & 0xff}.${2 + (handle % 200)}` });
      return ok(tlv(0x01, put.u32(handle)));
    }
    case 0x0021: {
      const h = tlvs.find((t) => t.type === 0x01)?.value;
      if (!h || h.length < 4) return { error: QMI_ERR.missingArgument };
      if (!s || h.readUInt32LE(0) !== s.handle) return { error: QMI_ERR.invalidHandle };
      c.setSession(null);
      return ok();
    }
    case 0x0022:
      return ok(tlv(0x01, put.u8(s ? 2 : 1)));
    case 0x0024: {
      // Counters grow with the session's age: ~12 kB/s down, ~3 kB/s up (background traffic).
      const secs = s ? Math.max(0, Math.floor((c.now() - s.startedAt) / 1000)) : 0;
      const rxB = secs * 12_000, txB = secs * 3_000;
      return ok(
        tlv(0x10, put.u32(Math.floor(txB / 500))), tlv(0x11, put.u32(Math.floor(rxB / 1000))), tlv(0x12, put.u32(0)), tlv(0x13, put.u32(0)),
        tlv(0x14, put.u32(0)), tlv(0x15, put.u32(0)), tlv(0x19, put.u64(txB)), tlv(0x1a, put.u64(rxB)), tlv(0x1d, put.u32(0)), tlv(0x1e, put.u32(0)),
      );
    }
    case 0x002d: {
      if (!s) return { error: QMI_ERR.outOfCall };
      const gw = s.ipv4.replace(/\.\d+$/, '.1');
      return ok(
        tlv(0x14, put.str(s.apn)), tlv(0x15, put.u32(ipv4ToU32('10.10.0.1'))), tlv(0x16, put.u32(ipv4ToU32('10.10.0.2'))),
        tlv(0x1e, put.u32(ipv4ToU32(s.ipv4))), tlv(0x20, put.u32(ipv4ToU32(gw))), tlv(0x21, put.u32(ipv4ToU32('255.255.255.252'))),
        tlv(0x29, put.u32(1500)), tlv(0x2b, put.u8(4)),
      );
    }
    default:
      return { error: QMI_ERR.invalidQmiCommand };
  }
}

export function uimAnswer(c: QmiAnswerContext, messageId: number): Answer {
  const m = c.modem;
  if (messageId !== 0x002f) return { error: QMI_ERR.invalidQmiCommand };
  const present = m.sim !== 'absent';
  const pin1 = m.sim === 'pin' ? 1 : m.simLocked ? 2 : 3;
  const app = Buffer.concat([
    Buffer.from([2, m.sim === 'pin' ? 2 : 7, 0, 0, 0, 0]),
    Buffer.from([16, 0xa0, 0, 0, 0, 0x87, 0x10, 0x02, 0xff, 0xff, 0xff, 0xff, 0x89, 0x06, 0x19, 0, 0]), // USIM AID (ETSI TS 101 220)
    Buffer.from([0, pin1, 3, 10, 1, 3, 10]),
  ]);
  const card = present ? Buffer.concat([Buffer.from([1, 0, 0, 0, 0]), put.u8(1), app]) : Buffer.from([0, 0, 0, 0, 3, 0]);
  return ok(tlv(0x10, Buffer.concat([put.u16(present ? 0 : 0xffff), put.u16(0xffff), put.u16(0xffff), put.u16(0xffff), put.u8(1), card])));
}

export function withResult(a: Answer): Tlv[] {
  return [resultTlv(a.error ?? 0), ...(a.tlvs ?? [])];
}
