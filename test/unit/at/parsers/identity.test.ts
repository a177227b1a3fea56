import { describe, expect, it } from 'vitest';
import { luhnValid, parseResponse } from '../../../../src-main/core/at/parsers';
import { infoLines } from '../../../helpers/at-info-lines';

describe('IMEI (AT+CGSN, AT+GSN)', () => {
  it('parses the bare line and checks Luhn', () => {
    const { lines } = infoLines('AT+CGSN', 'AT+CGSN\r\r\n866758040123453\r\n\r\nOK\r\n');
    expect(parseResponse('AT+CGSN', lines)).toEqual({ type: 'imei', imei: '866758040123453', luhnValid: true });
    expect(parseResponse('AT+GSN', ['490154203237518'])).toEqual({ type: 'imei', imei: '490154203237518', luhnValid: true });
  });

  it('flags a bad check digit and a 14-digit IMEI', () => {
    expect(parseResponse('AT+CGSN', ['866758040123454'])).toMatchObject({ luhnValid: false });
    expect(parseResponse('AT+CGSN', ['86675804012345'])).toMatchObject({ imei: '86675804012345', luhnValid: false });
  });

  it('accepts the prefixed, quoted form of newer firmware (AT+CGSN=1)', () => {
    expect(parseResponse('AT+CGSN=1', ['+CGSN: "866758040123453"'])).toMatchObject({ imei: '866758040123453', luhnValid: true });
  });

  it('rejects non-IMEI text', () => {
    expect(parseResponse('AT+CGSN', ['ERROR'])?.type, 'the generic parse, not a specific one').toBe('fields');
    expect(parseResponse('AT+CGSN', ['12345'])?.type).toBe('fields');
    expect(parseResponse('AT+CGSN', [])).toBeNull();
  });

  it('luhnValid', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('12a4')).toBe(false);
  });
});

describe('IMSI (AT+CIMI)', () => {
  it('parses the bare line', () => {
    const { lines } = infoLines('AT+CIMI', 'AT+CIMI\r\r\n262011234567890\r\n\r\nOK\r\n');
    expect(parseResponse('AT+CIMI', lines)).toEqual({ type: 'imsi', imsi: '262011234567890', mcc: '262' });
  });
  it('rejects junk', () => {
    expect(parseResponse('AT+CIMI', ['SIM not inserted'])?.type, 'the generic parse, not a specific one').toBe('fields');
  });
});

describe('ICCID (AT+QCCID)', () => {
  it('strips the F padding of a 19-digit ICCID (EP06, 4IceG #111)', () => {
    const { lines } = infoLines('AT+QCCID', 'AT+QCCID\r\r\n+QCCID: 8939560000000806706F\r\n\r\nOK\r\n');
    expect(parseResponse('AT+QCCID', lines)).toEqual({ type: 'iccid', iccid: '8939560000000806706', raw: '8939560000000806706F' });
  });
  it('keeps a 20-digit ICCID whole, and accepts +CCID', () => {
    expect(parseResponse('AT+QCCID', ['+QCCID: 89490200001234567890'])).toMatchObject({ iccid: '89490200001234567890' });
    expect(parseResponse('AT+CCID', ['+CCID: "8939560000000806706F"'])).toMatchObject({ iccid: '8939560000000806706' });
  });
  it('rejects non-digits', () => {
    expect(parseResponse('AT+QCCID', ['+QCCID: 89X9560000000806706F'])?.type, 'the generic parse, not a specific one').toBe('fields');
  });
});

describe('manufacturer, model, revision', () => {
  it('AT+CGMI / AT+CGMM / AT+CGMR / AT+QGMR', () => {
    expect(parseResponse('AT+CGMI', ['Quectel'])).toEqual({ type: 'manufacturer', value: 'Quectel' });
    expect(parseResponse('AT+GMM', ['EC25'])).toEqual({ type: 'model', value: 'EC25' });
    expect(parseResponse('AT+CGMR', ['EC25EFAR06A04M4G'])).toEqual({ type: 'revision', value: 'EC25EFAR06A04M4G' });
    expect(parseResponse('AT+GMR', ['Revision: EC25EFAR06A04M4G'])).toEqual({ type: 'revision', value: 'EC25EFAR06A04M4G' });
    const { lines } = infoLines('AT+QGMR', 'AT+QGMR\r\r\nEC25EUXGAR08A15M1G_20.200.20.200\r\n\r\nOK\r\n');
    expect(parseResponse('AT+QGMR', lines)).toEqual({ type: 'revision', value: 'EC25EUXGAR08A15M1G_20.200.20.200' });
  });

  it('keeps the trailing TAB quirk out of the value (EM12-AW)', () => {
    expect(parseResponse('AT+CGMM', ['EM12-AW\t'])).toEqual({ type: 'model', value: 'EM12-AW' });
  });
});

describe('ATI', () => {
  it('parses the three unprefixed lines, even with a URC before the echo', () => {
    const raw = '\r\n+QIND: PB DONE\r\nATI\r\r\nQuectel\r\nEC25\r\nRevision: EC25EFAR06A04M4G\r\n\r\nOK\r\n';
    const { lines, urcs } = infoLines('ATI', raw);
    expect(urcs).toEqual(['+QIND: PB DONE']);
    expect(parseResponse('ATI', lines)).toEqual({ type: 'ati', manufacturer: 'Quectel', model: 'EC25', revision: 'EC25EFAR06A04M4G' });
  });

  it('tolerates a missing revision line and rejects nothing-at-all', () => {
    expect(parseResponse('ati', ['Quectel', 'EG25'])).toEqual({ type: 'ati', manufacturer: 'Quectel', model: 'EG25', revision: null });
    expect(parseResponse('ATI', [])).toBeNull();
    expect(parseResponse('ATI1', ['x'])?.type, 'the generic parse, not a specific one').toBe('fields');
  });
});
