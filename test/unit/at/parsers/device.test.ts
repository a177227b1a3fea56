import { describe, expect, it } from 'vitest';
import { maskBits, parseResponse } from '../../../../src-main/core/at/parsers';
import { infoLines } from '../../../helpers/at-info-lines';

describe('AT+CPIN?', () => {
  it('parses READY and the PIN states', () => {
    const { lines } = infoLines('AT+CPIN?', 'AT+CPIN?\r\r\n+CPIN: READY\r\n\r\nOK\r\n');
    expect(parseResponse('AT+CPIN?', lines)).toEqual({ type: 'cpin', state: 'READY', ready: true });
    expect(parseResponse('AT+CPIN?', ['+CPIN: SIM PIN'])).toEqual({ type: 'cpin', state: 'SIM PIN', ready: false });
  });
  it('has nothing to parse when the SIM is missing (the final carries the error)', () => {
    const { lines, final } = infoLines('AT+CPIN?', 'AT+CPIN?\r\r\n+CME ERROR: 10\r\n');
    expect(final).toBe('+CME ERROR: 10');
    expect(parseResponse('AT+CPIN?', lines)).toBeNull();
  });
  it('does not parse the write form', () => {
    expect(parseResponse('AT+CPIN=1234', ['+CPIN: READY'])?.type, 'the generic parse, not a specific one').toBe('fields');
  });
});

describe('AT+CFUN? and AT+CMEE?', () => {
  it('parses CFUN', () => {
    expect(parseResponse('AT+CFUN?', ['+CFUN: 1'])).toEqual({ type: 'cfun', fun: 1, funName: 'full' });
    expect(parseResponse('AT+CFUN?', ['+CFUN: 4'])).toEqual({ type: 'cfun', fun: 4, funName: 'airplane' });
    expect(parseResponse('AT+CFUN?', ['+CFUN: 7'])).toEqual({ type: 'cfun', fun: 7, funName: null });
  });
  it('parses CMEE', () => {
    expect(parseResponse('AT+CMEE?', ['+CMEE: 2'])).toEqual({ type: 'cmee', n: 2 });
    expect(parseResponse('AT+CMEE?', ['+CMEE: x'])?.type, 'the generic parse, not a specific one').toBe('fields');
  });
});

describe('AT+QTEMP', () => {
  it('parses the legacy three-value line', () => {
    expect(parseResponse('AT+QTEMP', ['+QTEMP: 31,33,30'])).toEqual({
      type: 'qtemp',
      sensors: [
        { name: 'pmic', celsius: 31 },
        { name: 'xo', celsius: 33 },
        { name: 'pa', celsius: 30 },
      ],
      maxCelsius: 33,
    });
  });
  it('parses the newer one-sensor-per-line form with no space after the colon', () => {
    const raw = 'AT+QTEMP\r\r\n+QTEMP:"qfe_wtr_pa0","32"\r\n+QTEMP:"aoss0-usr","35"\r\n+QTEMP:"mdm-core-usr","-273"\r\n\r\nOK\r\n';
    const { lines } = infoLines('AT+QTEMP', raw);
    expect(parseResponse('AT+QTEMP', lines)).toEqual({
      type: 'qtemp',
      sensors: [
        { name: 'qfe_wtr_pa0', celsius: 32 },
        { name: 'aoss0-usr', celsius: 35 },
        { name: 'mdm-core-usr', celsius: null },
      ],
      maxCelsius: 35,
    });
  });
  it('returns null with no lines', () => {
    expect(parseResponse('AT+QTEMP', [])).toBeNull();
  });
});

describe('AT+QCFG', () => {
  it('parses usbnet', () => {
    const { lines } = infoLines('AT+QCFG="usbnet"', 'AT+QCFG="usbnet"\r\r\n+QCFG: "usbnet",0\r\n\r\nOK\r\n');
    expect(parseResponse('AT+QCFG="usbnet"', lines)).toEqual({
      type: 'qcfg',
      name: 'usbnet',
      values: [0],
      settings: [{ name: 'usbnet', values: [0] }],
    });
  });
  it('parses band masks (lowercase name even when asked in uppercase) and lists the LTE bands', () => {
    const r = parseResponse('AT+QCFG="BAND"', ['+QCFG: "band",0x260,0x42000000000000381a,0x0']);
    expect(r).toMatchObject({ type: 'qcfg', name: 'band', values: ['0x260', '0x42000000000000381a', '0x0'] });
    expect((r as { settings: { lteBands?: number[] }[] }).settings[0]?.lteBands).toEqual([2, 4, 5, 12, 13, 14, 66, 71]);
  });
  it('keeps generic names and quoted values', () => {
    expect(parseResponse('AT+QCFG="nwscanseq"', ['+QCFG: "nwscanseq",020301'])).toMatchObject({ values: [20301] });
    expect(parseResponse('AT+QCFG="ims"', ['+QCFG: "ims",1,"auto"'])).toMatchObject({ name: 'ims', values: [1, 'auto'] });
  });
  it('has nothing to parse for a set (OK only)', () => {
    expect(parseResponse('AT+QCFG="usbnet",1', [])).toBeNull();
  });
  it('maskBits', () => {
    expect(maskBits('0x5')).toEqual([1, 3]);
    expect(maskBits('0x0')).toEqual([]);
    expect(maskBits('zz')).toBeNull();
    expect(maskBits(undefined)).toBeNull();
  });
});
