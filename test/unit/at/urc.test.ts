import { describe, expect, it } from 'vitest';
import { UrcRegistry } from '../../../src-main/core/at/urc';

const reg = UrcRegistry.default();
const isUrc = (line: string, inFlight: string | null) => reg.classify(line, inFlight).urc;

describe('UrcRegistry: always-URC lines', () => {
  it.each([
    'RDY',
    'POWERED DOWN',
    'NORMAL POWER DOWN',
    'RING',
    '+QIND: SMS DONE',
    '+QIND: PB DONE',
    '+QIND: "csq",20,99',
    '+QUSIM: 1',
    '+QGPSURC: "xtradataexpire",0,"1980/01/06,00:00:00"',
    '+CMTI: "SM",3',
    '+CMT: "+491701234567",,"24/01/01,12:00:00+04"',
    '+CDS: 6,12',
    '+QSTAT: 1',
    '+CRING: VOICE',
    '+CLIP: "+491701234567",145,,,,0',
    '+CGEV: NW DETACH',
    '+QIURC: "pdpdeact",1',
    '+APIND: ATFWD READY',
    '+CTZE: "+04",0,"2024/01/01,12:00:00"',
    '+CTZV: +04',
    '+PACSP1',
  ])('%s is a URC while ATI is in flight and while nothing is', (line) => {
    expect(isUrc(line, 'ATI')).toBe(true);
    expect(isUrc(line, null)).toBe(true);
    expect(isUrc(line, 'AT+CSQ')).toBe(true);
  });

  it('names the URC by its prefix or its whole line', () => {
    expect(reg.classify('+QIND: SMS DONE', 'AT')).toEqual({ urc: true, name: '+QIND' });
    expect(reg.classify('POWERED DOWN', 'AT+QPOWD')).toEqual({ urc: true, name: 'POWERED DOWN' });
    expect(reg.classify('+PACSP0', null)).toEqual({ urc: true, name: '+PACSP' });
  });

  it('RING is `2` only in numeric mode', () => {
    expect(reg.classify('2', null, 'numeric')).toEqual({ urc: true, name: 'RING' });
    expect(reg.classify('2', 'ATS0?', 'verbose')).toEqual({ urc: false });
  });
});

describe('UrcRegistry: responses vs URCs around a command', () => {
  // The sequence a session sees: URC before the echo, the response, a URC after OK.
  it('classifies lines before, inside and after a +CSQ response', () => {
    const seq: [string, string | null, boolean][] = [
      ['+QIND: "csq",20,99', 'AT+CSQ', true],
      ['AT+CSQ', 'AT+CSQ', false],
      ['+CSQ: 18,99', 'AT+CSQ', false],
      ['+QIND: PB DONE', 'AT+CSQ', true],
      ['OK', 'AT+CSQ', false],
      ['+CREG: 1', null, true],
    ];
    for (const [line, inFlight, urc] of seq) expect(isUrc(line, inFlight), `${line} / ${inFlight}`).toBe(urc);
  });

  it('info lines of the in-flight prefix are responses, even unregistered ones', () => {
    expect(isUrc('+QENG: "servingcell","NOCONN","LTE","FDD",262,01,1A2B3C4,123,1300,3,5,5,1E24,-95,-9,-65,15,-', 'AT+QENG="servingcell"')).toBe(false);
    expect(isUrc('+QNETDEVSTATUS: 10.0.0.2,255.255.255.0,10.0.0.1,10.0.0.1,8.8.8.8,8.8.4.4,8000,8000', 'AT+QNETDEVSTATUS=1')).toBe(false);
  });

  it('unregistered prefixes are never URCs: info lines in flight, late answers when idle', () => {
    expect(isUrc('+QFOO: 1', 'ATI')).toBe(false);
    expect(isUrc('+QFOO: 1', null)).toBe(false);
    expect(isUrc('+CSQ: 18,99', null)).toBe(false);
    expect(isUrc('+CME ERROR: 10', null)).toBe(false);
    expect(isUrc('+CMS ERROR: 350', 'AT+CMGS="123"')).toBe(false);
  });

  it('unprefixed text is never a URC unless registered', () => {
    expect(isUrc('Quectel', 'ATI')).toBe(false);
    expect(isUrc('Revision: EC25EFAR06A04M4G', 'ATI')).toBe(false);
    expect(isUrc('OK', null)).toBe(false);
  });

  it('+CPIN and +CFUN are responses to their queries, URCs otherwise', () => {
    expect(isUrc('+CPIN: READY', 'AT+CPIN?')).toBe(false);
    expect(isUrc('+CPIN: READY', 'AT+CPIN=1234')).toBe(true);
    expect(isUrc('+CPIN: READY', 'AT+CFUN=1')).toBe(true);
    expect(isUrc('+CPIN: SIM PIN', null)).toBe(true);
    expect(isUrc('+CFUN: 1', 'AT+CFUN?')).toBe(false);
    expect(isUrc('+CFUN: (0,1,4),(0,1)', 'AT+CFUN=?')).toBe(false);
    expect(isUrc('+CFUN: 1', 'AT+CFUN=1,1')).toBe(true);
    expect(isUrc('+CFUN: 1', 'AT')).toBe(true);
  });

  it('+CUSD: the query answers, the network reply after AT+CUSD=1,... is a URC', () => {
    expect(isUrc('+CUSD: 1', 'AT+CUSD?')).toBe(false);
    expect(isUrc('+CUSD: 0,"Balance 5.00 EUR",15', 'AT+CUSD=1,"*100#",15')).toBe(true);
    expect(isUrc('+CUSD: 0,"Balance 5.00 EUR",15', null)).toBe(true);
  });

  it('accepts the in-flight command in any case, as the session may uppercase it', () => {
    expect(isUrc('+CPIN: READY', 'at+cpin?')).toBe(false);
  });
});

describe('UrcRegistry: registration lines', () => {
  const cases: [string, string | null, boolean][] = [
    // Read responses: <n>,<stat>[,...]
    ['+CREG: 0,1', 'AT+CREG?', false],
    ['+CREG: 2,1,"1A2B","01A2B3C4",7', 'AT+CREG?', false],
    ['+CREG: 2,5,"1A2B","01A2B3C4",7', 'AT+CREG?', false],
    ['+CGREG: 2,1,"1A2B","01A2B3C4",7,"01"', 'AT+CGREG?', false],
    ['+CEREG: 0,4', 'AT+CEREG?', false],
    ['+CEREG: 3,3,"","",,0,15', 'AT+CEREG?', false],
    ['+CEREG: 4,1,"1E24","01A2B3C4",7,,,"00100100","01000111"', 'AT+CEREG?', false],
    ['+CEREG: 5,5,"1E24","01A2B3C4",7,0,0,"00100100","01000111"', 'AT+CEREG?', false],
    // URCs while the read is in flight: one field, or a quoted/empty second field.
    ['+CREG: 1', 'AT+CREG?', true],
    ['+CREG: 1,"1A2B","01A2B3C4",7', 'AT+CREG?', true],
    ['+CEREG: 3,,,,0,15', 'AT+CEREG?', true],
    ['+CEREG: 1,"1E24","01A2B3C4",7,,,"00100100","01000111"', 'AT+CEREG?', true],
    ['+CEREG: 1,"1E24","01A2B3C4",7', 'AT+CEREG?', true],
    // The test form answers with the prefix too.
    ['+CREG: (0-2)', 'AT+CREG=?', false],
    ['+CEREG: (0-2,4)', 'AT+CEREG=?', false],
    // Setting <n> answers OK only; what follows is the URC.
    ['+CREG: 1,"1A2B","01A2B3C4",7', 'AT+CREG=2', true],
    // Another registration command in flight, or nothing.
    ['+CGREG: 1', 'AT+CREG?', true],
    ['+CREG: 0,1', 'AT+CEREG?', true],
    ['+CREG: 0,1', null, true],
    ['+CEREG: 2,1', 'ATI', true],
  ];
  it.each(cases)('%s while %s -> urc %s', (line, inFlight, urc) => {
    expect(isUrc(line, inFlight)).toBe(urc);
  });
});

describe('UrcRegistry: multi-line URCs', () => {
  it('says how many following lines belong to +CMT, +CBM and PDU-mode +CDS', () => {
    expect(reg.classify('+CMT: "+491701234567",,"24/01/01,12:00:00+04"', 'AT+CSQ')).toEqual({ urc: true, name: '+CMT', follow: 1 });
    expect(reg.classify('+CMT: ,24', null)).toEqual({ urc: true, name: '+CMT', follow: 1 });
    expect(reg.classify('+CDS: 25', 'ATI')).toEqual({ urc: true, name: '+CDS', follow: 1 });
    expect(reg.classify('+CDS: 6,12,"+491701234567",145,"24/01/01,12:00:00+04","24/01/01,12:00:05+04",0', 'ATI')).toEqual({ urc: true, name: '+CDS' });
    expect(reg.classify('+CMTI: "SM",3', 'ATI')).toEqual({ urc: true, name: '+CMTI' });
  });

  it('rejects a bad followLines', () => {
    expect(() => new UrcRegistry().register({ name: '+X', followLines: -1 })).toThrow(/followLines/);
    expect(() => new UrcRegistry().register({ name: '+X', followLines: 1.5 })).toThrow(TypeError);
  });
});

describe('UrcRegistry.register', () => {
  it('adds a URC and overrides a default', () => {
    const r = UrcRegistry.default();
    expect(r.classify('+QFOO: 1', 'ATI').urc).toBe(false);
    r.register({ name: '+QFOO' });
    expect(r.classify('+QFOO: 1', 'ATI')).toEqual({ urc: true, name: '+QFOO' });
    expect(r.classify('+QFOO: 1', 'AT+QFOO?').urc).toBe(false);
    r.register({ name: 'HELLO' });
    expect(r.classify('HELLO', 'ATI')).toEqual({ urc: true, name: 'HELLO' });
    expect(r.has('HELLO')).toBe(true);
  });

  it('an empty registry knows no URCs', () => {
    const r = new UrcRegistry();
    expect(r.classify('RDY', null).urc).toBe(false);
    expect(r.classify('+QIND: PB DONE', 'ATI').urc).toBe(false);
    expect(r.classify('+QIND: PB DONE', null).urc).toBe(false);
  });

  it.each([
    [{ name: '' }, /name/],
    [{ name: ' RDY' }, /name/],
    [{ name: '+QIND:' }, /name/],
    [{ name: '+X', match: 'regex' }, /match/],
    [{ name: '+X', responseForms: ['query'] }, /responseForms/],
    [{ name: '+X', isUrcWhileInFlight: 'yes' }, /isUrcWhileInFlight/],
  ])('rejects %j with a TypeError naming the field', (def, re) => {
    const r = new UrcRegistry();
    expect(() => r.register(def as never)).toThrow(TypeError);
    expect(() => r.register(def as never)).toThrow(re);
  });
});
