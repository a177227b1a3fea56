/**
 * Who a simulated modem is: IMEI, SIM (ICCID, IMSI, home operator), firmware and
 * USB identity, all derived from the bench seed and the modem's slot index.
 */
import { Rng, hashSeed } from './prng';

export interface SimOperator {
  mcc: string;
  mnc: string;
  /** Long alphanumeric name as +COPS shows it. */
  name: string;
  /** ITU country calling code used in ICCIDs issued in that country. */
  iccidCountry: string;
  /** LTE band and EARFCN of the simulated serving cell. */
  band: number;
  earfcn: number;
}

/** European operators, because the EC25-EUX is the European variant. */
export const OPERATORS: readonly SimOperator[] = [
  { mcc: '262', mnc: '01', name: 'Telekom.de', iccidCountry: '49', band: 3, earfcn: 1300 },
  { mcc: '262', mnc: '02', name: 'Vodafone.de', iccidCountry: '49', band: 20, earfcn: 6300 },
  { mcc: '234', mnc: '15', name: 'Vodafone UK', iccidCountry: '44', band: 3, earfcn: 1617 },
  { mcc: '208', mnc: '01', name: 'Orange F', iccidCountry: '33', band: 7, earfcn: 2850 },
  { mcc: '204', mnc: '08', name: 'KPN', iccidCountry: '31', band: 3, earfcn: 1444 },
  { mcc: '214', mnc: '07', name: 'Movistar', iccidCountry: '34', band: 20, earfcn: 6200 },
];

export interface SimFirmware {
  /** AT+CGMR: the base revision. */
  revision: string;
  /** AT+QGMR: the revision plus the sub-build. */
  full: string;
}

const FIRMWARES: readonly SimFirmware[] = [
  { revision: 'EC25EUXGAR08A15M1G', full: 'EC25EUXGAR08A15M1G_20.200.20.200' },
  { revision: 'EC25EUXGAR08A13M1G', full: 'EC25EUXGAR08A13M1G_01.200.01.200' },
  { revision: 'EC25EFAR06A04M4G', full: 'EC25EFAR06A04M4G_01.001.01.001' },
];

/** Quectel-like type allocation codes (the 8-digit TAC prefix of an IMEI). */
const TACS: readonly string[] = ['86145803', '86787503', '86277103', '86756104'];

export interface SimIdentity {
  imei: string;
  /** 19 or 20 digits; AT+QCCID pads 19-digit ones with F. */
  iccid: string;
  imsi: string;
  home: SimOperator;
  model: string;
  firmware: SimFirmware;
  /** USB iSerial: stable for the modem across re-enumerations. */
  usbSerial: string;
  /** Hub topology path of the slot, like `1-2.3.4`: stable per slot. */
  location: string;
}

/** Appends the Luhn check digit (IMEI and ICCID use it). */
export function withLuhn(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    // Double every second digit counting from the right of the full number (the check digit is rightmost).
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

export function luhnValid(digits: string): boolean {
  return /^\d+$/.test(digits) && withLuhn(digits.slice(0, -1)) === digits;
}

/** Slot topology: 7-port hubs, cascaded, like a real bench. */
export function slotLocation(index: number): string {
  return `1-${1 + Math.floor(index / 49)}.${1 + (Math.floor(index / 7) % 7)}.${1 + (index % 7)}`;
}

export function makeIdentity(seed: number, index: number): SimIdentity {
  const bench = new Rng(hashSeed(seed, 'bench-identity'));
  const tac = bench.pick(TACS);
  // Consecutive serials from a seeded base keep IMEIs unique within a bench.
  const serialBase = bench.int(0, 999_999);
  const rng = new Rng(hashSeed(seed, index, 'identity'));
  const imei = withLuhn(tac + String((serialBase + index * 7919) % 1_000_000).padStart(6, '0'));
  const home = rng.pick(OPERATORS);
  const long = rng.chance(0.2);
  // 89 (telecom) + country + issuer + account, then Luhn: 19 digits, or 20 for some issuers.
  const iccidBody = `89${home.iccidCountry}${home.mnc}${rng.digits((long ? 19 : 18) - 2 - home.iccidCountry.length - home.mnc.length)}`;
  const iccid = withLuhn(iccidBody);
  const imsi = home.mcc + home.mnc + rng.digits(15 - home.mcc.length - home.mnc.length);
  const usbSerial = (hashSeed(seed, index, 'usb-serial') >>> 0).toString(16).padStart(8, '0');
  return {
    imei,
    iccid,
    imsi,
    home,
    model: 'EC25-EUX',
    firmware: rng.pick(FIRMWARES),
    usbSerial,
    location: slotLocation(index),
  };
}
