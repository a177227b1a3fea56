import { SERVICE_NAMES } from '../names';
import type { TlvReader } from '../reader';
import { UIM_APP_STATE, UIM_APP_TYPE, UIM_CARD_STATE, UIM_PIN_STATE, WDS_CONNECTION_STATUS, WDS_IP_FAMILY, named } from './enums';
import type { ServiceFields, TlvDecoder } from './types';

const ipv4 = (v: number): string => [24, 16, 8, 0].map((s) => (v >>> s) & 0xff).join('.');
const u32 = (name: string): TlvDecoder => (r) => [name, r.u32()];
const u64 = (name: string): TlvDecoder => (r) => [name, r.u64()];
const service = (v: number): string => SERVICE_NAMES[v] ?? `unknown-${v}`;

/** CTL (service 0); layouts from libqmi data/qmi-service-ctl.json. */
export const CTL_FIELDS: ServiceFields = {
  0x0021: {
    response: {
      0x01: (r) => {
        const n = r.u8();
        const services = [];
        for (let i = 0; i < n; i++) {
          const id = r.u8();
          services.push({ service: service(id), serviceId: id, major: r.u16(), minor: r.u16() });
        }
        return ['services', services];
      },
    },
  },
  0x0022: {
    request: { 0x01: (r) => ['service', service(r.u8())] },
    response: { 0x01: (r) => ['allocation', { service: service(r.u8()), clientId: r.u8() }] },
  },
  0x0023: {
    request: { 0x01: (r) => ['release', { service: service(r.u8()), clientId: r.u8() }] },
    response: { 0x01: (r) => ['release', { service: service(r.u8()), clientId: r.u8() }] },
  },
};

const ipv6 = (r: TlvReader): string => Array.from({ length: 8 }, () => r.bytes(2).readUInt16BE(0).toString(16)).join(':');

/** WDS (service 1); layouts from libqmi data/qmi-service-wds.json and qmi-common.json. */
export const WDS_FIELDS: ServiceFields = {
  0x0020: {
    request: { 0x14: (r) => ['apn', r.strRest()], 0x19: (r) => ['ipFamily', named(WDS_IP_FAMILY, r.u8())], 0x31: (r) => ['profileIndex3gpp', r.u8()] },
    response: { 0x01: u32('packetDataHandle'), 0x10: (r) => ['callEndReason', r.u16()], 0x11: (r) => ['verboseCallEndReason', { type: r.u16(), reason: r.i16() }] },
  },
  0x0021: { request: { 0x01: u32('packetDataHandle') } },
  0x0022: {
    response: { 0x01: (r) => ['connectionStatus', named(WDS_CONNECTION_STATUS, r.u8())] },
    indication: { 0x01: (r) => ['connectionStatus', { status: named(WDS_CONNECTION_STATUS, r.u8()), reconfigurationRequired: r.u8() !== 0 }] },
  },
  0x0024: {
    request: { 0x01: u32('mask') },
    response: {
      0x10: u32('txPacketsOk'), 0x11: u32('rxPacketsOk'), 0x12: u32('txPacketsError'), 0x13: u32('rxPacketsError'),
      0x14: u32('txOverflows'), 0x15: u32('rxOverflows'), 0x19: u64('txBytesOk'), 0x1a: u64('rxBytesOk'),
      0x1b: u64('lastCallTxBytesOk'), 0x1c: u64('lastCallRxBytesOk'), 0x1d: u32('txPacketsDropped'), 0x1e: u32('rxPacketsDropped'),
    },
  },
  0x002d: {
    request: { 0x10: u32('requestedSettings') },
    response: {
      0x10: (r) => ['profileName', r.strRest()],
      0x11: (r) => ['pdpType', r.u8()],
      0x14: (r) => ['apn', r.strRest()],
      0x15: (r) => ['primaryDnsIpv4', ipv4(r.u32())],
      0x16: (r) => ['secondaryDnsIpv4', ipv4(r.u32())],
      0x1e: (r) => ['ipv4Address', ipv4(r.u32())],
      0x20: (r) => ['ipv4Gateway', ipv4(r.u32())],
      0x21: (r) => ['ipv4SubnetMask', ipv4(r.u32())],
      0x25: (r) => ['ipv6Address', { address: ipv6(r), prefixLength: r.u8() }],
      0x29: u32('mtu'),
      0x2b: (r) => ['ipFamily', named(WDS_IP_FAMILY, r.u8())],
    },
  },
};

/** UIM (service 11) Get Card Status; layout from libqmi data/qmi-common.json "UIM Card Status". */
export const UIM_FIELDS: ServiceFields = {
  0x002f: {
    response: {
      0x10: (r) => {
        const indexGwPrimary = r.u16();
        r.bytes(6); // 1x primary, GW and 1x secondary indexes
        const cards = [];
        for (let c = r.u8(); c > 0; c--) {
          const cardState = named(UIM_CARD_STATE, r.u8());
          const upinState = named(UIM_PIN_STATE, r.u8());
          const upinRetries = r.u8(), upukRetries = r.u8(), errorCode = r.u8();
          const applications = [];
          for (let a = r.u8(); a > 0; a--) {
            const type = named(UIM_APP_TYPE, r.u8());
            const state = named(UIM_APP_STATE, r.u8());
            r.bytes(4); // personalization state, feature, retries, unblock retries
            const aid = r.bytes(r.u8()).toString('hex');
            const upinReplacesPin1 = r.u8() !== 0;
            const pin1 = { state: named(UIM_PIN_STATE, r.u8()), retries: r.u8(), pukRetries: r.u8() };
            const pin2 = { state: named(UIM_PIN_STATE, r.u8()), retries: r.u8(), pukRetries: r.u8() };
            applications.push({ type, state, aid, upinReplacesPin1, pin1, pin2 });
          }
          cards.push({ cardState, upinState, upinRetries, upukRetries, errorCode, applications });
        }
        return ['cardStatus', { indexGwPrimary, cards }];
      },
    },
    indication: {},
  },
};
