/**
 * Linux: each modem's QMI control device. qmi_wwan binds interface 4 of an
 * EC25/EG25 in the default `usbnet` 0 composition (ec25-facts §2) and gives
 * it a `usbmisc` class device, `/dev/cdc-wdmN`: not a tty, so the serial port
 * list never shows it. `/sys/class/usbmisc/cdc-wdm0/device` resolves to the
 * interface directory `.../1-1.4.2/1-1.4.2:1.4`; its USB device's bus path is
 * the candidate's topology. Windows exposes no such file (QMI there goes
 * through vendor drivers), macOS has no qmi_wwan.
 */
import { access, constants, readdir, readFile, readlink, realpath } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { throwIfAborted } from '../errors';
import type { DiagnoseContext, PortDiagnostic } from './diagnostics';
import type { CandidateModem, ModemPort } from './types';

export interface QmiDeviceInfo {
  /** `/dev/cdc-wdm0` */
  path: string;
  /** The USB device's bus path (`1-1.4.2`). */
  busPath: string;
  /** bInterfaceNumber of the interface (4 on an EC25 in `usbnet` 0). */
  interfaceNumber: number;
  /** The kernel driver: `qmi_wwan` (QMI) or `cdc_mbim` (MBIM: not QMI). */
  driver: string | null;
}

export interface QmiDiscoveryOptions {
  /** @default '/sys' */
  sysRoot?: string;
  /** @default '/dev' */
  devRoot?: string;
  signal?: AbortSignal;
}

const INTERFACE_DIR = /^(\d+-[\d.]+):(\d+)\.(\d+)$/;

/** Every cdc-wdm device sysfs knows, with its USB bus path and interface. Empty off Linux. */
export async function findQmiDevices(options: QmiDiscoveryOptions = {}): Promise<QmiDeviceInfo[]> {
  const { sysRoot = '/sys', devRoot = '/dev', signal } = options;
  throwIfAborted(signal);
  let names: string[];
  try {
    names = (await readdir(join(sysRoot, 'class', 'usbmisc'))).filter((n) => /^cdc-wdm\d+$/.test(n));
  } catch {
    return [];
  }
  const out: QmiDeviceInfo[] = [];
  for (const name of names.sort((a, b) => Number(a.slice(7)) - Number(b.slice(7)))) {
    const dev = join(sysRoot, 'class', 'usbmisc', name, 'device');
    let iface: string;
    try {
      iface = await realpath(dev);
    } catch {
      continue; // vanished meanwhile
    }
    const m = INTERFACE_DIR.exec(basename(iface));
    if (!m) continue;
    const attr = (await readFile(join(iface, 'bInterfaceNumber'), 'utf8').catch(() => '')).trim();
    const interfaceNumber = /^[0-9a-f]+$/i.test(attr) ? Number.parseInt(attr, 16) : Number.parseInt(m[3]!, 10);
    const driver = await readlink(join(iface, 'driver')).then((l) => basename(l), () => null);
    out.push({ path: join(devRoot, name), busPath: m[1]!, interfaceNumber, driver });
  }
  return out;
}

/** The QMI port of a candidate (same USB device; a QMI driver, not MBIM), or null. */
export function qmiPortFor(candidate: Pick<CandidateModem, 'topology'>, devices: readonly QmiDeviceInfo[]): ModemPort | null {
  if (!candidate.topology) return null;
  const d = devices.find((x) => x.busPath === candidate.topology && x.driver !== 'cdc_mbim');
  return d ? { path: d.path, role: 'qmi', interface: d.interfaceNumber } : null;
}

/**
 * Whether we may open the QMI device read-write; the diagnostic when we may not. cdc-wdm nodes
 * are root-only by default (udev gives them no group), unlike ttys in `dialout`.
 */
export async function checkQmiAccess(path: string, ctx: Omit<DiagnoseContext, 'role'> = { platform: 'linux' }): Promise<PortDiagnostic | null> {
  try {
    await access(path, constants.R_OK | constants.W_OK);
    return null;
  } catch (err) {
    return qmiAccessDiagnostic(path, (err as NodeJS.ErrnoException).code ?? 'EACCES', ctx);
  }
}

/** The diagnostic for an errno from opening a QMI device (pure). */
export function qmiAccessDiagnostic(path: string, errno: string, ctx: Omit<DiagnoseContext, 'role'> = { platform: 'linux' }): PortDiagnostic {
  const base = { path, role: 'qmi' as const, interface: ctx.interface ?? null, holders: [] };
  if (errno === 'ENOENT' || errno === 'ENODEV' || errno === 'ENXIO') {
    return { ...base, problem: 'vanished', code: 'port-not-found', summary: `${path} (qmi) does not exist.`, fixes: ['The modem was unplugged or re-enumerated: run `modem-bench list` again.'] };
  }
  if (errno === 'EBUSY') {
    return { ...base, problem: 'busy', code: 'port-busy', summary: `${path} (qmi) is busy.`, fixes: ['Another program holds the QMI device (ModemManager, qmicli, qmi-proxy): close it, or install the udev rule so ModemManager ignores bench modems.'] };
  }
  return {
    ...base,
    problem: 'permission-denied',
    code: 'permission-denied',
    summary: `Permission denied opening ${path} (qmi).`,
    fixes: [
      'QMI devices (cdc-wdm) are root-only unless a udev rule gives them a group. Install the rule that ships with Modem Bench (build/99-modem-bench.rules: it puts Quectel cdc-wdm nodes in dialout, mode 0660): `sudo cp 99-modem-bench.rules /etc/udev/rules.d/ && sudo udevadm control --reload && sudo udevadm trigger`.',
      'And be in dialout: `sudo usermod -aG dialout $USER`, then log out and back in.',
    ],
  };
}
