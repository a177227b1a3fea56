import { DMS_PIN_STATUS, OPERATING_MODE, TIME_SOURCE, named } from './enums';
import type { ServiceFields, TlvDecoder } from './types';

const str = (name: string): TlvDecoder => (r) => [name, r.strRest()];
const pin = (name: string): TlvDecoder => (r) => [name, { status: named(DMS_PIN_STATUS, r.u8()), verifyRetriesLeft: r.u8(), unblockRetriesLeft: r.u8() }];

/** DMS (service 2) message id -> TLV decoders; layouts from libqmi data/qmi-service-dms.json. */
export const DMS_FIELDS: ServiceFields = {
  0x0021: { response: { 0x01: str('manufacturer') } },
  0x0022: { response: { 0x01: str('model') } },
  0x0023: { response: { 0x01: str('revision') } },
  0x0024: { response: { 0x01: str('msisdn') } },
  0x0025: { response: { 0x10: str('esn'), 0x11: str('imei'), 0x12: str('meid'), 0x13: str('imeiSoftwareVersion') } },
  0x002b: { response: { 0x11: pin('pin1'), 0x12: pin('pin2') } },
  0x002c: { response: { 0x01: str('hardwareRevision') } },
  0x002d: {
    response: {
      0x01: (r) => ['mode', named(OPERATING_MODE, r.u8())],
      0x10: (r) => ['offlineReason', r.u16()],
      0x11: (r) => ['hardwareRestricted', r.u8() !== 0],
    },
  },
  0x002f: {
    response: {
      // The count is in 1.25 ms units since 1980-01-06 (GPS epoch), 6 bytes wide.
      0x01: (r) => ['deviceTime', { timeCount: r.uintN(6), timeSource: named(TIME_SOURCE, r.u16()) }],
      0x10: (r) => ['systemTime', r.u64()],
      0x11: (r) => ['userTime', r.u64()],
    },
  },
};
