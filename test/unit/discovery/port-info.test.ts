import { describe, expect, it } from 'vitest';
import {
  interfaceNumberOf,
  isUsbPort,
  parseWindowsInstanceId,
  pnpPrefixOf,
  productFromPnp,
  topologyOf,
  usableSerial,
} from '../../../src-main/core/discovery/index';
import type { ListedPort } from '../../../src-main/core/discovery/index';

const port = (p: Partial<ListedPort> & { path: string }): ListedPort => ({
  manufacturer: undefined,
  serialNumber: undefined,
  pnpId: undefined,
  locationId: undefined,
  vendorId: undefined,
  productId: undefined,
  ...p,
});

describe('interfaceNumberOf', () => {
  it('reads Linux by-id names: option ttys (-ifNN-port0) and ACM (-ifNN)', () => {
    expect(interfaceNumberOf(port({ path: '/dev/ttyUSB7', pnpId: 'usb-Quectel_EC25-EUX_0C5A9E21-if02-port0' }), 'linux')).toBe(2);
    expect(interfaceNumberOf(port({ path: '/dev/ttyUSB4', pnpId: 'usb-Quectel_EC25-EUX_0C5A9E21-if00-port0' }), 'linux')).toBe(0);
    expect(interfaceNumberOf(port({ path: '/dev/ttyACM0', pnpId: 'usb-u-blox_AG_-_www.u-blox.com_u-blox_GNSS_receiver-if00' }), 'linux')).toBe(0);
    // Hex: interface 10 is if0a.
    expect(interfaceNumberOf(port({ path: '/dev/ttyUSB9', pnpId: 'usb-Foo_Bar-if0a-port0' }), 'linux')).toBe(10);
  });

  it('reads by-path and by-id names given as the path', () => {
    expect(interfaceNumberOf(port({ path: '/dev/serial/by-path/pci-0000:00:14.0-usb-0:1.4.2:1.3-port0' }), 'linux')).toBe(3);
    expect(interfaceNumberOf(port({ path: '/dev/serial/by-id/usb-Quectel_EC25-EUX_0C5A9E21-if01-port0' }), 'linux')).toBe(1);
  });

  it('reads MI_NN (hex) from a Windows instance id', () => {
    expect(interfaceNumberOf(port({ path: 'COM12', pnpId: 'USB\\VID_2C7C&PID_0125&MI_02\\6&2A3B4C5D&0&0002' }), 'win32')).toBe(2);
    expect(interfaceNumberOf(port({ path: 'COM13', pnpId: 'USB\\VID_2C7C&PID_0125&MI_0A\\6&2A3B4C5D&0&000A' }), 'win32')).toBe(10);
    expect(interfaceNumberOf(port({ path: 'COM5', pnpId: 'FTDIBUS\\VID_0403+PID_6001+A50285BIA\\0000' }), 'win32')).toBeNull();
    expect(interfaceNumberOf(port({ path: 'COM1', pnpId: 'ACPI\\PNP0501\\0' }), 'win32')).toBeNull();
  });

  it('prefers sysfs, and says null when nothing tells', () => {
    const p = port({ path: '/dev/ttyUSB3', pnpId: 'usb-Quectel_EC25-if02-port0', sysfs: { busPath: '1-1.2', interfaceNumber: 3 } });
    expect(interfaceNumberOf(p, 'linux')).toBe(3);
    expect(interfaceNumberOf(port({ path: '/dev/ttyS0' }), 'linux')).toBeNull();
    expect(interfaceNumberOf(port({ path: '/dev/cu.usbmodem14201', locationId: '14200000' }), 'darwin')).toBeNull();
  });
});

describe('Windows instance ids', () => {
  it('splits a composite interface id into ids, interface and the parent prefix', () => {
    expect(parseWindowsInstanceId('USB\\VID_2C7C&PID_0125&MI_02\\6&2A3B4C5D&0&0002')).toEqual({
      vendorId: '2c7c',
      productId: '0125',
      composite: true,
      instance: '6&2A3B4C5D&0&0002',
      parentPrefix: '6&2A3B4C5D&0',
    });
    expect(parseWindowsInstanceId('USB\\VID_05C6&PID_9008\\5&1B2C3D4E&0&4')).toMatchObject({ composite: false, parentPrefix: null });
    expect(parseWindowsInstanceId('FTDIBUS\\VID_0403+PID_6001+A50285BIA\\0000')).toBeNull();
    expect(parseWindowsInstanceId(undefined)).toBeNull();
  });

  it('the serial serialport makes up from the instance id is no serial', () => {
    const made = port({ path: 'COM12', serialNumber: '6&2A3B4C5D&0&0002', pnpId: 'USB\\VID_2C7C&PID_0125&MI_02\\6&2A3B4C5D&0&0002' });
    expect(usableSerial(made, 'win32')).toBeNull();
    const real = port({ path: 'COM15', serialNumber: '0C5A9E21', pnpId: 'USB\\VID_2C7C&PID_0125&MI_02\\6&11F0A2B3&0&0002' });
    expect(usableSerial(real, 'win32')).toBe('0C5A9E21');
    expect(usableSerial(port({ path: 'COM5', serialNumber: 'A50285BI', pnpId: 'FTDIBUS\\VID_0403+PID_6001+A50285BIA\\0000' }), 'win32')).toBe('A50285BI');
  });
});

describe('topologyOf', () => {
  it('Windows: the parent prefix, the same for every interface of the device', () => {
    const a = port({ path: 'COM12', pnpId: 'USB\\VID_2C7C&PID_0125&MI_00\\6&2A3B4C5D&0&0000', locationId: 'Port_#0002.Hub_#0004' });
    const b = port({ path: 'COM14', pnpId: 'USB\\VID_2C7C&PID_0125&MI_02\\6&2a3b4c5d&0&0002', locationId: '0000.0014.0000.002.003.000.000.000.000' });
    expect(topologyOf(a, 'win32')).toBe('6&2A3B4C5D&0');
    expect(topologyOf(b, 'win32')).toBe('6&2A3B4C5D&0');
    expect(topologyOf(port({ path: 'COM5', pnpId: 'FTDIBUS\\VID_0403+PID_6001+A50285BIA\\0000' }), 'win32')).toBeNull();
  });

  it('Linux: sysfs bus path, else a by-path chain, else locationId, else nothing (serialport 13 gives none)', () => {
    expect(topologyOf(port({ path: '/dev/ttyUSB2', sysfs: { busPath: '1-1.4.2', interfaceNumber: 2 }, locationId: 'x' }), 'linux')).toBe('1-1.4.2');
    expect(topologyOf(port({ path: '/dev/serial/by-path/pci-0000:00:14.0-usb-0:1.4.2:1.2-port0' }), 'linux')).toBe('pci-0000:00:14.0-usb-0:1.4.2');
    expect(topologyOf(port({ path: 'sim:0.1:2', locationId: '1-1.1.1' }), 'linux')).toBe('1-1.1.1');
    expect(topologyOf(port({ path: '/dev/ttyUSB2', pnpId: 'usb-Quectel_EC25-EUX_0C5A9E21-if02-port0' }), 'linux')).toBeNull();
  });
});

describe('by-id names', () => {
  it('prefix without -ifNN-portN, product without vendor and serial', () => {
    const p = port({ path: '/dev/ttyUSB2', manufacturer: 'Quectel', serialNumber: '0C5A9E21', pnpId: 'usb-Quectel_EC25-EUX_0C5A9E21-if02-port0' });
    expect(pnpPrefixOf(p)).toBe('usb-Quectel_EC25-EUX_0C5A9E21');
    expect(productFromPnp(p, '0C5A9E21')).toBe('EC25-EUX');
    const pine = port({ path: '/dev/ttyUSB1', manufacturer: 'Quectel, Incorporated', pnpId: 'usb-Quectel__Incorporated_LTE_Module_community_fw-if01-port0' });
    expect(productFromPnp(pine, 'community_fw')).toBe('LTE_Module');
    const bulk = port({ path: '/dev/ttyUSB8', manufacturer: 'Qualcomm CDMA Technologies MSM', pnpId: 'usb-Qualcomm_CDMA_Technologies_MSM_QHSUSB__BULK-if00-port0' });
    expect(productFromPnp(bulk, null)).toBe('QHSUSB__BULK');
    expect(pnpPrefixOf(port({ path: 'COM3', pnpId: 'USB\\VID_2C7C&PID_0125&MI_02\\6&2A3B4C5D&0&0002' }))).toBeNull();
  });

  it('USB or not: ttyS0 and Bluetooth COM ports are not', () => {
    expect(isUsbPort(port({ path: '/dev/ttyS0' }), 'linux')).toBe(false);
    expect(isUsbPort(port({ path: '/dev/ttyUSB0', vendorId: '2c7c', productId: '0125' }), 'linux')).toBe(true);
    expect(isUsbPort(port({ path: 'COM4', pnpId: 'BTHENUM\\{00001101-0000-1000-8000-00805F9B34FB}_LOCALMFG&0002\\7&1A2B3C4D&0&000000000000_00000000' }), 'win32')).toBe(false);
  });
});
