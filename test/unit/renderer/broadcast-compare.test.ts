import { describe, expect, it } from 'vitest';
import type { CommandResultView } from '../../../src-preload/contract';
import { analyse, commandName, failedIds, parsedColumns, parsedValue, toCsv } from '../../../src-renderer/lib/broadcast-compare';

function ok(modemId: string, lines: string[], parsed: unknown = null): CommandResultView {
  return { modemId, command: '', status: 'ok', final: 'OK', lines, urcs: [], echo: null, parsed, latencyMs: 12, error: null };
}
function timeout(modemId: string): CommandResultView {
  return { modemId, command: '', status: 'timeout', final: null, lines: [], urcs: [], echo: null, parsed: null, latencyMs: null, error: { code: 'timeout', message: 'no final result' } };
}
function errorFinal(modemId: string): CommandResultView {
  return { modemId, command: '', status: 'error', final: '+CME ERROR: 10', lines: [], urcs: [], echo: null, parsed: null, latencyMs: 9, error: null };
}

describe('commandName', () => {
  it('names the command without AT, parameters or query', () => {
    expect(commandName('AT+QENG="servingcell"')).toBe('+QENG');
    expect(commandName('at+csq')).toBe('+CSQ');
    expect(commandName('ATI')).toBe('I');
    expect(commandName('AT+CEREG?')).toBe('+CEREG');
  });
});

describe('analyse', () => {
  it('never makes timeouts the majority: two empty answers among 16 do not flag the 13 ok rows', () => {
    const results = [...Array.from({ length: 13 }, (_, i) => ok(`m${i}`, [`+CSQ: ${10 + i},99`])), errorFinal('m13'), timeout('m14'), timeout('m15')];
    const a = analyse('AT+CSQ', results);
    expect(a.differ).toBe(0);
    expect(a.rows.filter((r) => r.differs)).toEqual([]);
    expect(a.counts).toEqual({ ok: 13, error: 1, timeout: 2, other: 0 });
    expect(a.distinct).toBe(13);
    expect(a.mode).toBe('vary');
    expect(a.rows.map((r) => r.group)).toEqual([...Array(13).fill('ok'), 'error', 'timeout', 'timeout']);
  });

  it('IMEIs differ by nature: 100 distinct answers, none flagged', () => {
    const results = Array.from({ length: 100 }, (_, i) => ok(`m${i}`, [String(860000000000000 + i)]));
    const a = analyse('AT+CGSN', results);
    expect(a.differ).toBe(0);
    expect(a.distinct).toBe(100);
  });

  it('flags the odd ok answer to a command whose answers should agree, and only that one', () => {
    const results = [ok('a', ['Quectel', 'EC25', 'Revision: R06']), ok('b', ['Quectel', 'EC25', 'Revision: R06']), ok('c', ['Quectel', 'EC25', 'Revision: R05']), timeout('d')];
    const a = analyse('ATI', results);
    expect(a.rows.filter((r) => r.differs).map((r) => r.modemId)).toEqual(['c']);
    expect(a.distinct).toBe(2);
    expect(a.commonAnswer).toBe('Quectel\nEC25\nRevision: R06');
    expect(a.mode).toBe('agree');
  });

  it('compares only the parsed fields that should agree (registration state, not the cell)', () => {
    const reg = (id: string, stat: string, ci: string) => ok(id, [`+CEREG: 0,1,"1A2B","${ci}",7`], { type: 'cereg', statName: stat, ciHex: ci });
    const a = analyse('AT+CEREG?', [reg('a', 'registered-home', '01'), reg('b', 'registered-home', '02'), reg('c', 'searching', '03')]);
    expect(a.rows.filter((r) => r.differs).map((r) => r.modemId)).toEqual(['c']);
    expect(a.distinct).toBe(3);
  });

  it('lists the modems to resend to: every one that was not ok', () => {
    const a = analyse('ATI', [ok('a', ['x']), timeout('b'), errorFinal('c')]);
    expect(failedIds(a.rows)).toEqual(['c', 'b']);
  });
});

describe('parsed columns and export', () => {
  const qeng = (id: string, rsrp: number, sinr: number) =>
    ok(id, [`+QENG: "servingcell","NOCONN","LTE","FDD",262,01,1A2B3C,123,6300,20,5,5,1A2B,${rsrp},-10,-60,${sinr},40`], {
      type: 'qeng-serving',
      state: 'NOCONN',
      cell: { rat: 'LTE', band: 20, earfcn: 6300, pci: 123, rsrp, rsrq: -10, sinr, fields: [] },
    });

  it('shows RSRP and SINR from QENG', () => {
    const cols = parsedColumns([qeng('a', -95, 12), timeout('b')]);
    expect(cols.map((c) => c.label)).toEqual(['State', 'RAT', 'Band', 'EARFCN', 'PCI', 'RSRP', 'RSRQ', 'SINR']);
    expect(parsedValue(qeng('a', -95, 12), cols.find((c) => c.label === 'RSRP')!)).toBe('-95');
  });

  it('exports CSV with quoting and one row per modem', () => {
    const a = analyse('ATI', [ok('a', ['Quectel, Ltd "X"']), timeout('b')]);
    const csv = toCsv(a.rows, [], (id) => `slot ${id}`);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe('slot a,a,ok,ok,OK,"Quectel, Ltd ""X""",12,,');
    expect(lines[2]).toContain('timeout: no final result');
  });
});
