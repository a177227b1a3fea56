import { describe, expect, it } from 'vitest';
import { KNOWN_DEVICES, detectComposition, knownDevice, normalizeId, roleFor } from '../../../src-main/core/discovery/index';

const ec25 = knownDevice('2c7c', '0125');

describe('known devices', () => {
  it('has the Quectel family of ec25-facts §1', () => {
    const ids = KNOWN_DEVICES.filter((d) => d.vendorId === '2c7c').map((d) => `${d.productId} ${d.model}`);
    expect(ids).toEqual(['0125 EC25/EG25-G', '0121 EC21', '0191 EG91', '0195 EG95', '0296 BG96', '0306 EP06']);
    expect(knownDevice('0403', '6001')).toBeNull();
    expect(normalizeId('2C7C')).toBe('2c7c');
    expect(normalizeId('0x125')).toBe('0125');
    expect(normalizeId('nope')).toBeNull();
  });

  it.each([
    [[0, 1, 2, 3], {}, 'default'],
    [[0, 1, 2], {}, 'default'], // Windows: If3 is a Modem-class device, not listed
    [[2, 3, 4, 5], {}, 'rndis'],
    [[2, 3, 4], {}, 'rndis'], // partly enumerated RNDIS: If4 is never a tty in the default layout
    [[2, 3], { usbnet: 3 }, 'rndis'],
    [[0, 1, 2, 3], { usbnet: 3 }, 'unknown'],
    [[0], {}, 'bootloader'],
    [[0, 1, 2, 3], { bootloader: true }, 'bootloader'],
    [[0, 1, 2, 3, 6], {}, 'unknown'],
    [[0, null], {}, 'unknown'],
  ] as const)('interfaces %j with %j -> %s', (ifaces, hints, expected) => {
    expect(detectComposition(ec25, ifaces, hints)).toBe(expected);
  });

  it('roles per composition; other vendors are generic and probed', () => {
    expect([0, 1, 2, 3, 4].map((i) => roleFor('default', i))).toEqual(['diag', 'nmea', 'at', 'at-secondary', 'unknown']);
    expect([2, 3, 4, 5].map((i) => roleFor('rndis', i))).toEqual(['diag', 'nmea', 'at', 'at-secondary']);
    expect(roleFor('bootloader', 0)).toBe('diag');
    expect(detectComposition(null, [0])).toBe('generic');
    expect(roleFor('generic', 0)).toBe('unknown');
    expect(roleFor('default', null)).toBe('unknown');
  });
});
