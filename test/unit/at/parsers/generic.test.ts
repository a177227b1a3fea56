import { describe, expect, it } from 'vitest';
import { lineName, parseGeneric, parseLine, parseResponse, parseValues } from '../../../../src-main/core/at/parsers';
import { evaluateCondition, parseCondition } from '../../../../src-main/core/batch/condition';

describe('generic parser', () => {
  it('types positional values: integers, negatives, decimals, quoted strings, hex text, empty and "-"', () => {
    // [MAN6] §6.12 example (QENG servingcell TDD) and ModemManager's CGDCONT/CCLK vectors.
    expect(parseValues('"servingcell","NOCONN","LTE","TDD",460,00,82E8C80,87,38400,39,5,5,550A,-93,-13,-59,-4,46')).toEqual([
      'servingcell', 'NOCONN', 'LTE', 'TDD', 460, 0, '82E8C80', 87, 38400, 39, 5, 5, '550A', -93, -13, -59, -4, 46,
    ]);
    expect(parseValues('1,"IP",,,0,0')).toEqual([1, 'IP', null, null, 0, 0]);
    expect(parseValues('061951.0,3150.7223N,11711.9293E,0.7,62.2,2')).toEqual([61951, '3150.7223N', '11711.9293E', 0.7, 62.2, 2]);
    expect(parseValues('1,"-",-,0x1e')).toEqual([1, '-', null, 30]);
    // A quoted number stays a string (LAC, TAC, MNC carry meaning in their digits).
    expect(parseValues('2,1,"1E24","01A2B3C4",7')).toEqual([2, 1, '1E24', '01A2B3C4', 7]);
    // 1E24 unquoted is hex text, not 1e24.
    expect(parseValues('1E24')).toEqual(['1E24']);
    // IMEIs and other long digit runs stay strings (no precision loss).
    expect(parseValues('867698041234567890')).toEqual(['867698041234567890']);
  });

  it('parses ranges, lists, nested lists and groups without commas between them', () => {
    expect(parseValues('(0-31,99),(0-7,99)')).toEqual([[{ from: 0, to: 31 }, 99], [{ from: 0, to: 7 }, 99]]);
    // EG25-G +QDAI=? as captured ([LUP], ec25-facts §6.10): no comma before (1) and (1-16).
    expect(parseValues('(1-4),(0,1),(0,1),(0-5),(0-2),(0,1)(1)(1-16)')).toEqual([
      [{ from: 1, to: 4 }], [0, 1], [0, 1], [{ from: 0, to: 5 }], [{ from: 0, to: 2 }], [0, 1], [1], [{ from: 1, to: 16 }],
    ]);
    expect(parseValues('("battchg",(0-5)),("signal",(0-5))')).toEqual([['battchg', [{ from: 0, to: 5 }]], ['signal', [{ from: 0, to: 5 }]]]);
    expect(parseValues('(),,(  )')).toEqual([[], null, []]);
    expect(parseValues('(2,"","T-Mobile","31026",0),,(0-4),(0-2)')).toEqual([[2, '', 'T-Mobile', '31026', 0], null, [{ from: 0, to: 4 }], [{ from: 0, to: 2 }]]);
  });

  it('never throws on damaged input', () => {
    for (const s of ['"unterminated', '((((', ')))', ',,,', '(1,"a)', '"a"b,c', '']) expect(() => parseValues(s)).not.toThrow();
    expect(parseValues('"a"b,c')).toEqual(['ab', 'c']);
  });

  it('finds the name of +, ^, $, & and plain NAME: lines; none in data lines', () => {
    expect(lineName('+CSQ: 1,2')).toEqual({ name: '+CSQ', body: 6 });
    expect(lineName('+QENG:"servingcell"')).toEqual({ name: '+QENG', body: 6 });
    expect(lineName('^SYSINFO:2,3,0,5,1')?.name).toBe('^SYSINFO');
    expect(lineName('$QCRMCALL: 1,V4')?.name).toBe('$QCRMCALL');
    expect(lineName('&C: 1')?.name).toBe('&C');
    expect(lineName('1,"4G",100,466,691D,DD8A30B,-74,-12,0')).toBeNull();
    expect(lineName('"rsssnr",10')).toBeNull();
    expect(lineName('07914306073011F0040581')).toBeNull();
    expect(parseLine('"drx",320,0,0')).toEqual({ name: null, fields: ['drx', 320, 0, 0] });
  });

  it('groups repeated lines in rows and keeps continuation lines', () => {
    const g = parseGeneric(['+CMGL: 0,1,,147', '0791ABCD', '+CMGL: 1,1,,147', '0791EF01'])!;
    expect(g.name).toBe('+CMGL');
    expect(g.fields).toEqual([0, 1, null, 147]);
    expect(g.rows).toEqual([[0, 1, null, 147], [1, 1, null, 147]]);
    expect(g.lines.map((l) => l.name)).toEqual(['+CMGL', null, '+CMGL', null]);
    expect(parseGeneric([])).toBeNull();
  });

  it('makes any reply usable in batch conditions: fields[3] > -110', () => {
    const lines = ['+QENG: "servingcell","NOCONN","LTE","FDD",262,01,1A2B3C4,123,1300,3,5,5,1E24,-95,-9,-65,15,-'];
    const scope = (parsed: unknown) => ({ parsed, vars: {}, builtins: { response: { final: 'OK', lines } } });
    // Specific parser: `fields` comes from the response lines, the named fields stay as they are.
    const parsed = parseResponse('AT+QENG="servingcell"', lines);
    expect(evaluateCondition(parseCondition('fields[13] > -110 and rsrp > -110'), scope(parsed)).ok).toBe(true);
    expect(evaluateCondition(parseCondition('fields[13] > -90'), scope(parsed)).ok).toBe(false);
    expect(evaluateCondition(parseCondition('fields.13 == -95'), scope(parsed)).ok).toBe(true);
    // A reply nobody wrote a parser for.
    const foo = ['+QFOO: 3,"x",-7', '+QFOO: 4,"y",-8'];
    const s2 = { parsed: parseResponse('AT+QFOO', foo), vars: {}, builtins: { response: { final: 'OK', lines: foo } } };
    expect(evaluateCondition(parseCondition('fields[2] == -7 and rows[1][2] == -8 and name == "+QFOO"'), s2).ok).toBe(true);
    expect(evaluateCondition(parseCondition('fields[9] > 0'), s2).reason).toMatch(/no field fields\[9\]/);
  });
});

describe('condition indexing and lists', () => {
  it('keeps `in[1]` a keyword and a list', () => {
    const s = { parsed: { stat: 1 }, vars: {}, builtins: {} };
    expect(evaluateCondition(parseCondition('stat in[1]'), s).ok).toBe(true);
    expect(evaluateCondition(parseCondition('stat in[2]'), s).ok).toBe(false);
  });
});
