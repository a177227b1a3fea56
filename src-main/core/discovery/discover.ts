/**
 * One-shot discovery: list, group by USB device, assign roles, probe the AT
 * ports, and give each modem its stable key.
 */
import { throwIfAborted } from '../errors';
import type { SerialBinding } from '../serial/binding';
import type { PortDiagnostic } from './diagnostics';
import { groupPorts, type GroupOptions } from './group';
import { identityFacts, matchIdentity, type KnownModem, type MatchedBy } from './identity';
import type { Platform } from './port-info';
import { probeCandidates, type ProbeOptions, type PortProbe } from './probe';
import { checkQmiAccess, findQmiDevices, qmiPortFor } from './qmi';
import { enrichFromSysfs, type SysfsOptions } from './sysfs';
import type { CandidateModem, DeviceNote, ListedPort, ModemIdentity, ModemPort } from './types';

export interface DiscoverOptions extends Omit<ProbeOptions, 'platform' | 'signal'> {
  /**
   * Whose rules apply to the listing (Windows instance ids vs Linux by-id names).
   * @default process.platform
   */
  platform?: Platform;
  /**
   * Modems seen before, so that a modem keeps its key across resets and replugs.
   * @default []
   */
  known?: readonly KnownModem[];
  /**
   * Open ports and ask AT. Off: grouping and roles only, nothing is opened.
   * @default true
   */
  probe?: boolean;
  /**
   * Linux: read the USB bus path and interface of each /dev tty from sysfs. Paths outside
   * `devRoot` (the simulator's) are left alone.
   * @default true on Linux
   */
  sysfs?: boolean | SysfsOptions;
  /** Composition hints per candidate key (a known `usbnet`). @default none */
  hints?: GroupOptions['hints'];
  signal?: AbortSignal;
}

export interface DiscoveredModem {
  /** Its ModemId (`identityKey`: IMEI, else `usb:<serial>@<topology>`), or the key of the known modem it matched. */
  key: string;
  matchedBy: MatchedBy;
  candidate: CandidateModem;
  /** The port to talk AT on, or null when none answered (or probing was off). */
  atPath: string | null;
  /** Ports with roles (after probing when it ran). */
  ports: ModemPort[];
  identity: ModemIdentity | null;
  probes: PortProbe[] | null;
  /** Device notes (broken boot, ...) and port diagnostics, for humans. */
  notes: DeviceNote[];
  diagnostics: PortDiagnostic[];
  /** Usable for commands: an AT port answered. */
  ready: boolean;
}

export interface DiscoveryResult {
  modems: DiscoveredModem[];
  /** Ports that are no USB device (ttyS0, ttyAMA0): not probed. */
  other: ListedPort[];
}

/** Lists the binding's ports and enriches them (sysfs on Linux). */
export async function listPorts(binding: SerialBinding, options: Pick<DiscoverOptions, 'platform' | 'sysfs' | 'signal'> = {}): Promise<ListedPort[]> {
  const { platform = process.platform, sysfs = platform === 'linux', signal } = options;
  throwIfAborted(signal);
  const ports = await binding.list();
  throwIfAborted(signal);
  if (platform !== 'linux' || sysfs === false) return ports;
  return enrichFromSysfs(ports, { ...(typeof sysfs === 'object' ? sysfs : {}), signal });
}

export async function discover(binding: SerialBinding, options: DiscoverOptions = {}): Promise<DiscoveryResult> {
  if (typeof binding?.list !== 'function') throw new TypeError('binding must implement list() and open()');
  const { platform = process.platform, known = [], probe = true, sysfs, hints, signal, ...probeOptions } = options;
  if (!Array.isArray(known)) throw new TypeError('known must be an array of KnownModem');
  if (typeof probe !== 'boolean') throw new TypeError('probe must be a boolean');
  const listed = await listPorts(binding, { platform, sysfs, signal });
  const { candidates, other } = groupPorts(listed, platform, { hints });
  const probed = probe ? await probeCandidates(binding, candidates, { ...probeOptions, platform, signal }) : null;
  const taken = new Set<string>();
  const modems = candidates.map((candidate, i): DiscoveredModem => {
    const r = probed?.[i] ?? null;
    const imei = r?.identity?.imei ?? null;
    // Two candidates never share a known modem's key.
    const match = matchIdentity(
      known.filter((k) => !taken.has(k.key)),
      identityFacts(candidate, imei),
    );
    // Twins without IMEI, serial or topology would share a made-up key: the group key tells them apart.
    const key = match.by === 'new' && taken.has(match.key) ? `${match.key}/${candidate.key}` : match.key;
    taken.add(key);
    return {
      key,
      matchedBy: match.by,
      candidate,
      atPath: r?.atPath ?? null,
      ports: r?.ports ?? candidate.ports.map(({ path, role, interface: iface }) => ({ path, role, interface: iface })),
      identity: r?.identity ?? null,
      probes: r?.probes ?? null,
      notes: candidate.notes,
      diagnostics: r?.diagnostics ?? [],
      ready: (r?.atPath ?? null) !== null,
    };
  });
  await addQmiPorts(modems, { platform, sysfs, probe, signal });
  return { modems, other };
}

/**
 * Linux: the modem's cdc-wdm device (usbmisc, same USB device) as its `qmi` port, with a
 * diagnostic when we may not open it. Only for modems whose ports are real /dev nodes.
 */
async function addQmiPorts(modems: DiscoveredModem[], o: Pick<DiscoverOptions, 'platform' | 'sysfs' | 'probe' | 'signal'>): Promise<void> {
  if (o.platform !== 'linux' || o.sysfs === false) return;
  const opts = typeof o.sysfs === 'object' ? o.sysfs : {};
  const devRoot = opts.devRoot ?? '/dev';
  const devices = await findQmiDevices({ ...opts, signal: o.signal });
  if (devices.length === 0) return;
  for (const m of modems) {
    if (!m.candidate.ports.some((p) => p.path.startsWith(`${devRoot}/`))) continue;
    const q = qmiPortFor(m.candidate, devices);
    if (!q || m.ports.some((p) => p.path === q.path)) continue;
    m.ports.push(q);
    if (o.probe === false) continue;
    const d = await checkQmiAccess(q.path, { platform: 'linux', interface: q.interface });
    if (d) m.diagnostics.push(d);
  }
}

/** What to remember about discovered modems for the next `matchIdentity`. */
export function toKnownModems(modems: readonly DiscoveredModem[]): KnownModem[] {
  return modems.map((m) => ({
    key: m.key,
    imei: m.identity?.imei ?? null,
    usbSerial: m.candidate.serialNumber,
    topology: m.candidate.topology,
    vendorId: m.candidate.vendorId,
    productId: m.candidate.productId,
  }));
}
