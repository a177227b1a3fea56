/**
 * Grouping listed ports into candidate modems, one per USB device. Ports of
 * one device share VID:PID and iSerial; but many modules report no serial, or
 * one serial for every unit (`community_fw`, `0123456789ABCDEF`), so a serial
 * is trusted only if its group looks like one device (no interface twice, one
 * topology). Otherwise the topology decides: the bus path, the Windows parent
 * prefix, the location id.
 */
import {
  detectComposition,
  knownDevice,
  normalizeId,
  roleFor,
  type CompositionHints,
  type KnownDevice,
} from './usb-ids';
import {
  interfaceNumberOf,
  isUsbPort,
  looksLikeBootloader,
  pathIndex,
  pnpPrefixOf,
  productFromPnp,
  topologyOf,
  usableSerial,
  type Platform,
} from './port-info';
import type { CandidateModem, CandidatePort, Composition, DeviceNote, GroupedBy, ListedPort } from './types';

interface Facts {
  info: ListedPort;
  vid: string;
  pid: string;
  iface: number | null;
  serial: string | null;
  topology: string | null;
  pnpPrefix: string | null;
}

export interface GroupResult {
  candidates: CandidateModem[];
  /** Ports that are not USB (ttyS0, ttyAMA0): listed, never grouped or probed. */
  other: ListedPort[];
}

export interface GroupOptions {
  /** Per-candidate hints (a `usbnet` read earlier), by candidate key. @default none */
  hints?: (key: string) => CompositionHints | undefined;
}

function factsOf(info: ListedPort, platform: Platform): Facts {
  return {
    info,
    vid: normalizeId(info.vendorId) ?? '????',
    pid: normalizeId(info.productId) ?? '????',
    iface: interfaceNumberOf(info, platform),
    serial: usableSerial(info, platform),
    topology: topologyOf(info, platform),
    pnpPrefix: pnpPrefixOf(info),
  };
}

function hasDuplicateInterface(ports: readonly Facts[]): boolean {
  const seen = new Set<number>();
  for (const p of ports) {
    if (p.iface === null) continue;
    if (seen.has(p.iface)) return true;
    seen.add(p.iface);
  }
  return false;
}

function distinctTopologies(ports: readonly Facts[]): number {
  return new Set(ports.map((p) => p.topology).filter((t) => t !== null)).size;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/**
 * Splits ports of several identical devices that nothing else tells apart, by
 * tty order: the driver numbers a device's interfaces in a row, so the
 * interface number dropping means the next device.
 */
function splitByTtyOrder(ports: Facts[]): Facts[][] {
  const sorted = [...ports].sort((a, b) => pathIndex(a.info.path) - pathIndex(b.info.path) || a.info.path.localeCompare(b.info.path));
  const out: Facts[][] = [];
  let cur: Facts[] = [];
  let last = -1;
  for (const p of sorted) {
    if (cur.length > 0 && (p.iface === null || p.iface <= last)) {
      out.push(cur);
      cur = [];
    }
    cur.push(p);
    last = p.iface ?? -1;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** Groups the USB serial ports of one listing into candidate modems, sorted by key. */
export function groupPorts(ports: readonly ListedPort[], platform: Platform, options: GroupOptions = {}): GroupResult {
  if (!Array.isArray(ports)) throw new TypeError('ports must be an array of PortInfo');
  const other: ListedPort[] = [];
  const usb: Facts[] = [];
  for (const info of ports) {
    if (typeof info?.path !== 'string' || info.path === '') throw new TypeError('ports[].path must be a non-empty string');
    if (isUsbPort(info, platform)) usb.push(factsOf(info, platform));
    else other.push(info);
  }

  // 1. By VID:PID + serial, where the serial holds up as one device.
  const bySerial = new Map<string, Facts[]>();
  const rest: Facts[] = [];
  for (const f of usb) {
    if (f.serial !== null) push(bySerial, `${f.vid}:${f.pid}#${f.serial}`, f);
    else rest.push(f);
  }
  const groups: { ports: Facts[]; by: GroupedBy; serialShared: boolean; ambiguous: boolean }[] = [];
  const sharedSerials = new Set<string>();
  for (const [, g] of bySerial) {
    if (!hasDuplicateInterface(g) && distinctTopologies(g) <= 1) groups.push({ ports: g, by: 'serial', serialShared: false, ambiguous: false });
    else {
      sharedSerials.add(g[0]!.serial!);
      rest.push(...g);
    }
  }

  // 2. By topology; 3. by the by-id prefix, split by tty order if it holds several devices; 4. alone.
  const byTopology = new Map<string, Facts[]>();
  const byPrefix = new Map<string, Facts[]>();
  for (const f of rest) {
    if (f.topology !== null) push(byTopology, `${f.vid}:${f.pid}@${f.topology}`, f);
    else if (f.pnpPrefix !== null) push(byPrefix, `${f.vid}:${f.pid}~${f.pnpPrefix}`, f);
    else groups.push({ ports: [f], by: 'single', serialShared: f.serial !== null && sharedSerials.has(f.serial), ambiguous: false });
  }
  for (const [, g] of byTopology) {
    groups.push({ ports: g, by: 'topology', serialShared: g.some((f) => f.serial !== null && sharedSerials.has(f.serial)), ambiguous: false });
  }
  for (const [, g] of byPrefix) {
    const shared = g.some((f) => f.serial !== null && sharedSerials.has(f.serial));
    if (!hasDuplicateInterface(g)) groups.push({ ports: g, by: 'pnp-prefix', serialShared: shared, ambiguous: false });
    else for (const part of splitByTtyOrder(g)) groups.push({ ports: part, by: 'tty-order', serialShared: shared, ambiguous: true });
  }

  const candidates = groups.map((g) => buildCandidate(g.ports, g.by, g.serialShared, g.ambiguous, platform, options));
  candidates.sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }));
  return { candidates, other };
}

function buildCandidate(
  ports: Facts[],
  by: GroupedBy,
  serialShared: boolean,
  ambiguous: boolean,
  platform: Platform,
  options: GroupOptions,
): CandidateModem {
  const sorted = [...ports].sort((a, b) => (a.iface ?? 99) - (b.iface ?? 99) || pathIndex(a.info.path) - pathIndex(b.info.path));
  const first = sorted[0]!;
  const vendorId = normalizeId(first.info.vendorId);
  const productId = normalizeId(first.info.productId);
  const serial = sorted.find((p) => p.serial !== null)?.serial ?? null;
  const topology = sorted.find((p) => p.topology !== null)?.topology ?? null;
  const ids = `${vendorId ?? '????'}:${productId ?? '????'}`;
  // Topology first: it survives a serial turning out to be shared when a twin is plugged in.
  const key =
    by === 'tty-order'
      ? `${ids}~${first.pnpPrefix ?? ''}/${first.info.path}`
      : topology !== null
        ? `${ids}@${topology}`
        : serial !== null && !serialShared
          ? `${ids}#${serial}`
          : first.pnpPrefix !== null
            ? `${ids}~${first.pnpPrefix}`
            : `${ids}/${first.info.path}`;
  const device = knownDevice(vendorId, productId);
  const hints: CompositionHints = { ...options.hints?.(key) };
  if (sorted.some((p) => looksLikeBootloader(p.info))) hints.bootloader = true;
  const composition = detectComposition(device, sorted.map((p) => p.iface), hints);
  const candidatePorts: CandidatePort[] = sorted.map((p) => ({ path: p.info.path, role: roleFor(composition, p.iface), interface: p.iface, info: p.info }));
  const product = productFromPnp(first.info, serial);
  return {
    key,
    vendorId,
    productId,
    serialNumber: serial,
    serialShared,
    topology,
    location: first.info.locationId?.trim() || first.info.sysfs?.busPath || topology,
    manufacturer: first.info.manufacturer?.trim() || null,
    product,
    model: device?.model ?? null,
    composition,
    groupedBy: by,
    ports: candidatePorts,
    notes: notesFor(device, composition, candidatePorts, ambiguous, hints, product, platform),
  };
}

function notesFor(
  device: KnownDevice | null,
  composition: Composition,
  ports: readonly CandidatePort[],
  ambiguous: boolean,
  hints: CompositionHints,
  product: string | null,
  platform: Platform,
): DeviceNote[] {
  const notes: DeviceNote[] = [];
  if (ambiguous) {
    notes.push({
      kind: 'ambiguous-grouping',
      message:
        platform === 'linux'
          ? 'Several identical modems without a usable serial number or USB location: ports were grouped by tty order, which can be wrong. Discovery reads sysfs for the USB path; make sure /sys is readable.'
          : 'Several identical modems without a usable serial number or USB location: ports were grouped by port order, which can be wrong.',
    });
  }
  if (composition === 'bootloader') {
    const strong = hints.bootloader === true || device?.layout === 'bootloader';
    notes.push(
      strong
        ? {
            kind: 'bootloader',
            message: `The modem enumerates as ${product === 'QHSUSB__BULK' ? 'QHSUSB__BULK' : 'a Qualcomm boot/download device'} with only the DIAG interface: it failed to boot (often after AT+CFUN=1,1 or AT+QPOWD). Only a real power cycle (cut power, not a USB replug) recovers it.`,
          }
        : {
            kind: 'lone-diag',
            message:
              'Only interface 0 (DIAG) is present: the modem is still enumerating, or it failed to boot (QHSUSB__BULK). If it stays like this for more than a few seconds, power-cycle it.',
          },
    );
  } else if (composition === 'unknown') {
    notes.push({
      kind: 'unknown-layout',
      message: `Unexpected USB interfaces (${ports.map((p) => (p.interface === null ? '?' : `If${p.interface}`)).join(', ')}) for ${device?.model ?? 'this device'}: ports without a known role are probed for AT.`,
    });
  }
  if (device?.layout === 'qualcomm-lte' && composition !== 'bootloader' && !ports.some((p) => p.role === 'at' || p.role === 'at-secondary' || p.role === 'unknown')) {
    notes.push({
      kind: 'no-at-port',
      message:
        'No AT interface is bound: only DIAG/NMEA ports exist. On older kernels the RNDIS composition (AT+QCFG="usbnet",3) leaves the AT port without a driver; use a newer kernel or set usbnet back to 0 from another host.',
    });
  }
  return notes;
}
