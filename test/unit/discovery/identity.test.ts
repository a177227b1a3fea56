import { describe, expect, it } from 'vitest';
import { groupPorts, identityFacts, identityKey, matchIdentity, type KnownModem } from '../../../src-main/core/discovery/index';
import { linuxModem } from '../../fixtures/ports/benches';

const known = (p: Partial<KnownModem> & { key: string }): KnownModem => ({
  imei: null,
  usbSerial: null,
  topology: null,
  vendorId: '2c7c',
  productId: '0125',
  ...p,
});

const bench: KnownModem[] = [
  known({ key: '861458030000010', imei: '861458030000010', usbSerial: '0C5A9E21', topology: '1-1.1.1' }),
  known({ key: '861458030000028', imei: '861458030000028', usbSerial: 'community_fw', topology: '1-1.1.2' }),
  known({ key: '861458030000036', imei: '861458030000036', usbSerial: 'community_fw', topology: '1-1.1.3' }),
  known({ key: 'usb:@1-1.1.4', usbSerial: null, topology: '1-1.1.4' }),
];

describe('matchIdentity', () => {
  it('a re-enumerated modem (new ttys, same USB device) maps to the same key', () => {
    // Before: ttyUSB0-3. After a reset: ttyUSB8-11, same serial and bus path, IMEI not read yet.
    const before = groupPorts(linuxModem({ tty: 0, busPath: '1-1.1.1', serial: '0C5A9E21', withLocation: true }), 'linux').candidates[0]!;
    const after = groupPorts(linuxModem({ tty: 8, busPath: '1-1.1.1', serial: '0C5A9E21', withLocation: true }), 'linux').candidates[0]!;
    expect(after.ports.map((p) => p.path)).not.toEqual(before.ports.map((p) => p.path));
    expect(matchIdentity(bench, identityFacts(after))).toEqual({ key: '861458030000010', previous: bench[0], by: 'usb-serial+topology' });
    expect(matchIdentity(bench, identityFacts(after, '861458030000010')).by).toBe('imei');
  });

  it('IMEI wins: a modem moved to another hub port keeps its key', () => {
    const m = matchIdentity(bench, { imei: '861458030000028', serialNumber: 'community_fw', serialShared: true, topology: '1-1.6.6', vendorId: '2c7c', productId: '0125' });
    expect(m).toMatchObject({ key: '861458030000028', by: 'imei' });
  });

  it('a shared serial alone says nothing; serial + topology does', () => {
    const moved = { serialNumber: 'community_fw', serialShared: true, topology: '1-1.6.6', vendorId: '2c7c', productId: '0125' };
    expect(matchIdentity(bench, moved)).toEqual({ key: 'usb:community_fw@1-1.6.6', previous: null, by: 'new' });
    expect(matchIdentity(bench, { ...moved, topology: '1-1.1.3' })).toMatchObject({ key: '861458030000036', by: 'usb-serial+topology' });
  });

  it('a unique serial on a new hub port is the same modem', () => {
    expect(matchIdentity(bench, { serialNumber: '0C5A9E21', topology: '1-2.1', vendorId: '2c7c', productId: '0125' })).toMatchObject({
      key: '861458030000010',
      by: 'usb-serial',
    });
  });

  it('another IMEI in the same slot is another modem, not the one that was there', () => {
    const m = matchIdentity(bench, { imei: '861458030000999', serialNumber: '0C5A9E21', topology: '1-1.1.1', vendorId: '2c7c', productId: '0125' });
    expect(m).toEqual({ key: '861458030000999', previous: null, by: 'new' });
  });

  it('a modem back as QHSUSB__BULK (no serial) on its hub port is matched by topology', () => {
    expect(matchIdentity(bench, { serialNumber: null, topology: '1-1.1.2', vendorId: '2c7c', productId: '0125' })).toMatchObject({
      key: '861458030000028',
      by: 'topology',
    });
    // A different serial on that port is a different device.
    expect(matchIdentity(bench, { serialNumber: 'OTHER', topology: '1-1.1.2', vendorId: '2c7c', productId: '0125' }).by).toBe('new');
  });

  it('serial-less modems match on topology; keys are deterministic', () => {
    expect(matchIdentity(bench, { serialNumber: null, topology: '1-1.1.4', vendorId: '2c7c', productId: '0125' })).toMatchObject({
      key: 'usb:@1-1.1.4',
      by: 'usb-serial+topology',
    });
    expect(identityKey({ imei: '861458030000044', serialNumber: 'x', topology: 'y', vendorId: '2c7c', productId: '0125' })).toBe('861458030000044');
    expect(identityKey({ serialNumber: null, topology: '6&2A3B4C5D&0', vendorId: '2c7c', productId: '0125' })).toBe('usb:@6&2A3B4C5D&0');
  });

  it('rejects bad arguments with a TypeError', () => {
    expect(() => matchIdentity(null as unknown as KnownModem[], identityFacts(groupPorts(linuxModem({ tty: 0, busPath: '1-1', serial: 'a' }), 'linux').candidates[0]!)))
      .toThrow(/previous/);
    expect(() => matchIdentity([], null as never)).toThrow(/candidate/);
  });
});
