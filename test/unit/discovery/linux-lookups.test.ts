import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { enrichFromSysfs, findPortHolders, groupPorts, readSysfsUsbInfo } from '../../../src-main/core/discovery/index';
import { hubSlot, linuxBench } from '../../fixtures/ports/benches';
import { addPlatformTty, addProcess, addUsbTty, fakeRoot, type FakeTree } from '../../fixtures/ports/fake-fs';

const trees: FakeTree[] = [];
function tree(prefix: string): string {
  const t = fakeRoot(prefix);
  trees.push(t);
  return t.root;
}
afterEach(() => {
  for (const t of trees.splice(0)) t.remove();
});

describe('sysfs', () => {
  it('reads bus path, interface, serial, product and bcdDevice behind option and ACM ttys', async () => {
    const sys = tree('mb-sys-');
    addUsbTty(sys, { tty: 'ttyUSB7', busPath: '1-1.4.2', interface: 3, serial: '0C5A9E21', product: 'EC25-EUX' });
    addUsbTty(sys, { tty: 'ttyUSB8', busPath: '1-1.3', interface: 0, product: 'QHSUSB__BULK', bcdDevice: '0000' });
    addUsbTty(sys, { tty: 'ttyACM0', busPath: '3-4', interface: 0, product: 'u-blox GNSS receiver', acm: true });
    addPlatformTty(sys, 'ttyS0');
    expect(await readSysfsUsbInfo('ttyUSB7', { sysRoot: sys })).toEqual({ busPath: '1-1.4.2', interfaceNumber: 3, serial: '0C5A9E21', product: 'EC25-EUX', bcdDevice: '0318' });
    expect(await readSysfsUsbInfo('ttyUSB8', { sysRoot: sys })).toEqual({ busPath: '1-1.3', interfaceNumber: 0, serial: null, product: 'QHSUSB__BULK', bcdDevice: '0000' });
    expect(await readSysfsUsbInfo('ttyACM0', { sysRoot: sys })).toMatchObject({ busPath: '3-4', interfaceNumber: 0 });
    expect(await readSysfsUsbInfo('ttyS0', { sysRoot: sys })).toBeNull();
    expect(await readSysfsUsbInfo('ttyUSB99', { sysRoot: sys })).toBeNull();
    await expect(readSysfsUsbInfo('/dev/ttyUSB7', { sysRoot: sys })).rejects.toThrow(TypeError);
  });

  it('30 serial-less EC25: serialport alone cannot tell them apart, sysfs can', async () => {
    const sys = tree('mb-sys-');
    const { ports, modems } = linuxBench(30, () => null);
    for (const m of modems) for (let i = 0; i < 4; i++) addUsbTty(sys, { tty: `ttyUSB${m.tty + i}`, busPath: m.busPath, interface: i, product: 'EC25-EUX' });
    addUsbTty(sys, { tty: 'ttyUSB60', busPath: '3-2', interface: 0, serial: 'A50285BI', product: 'FT232R USB UART' });
    for (const s of ['ttyS0', 'ttyS1', 'ttyS2', 'ttyS3']) addPlatformTty(sys, s);
    const enriched = await enrichFromSysfs(ports, { sysRoot: sys });
    const { candidates } = groupPorts(enriched, 'linux');
    const quectel = candidates.filter((c) => c.vendorId === '2c7c');
    expect(quectel).toHaveLength(30);
    expect(quectel.every((c) => c.groupedBy === 'topology' && c.notes.length === 0)).toBe(true);
    for (const [slot, m] of modems.entries()) {
      const c = quectel.find((x) => x.topology === hubSlot(slot))!;
      expect(c.ports.map((p) => [p.path, p.role])).toEqual([
        [`/dev/ttyUSB${m.tty}`, 'diag'],
        [`/dev/ttyUSB${m.tty + 1}`, 'nmea'],
        [`/dev/ttyUSB${m.tty + 2}`, 'at'],
        [`/dev/ttyUSB${m.tty + 3}`, 'at-secondary'],
      ]);
    }
  });

  it('follows /dev/serial/by-id links and leaves non-/dev paths alone', async () => {
    const sys = tree('mb-sys-');
    const dev = tree('mb-dev-');
    addUsbTty(sys, { tty: 'ttyUSB2', busPath: '1-2', interface: 2, serial: 'S1' });
    mkdirSync(join(dev, 'serial', 'by-id'), { recursive: true });
    const tty = join(dev, 'ttyUSB2');
    mkdirSync(tty);
    const byId = join(dev, 'serial', 'by-id', 'usb-Quectel_EC25_S1-if02-port0');
    symlinkSync('../../ttyUSB2', byId);
    const none = { manufacturer: undefined, serialNumber: undefined, pnpId: undefined, locationId: undefined, vendorId: undefined, productId: undefined };
    const [a, b] = await enrichFromSysfs([{ path: byId, ...none }, { path: 'sim:0.1:2', ...none }], { sysRoot: sys, devRoot: dev });
    expect(a!.sysfs).toMatchObject({ busPath: '1-2', interfaceNumber: 2 });
    expect(b!.sysfs).toBeUndefined();
  });
});

describe('findPortHolders (procfs)', () => {
  it('names the processes that hold the device, skipping unreadable ones and ourselves', async () => {
    const proc = tree('mb-proc-');
    addProcess(proc, { pid: 812, comm: 'ModemManager', cmdline: ['/usr/sbin/ModemManager'], fds: { 0: '/dev/null', 9: '/dev/ttyUSB2', 10: 'socket:[4242]' } });
    addProcess(proc, { pid: 4242, comm: 'minicom', cmdline: ['minicom', '-D', '/dev/ttyUSB2'], fds: { 3: '/dev/ttyUSB2' } });
    addProcess(proc, { pid: 5000, comm: 'bash', fds: { 0: '/dev/pts/1' } });
    addProcess(proc, { pid: 6000, comm: 'cron', fds: {}, hidden: true });
    addProcess(proc, { pid: 7000, comm: 'node', fds: { 20: '/dev/ttyUSB2' } });
    mkdirSync(join(proc, 'sys')); // non-pid entries are ignored
    const holders = await findPortHolders('/dev/ttyUSB2', { procRoot: proc, selfPid: 7000 });
    expect(holders).toEqual([
      { pid: 812, comm: 'ModemManager', cmdline: '/usr/sbin/ModemManager' },
      { pid: 4242, comm: 'minicom', cmdline: 'minicom -D /dev/ttyUSB2' },
    ]);
    expect(await findPortHolders('/dev/ttyUSB3', { procRoot: proc })).toEqual([]);
    expect(await findPortHolders('/dev/ttyUSB2', { procRoot: join(proc, 'missing') })).toEqual([]);
    await expect(findPortHolders('ttyUSB2', { procRoot: proc })).rejects.toThrow(/absolute path/);
    const ac = new AbortController();
    ac.abort();
    await expect(findPortHolders('/dev/ttyUSB2', { procRoot: proc, signal: ac.signal })).rejects.toMatchObject({ code: 'cancelled' });
  });
});
