/**
 * A message arriving from the network: stored in <mem3> and announced with
 * `+CMTI: <mem>,<index>` (<mt>=1), or routed straight to the host as `+CMT:`
 * (<mt>=2), as AT+CNMI says (EC2x/EG2x AT Commands Manual §9.13; the `+CMTI:
 * "SM",3` then AT+CMGR flow is the §9.7 example).
 */
import { charsetOf } from './charset';
import { cmtUrc } from './render';
import { decodePdu, encodeDeliver, sctsString } from './pdu';
import { smsStateOf, type SmsMemName } from './state';

/** What the SMS code needs of a modem besides its state. */
export interface SmsHost {
  readonly smsTextMode: boolean;
  /** An unsolicited line to the URC port. */
  urc(line: string): void;
}

export interface IncomingSms {
  /** Sender, `+` for international. */
  from: string;
  text: string;
  /** Defaults to the SMSC set with AT+CSCA. */
  sca?: string;
  /** Service-centre time stamp; defaults to now. */
  timestamp?: number;
  /** Store here instead of <mem3>. */
  storage?: SmsMemName;
}

export interface SmsDelivery {
  storage: SmsMemName | null;
  index: number | null;
}

export class SmsStorageFullError extends Error {
  readonly code = 'sms-storage-full' as const;
}

/** Delivers `sms` to `modem`; throws SmsStorageFullError when the memory it must go to is full. */
export function receiveSms(modem: SmsHost, sms: IncomingSms): SmsDelivery {
  if (!/^\+?[0-9]{1,20}$/.test(sms.from)) throw new TypeError(`from must be a phone number, got ${JSON.stringify(sms.from)}`);
  const st = smsStateOf(modem);
  const pdu = encodeDeliver({ sca: sms.sca ?? st.sca, from: sms.from, text: sms.text, scts: sctsString(sms.timestamp ?? Date.now()) });
  const decoded = decodePdu(pdu);
  const msg = { stat: 0 as const, pdu, tpduLength: decoded.tpduLength, sca: decoded.sca, tpdu: decoded.tpdu };
  const [mode, mt] = st.cnmi;
  if (mt === 2 && sms.storage === undefined) {
    if (mode !== 0) {
      modem.urc(cmtUrc(msg, !modem.smsTextMode, st.showHeader, st.tosca, charsetOf(modem)));
      st.awaitingAck = st.service === 1;
    }
    return { storage: null, index: null };
  }
  const name = sms.storage ?? st.cpms[2];
  const index = st.memories[name].store(msg);
  if (index === null) throw new SmsStorageFullError(`SMS memory ${name} is full`);
  if (mode !== 0 && mt !== 0) modem.urc(`+CMTI: "${name}",${index}`);
  return { storage: name, index };
}
