import { describe, expect, it } from 'vitest';
import { hasResponseParser, parseResponse, parseUrc } from '../../../../src-main/core/at/parsers';

describe('parseResponse dispatch', () => {
  it('gives the generic parse for commands without a specific parser, null when there are no lines', () => {
    expect(parseResponse('AT+QFOO?', ['+QFOO: 1'])).toEqual({ type: 'fields', name: '+QFOO', fields: [1], rows: [[1]], lines: [{ name: '+QFOO', fields: [1] }] });
    expect(parseResponse('AT', [])).toBeNull();
    expect(parseResponse('ATE0', [])).toBeNull();
    expect(hasResponseParser('AT+QFOO')).toBe(false);
    expect(hasResponseParser('at+csq')).toBe(true);
  });

  it('never throws on arbitrary lines for any known command', () => {
    const cmds = ['AT+CSQ', 'AT+CREG?', 'AT+CEREG?', 'AT+COPS?', 'AT+COPS=?', 'AT+QENG="servingcell"', 'AT+QENG="neighbourcell"', 'AT+QTEMP', 'AT+QCFG="band"', 'AT+CGCONTRDP', 'ATI', 'AT+QCCID'];
    const junk = ['', ',', '"', '+CSQ:', '+QENG:', '+QENG: ,,,,', '((((', '+COPS: ((,"', '+QCFG: "band",0xZZ', '+QTEMP:', '+CREG: ,', '\t'];
    for (const c of cmds) for (const j of junk) expect(() => parseResponse(c, [j])).not.toThrow();
  });
});

describe('parseUrc', () => {
  it('parses +QIND variants', () => {
    expect(parseUrc('+QIND', '+QIND: SMS DONE')).toEqual({ type: 'qind', event: 'SMS DONE', args: [] });
    expect(parseUrc('+QIND', '+QIND: "csq",20,99')).toEqual({ type: 'qind', event: 'csq', args: [20, 99] });
    expect(parseUrc('+QIND', '+QIND: "FOTA","START"')).toEqual({ type: 'qind', event: 'FOTA', args: ['START'] });
  });

  it('parses +CPIN, +CFUN, +QUSIM and +CMTI', () => {
    expect(parseUrc('+CPIN', '+CPIN: SIM PIN')).toEqual({ type: 'cpin', state: 'SIM PIN', ready: false });
    expect(parseUrc('+CFUN', '+CFUN: 1')).toEqual({ type: 'cfun', fun: 1, funName: 'full' });
    expect(parseUrc('+QUSIM', '+QUSIM: 1')).toEqual({ type: 'qusim', value: 1 });
    expect(parseUrc('+CMTI', '+CMTI: "SM",3')).toEqual({ type: 'cmti', storage: 'SM', index: 3 });
  });

  it('parses +QIURC and +QGPSURC', () => {
    expect(parseUrc('+QIURC', '+QIURC: "pdpdeact",1')).toEqual({ type: 'qiurc', event: 'pdpdeact', args: [1] });
    expect(parseUrc('+QGPSURC', '+QGPSURC: "xtradataexpire",0,"1980/01/06,00:00:00"')).toEqual({
      type: 'qgpsurc',
      event: 'xtradataexpire',
      args: [0, '1980/01/06,00:00:00'],
    });
  });

  it('parses time zone URCs', () => {
    expect(parseUrc('+CTZE', '+CTZE: "+04",0,"2024/01/01,12:00:00"')).toEqual({ type: 'timezone', quarterHours: 4, dst: 0, time: '2024/01/01,12:00:00' });
    expect(parseUrc('+CTZV', '+CTZV: -20')).toEqual({ type: 'timezone', quarterHours: -20, dst: null, time: null });
  });

  it('parses a registration URC and a read-shaped line alike', () => {
    expect(parseUrc('+CEREG', '+CEREG: 5,"1E24","01A2B3C4",7')).toMatchObject({ type: 'cereg', source: 'urc', stat: 5, registered: true });
    expect(parseUrc('+CGREG', '+CGREG: 0,1')).toMatchObject({ source: 'read', n: 0, stat: 1 });
  });

  it('gives other URCs their generic values; null for whole-line URCs or a line without the name', () => {
    expect(parseUrc('RDY', 'RDY')).toBeNull();
    expect(parseUrc('+QFOO', '+QFOO: 1')).toEqual({ type: 'fields', name: '+QFOO', fields: [1] });
    // Other vendors' URCs routed by the engine (issue 11: `^MODE: 5,4`), and the manual's +CRING/+CTZE.
    expect(parseUrc('^MODE', '^MODE: 5,4')).toEqual({ type: 'fields', name: '^MODE', fields: [5, 4] });
    expect(parseUrc('+CRING', '+CRING: VOICE')).toEqual({ type: 'fields', name: '+CRING', fields: ['VOICE'] });
    expect(parseUrc('+QIND', '+CPIN: READY')).toBeNull();
    expect(parseUrc('+CGEV', '+CGEV: NW DETACH')).toEqual({ type: 'cgev', event: 'NW DETACH' });
  });
});
