/**
 * Exports of a run: JSON (everything), CSV (one row per modem x step, RFC
 * 4180), JUnit XML (a testsuite per modem, a testcase per step). A step a
 * modem never ran (stopped, lost, cancelled) appears as skipped, "not run".
 */
import { csvCell } from '../../../src-preload/contract/csv';
import type { RunData, RunModem, StepResult } from './results';

/** The run's matrix in plan order, with "not run" cells filled in. */
export function fullMatrix(run: RunData): { modem: RunModem; results: StepResult[] }[] {
  const byKey = new Map<string, Map<number, StepResult>>();
  for (const r of run.results) {
    let m = byKey.get(r.modemKey);
    if (!m) byKey.set(r.modemKey, (m = new Map()));
    m.set(r.seq, r);
  }
  return run.modems.map((modem) => ({
    modem,
    results: run.steps.map(
      (s) =>
        byKey.get(modem.key)?.get(s.seq) ?? {
          modemKey: modem.key,
          seq: s.seq,
          stepKey: s.key,
          stepId: s.id,
          name: s.name,
          kind: s.kind,
          command: null,
          status: 'skipped',
          message: 'not run',
          errorCode: null,
          final: null,
          lines: [],
          parsed: null,
          captures: {},
          latencyMs: null,
          attempts: 0,
          startedAt: 0,
          endedAt: 0,
        },
    ),
  }));
}

export function toJson(run: RunData): string {
  return JSON.stringify({ format: 'modem-bench-run', version: 1, ...run }, null, 2);
}

export const CSV_COLUMNS = [
  'run_id',
  'run_name',
  'modem_key',
  'modem_label',
  'imei',
  'iccid',
  'model',
  'firmware',
  'revision',
  'seq',
  'step_key',
  'step_id',
  'step_name',
  'kind',
  'command',
  'status',
  'message',
  'error_code',
  'final',
  'lines',
  'parsed',
  'captures',
  'latency_ms',
  'attempts',
  'started_at',
  'ended_at',
] as const;

/** RFC 4180: a field with a comma, quote, CR or LF is quoted, quotes doubled; records end with CRLF. */
/** One cell: formula-looking text neutralised (OWASP), then quoted as RFC 4180 says (see contract/csv.ts). */
export const csvField = csvCell;

const iso = (ms: number): string => (ms > 0 ? new Date(ms).toISOString() : '');

export function toCsv(run: RunData): string {
  const rows: string[] = [CSV_COLUMNS.join(',')];
  for (const { modem, results } of fullMatrix(run)) {
    for (const r of results) {
      const cells: unknown[] = [
        run.id,
        run.name,
        modem.key,
        modem.label,
        modem.identity.imei,
        modem.identity.iccid,
        modem.identity.model,
        modem.identity.firmware,
        modem.identity.revision,
        r.seq,
        r.stepKey,
        r.stepId,
        r.name,
        r.kind,
        r.command,
        r.status,
        r.message,
        r.errorCode,
        r.final,
        r.lines.join('\n'),
        r.parsed === null ? '' : r.parsed,
        Object.keys(r.captures).length ? r.captures : '',
        r.latencyMs,
        r.attempts,
        iso(r.startedAt),
        iso(r.endedAt),
      ];
      rows.push(cells.map(csvField).join(','));
    }
  }
  return rows.join('\r\n') + '\r\n';
}

/** XML 1.0 text: escaped, and the characters XML cannot hold at all replaced. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const secs = (ms: number | null): string => ((ms ?? 0) / 1000).toFixed(3);

function responseText(r: StepResult): string {
  const out: string[] = [];
  if (r.command) out.push(`> ${r.command}`);
  for (const l of r.lines) out.push(`< ${l}`);
  if (r.final) out.push(`< ${r.final}`);
  if (r.message) out.push(r.message);
  return out.join('\n');
}

export function toJUnit(run: RunData, o: { hostname?: string } = {}): string {
  const matrix = fullMatrix(run);
  const count = (rs: StepResult[], s: StepResult['status']): number => rs.filter((r) => r.status === s).length;
  const all = matrix.flatMap((m) => m.results);
  const suiteName = (m: RunModem): string => (m.identity.imei && m.identity.imei !== m.label ? `${m.label} (${m.identity.imei})` : m.label);
  const pkg = `modem-bench.${run.name.replace(/[^A-Za-z0-9_-]+/g, '_')}`;
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const totalMs = run.endedAt !== null ? run.endedAt - run.startedAt : 0;
  lines.push(
    `<testsuites name="${xmlEscape(run.name)}" tests="${all.length}" failures="${count(all, 'fail')}" errors="${count(all, 'error')}" time="${secs(Math.max(0, totalMs))}">`,
  );
  matrix.forEach(({ modem, results }, i) => {
    const started = results.filter((r) => r.startedAt > 0).map((r) => r.startedAt);
    const ended = results.map((r) => r.endedAt);
    const t0 = started.length ? Math.min(...started) : run.startedAt;
    const t1 = Math.max(t0, ...ended);
    lines.push(
      `  <testsuite name="${xmlEscape(suiteName(modem))}" tests="${results.length}" failures="${count(results, 'fail')}" errors="${count(results, 'error')}" skipped="${count(results, 'skipped')}" time="${secs(t1 - t0)}" timestamp="${new Date(t0).toISOString().slice(0, 19)}" id="${i}" package="${xmlEscape(pkg)}"${o.hostname ? ` hostname="${xmlEscape(o.hostname)}"` : ''}>`,
    );
    lines.push('    <properties>');
    const props: [string, string | null][] = [
      ['modem.key', modem.key],
      ['modem.label', modem.label],
      ['imei', modem.identity.imei],
      ['iccid', modem.identity.iccid],
      ['model', modem.identity.model],
      ['firmware', modem.identity.firmware],
      ['revision', modem.identity.revision],
      ['modem.status', modem.status],
    ];
    for (const [k, v] of props) if (v !== null) lines.push(`      <property name="${k}" value="${xmlEscape(v)}"/>`);
    lines.push('    </properties>');
    for (const r of results) {
      const open = `    <testcase name="${xmlEscape(`${r.stepKey} ${r.name}`)}" classname="${xmlEscape(`${pkg}.${modem.label.replace(/[^A-Za-z0-9_-]+/g, '_')}`)}" time="${secs(r.latencyMs)}"`;
      if (r.status === 'pass') {
        lines.push(`${open}/>`);
        continue;
      }
      lines.push(`${open}>`);
      const msg = xmlEscape(r.message ?? r.status);
      if (r.status === 'fail') lines.push(`      <failure message="${msg}" type="expectation">${xmlEscape(responseText(r))}</failure>`);
      else if (r.status === 'error') lines.push(`      <error message="${msg}" type="${xmlEscape(r.errorCode ?? 'error')}">${xmlEscape(responseText(r))}</error>`);
      else lines.push(`      <skipped message="${msg}"/>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  });
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
