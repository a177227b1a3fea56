import { describe, expect, it } from 'vitest';
import { groupPorts, type CandidateModem, type ListedPort } from '../../../src-main/core/discovery/index';
import { hubSlot, linuxBench, uniqueSerial, windowsBench } from '../../fixtures/ports/benches';
import { loadPorts } from '../../fixtures/ports/load';

const roles = (c: CandidateModem): [number | null, string, string][] => c.ports.map((p) => [p.interface, p.role, p.path]);
const byPath = (cs: CandidateModem[], path: string): CandidateModem => {
  const c = cs.find((x) => x.ports.some((p) => p.path === path));
  if (!c) throw new Error(`no candidate holds ${path}`);
  return c;
};
/** Adds what enrichFromSysfs would find for a bench built by linuxBench. */
function withSysfs(ports: ListedPort[], modems: { tty: number; busPath: string }[]): ListedPort[] {
  return ports.map((p) => {
    const n = /ttyUSB(\d+)$/.exec(p.path);
    if (!n || p.vendorId !== '2c7c') return p;
    const tty = Number(n[1]);
    const m = modems.find((x) => tty >= x.tty && tty < x.tty + 4)!;
    return { ...p, sysfs: { busPath: m.busPath, interfaceNumber: tty - m.tty } };
  });
}

describe('groupPorts on Linux', () => {
  it('30 EC25 behind hubs with unique serials (no locationId, as serialport 13 lists them), an FTDI and ttyS0-3', () => {
    const { ports, modems } = linuxBench(30, uniqueSerial);
    const { candidates, other } = groupPorts(ports, 'linux');
    expect(other.map((p) => p.path)).toEqual(['/dev/ttyS0', '/dev/ttyS1', '/dev/ttyS2', '/dev/ttyS3']);
    const quectel = candidates.filter((c) => c.vendorId === '2c7c');
    expect(quectel).toHaveLength(30);
    for (const [slot, spec] of modems.entries()) {
      const c = byPath(candidates, `/dev/ttyUSB${spec.tty + 2}`);
      expect(c.serialNumber).toBe(uniqueSerial(slot));
      expect(c.groupedBy).toBe('serial');
      expect(c.composition).toBe('default');
      expect(roles(c)).toEqual([
        [0, 'diag', `/dev/ttyUSB${spec.tty}`],
        [1, 'nmea', `/dev/ttyUSB${spec.tty + 1}`],
        [2, 'at', `/dev/ttyUSB${spec.tty + 2}`],
        [3, 'at-secondary', `/dev/ttyUSB${spec.tty + 3}`],
      ]);
      expect(c.model).toBe('EC25/EG25-G');
      expect(c.product).toBe('EC25-EUX');
    }
    // The FTDI adapter sits between modems in tty order: a generic candidate of its own, to be probed.
    const ftdi = candidates.find((c) => c.vendorId === '0403')!;
    expect(ftdi).toMatchObject({ composition: 'generic', model: null, serialNumber: 'A50285BI' });
    expect(ftdi.ports.map((p) => p.role)).toEqual(['unknown']);
    expect(new Set(candidates.map((c) => c.key)).size).toBe(candidates.length);
  });

  it('30 EC25 all reporting the same serial: the serial is distrusted and the bus path decides', () => {
    const { ports, modems } = linuxBench(30, () => 'community_fw');
    const { candidates } = groupPorts(withSysfs(ports, modems), 'linux');
    const quectel = candidates.filter((c) => c.vendorId === '2c7c');
    expect(quectel).toHaveLength(30);
    for (const [slot, spec] of modems.entries()) {
      const c = byPath(candidates, `/dev/ttyUSB${spec.tty}`);
      expect(c).toMatchObject({ groupedBy: 'topology', topology: hubSlot(slot), serialShared: true, key: `2c7c:0125@${hubSlot(slot)}` });
      expect(c.ports.map((p) => p.path)).toEqual([0, 1, 2, 3].map((i) => `/dev/ttyUSB${spec.tty + i}`));
    }
  });

  it('30 EC25 without serial and without sysfs: split by tty order, flagged as ambiguous', () => {
    const { ports, modems } = linuxBench(30, () => null);
    const { candidates } = groupPorts(ports, 'linux');
    const quectel = candidates.filter((c) => c.vendorId === '2c7c');
    expect(quectel).toHaveLength(30);
    for (const spec of modems) {
      const c = byPath(candidates, `/dev/ttyUSB${spec.tty}`);
      expect(c.groupedBy).toBe('tty-order');
      expect(c.ports.map((p) => p.path)).toEqual([0, 1, 2, 3].map((i) => `/dev/ttyUSB${spec.tty + i}`));
      expect(c.notes.map((n) => n.kind)).toContain('ambiguous-grouping');
    }
  });

  it('uses locationId when the binding gives one (the simulator does)', () => {
    const { ports, modems } = linuxBench(8, () => null, { withLocation: true });
    const { candidates } = groupPorts(ports, 'linux');
    const c = byPath(candidates, `/dev/ttyUSB${modems[5]!.tty + 2}`);
    expect(c).toMatchObject({ groupedBy: 'topology', topology: hubSlot(5), location: hubSlot(5) });
    expect(c.notes).toEqual([]);
  });

  it('a mixed bench: RNDIS, QHSUSB__BULK, shared serials, serial-less twins, CP2102s with the factory serial, ACM, ttyS', () => {
    const { candidates, other } = groupPorts(loadPorts('linux-mixed'), 'linux');
    expect(other.map((p) => p.path)).toEqual(['/dev/ttyS0', '/dev/ttyS1']);

    expect(roles(byPath(candidates, '/dev/ttyUSB0'))).toEqual([
      [0, 'diag', '/dev/ttyUSB0'],
      [1, 'nmea', '/dev/ttyUSB1'],
      [2, 'at', '/dev/ttyUSB2'],
      [3, 'at-secondary', '/dev/ttyUSB3'],
    ]);

    const rndis = byPath(candidates, '/dev/ttyUSB4');
    expect(rndis.composition).toBe('rndis');
    expect(roles(rndis)).toEqual([
      [2, 'diag', '/dev/ttyUSB4'],
      [3, 'nmea', '/dev/ttyUSB5'],
      [4, 'at', '/dev/ttyUSB6'],
      [5, 'at-secondary', '/dev/ttyUSB7'],
    ]);

    const bulk = byPath(candidates, '/dev/ttyUSB8');
    expect(bulk).toMatchObject({ composition: 'bootloader', product: 'QHSUSB__BULK', serialNumber: null, topology: '1-1.3' });
    expect(roles(bulk)).toEqual([[0, 'diag', '/dev/ttyUSB8']]);
    expect(bulk.notes.map((n) => n.kind)).toEqual(['bootloader']);
    expect(bulk.notes[0]!.message).toMatch(/power cycle/);

    const pineA = byPath(candidates, '/dev/ttyUSB9');
    const pineB = byPath(candidates, '/dev/ttyUSB13');
    expect(pineA).not.toBe(pineB);
    expect(pineA).toMatchObject({ serialNumber: 'community_fw', serialShared: true, topology: '1-1.4.1', groupedBy: 'topology' });
    expect(pineB.ports.map((p) => p.path)).toEqual(['/dev/ttyUSB13', '/dev/ttyUSB14', '/dev/ttyUSB15', '/dev/ttyUSB16']);

    const ec21a = byPath(candidates, '/dev/ttyUSB17');
    const ec21b = byPath(candidates, '/dev/ttyUSB21');
    expect(ec21a).toMatchObject({ model: 'EC21', topology: '2-1.1', serialNumber: null, composition: 'default' });
    expect(ec21b.ports.map((p) => p.path)).toEqual(['/dev/ttyUSB21', '/dev/ttyUSB22', '/dev/ttyUSB23', '/dev/ttyUSB24']);

    const cp = candidates.filter((c) => c.vendorId === '10c4');
    expect(cp.map((c) => [c.topology, c.ports.length, c.serialShared])).toEqual([
      ['3-3.1', 1, true],
      ['3-3.2', 1, true],
    ]);
    expect(byPath(candidates, '/dev/ttyACM0')).toMatchObject({ composition: 'generic', vendorId: '1546' });
    expect(candidates).toHaveLength(7 + 4);
  });

  it('RNDIS from a known usbnet hint, and the no-AT-port note when only DIAG and NMEA are bound', () => {
    const mk = (iface: number, tty: number): ListedPort => ({
      path: `/dev/ttyUSB${tty}`,
      manufacturer: 'Quectel',
      serialNumber: 'X1',
      pnpId: `usb-Quectel_EC25_X1-if0${iface}-port0`,
      locationId: undefined,
      vendorId: '2c7c',
      productId: '0125',
    });
    const two = [mk(2, 0), mk(3, 1)];
    // Ambiguous without a hint: If2/If3 are AT ports in the default layout.
    expect(roles(groupPorts(two, 'linux').candidates[0]!).map((r) => r[1])).toEqual(['at', 'at-secondary']);
    const hinted = groupPorts(two, 'linux', { hints: () => ({ usbnet: 3 }) }).candidates[0]!;
    expect(hinted.composition).toBe('rndis');
    expect(hinted.ports.map((p) => p.role)).toEqual(['diag', 'nmea']);
    expect(hinted.notes.map((n) => n.kind)).toEqual(['no-at-port']);
    const lone = groupPorts([mk(0, 0)], 'linux').candidates[0]!;
    expect(lone.composition).toBe('bootloader');
    expect(lone.notes.map((n) => n.kind)).toEqual(['lone-diag']);
  });

  it('rejects a malformed listing with a TypeError naming the field', () => {
    expect(() => groupPorts({} as unknown as ListedPort[], 'linux')).toThrow(/ports must be an array/);
    expect(() => groupPorts([{ path: '' } as ListedPort], 'linux')).toThrow(/ports\[\]\.path/);
  });
});

describe('groupPorts on Windows', () => {
  it('30 EC25 without iSerial: made-up serials ignored, grouped by the parent prefix; COM1, Bluetooth left out; FTDI generic', () => {
    const { ports, modems } = windowsBench(30);
    const { candidates, other } = groupPorts(ports, 'win32');
    expect(other.map((p) => p.path)).toEqual(['COM1', 'COM4']);
    const quectel = candidates.filter((c) => c.vendorId === '2c7c');
    expect(quectel).toHaveLength(30);
    for (const spec of modems) {
      const c = byPath(candidates, `COM${spec.firstCom + 2}`);
      expect(c).toMatchObject({ serialNumber: null, topology: `6&${spec.parentHash}&0`, location: spec.location, productId: '0125', groupedBy: 'topology' });
      expect(roles(c)).toEqual([
        [0, 'diag', `COM${spec.firstCom}`],
        [1, 'nmea', `COM${spec.firstCom + 1}`],
        [2, 'at', `COM${spec.firstCom + 2}`],
      ]);
    }
    expect(candidates.find((c) => c.vendorId === '0403')).toMatchObject({ composition: 'generic', serialNumber: 'A50285BI' });
  });

  it('a mixed Windows bench: with and without iSerial, an EG95, a module in EDL', () => {
    const { candidates, other } = groupPorts(loadPorts('windows-mixed'), 'win32');
    expect(other.map((p) => p.path)).toEqual(['COM1']);
    expect(byPath(candidates, 'COM12')).toMatchObject({ serialNumber: null, topology: '6&2A3B4C5D&0', location: 'Port_#0002.Hub_#0004' });
    expect(byPath(candidates, 'COM16')).toMatchObject({ serialNumber: '0C5A9E21', groupedBy: 'serial' });
    expect(byPath(candidates, 'COM16').ports.map((p) => p.path)).toEqual(['COM15', 'COM16', 'COM17']);
    expect(byPath(candidates, 'COM22')).toMatchObject({ model: 'EG95', composition: 'default' });
    const edl = byPath(candidates, 'COM30');
    expect(edl).toMatchObject({ vendorId: '05c6', productId: '9008', composition: 'bootloader' });
    expect(edl.notes[0]!.kind).toBe('bootloader');
    expect(candidates).toHaveLength(5);
  });
});
