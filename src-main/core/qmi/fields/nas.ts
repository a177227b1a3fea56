import { decodeNetworkName, type TlvReader } from '../reader';
import {
  ATTACH_STATE, NETWORK_STATUS_BITS, NETWORK_TYPE, RADIO_INTERFACE, REGISTRATION_STATE, ROAMING, SERVICE_DOMAIN, SERVICE_STATUS, named,
} from './enums';
import type { ServiceFields, TlvDecoder } from './types';

const radio = (v: number): string => named(RADIO_INTERFACE, v);
const mncText = (v: number): string => String(v).padStart(2, '0');
const mccText = (v: number): string => String(v).padStart(3, '0');

/** A fixed 3-character digit string padded with 0xFF or NUL (System Info MCC/MNC). */
function fixedDigits(r: TlvReader): string {
  return r.bytes(3).toString('latin1').replace(/[\xff\0 ]+/g, '');
}

const plmn: TlvDecoder = (r) => {
  const mcc = r.u16();
  const mnc = r.u16();
  const name = decodeNetworkName(r.bytes(r.u8()));
  return ['plmn', { mcc: mccText(mcc), mnc: mncText(mnc), description: name.text, coding: name.coding }];
};

const servingSystem: TlvDecoder = (r) => {
  const registrationState = named(REGISTRATION_STATE, r.u8());
  const csAttach = named(ATTACH_STATE, r.u8());
  const psAttach = named(ATTACH_STATE, r.u8());
  const selectedNetwork = named(NETWORK_TYPE, r.u8());
  const n = r.u8();
  const radioInterfaces: string[] = [];
  for (let i = 0; i < n; i++) radioInterfaces.push(radio(r.i8()));
  return ['servingSystem', { registrationState, csAttach, psAttach, selectedNetwork, radioInterfaces }];
};

const servingFields = {
  0x01: servingSystem,
  0x10: (r: TlvReader) => ['roaming', named(ROAMING, r.u8())],
  0x11: (r: TlvReader) => ['dataCapabilities', [...r.bytes(r.u8())]],
  0x12: plmn,
  0x1a: (r: TlvReader) => ['timeZone3gpp', r.i8()],
  0x1c: (r: TlvReader) => ['lac', r.u16()],
  0x1d: (r: TlvReader) => ['cid', r.u32()],
  0x21: (r: TlvReader) => [
    'detailedServiceStatus',
    { status: named(SERVICE_STATUS, r.u8()), capability: named(SERVICE_DOMAIN, r.u8()), hdrStatus: named(SERVICE_STATUS, r.u8()), hdrHybrid: r.u8() !== 0, forbidden: r.u8() !== 0 },
  ],
  0x24: (r: TlvReader) => ['tac', r.u16()],
  0x26: (r: TlvReader) => ['umtsPsc', r.u16()],
  0x27: (r: TlvReader) => ['mncPcsDigit', { mcc: mccText(r.u16()), mnc: r.u16(), includesPcsDigit: r.u8() !== 0 }],
} satisfies Record<number, TlvDecoder>;

const signalInfo = {
  0x10: (r: TlvReader) => ['cdma', { rssi: r.i8(), ecio: r.i16() / -2 }],
  0x11: (r: TlvReader) => ['hdr', { rssi: r.i8(), ecio: r.i16() / -2, sinr: r.u8(), io: r.i32() }],
  0x12: (r: TlvReader) => ['gsm', { rssi: r.i8() }],
  0x13: (r: TlvReader) => ['wcdma', { rssi: r.i8(), ecio: r.i16() / -2 }],
  // RSSI and RSRP in dBm, RSRQ in dB, SNR in units of 0.1 dB on the wire.
  0x14: (r: TlvReader) => ['lte', { rssi: r.i8(), rsrq: r.i8(), rsrp: r.i16(), snr: r.i16() / 10 }],
  0x15: (r: TlvReader) => ['tdma', { rssi: r.i8() }],
  0x17: (r: TlvReader) => ['nr5g', { rsrp: r.i16(), snr: r.i16() / 10 }],
  0x18: (r: TlvReader) => ['nr5gRsrq', r.i16()],
  0x19: (r: TlvReader) => ['wcdmaRscp', r.i16()],
} satisfies Record<number, TlvDecoder>;

function serviceStatus(name: string, withTrue: boolean): TlvDecoder {
  return (r) => [name, withTrue ? { status: named(SERVICE_STATUS, r.u8()), trueStatus: named(SERVICE_STATUS, r.u8()), preferredDataPath: r.u8() !== 0 } : { status: named(SERVICE_STATUS, r.u8()), preferredDataPath: r.u8() !== 0 }];
}

/** GSM/WCDMA/LTE System Info v2 share this prefix; LTE adds the TAC. */
function systemInfo(name: string, lte: boolean): TlvDecoder {
  return (r) => {
    const v = (valid: number, value: unknown): unknown => (valid ? value : null);
    const domV = r.u8(), dom = r.u8(), capV = r.u8(), cap = r.u8(), roamV = r.u8(), roam = r.u8(), forbV = r.u8(), forb = r.u8();
    const lacV = r.u8(), lac = r.u16(), cidV = r.u8(), cid = r.u32();
    const rejV = r.u8(), rejDomain = r.u8(), rejCause = r.u8();
    const netV = r.u8(), mcc = fixedDigits(r), mnc = fixedDigits(r);
    const out: Record<string, unknown> = {
      domain: v(domV, named(SERVICE_DOMAIN, dom)),
      serviceCapability: v(capV, named(SERVICE_DOMAIN, cap)),
      roaming: v(roamV, roam !== 0),
      forbidden: v(forbV, forb !== 0),
      lac: v(lacV, lac),
      cid: v(cidV, cid),
      registrationReject: v(rejV, { domain: named(SERVICE_DOMAIN, rejDomain), cause: rejCause }),
      mcc: netV ? mcc : '',
      mnc: netV ? mnc : '',
    };
    if (lte) {
      const tacV = r.u8(), tac = r.u16();
      out.tac = v(tacV, tac);
    }
    return [name, out];
  };
}

const systemInfoFields = {
  0x12: serviceStatus('gsmServiceStatus', true),
  0x13: serviceStatus('wcdmaServiceStatus', true),
  0x14: serviceStatus('lteServiceStatus', true),
  0x17: systemInfo('gsmSystemInfo', false),
  0x18: systemInfo('wcdmaSystemInfo', false),
  0x19: systemInfo('lteSystemInfo', true),
} satisfies Record<number, TlvDecoder>;

function bcdPlmn(b: Buffer): { mcc: string; mnc: string } {
  // 3GPP TS 24.008 §10.5.1.3: MCC2 MCC1 | MNC3 MCC3 | MNC2 MNC1, F for a 2-digit MNC.
  const d = (x: number): string => (x === 0xf ? '' : x.toString(16));
  return {
    mcc: d(b[0]! & 0xf) + d(b[0]! >> 4) + d(b[1]! & 0xf),
    mnc: d(b[2]! & 0xf) + d(b[2]! >> 4) + d(b[1]! >> 4),
  };
}

const cellLocation = {
  0x13: (r: TlvReader) => {
    const ueInIdle = r.u8() !== 0;
    const p = bcdPlmn(r.bytes(3));
    const tac = r.u16(), globalCellId = r.u32(), earfcn = r.u16(), servingCellId = r.u16();
    r.bytes(4); // reselection priority and thresholds
    const n = r.u8();
    const cells = [];
    for (let i = 0; i < n; i++) cells.push({ pci: r.u16(), rsrq: r.i16() / 10, rsrp: r.i16() / 10, rssi: r.i16() / 10, rxLevel: r.i16() });
    return ['lteIntrafrequency', { ueInIdle, plmn: p, tac, globalCellId, earfcn, servingCellId, cells }];
  },
  0x10: (r: TlvReader) => {
    const cellId = r.u32();
    const p = bcdPlmn(r.bytes(3));
    return ['geran', { cellId, plmn: p, lac: r.u16(), arfcn: r.u16(), bsic: r.u8(), timingAdvance: r.u32(), rxLevel: r.u16() }];
  },
  0x11: (r: TlvReader) => {
    const cellId = r.u16();
    const p = bcdPlmn(r.bytes(3));
    return ['umts', { cellId, plmn: p, lac: r.u16(), uarfcn: r.u16(), psc: r.u16(), rscp: r.i16(), ecio: r.i16() }];
  },
  0x17: (r: TlvReader) => ['umtsCellId', r.u32()],
  0x1e: (r: TlvReader) => ['lteTimingAdvance', r.u32()],
} satisfies Record<number, TlvDecoder>;

const networkScan = {
  0x10: (r: TlvReader) => {
    const n = r.u16();
    const networks = [];
    for (let i = 0; i < n; i++) {
      const mcc = mccText(r.u16()), mnc = mncText(r.u16()), st = r.u8();
      const name = decodeNetworkName(r.bytes(r.u8()));
      networks.push({ mcc, mnc, status: NETWORK_STATUS_BITS.filter(([bit]) => st & bit).map(([, s]) => s), description: name.text });
    }
    return ['networks', networks];
  },
  0x11: (r: TlvReader) => {
    const n = r.u16();
    const rats = [];
    for (let i = 0; i < n; i++) rats.push({ mcc: mccText(r.u16()), mnc: mncText(r.u16()), radioInterface: radio(r.i8()) });
    return ['radioAccessTechnologies', rats];
  },
  0x13: (r: TlvReader) => ['scanResult', ({ 0: 'success', 1: 'abort', 2: 'radio-link-failure' } as Record<number, string>)[r.u32()] ?? 'unknown'],
} satisfies Record<number, TlvDecoder>;

const signalStrength = {
  0x01: (r: TlvReader) => ['signalStrength', { dbm: r.i8(), radioInterface: radio(r.i8()) }],
  0x11: (r: TlvReader) => {
    const n = r.u16();
    const list = [];
    for (let i = 0; i < n; i++) list.push({ rssi: -r.u8(), radioInterface: radio(r.i8()) });
    return ['rssiList', list];
  },
  0x16: (r: TlvReader) => ['rsrq', { rsrq: r.i8(), radioInterface: radio(r.i8()) }],
  0x17: (r: TlvReader) => ['lteSnr', r.i16() / 10],
  0x18: (r: TlvReader) => ['lteRsrp', r.i16()],
} satisfies Record<number, TlvDecoder>;

/** NAS (service 3) message id -> TLV decoders; layouts from libqmi data/qmi-service-nas.json. */
export const NAS_FIELDS: ServiceFields = {
  0x0020: { request: { 0x10: (r) => ['requestMask', r.u16()] }, response: signalStrength },
  0x0021: { request: { 0x10: (r) => ['networkType', r.u8()] }, response: networkScan },
  0x0024: { response: servingFields, indication: servingFields },
  0x0043: { response: cellLocation },
  0x004d: { response: systemInfoFields },
  0x004e: { indication: systemInfoFields },
  0x004f: { response: signalInfo },
  0x0051: { indication: signalInfo },
};
