/**
 * The stable key of a modem across resets, replugs and hub glitches, which
 * give it new port paths: the IMEI first; without one (not probed yet, broken
 * boot), the USB serial together with the topology path.
 */
import { type ModemId, modemIdOf } from '../../../src-preload/contract/domain';
import type { CandidateModem } from './types';

/** What the bench remembers about a modem it has seen. */
export interface KnownModem {
  /** The stable key handed out earlier. */
  key: string;
  imei: string | null;
  /** iSerial, null when the device has none. */
  usbSerial: string | null;
  /** Topology path as `CandidateModem.topology`. */
  topology: string | null;
  vendorId: string | null;
  productId: string | null;
}

/** The part of a candidate (plus what probing read) that identity looks at. */
export interface IdentityFacts {
  imei?: string | null;
  serialNumber: string | null;
  /** The serial is shared with other devices, so it says nothing alone. @default false */
  serialShared?: boolean;
  topology: string | null;
  vendorId: string | null;
  productId: string | null;
}

export type MatchedBy = 'imei' | 'usb-serial+topology' | 'usb-serial' | 'topology' | 'new';

export interface IdentityMatch {
  key: string;
  /** The previous entry it matched, or null for a new modem. */
  previous: KnownModem | null;
  by: MatchedBy;
}

/** The modem's ModemId (the contract's one key): its IMEI, else `usb:<serial>@<topology>`. */
export function identityKey(facts: IdentityFacts): ModemId {
  return modemIdOf({ imei: facts.imei ?? null, usbSerial: facts.serialNumber, topology: facts.topology });
}

/** Fills `IdentityFacts` from a candidate and an IMEI read by probing. */
export function identityFacts(candidate: CandidateModem, imei: string | null = null): IdentityFacts {
  return {
    imei,
    serialNumber: candidate.serialNumber,
    serialShared: candidate.serialShared,
    topology: candidate.topology,
    vendorId: candidate.vendorId,
    productId: candidate.productId,
  };
}

/**
 * Finds which previous modem a candidate is. Rules, in order:
 * 1. same IMEI;
 * 2. same USB serial and same topology (a previous entry with another IMEI
 *    than the candidate's is another modem swapped into the slot);
 * 3. same USB serial alone, if unique among the previous modems and not shared
 *    (the modem moved to another hub port);
 * 4. same topology alone, if exactly one previous modem was there (it came
 *    back without its serial, as QHSUSB__BULK does).
 * Otherwise a new key.
 */
export function matchIdentity(previous: readonly KnownModem[], candidate: IdentityFacts): IdentityMatch {
  if (!Array.isArray(previous)) throw new TypeError('previous must be an array of KnownModem');
  if (typeof candidate !== 'object' || candidate === null) throw new TypeError('candidate must be an object');
  const imei = candidate.imei ?? null;
  const compatible = (p: KnownModem): boolean => imei === null || p.imei === null || p.imei === imei;
  const sameIds = (p: KnownModem): boolean => p.vendorId === candidate.vendorId && p.productId === candidate.productId;

  if (imei !== null) {
    const byImei = previous.find((p) => p.imei === imei);
    if (byImei) return { key: byImei.key, previous: byImei, by: 'imei' };
  }
  const serial = candidate.serialNumber;
  const topo = candidate.topology;
  if (topo !== null) {
    const both = previous.filter((p) => sameIds(p) && p.topology === topo && p.usbSerial === serial && compatible(p));
    if (both.length === 1) return { key: both[0]!.key, previous: both[0]!, by: 'usb-serial+topology' };
  }
  if (serial !== null && !candidate.serialShared) {
    const bySerial = previous.filter((p) => sameIds(p) && p.usbSerial === serial);
    if (bySerial.length === 1 && compatible(bySerial[0]!)) return { key: bySerial[0]!.key, previous: bySerial[0]!, by: 'usb-serial' };
  }
  if (topo !== null) {
    // Two different serials on one hub port are two modems.
    const byTopo = previous.filter(
      (p) => p.topology === topo && p.vendorId === candidate.vendorId && (p.usbSerial === null || serial === null || p.usbSerial === serial),
    );
    if (byTopo.length === 1 && compatible(byTopo[0]!)) return { key: byTopo[0]!.key, previous: byTopo[0]!, by: 'topology' };
  }
  return { key: identityKey(candidate), previous: null, by: 'new' };
}
