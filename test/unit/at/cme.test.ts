import { describe, expect, it } from 'vitest';
import { cmeCode, cmeText, cmsCode, cmsText } from '../../../src-main/core/at/cme';

describe('+CME ERROR table', () => {
  it.each([
    [3, 'Operation not allowed'],
    [4, 'Operation not supported'],
    [10, 'SIM not inserted'],
    [11, 'SIM PIN required'],
    [13, 'SIM failure'],
    [14, 'SIM busy'],
    [30, 'No network service'],
    [50, 'Incorrect parameters'],
    [100, 'Unknown'],
    [107, 'GPRS services not allowed'],
    [148, 'Unspecified GPRS error'],
    [569, 'Operation timeout'],
  ])('%i <-> %s', (code, text) => {
    expect(cmeText(code)).toBe(text);
    expect(cmeCode(text)).toBe(code);
  });

  it('matches text case-insensitively and tolerates whitespace', () => {
    expect(cmeCode('  sim   NOT inserted ')).toBe(10);
    expect(cmeCode('SIM\tPIN required')).toBe(11);
    expect(cmeCode('Network not allowed-emergency calls only')).toBe(32);
    expect(cmeCode('network not allowed  -  emergency calls only')).toBe(32);
  });

  it('gives the lowest code for a text that two tables share', () => {
    expect(cmeCode('operation not allowed')).toBe(3);
  });

  it('returns null for unknown codes and texts', () => {
    expect(cmeText(9)).toBeNull();
    expect(cmeText(-1)).toBeNull();
    expect(cmeCode('no such error')).toBeNull();
    expect(cmeCode('')).toBeNull();
  });

  it('round-trips every code it knows', () => {
    for (let code = 0; code < 1000; code++) {
      const t = cmeText(code);
      if (t === null) continue;
      const back = cmeCode(t);
      expect(back === code || cmeText(back!) === t, `${code} ${t}`).toBe(true);
    }
  });
});

describe('+CMS ERROR table', () => {
  it.each([
    [300, 'ME failure'],
    [302, 'Operation not allowed'],
    [310, 'SIM not inserted'],
    [321, 'Invalid memory index'],
    [330, 'SMSC address unknown'],
    [350, 'Rejected by SMSC'],
    [500, 'Unknown'],
    [512, 'SIM not ready'],
  ])('%i <-> %s', (code, text) => {
    expect(cmsText(code)).toBe(text);
    expect(cmsCode(text)).toBe(code);
  });

  it('knows the 27.005 spellings too', () => {
    expect(cmsCode('(U)SIM not inserted')).toBe(310);
    expect(cmsCode('unknown error')).toBe(500);
  });

  it('is a separate table from +CME', () => {
    expect(cmsCode('SIM not inserted')).toBe(310);
    expect(cmeCode('SIM not inserted')).toBe(10);
    expect(cmsText(10)).toBe('Call barred');
  });
});
