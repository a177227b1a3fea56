import { describe, expect, it } from 'vitest';
import { parseResponse } from '../../../../src-main/core/at/parsers';
import { coordinate } from '../../../../src-main/core/at/parsers/misc';
import { infoLines } from '../../../helpers/at-info-lines';

/**
 * The named parsers added for the EC25 commands of issue 11. Inputs are real replies (the
 * EC2x manual's examples, ModemManager's vectors, captures in public issues) unless a
 * comment says the case is a boundary made up for the test.
 */

describe('AT+CESQ (27.007 §8.69; ModemManager test_cesq_response)', () => {
  it('converts the indices and keeps them', () => {
    expect(parseResponse('AT+CESQ', ['+CESQ: 99,99,255,255,20,80'])).toEqual({
      type: 'cesq', rxlev: 99, ber: 99, rscp: 255, ecno: 255, rsrq: 20, rsrp: 80,
      rxlevDbm: null, rscpDbm: null, ecnoDb: null, rsrqDb: -10, rsrpDbm: -61,
    });
    expect(parseResponse('AT+CESQ', ['+CESQ: 99,99,95,40,255,255'])).toMatchObject({ rscpDbm: -26, ecnoDb: -4.5, rsrpDbm: null });
  });
  it('falls back to the generic parse when a field is not a number', () => {
    expect(parseResponse('AT+CESQ', ['+CESQ: 99,99,x,255,20,80'])?.type).toBe('fields');
  });
});

describe('AT+QCAINFO', () => {
  it('reads LTE PCC/SCC lines and the short NR SCC form (4IceG/luci-app-3ginfo-lite#65)', () => {
    const r = parseResponse('AT+QCAINFO', ['+QCAINFO: "PCC",1850,100,"LTE BAND 3",1,130,-91,-11,-62,13', '+QCAINFO: "SCC",643296,10,"NR5G BAND 78",622']);
    expect(r).toMatchObject({
      type: 'qcainfo',
      aggregated: true,
      carriers: [
        { role: 'pcc', channel: 1850, bandwidth: 100, rat: 'LTE', bandNumber: 3, state: 1, pci: 130, rsrp: -91, rsrq: -11, rssi: -62, sinr: 13 },
        { role: 'scc', channel: 643296, rat: 'NR5G', bandNumber: 78, state: null, pci: 622, rsrp: null },
      ],
    });
  });
});

describe('AT+QNETINFO ([MAN6] §6.11 examples)', () => {
  it('maps the unprefixed function lines, `-` as null', () => {
    expect(parseResponse('AT+QNETINFO=2,7', ['+QNETINFO: "LTE",1', '"rsssnr",10', '"timingadvance",39', '"drx",320,0,0'])).toEqual({
      type: 'qnetinfo', rat: 'LTE', count: 1, values: { rsssnr: [10], timingadvance: [39], drx: [320, 0, 0] },
    });
    expect(parseResponse('AT+QNETINFO=2,1', ['+QNETINFO: "LTE",1', '"rsssnr",-'])).toMatchObject({ values: { rsssnr: [null] } });
  });
});

describe('AT+QOPS ([MAN6] §6.15 examples)', () => {
  it('reads 2G, 3G and 4G cell lines per operator, with and without RSSI', () => {
    const r = parseResponse('AT+QOPS', [
      '+QOPS: "CHINA MOBILE","CMCC","46000"',
      '1,"2G",32,550B,34B8,63,26,18,0,1',
      '3,"4G",39148,206,550B,F2D4A44,-71,-4,0',
      '+QOPS: "CHN-UNICOM","UNICOM","46001"',
      '1,"3G",10688,387,D5D6,8066479,-106,23,0',
      '+QOPS: "CHN-CT","CT","46011"',
      '1,"4G",100,466,691D,DD8A30B,-71,-11,-40,0',
    ]);
    expect(r).toMatchObject({
      type: 'qops',
      operators: [
        { numeric: '46000', cells: [{ rat: '2G', freq: 32, area: 0x550b, cellId: 0x34b8, code: 63, rxlev: 26, c1: 18, cba: 0, gprs: 1 }, { rat: '4G', freq: 39148, code: 206, rsrp: -71, rsrq: -4, rssi: null, cba: 0 }] },
        { longName: 'CHN-UNICOM', cells: [{ rat: '3G', code: 387, area: 0xd5d6, rscp: -106, ecno: 23, cba: 0 }] },
        { shortName: 'CT', cells: [{ rsrp: -71, rsrq: -11, rssi: -40, cba: 0 }] },
      ],
    });
  });
});

describe('AT+CIND', () => {
  it('reads the test form into named ranges, PDF spaces inside names trimmed ([MAN6] example)', () => {
    const r = parseResponse('AT+CIND=?', ['+CIND: (" battchg",(0-5)),("signal",(0-5)),("smsfull",(0-1)),("callsetup",(0-3))']);
    expect(r).toMatchObject({ type: 'cind', indicators: [{ name: 'battchg', min: 0, max: 5 }, { name: 'signal' }, { name: 'smsfull', values: [0, 1] }, { name: 'callsetup', max: 3 }] });
  });
  it('reads the current values', () => {
    expect(parseResponse('AT+CIND?', ['+CIND: 0,3,1,0,0,0,1,0'])).toEqual({ type: 'cind', values: [0, 3, 1, 0, 0, 0, 1, 0], indicators: [] });
  });
});

describe('AT+CMGL and AT+CMGR', () => {
  it('PDU mode: each header owns the PDU line after it (ModemManager test_cmgl_response_generic_multiple, shortened PDUs)', () => {
    const { lines } = infoLines('AT+CMGL=4', 'AT+CMGL=4\r\r\n+CMGL: 0,1,,147\r\n0791430607\r\n+CMGL: 1,0,"x",20\r\n0791ABCDEF\r\n\r\nOK\r\n');
    expect(parseResponse('AT+CMGL=4', lines)).toMatchObject({
      type: 'cmgl',
      messages: [
        { index: 0, stat: 1, statName: 'REC READ', mode: 'pdu', alpha: null, length: 147, pdu: '0791430607' },
        { index: 1, stat: 0, statName: 'REC UNREAD', alpha: 'x', length: 20, pdu: '0791ABCDEF' },
      ],
    });
  });
  it('text mode: the message text may span lines; no messages is an empty list', () => {
    const r = parseResponse('AT+CMGL="ALL"', ['+CMGL: 1,"REC READ","+31612345678",,"24/01/02,10:00:00+04"', 'first line', 'second line', '+CMGL: 2,"STO UNSENT","",,', 'x']);
    expect(r).toMatchObject({ messages: [{ index: 1, stat: 1, mode: 'text', address: '+31612345678', timestamp: '24/01/02,10:00:00+04', text: 'first line\nsecond line' }, { index: 2, statName: 'STO UNSENT', text: 'x' }] });
    expect(parseResponse('AT+CMGL="ALL"', [])).toEqual({ type: 'cmgl', messages: [] });
  });
  it('CMGR in PDU mode', () => {
    expect(parseResponse('AT+CMGR=3', ['+CMGR: 0,,24', '07911326040000F0040B911346610089F60000208062917314080CC8F71D14969741F977FD07'])).toMatchObject({
      message: { stat: 0, mode: 'pdu', length: 24, pdu: '07911326040000F0040B911346610089F60000208062917314080CC8F71D14969741F977FD07' },
    });
  });
});

describe('SMS settings ([MAN9] examples, gammu hex dumps)', () => {
  it('AT+CPMS in its three forms', () => {
    expect(parseResponse('AT+CPMS?', ['+CPMS: "SM",0,50,"SM",0,50,"SM",0,50'])).toMatchObject({ storages: [{ mem: 'SM', used: 0, total: 50 }, {}, {}], supported: [] });
    expect(parseResponse('AT+CPMS="ME","ME"', ['+CPMS: 0,23,0,23,2,15'])).toMatchObject({ storages: [{ mem: null, used: 0, total: 23 }, { used: 0 }, { used: 2, total: 15 }] });
    expect(parseResponse('AT+CPMS=?', ['+CPMS: ("ME","MT"),("ME","SM","MT"),("SM","MT")'])).toMatchObject({ supported: [['ME', 'MT'], ['ME', 'SM', 'MT'], ['SM', 'MT']] });
  });
  it('AT+CSCA?, AT+CNMI?, AT+CSMS', () => {
    expect(parseResponse('AT+CSCA?', ['+CSCA: "+8613800210500",145'])).toEqual({ type: 'csca', sca: '+8613800210500', tosca: 145 });
    expect(parseResponse('AT+CNMI?', ['+CNMI: 2,1,0,0,0'])).toEqual({ type: 'cnmi', mode: 2, mt: 1, bm: 0, ds: 0, bfr: 0 });
    expect(parseResponse('AT+CSMS?', ['+CSMS: 1,1,1,1'])).toEqual({ type: 'csms', service: 1, mt: 1, mo: 1, bm: 1 });
    expect(parseResponse('AT+CSMS=1', ['+CSMS: 1,1,1'])).toEqual({ type: 'csms', service: null, mt: 1, mo: 1, bm: 1 });
    expect(parseResponse('AT+CMGS=41', ['+CMGS: 12'])).toEqual({ type: 'message-ref', ref: 12 });
  });
});

describe('device, call and GNSS', () => {
  it('AT&V ([MAN2] §2.11)', () => {
    expect(parseResponse('AT&V', ['&C: 1', '&D: 2', 'E: 1', 'Q: 0', 'V: 1', 'S3: 13'])).toEqual({
      type: 'settings', values: { '&C': 1, '&D': 2, E: 1, Q: 0, V: 1, S3: 13 }, echo: true, verbose: true, quiet: false,
    });
  });
  it('AT+CPAS, AT+QINISTAT bits, AT+CTZU?, AT+QDAI?, AT+CBC', () => {
    expect(parseResponse('AT+CPAS', ['+CPAS: 4'])).toEqual({ type: 'cpas', pas: 4, pasName: 'call-in-progress' });
    expect(parseResponse('AT+QINISTAT', ['+QINISTAT: 3'])).toEqual({ type: 'qinistat', status: 3, cpinReady: true, smsDone: true, pbDone: false });
    expect(parseResponse('AT+CTZU?', ['+CTZU: 3'])).toEqual({ type: 'ctzu', enable: 3 });
    expect(parseResponse('AT+QDAI?', ['+QDAI: 1,1,0,1,0,0,1,1'])).toMatchObject({ io: 1, mode: 1, fsync: 0, clock: 1, slotMapping: 1 });
    // [MAN13]: <bcs>,<bcl>,<voltage> (mV); a boundary case for the test.
    expect(parseResponse('AT+CBC', ['+CBC: 0,75,3900'])).toEqual({ type: 'cbc', bcs: 0, bcl: 75, voltageMv: 3900 });
  });
  it('AT+QICSGP, AT+CUSD?, AT+CLIP?, AT+CLCC', () => {
    expect(parseResponse('AT+QICSGP=1', ['+QICSGP: 1,"UNINET","","",1'])).toEqual({ type: 'qicsgp', contextType: 1, apn: 'UNINET', username: null, password: null, authentication: 1 });
    expect(parseResponse('AT+CUSD?', ['+CUSD: 0'])).toEqual({ type: 'cusd', mode: 0, text: null, dcs: null });
    expect(parseResponse('AT+CLIP?', ['+CLIP: 1,1'])).toEqual({ type: 'clip', n: 1, m: 1 });
    expect(parseResponse('AT+CLCC', ['+CLCC: 1,0,0,1,0,"",128', '+CLCC: 2,1,4,0,0,"02154450290",129'])).toMatchObject({ calls: [{ id: 1, mode: 1, number: null, toa: 128 }, { id: 2, dir: 1, stat: 4, number: '02154450290' }] });
  });
  it('AT+QGPSLOC in ddmm.mmmm and decimal forms', () => {
    const r = parseResponse('AT+QGPSLOC=0', ['+QGPSLOC: 063416.400,3143.2951N,11713.0655E,0.6,224.9,2,162.57,17.6,9.5,110620,07']);
    expect(r).toMatchObject({ type: 'qgpsloc', utc: '063416.400', hdop: 0.6, altitude: 224.9, fix: 2, cog: 162.57, speedKmh: 17.6, speedKnots: 9.5, date: '110620', satellites: 7 });
    expect((r as { latitude: number }).latitude).toBeCloseTo(31 + 43.2951 / 60, 6);
    expect(coordinate('3752.4632S')).toBeCloseTo(-(37 + 52.4632 / 60), 6);
    expect(coordinate('14504.0347W')).toBeCloseTo(-(145 + 4.0347 / 60), 6);
    expect(parseResponse('AT+QGPSLOC=2', ['+QGPSLOC: 001922.00,59.48007,18.27985,0.5,9.5,3,,0.0,0.0,160825,37'])).toMatchObject({ latitude: 59.48007, longitude: 18.27985, cog: null, satellites: 37 });
  });
  it('AT+CCLK? and AT+QLTS ([MAN13], [MAN6] §6.8: dst inside the quotes)', () => {
    expect(parseResponse('AT+CCLK?', ['+CCLK: "08/01/04,00:19:43+00"'])).toEqual({ type: 'clock', time: '08/01/04,00:19:43+00', quarterHours: 0, dst: null });
    expect(parseResponse('AT+QLTS', ['+QLTS: "2017/10/13,03:40:48+32,0"'])).toEqual({ type: 'clock', time: '2017/10/13,03:40:48+32', quarterHours: 32, dst: 0 });
  });
});

describe('AT+QENG 5G forms and AT+CGDCONT=?', () => {
  it('EN-DC: the LTE and NR5G-NSA lines after a bare servingcell line (4IceG/luci-app-3ginfo-lite#56)', () => {
    const r = parseResponse('AT+QENG="servingcell"', ['+QENG: "servingcell","NOCONN"', '+QENG: "LTE","FDD",515,03,3359966,1,150,1,5,5,4AA3,-89,-13,-58,16,15,20,-', '+QENG:"NR5G-NSA",515,03,832,-76,21,-11,528030,41,8,1']);
    expect(r).toMatchObject({
      state: 'NOCONN',
      cell: { rat: 'LTE', duplex: 'FDD', mcc: '515', mnc: '03', cellIdHex: '3359966', pci: 1, earfcn: 150, band: 1, tac: 0x4aa3, rsrp: -89, rsrq: -13, rssi: -58, sinr: 16 },
      nr: { rat: 'NR5G-NSA', mcc: '515', pci: 832, rsrp: -76, sinr: 21, rsrq: -11, arfcn: 528030, band: 41, dlBandwidth: 8, scs: 1 },
    });
  });
  it('SA: the NR cell on the servingcell line (layout of the RG50x/RM50x manual; values made up for the test)', () => {
    const r = parseResponse('AT+QENG="servingcell"', ['+QENG: "servingcell","NOCONN","NR5G-SA","TDD",460,01,5A0F27001,65,10B,504990,41,12,-85,-11,15,1,-']);
    expect(r).toMatchObject({ cell: null, nr: { rat: 'NR5G-SA', duplex: 'TDD', pci: 65, tac: 0x10b, arfcn: 504990, band: 41, rsrp: -85, rsrq: -11, sinr: 15, scs: 1, srxlev: null } });
  });
  it('CGDCONT=? expands the cid ranges per PDP type (ModemManager vectors)', () => {
    expect(parseResponse('AT+CGDCONT=?', ['+CGDCONT: (1-17,101-116),"IP",,,(0),(0-4)'])).toMatchObject({
      type: 'cgdcont-test',
      pdpTypes: [{ pdpType: 'IP', dataCompression: [0], headerCompression: [0, 1, 2, 3, 4] }],
    });
    const t = parseResponse('AT+CGDCONT=?', ['+CGDCONT: ( 1 ) , "IP" ,,, (0-2),(0-3)', '+CGDCONT: , "PPP" ,,, (0-2),(0-3)']) as { pdpTypes: { pdpType: string; cids: number[] }[] };
    expect(t.pdpTypes.map((p) => [p.pdpType, p.cids])).toEqual([['IP', [1]], ['PPP', []]]);
  });
});
