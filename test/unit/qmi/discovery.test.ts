import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover } from '../../../src-main/core/discovery/discover';
import { checkQmiAccess, findQmiDevices, qmiAccessDiagnostic, qmiPortFor } from '../../../src-main/core/discovery/qmi';
import type { SerialBinding } from '../../../src-main/core/serial/binding';

/** A fake /sys with two EC25s: cdc-wdm0 under 1-1.4.2 If4 (qmi_wwan), cdc-wdm1 under 1-1.4.3 If4. */
function fakeSys(): { sys: string; dev: string } {
  const root = mkdtempSync(join(tmpdir(), 'mb-qmi-sys-'));
  const sys = join(root, 'sys');
  const dev = join(root, 'dev');
  mkdirSync(dev);
  const drivers = join(sys, 'bus', 'usb', 'drivers');
  mkdirSync(join(drivers, 'qmi_wwan'), { recursive: true });
  mkdirSync(join(drivers, 'cdc_mbim'), { recursive: true });
  const add = (n: number, bus: string, iface: number, driver: string): void => {
    const ifdir = join(sys, 'devices', 'pci0000:00', 'usb1', '1-1', '1-1.4', bus, `${bus}:1.${iface}`);
    mkdirSync(join(ifdir, 'usbmisc', `cdc-wdm${n}`), { recursive: true });
    writeFileSync(join(ifdir, 'bInterfaceNumber'), `${iface.toString(16).padStart(2, '0')}\n`);
    symlinkSync(join(drivers, driver), join(ifdir, 'driver'));
    mkdirSync(join(sys, 'class', 'usbmisc', `cdc-wdm${n}`), { recursive: true });
    symlinkSync(ifdir, join(sys, 'class', 'usbmisc', `cdc-wdm${n}`, 'device'));
    writeFileSync(join(dev, `cdc-wdm${n}`), '');
  };
  add(0, '1-1.4.2', 4, 'qmi_wwan');
  add(1, '1-1.4.3', 4, 'qmi_wwan');
  add(2, '1-1.4.5', 2, 'cdc_mbim');
  return { sys, dev };
}

describe('QMI discovery through sysfs (usbmisc)', () => {
  it('finds each cdc-wdm with its bus path, interface and driver', async () => {
    const { sys, dev } = fakeSys();
    const found = await findQmiDevices({ sysRoot: sys, devRoot: dev });
    expect(found).toEqual([
      { path: join(dev, 'cdc-wdm0'), busPath: '1-1.4.2', interfaceNumber: 4, driver: 'qmi_wwan' },
      { path: join(dev, 'cdc-wdm1'), busPath: '1-1.4.3', interfaceNumber: 4, driver: 'qmi_wwan' },
      { path: join(dev, 'cdc-wdm2'), busPath: '1-1.4.5', interfaceNumber: 2, driver: 'cdc_mbim' },
    ]);
  });

  it('ties a QMI device to the candidate on the same USB device with role qmi; MBIM is not QMI', async () => {
    const { sys, dev } = fakeSys();
    const found = await findQmiDevices({ sysRoot: sys, devRoot: dev });
    expect(qmiPortFor({ topology: '1-1.4.3' }, found)).toEqual({ path: join(dev, 'cdc-wdm1'), role: 'qmi', interface: 4 });
    expect(qmiPortFor({ topology: '1-1.4.5' }, found)).toBeNull();
    expect(qmiPortFor({ topology: null }, found)).toBeNull();
  });

  it('no usbmisc class (no qmi_wwan, not Linux) is an empty list', async () => {
    expect(await findQmiDevices({ sysRoot: join(tmpdir(), 'no-such-sys-root') })).toEqual([]);
  });

  it('explains a cdc-wdm node we may not open like a serial one, with the udev fix', async () => {
    const { dev } = fakeSys();
    expect(await checkQmiAccess(join(dev, 'cdc-wdm0'))).toBeNull();
    expect(await checkQmiAccess(join(dev, 'cdc-wdm9'))).toMatchObject({ problem: 'vanished', code: 'port-not-found', role: 'qmi' });
    const d = qmiAccessDiagnostic('/dev/cdc-wdm0', 'EACCES', { platform: 'linux', interface: 4 });
    expect(d).toMatchObject({ problem: 'permission-denied', code: 'permission-denied', role: 'qmi', interface: 4, summary: 'Permission denied opening /dev/cdc-wdm0 (qmi).' });
    expect(d.fixes[0]).toMatch(/udev/);
    expect(d.fixes[1]).toMatch(/usermod -aG dialout/);
    expect(qmiAccessDiagnostic('/dev/cdc-wdm0', 'EBUSY').problem).toBe('busy');
  });
});

describe('discover() adds the cdc-wdm of the same USB device as the qmi port', () => {
  it('Linux listing of one EC25 (ttyUSB0-3 on 1-1.4.2) gets /dev/cdc-wdm0 with role qmi, If4', async () => {
    const { sys, dev } = fakeSys();
    const ports = [0, 1, 2, 3].map((i) => ({
      path: join(dev, `ttyUSB${i}`),
      manufacturer: 'Quectel',
      serialNumber: undefined,
      pnpId: `usb-Quectel_EC25-EUX-if0${i}-port0`,
      vendorId: '2c7c',
      productId: '0125',
      sysfs: { busPath: '1-1.4.2', interfaceNumber: i, serial: null, product: 'EC25-EUX', bcdDevice: '0318' },
    }));
    const binding = { list: async () => ports, open: async () => { throw new Error('not opened: probe off'); } } as unknown as SerialBinding;
    const r = await discover(binding, { platform: 'linux', probe: false, sysfs: { sysRoot: sys, devRoot: dev } });
    expect(r.modems).toHaveLength(1);
    expect(r.modems[0]!.ports.find((p) => p.role === 'qmi')).toEqual({ path: join(dev, 'cdc-wdm0'), role: 'qmi', interface: 4 });
    const off = await discover(binding, { platform: 'linux', probe: false, sysfs: false });
    expect(off.modems[0]!.ports.some((p) => p.role === 'qmi')).toBe(false);
  });
});

describe('build/99-modem-bench.rules', () => {
  it('gives Quectel cdc-wdm (usbmisc) nodes to dialout, as the permission fix says', () => {
    const rules = readFileSync(new URL('../../../build/99-modem-bench.rules', import.meta.url), 'utf8').split('\n').filter((l) => !l.startsWith('#'));
    const usbmisc = rules.find((l) => l.startsWith('SUBSYSTEM=="usbmisc"'))!;
    expect(usbmisc).toContain('ATTRS{idVendor}=="2c7c"');
    expect(usbmisc).toContain('MODE="0660"');
    expect(usbmisc).toContain('GROUP="dialout"');
  });
});
