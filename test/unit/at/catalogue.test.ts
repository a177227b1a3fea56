import { describe, expect, it } from 'vitest';
import { TIMEOUT_DEFAULTS, catalogueEntries, completeCommand, isDangerous, lookupCommand, timeoutFor } from '../../../src-main/core/at/catalogue';

describe('catalogue entries', () => {
  it('has about 60+ unique, well-formed entries sorted by name', () => {
    const all = catalogueEntries();
    expect(all.length).toBeGreaterThanOrEqual(60);
    const names = all.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(names);
    for (const e of all) {
      expect(e.name).toMatch(/^AT/);
      expect(e.template.startsWith(e.name.split('=')[0]!), e.name).toBe(true);
      expect(e.summary.length).toBeGreaterThan(0);
      expect(e.maxResponseMs === null || e.maxResponseMs > 0).toBe(true);
      // The class must cover the manual's figure.
      if (e.maxResponseMs !== null) expect(TIMEOUT_DEFAULTS[e.timeoutClass], e.name).toBeGreaterThanOrEqual(e.maxResponseMs);
    }
  });

  it('records the manual figures of ec25-facts §3', () => {
    expect(lookupCommand('AT+CFUN=1')).toMatchObject({ maxResponseMs: 15000, timeoutClass: 'cfun' });
    expect(lookupCommand('AT+COPS=?')).toMatchObject({ maxResponseMs: 180000, timeoutClass: 'cops' });
    expect(lookupCommand('AT+CGATT=1')).toMatchObject({ maxResponseMs: 140000, timeoutClass: 'cgatt' });
    expect(lookupCommand('AT+QENG="servingcell"')).toMatchObject({ maxResponseMs: 300, timeoutClass: 'short' });
    expect(lookupCommand('ATE0')).toMatchObject({ name: 'ATE', maxResponseMs: 300 });
    // Not covered by the sources: no invented number.
    for (const c of ['AT+CGACT=1,1', 'AT+QPOWD', 'AT+CMGS="123"', 'AT+QGPSLOC=2']) expect(lookupCommand(c)?.maxResponseMs, c).toBeNull();
  });

  it('marks the dangerous families', () => {
    for (const n of ['AT+QPOWD', 'AT+CFUN', 'AT+QFASTBOOT', 'AT&F', 'AT+QPRTPARA', 'AT+QCFG="usbnet"']) {
      expect(catalogueEntries().find((e) => e.name === n)?.dangerous, n).toBe(true);
    }
    expect(lookupCommand('AT+CSQ')?.dangerous).toBeUndefined();
  });
});

describe('lookupCommand', () => {
  it('finds the most specific entry, whatever the case', () => {
    expect(lookupCommand('at+qcfg="USBNET",1')?.name).toBe('AT+QCFG="usbnet"');
    expect(lookupCommand('AT+QCFG="band"')?.name).toBe('AT+QCFG="band"');
    expect(lookupCommand('AT+QCFG="ims"')?.name).toBe('AT+QCFG');
    expect(lookupCommand('AT+QENG="neighbourcell"')?.name).toBe('AT+QENG="neighbourcell"');
    expect(lookupCommand('ATS3?')?.name).toBe('ATS3');
    expect(lookupCommand('AT&F0')?.name).toBe('AT&F');
  });

  it('returns null for unknown commands', () => {
    expect(lookupCommand('AT+XYZZY')).toBeNull();
    expect(lookupCommand('hello')).toBeNull();
  });
});

describe('timeoutFor', () => {
  it('gives each class its default', () => {
    expect(timeoutFor('AT+CSQ')).toBe(5000);
    expect(timeoutFor('AT+CFUN=1,1')).toBe(15000);
    expect(timeoutFor('AT+COPS?')).toBe(180000);
    expect(timeoutFor('AT+CGATT=1')).toBe(140000);
    expect(timeoutFor('AT+CMGS="+4917"')).toBe(60000);
  });

  it('gives unknown commands the short class', () => {
    expect(timeoutFor('AT+XYZZY=1')).toBe(5000);
    expect(timeoutFor('AT+XYZZY=1', { short: 1234 })).toBe(1234);
  });

  it('applies overrides for the command class only', () => {
    expect(timeoutFor('AT+COPS=?', { cops: 300000, short: 1000 })).toBe(300000);
    expect(timeoutFor('AT+CSQ', { cops: 300000 })).toBe(5000);
  });

  it.each([
    [{ short: 0 }, /short/],
    [{ cops: -1 }, /cops/],
    [{ cfun: Number.NaN }, /cfun/],
    [{ long: Number.POSITIVE_INFINITY }, /long/],
    [{ cgatt: '1000' }, /cgatt/],
    [{ short: 2 ** 31 }, /short/],
  ])('rejects %j with a TypeError naming the field', (o, re) => {
    expect(() => timeoutFor('AT+CSQ', o as never)).toThrow(TypeError);
    expect(() => timeoutFor('AT+CSQ', o as never)).toThrow(re);
  });
});

describe('isDangerous', () => {
  it.each([
    ['AT+QPOWD', true],
    ['AT+QPOWD=1', true],
    ['AT+CFUN=0', true],
    ['AT+CFUN=4', true],
    ['AT+CFUN=1,1', true],
    ['at+cfun=1, 1', true],
    ['AT+CFUN=1', false],
    ['AT+CFUN?', false],
    ['AT+CFUN=?', false],
    ['AT+QFASTBOOT', true],
    ['AT&F', true],
    ['AT&F0', true],
    ['AT+QPRTPARA=3', true],
    ['AT+QCFG="usbnet",1', true],
    ['AT+QCFG="USBNET",0', true],
    ['AT+QCFG="usbnet"', false],
    ['AT+QCFG="band",0,0x1,0', false],
    ['AT+CSQ', false],
    // The shared classifier (issue 13): ATZ drops the current settings, and the whole line counts.
    ['ATZ', true],
    ['AT+CSQ;+QPOWD', true],
  ] as const)('%s -> %s', (cmd, expected) => {
    expect(isDangerous(cmd)).toBe(expected);
  });
});

describe('completeCommand', () => {
  it('completes case-insensitively, with or without AT', () => {
    const names = (p: string) => completeCommand(p).map((e) => e.name);
    expect(names('at+cop')).toEqual(['AT+COPN', 'AT+COPS']);
    expect(names('+COP')).toEqual(['AT+COPN', 'AT+COPS']);
    expect(names('AT+QCFG="')).toEqual(['AT+QCFG="band"', 'AT+QCFG="nwscanmode"', 'AT+QCFG="nwscanseq"', 'AT+QCFG="usbnet"']);
    expect(names('AT+QCFG="US')).toEqual(['AT+QCFG="usbnet"']);
    expect(names('AT+NOPE')).toEqual([]);
    expect(names('')).toHaveLength(catalogueEntries().length);
  });
});
