import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS, type RunData, type StepResult, compareByFirmware, compareRuns, fullMatrix, toCsv, toJUnit, toJson } from '../../../src-main/core/batch';

const dir = mkdtempSync(join(tmpdir(), 'mb-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** RFC 4180 reader: quoted fields with doubled quotes, CR/LF inside quotes, CRLF record ends. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else field += text[i++];
    } else if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (c === '\n' || c === '\r' || c === '"') {
      throw new Error(`bare ${JSON.stringify(c)} outside quotes at ${i}`);
    } else field += text[i++];
  }
  if (field !== '' || row.length > 0) throw new Error('the last record has no CRLF');
  return rows;
}

function res(modemKey: string, seq: number, status: StepResult['status'], latencyMs: number | null, extra: Partial<StepResult> = {}): StepResult {
  return {
    modemKey,
    seq,
    stepKey: String(seq + 1),
    stepId: String(seq + 1),
    name: ['ATI', 'AT+CSQ', 'Wait, then "check" <it> & go'][seq]!,
    kind: 'send',
    command: ['ATI', 'AT+CSQ', 'AT+QENG="servingcell"'][seq]!,
    status,
    message: status === 'pass' ? null : status === 'fail' ? 'rsrp > -110: rsrp = -120' : status === 'error' ? 'No final result for AT+CSQ within 5000 ms' : 'after failure',
    errorCode: status === 'error' ? 'timeout' : null,
    final: status === 'pass' || status === 'fail' ? 'OK' : null,
    lines: status === 'fail' ? ['+QENG: "servingcell","NOCONN","LTE","FDD",262,01', 'second, line "quoted"\u0001'] : [],
    parsed: status === 'fail' ? { type: 'qeng-serving', cell: { rsrp: -120 } } : null,
    captures: seq === 0 ? { imei: `86${modemKey}` } : {},
    latencyMs,
    attempts: status === 'error' ? 3 : 1,
    startedAt: 1_700_000_000_000 + seq * 100,
    endedAt: 1_700_000_000_050 + seq * 100,
    ...extra,
  };
}

function run(id: number, results: StepResult[], revisions: Record<string, string>): RunData {
  const keys = Object.keys(revisions);
  return {
    id,
    name: 'Inventory, "quoted" & <odd>',
    status: 'completed',
    startedAt: 1_700_000_000_000,
    endedAt: 1_700_000_001_234,
    batchHash: 'ab',
    steps: [0, 1, 2].map((seq) => ({ seq, key: String(seq + 1), id: String(seq + 1), name: res('x', seq, 'pass', 0).name, kind: 'send' as const })),
    modems: keys.map((k) => ({ key: k, label: `sim${k}`, status: 'done' as const, identity: { imei: k, iccid: '8933', imsi: null, model: 'EC25', firmware: 'EC25EFAR06A04M4G', revision: revisions[k]! } })),
    results,
  };
}

const A = run(1, [res('1', 0, 'pass', 10), res('1', 1, 'fail', 20), res('1', 2, 'error', null), res('2', 0, 'pass', 30), res('2', 1, 'pass', 40), res('2', 2, 'skipped', null), res('3', 0, 'pass', 12)], {
  '1': 'FW_A',
  '2': 'FW_B',
  '3': 'FW_B',
});
const B = run(2, [res('1', 0, 'pass', 14), res('1', 1, 'pass', 26), res('1', 2, 'pass', 5), res('2', 0, 'fail', 50), res('2', 1, 'pass', 44), res('2', 2, 'pass', 7)], {
  '1': 'FW_A',
  '2': 'FW_C',
});

describe('exports', () => {
  it('JUnit XML is valid against the JUnit XSD and carries failures with the response text', () => {
    const xml = toJUnit(A, { hostname: 'bench-1' });
    const file = join(dir, 'a.xml');
    writeFileSync(file, xml);
    const v = spawnSync('xmllint', ['--noout', '--schema', 'test/fixtures/batch/junit.xsd', file], { encoding: 'utf8' });
    expect(v.stderr).toContain('validates');
    expect(v.status).toBe(0);
    expect(xml).toContain('<testsuites name="Inventory, &quot;quoted&quot; &amp; &lt;odd&gt;" tests="9" failures="1" errors="1"');
    expect(xml).toContain('<testsuite name="sim1 (1)" tests="3" failures="1" errors="1" skipped="0"');
    expect(xml).toMatch(/<failure message="rsrp &gt; -110: rsrp = -120" type="expectation">&gt; AT\+CSQ\n&lt; \+QENG: &quot;servingcell&quot;/);
    expect(xml).toContain('<error message="No final result for AT+CSQ within 5000 ms" type="timeout">');
    // Modem 3 never ran steps 2 and 3: skipped, "not run".
    expect(xml.match(/<skipped message="not run"\/>/g)).toHaveLength(2);
    expect(xml).toContain('\uFFFD'); // the control character, replaced
  });

  it('the schema rejects what it should (the validation can fail)', () => {
    const file = join(dir, 'bad.xml');
    writeFileSync(file, '<testsuites><testsuite name="x" tests="one" failures="0" errors="0"/></testsuites>');
    const v = spawnSync('xmllint', ['--noout', '--schema', 'test/fixtures/batch/junit.xsd', file], { encoding: 'utf8' });
    expect(v.status).not.toBe(0);
  });

  it('CSV reads back (RFC 4180) to exactly the results matrix', () => {
    const csv = toCsv(A);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = readCsv(csv);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const matrix = fullMatrix(A).flatMap(({ modem, results }) => results.map((r) => ({ modem, r })));
    expect(rows.length - 1).toBe(matrix.length);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    matrix.forEach(({ modem, r }, i) => {
      const row = rows[i + 1]!;
      expect(row).toHaveLength(CSV_COLUMNS.length);
      expect(row[col('run_name')]).toBe(A.name);
      expect(row[col('modem_key')]).toBe(modem.key);
      expect(row[col('revision')]).toBe(modem.identity.revision);
      expect(row[col('seq')]).toBe(String(r.seq));
      expect(row[col('step_name')]).toBe(r.name);
      expect(row[col('command')]).toBe(r.command ?? '');
      expect(row[col('status')]).toBe(r.status);
      expect(row[col('message')]).toBe(r.message ?? '');
      // A first line starting with + is neutralised (OWASP): a leading apostrophe.
      expect(row[col('lines')]!.split('\n')).toEqual(r.lines.length ? r.lines.map((l, j) => (j === 0 && l.startsWith('+') ? `'${l}` : l)) : ['']);
      expect(row[col('parsed')]).toBe(r.parsed === null ? '' : JSON.stringify(r.parsed));
      expect(row[col('latency_ms')]).toBe(r.latencyMs === null ? '' : String(r.latencyMs));
      expect(row[col('attempts')]).toBe(String(r.attempts));
    });
  });

  it('CSV cells never start a formula (OWASP): run names, step names, commands, responses, captures', () => {
    const evil = {
      ...run(
      7,
      [
        {
          ...res('1', 0, 'fail', 10),
          name: '=cmd|\' /C calc\'!A0',
          command: '+AT',
          message: '-2+3',
          lines: ['@SUM(1+1)', 'ok'],
          final: '\tERROR',
          captures: { x: '=1' },
        },
      ],
      { '1': '-FW' },
      ),
      name: '=HYPERLINK("http://127.0.0.1/x","click")',
    };
    const rows = readCsv(toCsv(evil));
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    const row = rows[1]!;
    expect(row[col('run_name')]).toBe('\'=HYPERLINK("http://127.0.0.1/x","click")');
    expect(row[col('step_name')]).toBe("'=cmd|' /C calc'!A0");
    expect(row[col('command')]).toBe("'+AT");
    expect(row[col('message')]).toBe("'-2+3");
    expect(row[col('lines')]).toBe("'@SUM(1+1)\nok");
    expect(row[col('final')]).toBe("'\tERROR");
    expect(row[col('revision')]).toBe("'-FW");
    // No cell of any row starts with a formula character.
    for (const r of rows) for (const c of r) expect(c, c).not.toMatch(/^[=+\-@\t\r]/);
    // Numbers stay numbers.
    expect(row[col('latency_ms')]).toBe('10');
  });

  it('JSON holds the whole run', () => {
    const j = JSON.parse(toJson(A)) as RunData & { format: string };
    expect(j.format).toBe('modem-bench-run');
    expect(j.results).toEqual(A.results);
    expect(j.modems).toEqual(A.modems);
  });
});

describe('comparison', () => {
  it('two runs: pass rate and p50 per step, outcome changes, by firmware', () => {
    const c = compareRuns(A, B);
    const s1 = c.steps.find((s) => s.stepId === '1')!;
    expect(s1.a).toEqual({ count: 3, passed: 3, passRate: 1, p50LatencyMs: 12 });
    expect(s1.b).toEqual({ count: 2, passed: 1, passRate: 0.5, p50LatencyMs: 32 });
    expect(s1.passRateDelta).toBe(-0.5);
    expect(s1.p50DeltaMs).toBe(20);
    const s2 = c.steps.find((s) => s.stepId === '2')!;
    expect(s2.a.passRate).toBe(0.5);
    expect(s2.b.passRate).toBe(1);
    expect(s2.p50DeltaMs).toBe(35 - 30);
    expect(c.changed.map((x) => `${x.modemKey}:${x.stepKey}:${x.a}->${x.b}`).sort()).toEqual(['1:2:fail->pass', '1:3:error->pass', '2:1:pass->fail', '2:3:skipped->pass']);
    expect(c.changed.find((x) => x.modemKey === '2')!).toMatchObject({ firmwareA: 'FW_B', firmwareB: 'FW_C' });
    expect(c.byFirmware.a.map((g) => [g.firmware, g.modems.length])).toEqual([
      ['FW_A', 1],
      ['FW_B', 2],
    ]);
    expect(c.byFirmware.b.find((g) => g.firmware === 'FW_C')!.stats.passRate).toBeCloseTo(2 / 3);
  });

  it("one run's modems grouped by firmware revision", () => {
    const g = compareByFirmware(A);
    expect(g.map((x) => x.firmware)).toEqual(['FW_A', 'FW_B']);
    const b = g.find((x) => x.firmware === 'FW_B')!;
    expect(b.modems).toEqual(['sim2', 'sim3']);
    expect(b.steps[0]!.stats).toEqual({ count: 2, passed: 2, passRate: 1, p50LatencyMs: 21 });
    expect(b.steps[2]!.stats).toEqual({ count: 0, passed: 0, passRate: null, p50LatencyMs: null });
    expect(g.find((x) => x.firmware === 'FW_A')!.steps[1]!.stats.passRate).toBe(0);
  });
});

describe('xmllint is installed (CI needs libxml2-utils)', () => {
  it('answers --version', () => {
    expect(() => execFileSync('xmllint', ['--version'], { stdio: 'ignore' })).not.toThrow();
  });
});
