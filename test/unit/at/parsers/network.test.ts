import { describe, expect, it } from 'vitest';
import { expandList, parseResponse, parseUrc } from '../../../../src-main/core/at/parsers';
import { infoLines } from '../../../helpers/at-info-lines';

describe('AT+CSQ', () => {
  it('converts rssi to dBm and keeps ber', () => {
    const { lines, final } = infoLines('AT+CSQ', 'AT+CSQ\r\r\n+CSQ: 18,99\r\n\r\nOK\r\n');
    expect(final).toBe('OK');
    expect(parseResponse('AT+CSQ', lines)).toEqual({ type: 'csq', rssi: 18, ber: null, berRaw: 99, rssiDbm: -77 });
  });

  it.each([
    ['+CSQ: 0,0', 0, -113, 0, 0],
    ['+CSQ: 31,7', 31, -51, 7, 7],
    ['+CSQ: 99,99', 99, null, null, 99],
    ['+CSQ: 100,99', 100, -116, null, 99],
    ['+CSQ: 191,99', 191, -25, null, 99],
  ])('%s', (line, rssi, dbm, ber, berRaw) => {
    expect(parseResponse('AT+CSQ', [line])).toEqual({ type: 'csq', rssi, ber, berRaw, rssiDbm: dbm });
  });

  it('returns null for lines that are not +CSQ', () => {
    expect(parseResponse('AT+CSQ', [])).toBeNull();
    expect(parseResponse('AT+CSQ', ['+CSQ: x,y'])?.type, 'the generic parse, not a specific one').toBe('fields');
    expect(parseResponse('AT+CSQ=?', ['+CSQ: (0-31,99),(0-7,99)'])).toMatchObject({ type: 'fields', fields: [[{ from: 0, to: 31 }, 99], [{ from: 0, to: 7 }, 99]] });
  });
});

describe('registration (+CREG/+CGREG/+CEREG)', () => {
  it('parses a CREG read with n=2 and a URC glued in front of OK', () => {
    const raw = 'AT+CREG?\r\r\n+CREG: 2,1,"1A2B","01A2B3C4",7\r\n\r\n+CREG: 1,"1A2C","01A2B3C5",7\r\n\r\nOK\r\n';
    const { lines, urcs } = infoLines('AT+CREG?', raw);
    expect(urcs).toEqual(['+CREG: 1,"1A2C","01A2B3C5",7']);
    expect(parseResponse('AT+CREG?', lines)).toEqual({
      type: 'creg',
      source: 'read',
      n: 2,
      stat: 1,
      statName: 'home',
      registered: true,
      areaHex: '1A2B',
      area: 0x1a2b,
      ciHex: '01A2B3C4',
      ci: 0x01a2b3c4,
      act: 7,
      actName: 'E-UTRAN',
      rac: null,
      causeType: null,
      rejectCause: null,
      activeTime: null,
      periodicTau: null,
    });
    expect(parseUrc('+CREG', urcs[0]!)).toMatchObject({ type: 'creg', source: 'urc', n: null, stat: 1, areaHex: '1A2C', ci: 0x01a2b3c5 });
  });

  it('parses the n=0 read and the one-field URC', () => {
    expect(parseResponse('AT+CREG?', ['+CREG: 0,5'])).toMatchObject({ n: 0, stat: 5, statName: 'roaming', registered: true, areaHex: null, act: null });
    expect(parseUrc('+CREG', '+CREG: 2')).toMatchObject({ source: 'urc', stat: 2, statName: 'searching', registered: false });
  });

  it('parses CGREG with its rac', () => {
    expect(parseResponse('AT+CGREG?', ['+CGREG: 2,1,"1A2B","01A2B3C4",2,"0A"'])).toMatchObject({
      type: 'cgreg',
      act: 2,
      actName: 'UTRAN',
      rac: '0A',
    });
  });

  it('parses CEREG n=3 reject cause and n=4 PSM timers', () => {
    expect(parseResponse('AT+CEREG?', ['+CEREG: 3,3,"","",,0,15'])).toMatchObject({
      type: 'cereg',
      n: 3,
      stat: 3,
      statName: 'denied',
      areaHex: null,
      ciHex: null,
      causeType: 0,
      rejectCause: 15,
    });
    expect(parseResponse('AT+CEREG?', ['+CEREG: 4,1,"1E24","01A2B3C4",7,,,"00100100","01000111"'])).toMatchObject({
      n: 4,
      area: 0x1e24,
      act: 7,
      causeType: null,
      activeTime: '00100100',
      periodicTau: '01000111',
    });
    expect(parseUrc('+CEREG', '+CEREG: 1,"1E24","01A2B3C4",7,,,"00100100","01000111"')).toMatchObject({
      source: 'urc',
      stat: 1,
      area: 0x1e24,
      activeTime: '00100100',
    });
  });

  it('returns null for the test form and junk', () => {
    expect(parseResponse('AT+CREG=?', ['+CREG: (0-2)'])?.type, 'the generic parse, not a specific one').toBe('fields');
    expect(parseResponse('AT+CREG?', ['+CREG: "x"'])?.type).toBe('fields');
  });
});

describe('AT+COPS', () => {
  it('parses the read form and the unregistered `+COPS: 0`', () => {
    expect(parseResponse('AT+COPS?', ['+COPS: 0,0,"Vodafone.de Vodafone.de",7'])).toEqual({
      type: 'cops',
      mode: 0,
      modeName: 'automatic',
      format: 0,
      oper: 'Vodafone.de Vodafone.de',
      act: 7,
      actName: 'E-UTRAN',
    });
    // [MAN2] §2.22: after AT+CFUN=0.
    expect(parseResponse('AT+COPS?', ['+COPS: 0'])).toEqual({ type: 'cops', mode: 0, modeName: 'automatic', format: null, oper: null, act: null, actName: null });
  });

  it('parses AT+COPS=? with the single comma before (0-4) (EC25-AF)', () => {
    const raw = 'AT+COPS=?\r\r\n+COPS: (2,"AT&T","AT&T","310410",7),(1,"T-Mobile","T-Mobile","310260",7),(3,"311 480","VZW","311480",7),(0-4),(0-2)\r\n\r\nOK\r\n';
    const { lines } = infoLines('AT+COPS=?', raw);
    const r = parseResponse('AT+COPS=?', lines);
    expect(r).toEqual({
      type: 'cops-list',
      operators: [
        { stat: 2, statName: 'current', long: 'AT&T', short: 'AT&T', numeric: '310410', act: 7, actName: 'E-UTRAN' },
        { stat: 1, statName: 'available', long: 'T-Mobile', short: 'T-Mobile', numeric: '310260', act: 7, actName: 'E-UTRAN' },
        { stat: 3, statName: 'forbidden', long: '311 480', short: 'VZW', numeric: '311480', act: 7, actName: 'E-UTRAN' },
      ],
      modes: [0, 1, 2, 3, 4],
      formats: [0, 1, 2],
    });
  });

  it('parses the 27.007 double comma, parentheses inside names, a missing AcT and an empty list the same way', () => {
    const r = parseResponse('AT+COPS=?', ['+COPS: (1,"Orange (F)","OF","20801"),(2,"SFR","SFR","20810",2),,(0,1,2,3,4),(0,1,2)']);
    expect(r).toMatchObject({
      operators: [
        { long: 'Orange (F)', numeric: '20801', act: null },
        { long: 'SFR', act: 2 },
      ],
      modes: [0, 1, 2, 3, 4],
      formats: [0, 1, 2],
    });
    expect(parseResponse('AT+COPS=?', ['+COPS: ,,(0-4),(0-2)'])).toEqual({ type: 'cops-list', operators: [], modes: [0, 1, 2, 3, 4], formats: [0, 1, 2] });
  });

  it('accepts curly quotes from a forum copy', () => {
    const r = parseResponse('AT+COPS=?', ['+COPS: (2,\u201cAT&T\u201d,\u201cAT&T\u201d,\u201c310410\u201d,7),(0-4),(0-2)']);
    expect(r).toMatchObject({ operators: [{ long: 'AT&T', numeric: '310410' }] });
  });

  it('expandList handles ranges, lists and junk', () => {
    expect(expandList('0-2,4')).toEqual([0, 1, 2, 4]);
    expect(expandList('x,3')).toEqual([3]);
    expect(expandList('5-1')).toEqual([]);
  });
});

describe('AT+QNWINFO', () => {
  it('parses the quoted oper of real firmware', () => {
    expect(parseResponse('AT+QNWINFO', ['+QNWINFO: "FDD LTE","46697","LTE BAND 3",1275'])).toEqual({
      type: 'qnwinfo',
      entries: [{ act: 'FDD LTE', oper: '46697', band: 'LTE BAND 3', channel: 1275 }],
      service: true,
      act: 'FDD LTE',
      oper: '46697',
      band: 'LTE BAND 3',
      channel: 1275,
    });
  });

  it('parses the unquoted oper of the manual', () => {
    expect(parseResponse('AT+QNWINFO', ['+QNWINFO: "FDD LTE",46011,"LTE BAND 3",1650'])).toMatchObject({ oper: '46011', channel: 1650 });
  });

  it('keeps every line: LTE anchor and NR carrier in EN-DC (4IceG/luci-app-3ginfo-lite#56)', () => {
    const r = parseResponse('AT+QNWINFO', ['+QNWINFO: "FDD LTE","51503","LTE BAND 1",150', '+QNWINFO: "TDD NR5G","51503","NR5G BAND 41",528030']);
    expect(r).toMatchObject({ act: 'FDD LTE', channel: 150, entries: [{ channel: 150 }, { act: 'TDD NR5G', band: 'NR5G BAND 41', channel: 528030 }] });
  });

  it('parses `No Service`', () => {
    const { lines } = infoLines('AT+QNWINFO', 'AT+QNWINFO\r\r\n+QNWINFO: No Service\r\n\r\nOK\r\n');
    expect(parseResponse('AT+QNWINFO', lines)).toEqual({ type: 'qnwinfo', entries: [], service: false, act: null, oper: null, band: null, channel: null });
  });
});
