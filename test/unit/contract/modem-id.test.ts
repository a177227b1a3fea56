/** DESIGN's identity key, made in one place (issue 12): IMEI, else USB serial + topology, else the port path. */
import { describe, expect, it } from 'vitest';
import { modemIdOf } from '../../../src-preload/contract';

describe('modemIdOf', () => {
  it('takes the IMEI whenever there is one', () => {
    expect(modemIdOf({ imei: '861458030000010', usbSerial: 'abc', topology: '1-1.4', path: '/dev/ttyUSB2' })).toBe('861458030000010');
  });

  it('without IMEI: USB serial and topology, either alone when the other is unknown', () => {
    expect(modemIdOf({ imei: null, usbSerial: 'abc', topology: '1-1.4', path: '/dev/ttyUSB2' })).toBe('usb:abc@1-1.4');
    expect(modemIdOf({ imei: null, usbSerial: null, topology: '1-1.4' })).toBe('usb:@1-1.4');
    expect(modemIdOf({ imei: null, usbSerial: 'abc', topology: null })).toBe('usb:abc@');
  });

  it('with neither: the AT port path; never a label', () => {
    expect(modemIdOf({ imei: null, path: 'COM7' })).toBe('port:COM7');
    expect(modemIdOf({ imei: '', usbSerial: '', topology: '', path: '/dev/ttyUSB0' })).toBe('port:/dev/ttyUSB0');
  });
});
