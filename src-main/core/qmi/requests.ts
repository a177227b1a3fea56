/**
 * The requests we send, named like qmicli's options (`dms-get-ids` for
 * `--dms-get-ids`), with their TLVs. An argument follows `=` as in qmicli
 * (`wds-start-network=apn=internet,ip-type=4`, `wds-stop-network=12345`).
 */
import type { Tlv } from './codec';
import { put } from './reader';

export interface QmiRequest {
  /** qmicli-style name, e.g. `nas-get-signal-info`. */
  name: string;
  serviceId: number;
  messageId: number;
  tlvs: Tlv[];
}

interface RequestSpec {
  serviceId: number;
  messageId: number;
  /** Builds the TLVs from the text after '='; throws TypeError naming the bad part. */
  tlvs?: (arg: string | undefined) => Tlv[];
  help: string;
}

/** WDS Packet Statistics mask: every counter qmicli asks for (bits 0-5 packets, 6-7 bytes, 8-9 dropped). */
const ALL_STATS = 0x3ff;

function startNetwork(arg: string | undefined): Tlv[] {
  const tlvs: Tlv[] = [];
  if (!arg) return tlvs;
  for (const part of arg.split(',')) {
    const [k, v = ''] = part.split('=', 2) as [string, string?];
    if (k === 'apn') tlvs.push({ type: 0x14, value: put.str(v) });
    else if (k === 'ip-type') {
      if (v !== '4' && v !== '6') throw new TypeError(`ip-type must be 4 or 6, got '${v}'`);
      tlvs.push({ type: 0x19, value: put.u8(Number(v)) });
    } else if (k === '3gpp-profile') {
      if (!/^\d{1,3}$/.test(v)) throw new TypeError(`3gpp-profile must be a profile number, got '${v}'`);
      tlvs.push({ type: 0x31, value: put.u8(Number(v)) });
    } else throw new TypeError(`unknown wds-start-network key '${k}' (apn, ip-type, 3gpp-profile)`);
  }
  return tlvs;
}

export const REQUESTS: Readonly<Record<string, RequestSpec>> = {
  'ctl-get-version-info': { serviceId: 0, messageId: 0x0021, help: 'services and their versions' },
  'ctl-sync': { serviceId: 0, messageId: 0x0027, help: 'release every client id the device holds' },
  'dms-get-ids': { serviceId: 2, messageId: 0x0025, help: 'IMEI, ESN, MEID' },
  'dms-get-manufacturer': { serviceId: 2, messageId: 0x0021, help: 'manufacturer' },
  'dms-get-model': { serviceId: 2, messageId: 0x0022, help: 'model' },
  'dms-get-revision': { serviceId: 2, messageId: 0x0023, help: 'firmware revision' },
  'dms-get-msisdn': { serviceId: 2, messageId: 0x0024, help: 'own number' },
  'dms-get-operating-mode': { serviceId: 2, messageId: 0x002d, help: 'online, low-power, offline ...' },
  'dms-uim-get-pin-status': { serviceId: 2, messageId: 0x002b, help: 'PIN1/PIN2 status and retries' },
  'dms-get-time': { serviceId: 2, messageId: 0x002f, help: 'device time' },
  'nas-get-signal-strength': { serviceId: 3, messageId: 0x0020, tlvs: () => [{ type: 0x10, value: put.u16(0x00ff) }], help: 'signal strength (legacy)' },
  'nas-get-signal-info': { serviceId: 3, messageId: 0x004f, help: 'RSSI, RSRQ, RSRP, SNR per radio' },
  'nas-get-serving-system': { serviceId: 3, messageId: 0x0024, help: 'registration, PLMN, LAC, CID' },
  'nas-get-system-info': { serviceId: 3, messageId: 0x004d, help: 'service status and system info per radio' },
  'nas-get-cell-location-info': { serviceId: 3, messageId: 0x0043, help: 'serving and neighbour cells' },
  'nas-network-scan': { serviceId: 3, messageId: 0x0021, help: 'visible networks (slow)' },
  'wds-start-network': { serviceId: 1, messageId: 0x0020, tlvs: startNetwork, help: 'start a data session: =apn=NAME[,ip-type=4|6][,3gpp-profile=N]' },
  'wds-stop-network': {
    serviceId: 1,
    messageId: 0x0021,
    tlvs: (arg) => {
      if (!arg || !/^\d+$/.test(arg) || Number(arg) > 0xffffffff) throw new TypeError('wds-stop-network needs the packet data handle: wds-stop-network=HANDLE');
      return [{ type: 0x01, value: put.u32(Number(arg)) }];
    },
    help: 'stop a data session: =HANDLE',
  },
  'wds-get-packet-service-status': { serviceId: 1, messageId: 0x0022, help: 'connected or not' },
  'wds-get-current-settings': { serviceId: 1, messageId: 0x002d, tlvs: () => [{ type: 0x10, value: put.u32(0xffff) }], help: 'IP, DNS, gateway, MTU of the session' },
  'wds-get-packet-statistics': { serviceId: 1, messageId: 0x0024, tlvs: () => [{ type: 0x01, value: put.u32(ALL_STATS) }], help: 'packet and byte counters' },
  'uim-get-card-status': { serviceId: 11, messageId: 0x002f, help: 'card, applications, PIN states' },
};

export const REQUEST_NAMES = Object.keys(REQUESTS);

/** `name` or `name=arg` (qmicli's `--name=arg`, with or without the dashes) as a request; TypeError when unknown or malformed. */
export function parseRequest(text: string): QmiRequest {
  const t = text.replace(/^--/, '');
  const eq = t.indexOf('=');
  const name = eq < 0 ? t : t.slice(0, eq);
  const arg = eq < 0 ? undefined : t.slice(eq + 1);
  const spec = REQUESTS[name];
  if (!spec) throw new TypeError(`unknown QMI request '${name}' (known: ${REQUEST_NAMES.join(', ')})`);
  return { name, serviceId: spec.serviceId, messageId: spec.messageId, tlvs: spec.tlvs ? spec.tlvs(arg) : [] };
}

// ---- typed views of the decoded fields the bench reads ------------------------------------

export interface DmsIds {
  imei?: string;
  esn?: string;
  meid?: string;
  imeiSoftwareVersion?: string;
}

export interface NasLteSignal {
  rssi: number;
  rsrq: number;
  rsrp: number;
  /** dB (the wire carries tenths). */
  snr: number;
}

export interface NasSignalInfo {
  gsm?: { rssi: number };
  wcdma?: { rssi: number; ecio: number };
  lte?: NasLteSignal;
  nr5g?: { rsrp: number; snr: number };
}

export interface NasServingSystem {
  servingSystem?: { registrationState: string; csAttach: string; psAttach: string; selectedNetwork: string; radioInterfaces: string[] };
  roaming?: string;
  plmn?: { mcc: string; mnc: string; description: string; coding: string };
  lac?: number;
  cid?: number;
  tac?: number;
}

export interface WdsPacketStatistics {
  txPacketsOk?: number;
  rxPacketsOk?: number;
  txBytesOk?: number | string;
  rxBytesOk?: number | string;
  txPacketsDropped?: number;
  rxPacketsDropped?: number;
}
