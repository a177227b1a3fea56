/**
 * Known USB devices and their interface layouts (ec25-facts §1-§2). Ports are
 * mapped by USB interface number, never by tty index: ttyUSB numbers depend on
 * what else is plugged in and on the order of enumeration.
 */
import type { Composition, PortRole } from './types';

export interface KnownDevice {
  vendorId: string;
  productId: string;
  vendor: string;
  /** The module family this VID:PID stands for. Manufacturer/product strings are not stable, so only the ids count. */
  model: string;
  /** `qualcomm-lte`: the Quectel DIAG/NMEA/AT/modem layout. `bootloader`: a download-mode device with only a DIAG-like port. */
  layout: 'qualcomm-lte' | 'bootloader';
}

export const QUECTEL_VID = '2c7c';

export const KNOWN_DEVICES: readonly KnownDevice[] = [
  { vendorId: QUECTEL_VID, productId: '0125', vendor: 'Quectel', model: 'EC25/EG25-G', layout: 'qualcomm-lte' },
  // EG21-G is commonly said to share 0121; the sources do not confirm it (ec25-facts §1).
  { vendorId: QUECTEL_VID, productId: '0121', vendor: 'Quectel', model: 'EC21', layout: 'qualcomm-lte' },
  { vendorId: QUECTEL_VID, productId: '0191', vendor: 'Quectel', model: 'EG91', layout: 'qualcomm-lte' },
  { vendorId: QUECTEL_VID, productId: '0195', vendor: 'Quectel', model: 'EG95', layout: 'qualcomm-lte' },
  { vendorId: QUECTEL_VID, productId: '0296', vendor: 'Quectel', model: 'BG96', layout: 'qualcomm-lte' },
  { vendorId: QUECTEL_VID, productId: '0306', vendor: 'Quectel', model: 'EP06', layout: 'qualcomm-lte' },
  // Qualcomm emergency download (EDL, "QDLoader 9008"): a module stuck in its boot ROM.
  { vendorId: '05c6', productId: '9008', vendor: 'Qualcomm', model: 'QDLoader 9008 (EDL)', layout: 'bootloader' },
];

/** `usbnet` values of AT+QCFG="usbnet" (ec25-facts §2). 3 is RNDIS, which renumbers the interfaces. */
export const USBNET_RNDIS = 3;

/** Interface -> role in the default (RmNet/ECM) composition. If4 is QMI or ECM, never a tty. */
export const DEFAULT_ROLES: ReadonlyMap<number, PortRole> = new Map([
  [0, 'diag'],
  [1, 'nmea'],
  [2, 'at'],
  [3, 'at-secondary'],
]);

/** RNDIS takes If0-1; the serial functions follow in the same order. */
export const RNDIS_ROLES: ReadonlyMap<number, PortRole> = new Map([
  [2, 'diag'],
  [3, 'nmea'],
  [4, 'at'],
  [5, 'at-secondary'],
]);

export function normalizeId(id: string | undefined | null): string | null {
  if (typeof id !== 'string') return null;
  const t = id.trim().toLowerCase().replace(/^0x/, '');
  return /^[0-9a-f]{1,4}$/.test(t) ? t.padStart(4, '0') : null;
}

export function knownDevice(vendorId: string | null, productId: string | null): KnownDevice | null {
  if (vendorId === null || productId === null) return null;
  return KNOWN_DEVICES.find((d) => d.vendorId === vendorId && d.productId === productId) ?? null;
}

export interface CompositionHints {
  /** The `usbnet` value read from the modem (AT+QCFG="usbnet"), when known. */
  usbnet?: number | null;
  /** The device reports itself as a boot-failure/download device (QHSUSB__BULK, bcdDevice 0.00). */
  bootloader?: boolean;
}

/**
 * Which layout a set of serial interface numbers shows. RNDIS is recognised
 * by a known `usbnet` of 3, or by serial interfaces beyond If3 with none below
 * If2 (If4/If5 are never ttys in the default layout). A lone If0 is the
 * QHSUSB__BULK boot failure or a device still enumerating; the watcher's
 * debounce tells the two apart.
 */
export function detectComposition(device: KnownDevice | null, interfaces: readonly (number | null)[], hints: CompositionHints = {}): Composition {
  if (device === null) return 'generic';
  if (device.layout === 'bootloader' || hints.bootloader) return 'bootloader';
  const known = interfaces.filter((i): i is number => i !== null);
  if (known.length !== interfaces.length || known.length === 0) return 'unknown';
  if (hints.usbnet === USBNET_RNDIS) return known.every((i) => RNDIS_ROLES.has(i)) ? 'rndis' : 'unknown';
  if (known.length === 1 && known[0] === 0) return 'bootloader';
  if (known.every((i) => DEFAULT_ROLES.has(i)) && hints.usbnet !== USBNET_RNDIS) return 'default';
  const min = Math.min(...known);
  if (min >= 2 && known.every((i) => RNDIS_ROLES.has(i))) return 'rndis';
  return 'unknown';
}

/** The role of one interface under a composition; `unknown` means "probe it to find out". */
export function roleFor(composition: Composition, iface: number | null): PortRole {
  if (iface === null) return 'unknown';
  switch (composition) {
    case 'default':
      return DEFAULT_ROLES.get(iface) ?? 'unknown';
    case 'rndis':
      return RNDIS_ROLES.get(iface) ?? 'unknown';
    case 'bootloader':
      return iface === 0 ? 'diag' : 'unknown';
    case 'unknown':
      // The DIAG and NMEA functions are still recognisable; everything else is probed.
      return DEFAULT_ROLES.get(iface) ?? 'unknown';
    case 'generic':
      return 'unknown';
  }
}
