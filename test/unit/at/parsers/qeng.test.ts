import { describe, expect, it } from 'vitest';
import { parseResponse } from '../../../../src-main/core/at/parsers';
import type { GsmServingCell, LteServingCell, QengNeighboursInfo, QengServingInfo, WcdmaServingCell } from '../../../../src-main/core/at/parsers';
import { infoLines } from '../../../helpers/at-info-lines';

const SERVING = 'AT+QENG="servingcell"';
const serving = (lines: string[]) => parseResponse(SERVING, lines) as QengServingInfo | null;

describe('AT+QENG="servingcell"', () => {
  it('parses LTE FDD, with `-` srxlev as null', () => {
    const raw = `${SERVING}\r\r\n+QENG: "servingcell","NOCONN","LTE","FDD",262,01,1A2B3C4,123,1300,3,5,5,1E24,-95,-9,-65,15,-\r\n\r\nOK\r\n`;
    const { lines } = infoLines(SERVING, raw);
    const r = serving(lines);
    expect(r?.state).toBe('NOCONN');
    const c = r?.cell as LteServingCell;
    expect(c).toMatchObject({
      rat: 'LTE',
      duplex: 'FDD',
      mcc: '262',
      mnc: '01',
      cellIdHex: '1A2B3C4',
      cellId: 0x1a2b3c4,
      pci: 123,
      earfcn: 1300,
      band: 3,
      ulBandwidth: 5,
      dlBandwidth: 5,
      ulBandwidthMhz: 20,
      dlBandwidthMhz: 20,
      tacHex: '1E24',
      tac: 0x1e24,
      rsrp: -95,
      rsrq: -9,
      rssi: -65,
      sinr: 15,
      srxlev: null,
    });
    expect(c.fields).toHaveLength(15);
  });

  it('parses LTE TDD with a negative SINR (dB, not an index)', () => {
    const r = serving(['+QENG: "servingcell","CONNECT","LTE","TDD",460,00,5D4C9B1,276,38950,40,5,5,1810,-88,-3,-65,-4,37']);
    expect(r).toMatchObject({ state: 'CONNECT', cell: { rat: 'LTE', duplex: 'TDD', mnc: '00', band: 40, sinr: -4, srxlev: 37 } });
  });

  it('turns the -32768 and -1920 sentinels into null', () => {
    const r = serving(['+QENG: "servingcell","LIMSRV","LTE","FDD",262,02,2F1B00A,411,6300,20,3,3,C3D5,-32768,-1920,-32768,-32768,-']);
    expect(r).toMatchObject({ state: 'LIMSRV', cell: { rsrp: null, rsrq: null, rssi: null, sinr: null, srxlev: null, dlBandwidthMhz: 10 } });
  });

  it('parses SEARCH with its two fields', () => {
    const { lines } = infoLines(SERVING, `${SERVING}\r\r\n+QENG: "servingcell","SEARCH"\r\n\r\nOK\r\n`);
    expect(serving(lines)).toEqual({ type: 'qeng-serving', state: 'SEARCH', cell: null, nr: null });
  });

  it('parses WCDMA', () => {
    const r = serving(['+QENG: "servingcell","NOCONN","WCDMA",460,01,A4C3,3E29AB5,10663,291,1,-89,-5,-,-,-,-,-']);
    const c = r?.cell as WcdmaServingCell;
    expect(c).toMatchObject({ rat: 'WCDMA', mcc: '460', mnc: '01', lacHex: 'A4C3', lac: 0xa4c3, cellId: 0x3e29ab5, uarfcn: 10663, psc: 291, rac: 1, rscp: -89, ecio: -5 });
  });

  it('parses GSM without a space after the colon and with tch `h`', () => {
    const r = serving(['+QENG:"servingcell","CONNECT","GSM",460,00,550A,2BCF,49,83,0,-64,255,255,0,42,42,1,h,-,0,0,0,-67,-67,0,0,1']);
    const c = r?.cell as GsmServingCell;
    expect(c).toMatchObject({ rat: 'GSM', mcc: '460', lacHex: '550A', cellIdHex: '2BCF', bsic: 49, arfcn: 83, band: 0, rxlev: -64, tch: 'h' });
  });

  it('keeps an unknown RAT as raw fields', () => {
    expect(serving(['+QENG: "servingcell","NOCONN","CDMA",460,03,1,2'])?.cell).toEqual({ rat: 'CDMA', fields: ['460', '03', '1', '2'] });
  });

  it('normalises curly quotes from forum copies', () => {
    expect(serving(['+QENG: \u201cservingcell\u201d,\u201cSEARCH\u201d'])?.state).toBe('SEARCH');
  });

  it('returns null for non-QENG lines or other QENG types', () => {
    expect(serving(['+QENG: "neighbourcell intra","LTE",1300,123,-9,-95,-65,15,30,7,16,6,44'])?.type, 'the generic parse, not a specific one').toBe('fields');
    expect(serving([])).toBeNull();
    expect(parseResponse('AT+QENG=?', ['+QENG: ("servingcell","neighbourcell")'])).toMatchObject({ type: 'fields', fields: [['servingcell', 'neighbourcell']] });
  });
});

const NEIGHBOUR = 'AT+QENG="neighbourcell"';

describe('AT+QENG="neighbourcell"', () => {
  it('parses intra/inter LTE (rsrq before rsrp, variable field counts) and foreign-RAT lines', () => {
    const raw =
      `${NEIGHBOUR}\r\r\n` +
      '+QENG: "neighbourcell intra","LTE",38950,276,-3,-88,-65,0,37,7,16,6,44\r\n' +
      '+QENG: "neighbourcell inter","LTE",39148,-,-,-,-,-,37,0,30,7\r\n' +
      '+QENG: "neighbourcell inter","LTE",37900,-,-,-,-,-,0,0,30,6,-,-,-,-\r\n' +
      '+QENG: "neighbourcell","WCDMA",10700,6,14,62,291,-95,-7,20\r\n' +
      '+QENG: "neighbourcell","GSM",83,4,10,5,255,0,49,-70,30\r\n' +
      '\r\nOK\r\n';
    const { lines } = infoLines(NEIGHBOUR, raw);
    const r = parseResponse(NEIGHBOUR, lines) as QengNeighboursInfo;
    expect(r.type).toBe('qeng-neighbours');
    expect(r.cells).toHaveLength(5);
    expect(r.cells[0]).toMatchObject({ rat: 'LTE', scope: 'intra', layout: 'lte', channel: 38950, cellId: 276, rsrq: -3, rsrp: -88, rssi: -65, sinr: 0, srxlev: 37 });
    expect(r.cells[1]).toMatchObject({ scope: 'inter', channel: 39148, cellId: null, rsrp: null, rsrq: null, srxlev: 37 });
    expect(r.cells[2]?.fields).toHaveLength(14);
    expect(r.cells[3]).toMatchObject({ rat: 'WCDMA', layout: 'wcdma-from-lte', channel: 10700, cellId: 291, rscp: -95, ecno: -7, srxlev: 20 });
    expect(r.cells[4]).toMatchObject({ rat: 'GSM', layout: 'gsm-from-lte', channel: 83, cellId: 49, rssi: -70, srxlev: 30 });
  });

  it('parses WCDMA and GSM neighbours as seen from a WCDMA or GSM cell', () => {
    const r = parseResponse(NEIGHBOUR, [
      '+QENG: "neighbourcell","WCDMA",10663,0,291,-89,-5,0,0,20',
      '+QENG:"neighbourcell","GSM",460,00,550A,2BD0,52,90,-75,30,32,0,0',
    ]) as QengNeighboursInfo;
    expect(r.cells[0]).toMatchObject({ layout: 'wcdma-from-wcdma', cellId: 291, rscp: -89, ecno: -5, srxlev: 20 });
    expect(r.cells[1]).toMatchObject({ layout: 'gsm-from-gsm', cellId: 52, channel: 90, rxlev: -75 });
  });

  it('returns an empty list for an empty neighbour answer only when a neighbour line exists', () => {
    expect(parseResponse(NEIGHBOUR, [])).toBeNull();
    expect(parseResponse(NEIGHBOUR, ['+QENG: "neighbourcell","LTE"'])).toMatchObject({ cells: [{ rat: 'LTE', layout: 'raw' }] });
  });
});
