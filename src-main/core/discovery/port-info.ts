/**
 * Reading USB facts out of what serialport lists. Linux: `pnpId` is the
 * `/dev/serial/by-id` name (`usb-Quectel_EC25-EUX_<serial>-if02-port0`) and
 * serialport 13 gives no `locationId`, so the bus path comes from sysfs (see
 * sysfs.ts) or a `by-path` name. Windows: `pnpId` is the device instance id
 * (`USB\VID_2C7C&PID_0125&MI_02\6&2A3B4C5D&0&0002`): MI_ is the interface, and
 * the instance part minus its last `&NNNN` is the parent's prefix, shared by
 * every interface of the device.
 */
import type { ListedPort } from './types';

/** Node's platform names; discovery only distinguishes Linux, Windows and the rest. */
export type Platform = NodeJS.Platform;

const LINUX_IF = /-if([0-9a-f]{2})(?:-port\d+)?$/i;
/** by-path: `pci-0000:00:14.0-usb-0:1.4.2:1.2-port0` (port chain, then config.interface). */
const BY_PATH = /^(.*-usb(?:v2)?-\d+:[\d.]+):\d+\.(\d+)(?:-port\d+)?$/i;
const WIN_MI = /[\\&]MI_([0-9a-f]{2})(?:[\\&]|$)/i;
/** USB\VID_xxxx&PID_xxxx[&MI_xx]\<instance> */
const WIN_INSTANCE = /^USB\\VID_([0-9a-f]{4})&PID_([0-9a-f]{4})(&MI_[0-9a-f]{2})?\\(.+)$/i;

function basename(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i < 0 ? p : p.slice(i + 1);
}

/** The by-path name of a port, if its path or pnpId is one. */
function byPathName(info: ListedPort): string | null {
  for (const s of [info.path, info.pnpId]) {
    if (typeof s !== 'string') continue;
    if (s.includes('/by-path/') || BY_PATH.test(s)) return basename(s);
  }
  return null;
}

/**
 * The USB interface number of a port, or null when nothing says it.
 * Sources, in order: sysfs, the Windows instance id (`MI_02`), a Linux by-id
 * or by-path name (in `pnpId` or `path`). Numbers are hex in all of them.
 */
export function interfaceNumberOf(info: ListedPort, platform: Platform): number | null {
  if (info.sysfs && Number.isInteger(info.sysfs.interfaceNumber)) return info.sysfs.interfaceNumber;
  const pnp = info.pnpId ?? '';
  if (platform === 'win32' || /^USB\\/i.test(pnp)) {
    const m = WIN_MI.exec(pnp);
    if (m) return Number.parseInt(m[1]!, 16);
    if (platform === 'win32') return null;
  }
  const bp = byPathName(info);
  if (bp) {
    const m = BY_PATH.exec(bp);
    if (m) return Number.parseInt(m[2]!, 16);
  }
  for (const s of [pnp, basename(info.path)]) {
    const m = LINUX_IF.exec(s);
    if (m) return Number.parseInt(m[1]!, 16);
  }
  return null;
}

export interface WindowsInstance {
  vendorId: string;
  productId: string;
  /** True for one interface of a composite device (`&MI_xx`). */
  composite: boolean;
  /** The instance part: `6&2A3B4C5D&0&0002` (made up by Windows) or the device's serial. */
  instance: string;
  /** For a composite interface, the parent's ParentIdPrefix (`6&2A3B4C5D&0`); else null. */
  parentPrefix: string | null;
}

export function parseWindowsInstanceId(pnpId: string | undefined): WindowsInstance | null {
  const m = WIN_INSTANCE.exec(pnpId ?? '');
  if (!m) return null;
  const composite = m[3] !== undefined;
  const instance = m[4]!;
  const cut = instance.lastIndexOf('&');
  return {
    vendorId: m[1]!.toLowerCase(),
    productId: m[2]!.toLowerCase(),
    composite,
    instance,
    parentPrefix: composite && cut > 0 ? instance.slice(0, cut).toUpperCase() : null,
  };
}

/**
 * Where the USB device hangs, the same for all its interfaces: sysfs bus path,
 * the Windows parent prefix, a by-path chain, or the listed `locationId`
 * (the simulator's `1-2.3.4`, macOS's `14200000`).
 */
export function topologyOf(info: ListedPort, platform: Platform): string | null {
  if (info.sysfs?.busPath) return info.sysfs.busPath;
  if (platform === 'win32') {
    const w = parseWindowsInstanceId(info.pnpId);
    if (w?.parentPrefix) return w.parentPrefix;
    // A single-interface device: its instance id is per device already.
    if (w) return `${w.instance}`;
    const loc = info.locationId?.trim();
    return loc ? loc : null;
  }
  const bp = byPathName(info);
  if (bp) {
    const m = BY_PATH.exec(bp);
    if (m) return m[1]!;
  }
  const loc = info.locationId?.trim();
  return loc ? loc : null;
}

/**
 * The device's iSerial, or null. On Windows serialport fills a missing serial
 * from the instance id (`6&2A3B4C5D&0&0002`), which is per interface and made up
 * by Windows: that is no serial.
 */
export function usableSerial(info: ListedPort, platform: Platform): string | null {
  const fromSysfs = info.sysfs?.serial;
  const s = (fromSysfs ?? info.serialNumber ?? '').trim();
  if (s === '') return null;
  if (platform === 'win32' || /^USB\\/i.test(info.pnpId ?? '')) {
    const w = parseWindowsInstanceId(info.pnpId);
    if (s.includes('&')) return null;
    if (w?.composite && s.toUpperCase() === w.instance.toUpperCase()) return null;
  }
  return s;
}

/** The by-id name without its `-ifNN-portN` tail: `usb-Quectel_EC25-EUX_<serial>` (Linux). */
export function pnpPrefixOf(info: ListedPort): string | null {
  const pnp = info.pnpId;
  if (!pnp || /^USB\\/i.test(pnp)) return null;
  const b = basename(pnp);
  const m = LINUX_IF.exec(b);
  return m ? b.slice(0, m.index) : null;
}

/** `EC25-EUX` from `usb-Quectel_EC25-EUX_<serial>-if02-port0`, when the serial is known. */
export function productFromPnp(info: ListedPort, serial: string | null): string | null {
  if (info.sysfs?.product) return info.sysfs.product;
  const prefix = pnpPrefixOf(info);
  if (!prefix) return null;
  let rest = prefix.replace(/^usb-/, '');
  if (serial && rest.endsWith(`_${serial}`)) rest = rest.slice(0, -serial.length - 1);
  if (/QHSUSB__BULK/i.test(rest)) return 'QHSUSB__BULK';
  const vendor = (info.manufacturer ?? '').replace(/[^A-Za-z0-9.\-]/g, '_');
  if (vendor && rest.startsWith(`${vendor}_`)) return rest.slice(vendor.length + 1) || null;
  return null;
}

/** Looks like the QHSUSB__BULK boot failure (ec25-facts §1): product string, Qualcomm manufacturer, bcdDevice 0.00. */
export function looksLikeBootloader(info: ListedPort): boolean {
  if (/QHSUSB/i.test(info.pnpId ?? '') || /QHSUSB/i.test(info.sysfs?.product ?? '')) return true;
  if (info.sysfs?.bcdDevice === '0000') return true;
  return /^Qualcomm CDMA Technologies MSM/i.test(info.manufacturer ?? '');
}

/** The number in `ttyUSB12`, `COM7`: for ordering only, never for roles. */
export function pathIndex(path: string): number {
  const m = /(\d+)$/.exec(path);
  return m ? Number.parseInt(m[1]!, 10) : Number.MAX_SAFE_INTEGER;
}

/** Ports that are not USB (ttyS0, ttyAMA0, Bluetooth rfcomm): nothing to group, nothing to probe by default. */
export function isUsbPort(info: ListedPort, platform: Platform): boolean {
  if (info.sysfs) return true;
  if (info.vendorId && info.productId) return true;
  if (platform === 'win32') return parseWindowsInstanceId(info.pnpId) !== null || /^FTDIBUS\\/i.test(info.pnpId ?? '');
  return false;
}
