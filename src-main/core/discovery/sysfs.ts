/**
 * Linux: the USB device and interface behind a tty, from sysfs. serialport's
 * Linux list has no location, and its by-id names collide for modems without
 * a serial number, so the bus path (`1-1.4.2`) is what tells 30 identical
 * modems apart. `/sys/class/tty/ttyUSB7/device` resolves to
 * `.../usb1/1-1/1-1.4/1-1.4.2/1-1.4.2:1.2/ttyUSB7` (option) or to the
 * interface directory itself (cdc_acm).
 */
import { readFile, realpath } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { throwIfAborted } from '../errors';
import type { ListedPort, SysfsUsbInfo } from './types';

export interface SysfsOptions {
  /** Where sysfs is mounted (tests point it at a fake tree). @default '/sys' */
  sysRoot?: string;
  /** Where device nodes live; only ports under it are looked up. @default '/dev' */
  devRoot?: string;
  signal?: AbortSignal;
}

const INTERFACE_DIR = /^(\d+-[\d.]+):(\d+)\.(\d+)$/;

async function readAttr(dir: string, name: string): Promise<string | null> {
  try {
    const v = (await readFile(join(dir, name), 'utf8')).trim();
    return v === '' ? null : v;
  } catch {
    return null;
  }
}

/** The USB facts of one tty, or null when it is not a USB tty (ttyS0) or sysfs has nothing. */
export async function readSysfsUsbInfo(ttyName: string, options: SysfsOptions = {}): Promise<SysfsUsbInfo | null> {
  const { sysRoot = '/sys', signal } = options;
  if (typeof ttyName !== 'string' || ttyName === '' || ttyName.includes('/')) throw new TypeError(`ttyName must be a bare tty name like ttyUSB7, got ${String(ttyName)}`);
  throwIfAborted(signal);
  let real: string;
  try {
    real = await realpath(join(sysRoot, 'class', 'tty', ttyName, 'device'));
  } catch {
    return null;
  }
  // Walk up to the interface directory `<busPath>:<config>.<interface>`.
  let dir = real;
  for (let i = 0; i < 4 && dir !== dirname(dir); i++, dir = dirname(dir)) {
    const m = INTERFACE_DIR.exec(basename(dir));
    if (!m) continue;
    const ifaceAttr = await readAttr(dir, 'bInterfaceNumber');
    const interfaceNumber = ifaceAttr !== null && /^[0-9a-f]+$/i.test(ifaceAttr) ? Number.parseInt(ifaceAttr, 16) : Number.parseInt(m[3]!, 10);
    const device = dirname(dir);
    const [serial, product, bcdDevice] = await Promise.all([readAttr(device, 'serial'), readAttr(device, 'product'), readAttr(device, 'bcdDevice')]);
    return { busPath: m[1]!, interfaceNumber, serial, product, bcdDevice };
  }
  return null;
}

/**
 * Adds `sysfs` to each Linux USB tty of a listing (others pass through). A
 * port whose sysfs entry vanished meanwhile keeps what the listing said.
 */
export async function enrichFromSysfs(ports: readonly ListedPort[], options: SysfsOptions = {}): Promise<ListedPort[]> {
  const { devRoot = '/dev' } = options;
  const prefix = devRoot.endsWith('/') ? devRoot : `${devRoot}/`;
  return Promise.all(
    ports.map(async (p) => {
      if (p.sysfs || !p.path.startsWith(prefix)) return p;
      let name = basename(p.path);
      // /dev/serial/by-id/... and other links: the tty they point at.
      if (!name.startsWith('tty')) name = basename(await realpath(p.path).catch(() => p.path));
      const info = await readSysfsUsbInfo(name, options);
      return info ? { ...p, sysfs: info } : p;
    }),
  );
}
