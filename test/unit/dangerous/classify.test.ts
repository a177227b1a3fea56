import { describe, expect, it } from 'vitest';
import { classifyCommandLine, isDangerousCommandLine, parseCommandLine } from '../../../src-preload/contract/dangerous';

// Issue 13 item 2: the batch gate (a prefix match) let these through.
const DISGUISES: [line: string, category: string, text: string][] = [
  ['AT+CSQ;+QPOWD', 'power', 'AT+QPOWD'],
  ['AT +QPOWD', 'power', 'AT+QPOWD'],
  ['AT+CFUN=0;', 'power', 'AT+CFUN=0'],
  ['AT+CFUN =0', 'power', 'AT+CFUN=0'],
  ['ATE0&F', 'factory', 'AT&F'],
  ['AT;+QFASTBOOT', 'firmware', 'AT+QFASTBOOT'],
  ['AT+CFUN=4;+CSQ', 'power', 'AT+CFUN=4'],
  ['at+qpowd', 'power', 'AT+QPOWD'],
  ['At+QpOwD=1', 'power', 'AT+QPOWD=1'],
  ['AT+CFUN=1,1', 'power', 'AT+CFUN=1,1'],
  ['AT+CFUN=1, 1', 'power', 'AT+CFUN=1,1'],
  ['AT+CFUN = 1 , 1 ;', 'power', 'AT+CFUN=1,1'],
  ['AT+CFUN=00', 'power', 'AT+CFUN=00'],
  ['AT+C FUN=0', 'power', 'AT+CFUN=0'],
  ['A T+CFUN=0', 'power', 'AT+CFUN=0'],
  ['AT\t+QPOWD', 'power', 'AT+QPOWD'],
  ['ATE0V1&F0', 'factory', 'AT&F0'],
  ['AT&f', 'factory', 'AT&F'],
  ['AT+CSQ;+CFUN=0;+CSQ', 'power', 'AT+CFUN=0'],
  ['AT+QCFG="usbnet",1', 'usb', 'AT+QCFG="usbnet",1'],
  ['AT+QCFG="USBNET",3', 'usb', 'AT+QCFG="USBNET",3'],
  ['AT+CSQ;+QCFG = "usbnet" , 1', 'usb', 'AT+QCFG="usbnet",1'],
  ['AT+QCFG="usbcfg",0x2C7C,0x0125,1,1,1,1,1,0,0', 'usb', 'AT+QCFG="usbcfg",0X2C7C,0X0125,1,1,1,1,1,0,0'],
  ['AT+QNVFW="/nv/item_files/x",0102', 'firmware', 'AT+QNVFW="/nv/item_files/x",0102'],
  ['AT+QFOTADL="http://127.0.0.1/fw.zip"', 'firmware', 'AT+QFOTADL="http://127.0.0.1/fw.zip"'],
  ['AT+QFASTBOOT', 'firmware', 'AT+QFASTBOOT'],
  ['AT+CLCK="SC",1,"1234"', 'sim-lock', 'AT+CLCK="SC",1,"1234"'],
  ['AT+CLCK="SC",0,"1234"', 'sim-lock', 'AT+CLCK="SC",0,"1234"'],
  ['AT&W', 'factory', 'AT&W'],
  ['AT&W0', 'factory', 'AT&W0'],
  ['ATZ', 'factory', 'ATZ'],
  ['ATZ0', 'factory', 'ATZ0'],
  ['ATE1Z', 'factory', 'ATZ'],
  ['AT+CSQ&F', 'factory', 'AT&F'],
  ['AT+CFUN=,1', 'power', 'AT+CFUN=,1'],
  ['AT+CFUN=0,0', 'power', 'AT+CFUN=0,0'],
  ['AT+QPRTPARA=3', 'factory', 'AT+QPRTPARA=3'],
  ['AT+CSQ\rAT+QPOWD', 'power', 'AT+QPOWD'],
  ['A/', 'repeat', 'A/'],
  ['AT+CLCK', 'sim-lock', 'AT+CLCK'],
  ['AT+CLCK="SC",,"1234"', 'sim-lock', 'AT+CLCK="SC",,"1234"'],
  ['AT+QRST=1,0', 'power', 'AT+QRST=1,0'],
  ['AT+CPOF', 'power', 'AT+CPOF'],
  ['AT^RESET', 'power', 'AT^RESET'],
  ['AT+CFUN=6', 'power', 'AT+CFUN=6'],
  ['AT+CFUN="0"', 'power', 'AT+CFUN="0"'],
  ['AT+CSQ +QPOWD', 'power', 'AT+QPOWD'],
  ['AT+QPOWD?', 'power', 'AT+QPOWD?'],
  ['AT\u00a0+QPOWD', 'power', 'AT+QPOWD'],
];

const HARMLESS = [
  'AT',
  'ATI',
  'ATE0',
  'ATE0V1',
  'AT+CSQ',
  'AT+CFUN?',
  'AT+CFUN=?',
  'AT+CFUN=1',
  'AT+CFUN=1,0',
  'AT+CFUN=01',
  'AT+QPOWD=?',
  'AT+QFASTBOOT=?',
  'AT+QCFG="usbnet"',
  'AT+QCFG="nwscanmode",3,1',
  'AT+QCFG="band"',
  'AT+CLCK="SC",2',
  'AT+CLCK=?',
  'AT+CLCK?',
  'AT&V',
  'AT+COPS?;+CREG?',
  'AT+QENG="servingcell"',
  'ATS0=0',
  'ATD*99#;',
  // A quoted `;` does not start a command.
  'AT+CMGS="x;+QPOWD"',
  'AT+QCFG="usbnet;+CFUN=0"',
];

describe('classifyCommandLine', () => {
  it.each(DISGUISES)('%j is dangerous (%s)', (line, category, text) => {
    const r = classifyCommandLine(line);
    expect(r.dangerous).toBe(true);
    expect(r.commands).toContainEqual(expect.objectContaining({ category, text }));
    for (const c of r.commands) expect(c.reason.length).toBeGreaterThan(10);
    expect(isDangerousCommandLine(line)).toBe(true);
  });

  it('has at least the issue\'s 19 disguises and 6 unclassified commands', () => {
    expect(DISGUISES.length).toBeGreaterThanOrEqual(25);
  });

  it.each(HARMLESS)('%j is not dangerous', (line) => {
    expect(classifyCommandLine(line)).toEqual({ dangerous: false, commands: [] });
  });

  it('lists every dangerous command of a line, in order', () => {
    const r = classifyCommandLine('ATE0&F;+CSQ;+CFUN=1,1;+QPOWD');
    expect(r.commands.map((c) => [c.text, c.category])).toEqual([
      ['AT&F', 'factory'],
      ['AT+CFUN=1,1', 'power'],
      ['AT+QPOWD', 'power'],
    ]);
  });

  it('parses as V.250 does: basic commands back to back, extended commands to ";"', () => {
    expect(parseCommandLine('ATE0V1&F;+CSQ;+CMEE=2')).toEqual([
      { name: 'E', kind: 'basic', form: 'exec', args: '0' },
      { name: 'V', kind: 'basic', form: 'exec', args: '1' },
      { name: '&F', kind: 'basic', form: 'exec', args: '' },
      { name: '+CSQ', kind: 'extended', form: 'exec', args: '' },
      { name: '+CMEE', kind: 'extended', form: 'write', args: '2' },
    ]);
    expect(parseCommandLine('ats3?')).toEqual([{ name: 'S3', kind: 'basic', form: 'read', args: '' }]);
    expect(parseCommandLine('AT+COPS=?')).toEqual([{ name: '+COPS', kind: 'extended', form: 'test', args: '' }]);
  });

  it('reads long hostile lines in one pass (a quadratic parser would hit the test timeout)', () => {
    const line = 'AT' + '+CSQ;'.repeat(40_000) + '+CMGS="' + ';'.repeat(40_000);
    expect(classifyCommandLine(line).dangerous).toBe(false);
    expect(classifyCommandLine(line + '"+QPOWD').commands).toHaveLength(0);
    expect(classifyCommandLine(line + '";+QPOWD').commands).toHaveLength(1);
  });
});
