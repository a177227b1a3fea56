/**
 * Broadcast results as an engineer reads them: grouped by outcome first
 * (ok / error / timeout / other), the number of distinct answers among the
 * ok ones, and a "differs" flag only among ok answers to commands whose
 * answers should agree (ATI, AT+CGMR, AT+COPS?), never for answers that
 * differ by nature (IMEI, ICCID, signal, cell measurements, temperature).
 * A failed or timed-out row is never "the majority" of anything.
 */
import type { CommandResultView } from '../../src-preload/contract';

export type OutcomeGroup = 'ok' | 'error' | 'timeout' | 'other';

export const GROUP_ORDER: readonly OutcomeGroup[] = ['ok', 'error', 'timeout', 'other'];

export const GROUP_LABEL: Record<OutcomeGroup, string> = {
  ok: 'OK',
  error: 'Error final',
  timeout: 'Timeout',
  other: 'No answer (unavailable, disconnected, cancelled)',
};

/**
 * Commands whose answer is per modem, per SIM or per moment: comparing them
 * across modems flags every row, so only their distinct answers are counted.
 */
const VARIES_BY_NATURE = new Set([
  '+CGSN',
  '+GSN',
  'GSN',
  '+QGSN',
  '+CIMI',
  'CIMI',
  '+QCCID',
  '+CCID',
  '+ICCID',
  '+CNUM',
  '+CSQ',
  '+QCSQ',
  '+CESQ',
  '+QENG',
  '+QTEMP',
  '+CCLK',
  '+QLTS',
  '+CGPADDR',
  '+CGCONTRDP',
  '+QGPSLOC',
  '+QNWINFO',
  '+QRSRP',
  '+QRSRQ',
  '+QSINR',
  '+CEREG',
  '+CREG',
  '+CGREG',
  '+QSPN',
  '+QIACT',
  '+CPAS',
  '+QADC',
  '+CBC',
]);

/** `AT+QENG="servingcell"` -> `+QENG`; `ATI` -> `I`; `AT+CSQ` -> `+CSQ`. */
export function commandName(command: string): string {
  const body = command.trim().replace(/^AT/i, '').toUpperCase();
  const m = /^([+$%^#*][A-Z0-9_]+|&?[A-Z])/.exec(body);
  return m ? m[1]! : body;
}

export function answersDifferByNature(command: string): boolean {
  return VARIES_BY_NATURE.has(commandName(command));
}

export function groupOf(r: CommandResultView): OutcomeGroup {
  if (r.status === 'ok') return 'ok';
  if (r.status === 'timeout') return 'timeout';
  // An error final is the modem's answer; an error without one never reached it.
  if (r.status === 'error' && r.final !== null) return 'error';
  return 'other';
}

/** What makes two ok answers distinct: the info lines the modem sent, trimmed. */
export function answerKey(r: CommandResultView): string {
  return r.lines.map((l) => l.trim()).join('\n');
}

/**
 * Parsed fields that should agree across a bench even when the whole answer
 * does not: registration status (not the cell), SIM state, operator.
 */
const AGREE_FIELDS: Record<string, string[]> = {
  cereg: ['statName'],
  creg: ['statName'],
  cgreg: ['statName'],
  cpin: ['state'],
  cops: ['oper', 'actName'],
};

/** What an ok answer is compared by, or null when answers to it differ by nature. */
export function compareKey(command: string, r: CommandResultView): string | null {
  const p = r.parsed as Record<string, unknown> | null;
  const fields = p && typeof p === 'object' ? AGREE_FIELDS[String(p.type)] : undefined;
  if (fields) return fields.map((f) => String(p![f] ?? '')).join('\u0000');
  return answersDifferByNature(command) ? null : answerKey(r);
}

export interface AnalysedRow {
  modemId: string;
  result: CommandResultView;
  group: OutcomeGroup;
  firstLine: string;
  /** Only among ok answers to a command whose answers should agree. */
  differs: boolean;
}

export interface BroadcastAnalysis {
  rows: AnalysedRow[];
  counts: Record<OutcomeGroup, number>;
  /** Distinct answers among the ok rows. */
  distinct: number;
  /** Those answers with how many modems gave each, most common first. */
  answers: { text: string; count: number }[];
  /** 'agree': ok answers (or their parsed fields that should agree) are compared; 'vary': they differ by nature, only counted. */
  mode: 'agree' | 'vary';
  /** The most common ok answer when the answers should agree and do not all. */
  commonAnswer: string | null;
  differ: number;
}

/**
 * Groups and flags; rows come back in group order (ok, error, timeout,
 * other), each group in the order given.
 */
export function analyse(command: string, results: readonly CommandResultView[]): BroadcastAnalysis {
  const counts: Record<OutcomeGroup, number> = { ok: 0, error: 0, timeout: 0, other: 0 };
  const answers = new Map<string, number>();
  const compared = new Map<string, number>();
  const keys = new Map<CommandResultView, string | null>();
  for (const r of results) {
    const g = groupOf(r);
    counts[g]++;
    if (g !== 'ok') continue;
    answers.set(answerKey(r), (answers.get(answerKey(r)) ?? 0) + 1);
    const k = compareKey(command, r);
    keys.set(r, k);
    if (k !== null) compared.set(k, (compared.get(k) ?? 0) + 1);
  }
  let common: string | null = null;
  let best = 0;
  let tie = false;
  for (const [k, n] of compared) {
    if (n > best) [common, best, tie] = [k, n, false];
    else if (n === best) tie = true;
  }
  // Nothing to flag when all agree; with a tie there is no usual answer, so every compared ok row is flagged.
  const against = compared.size > 1 ? (tie ? null : common) : undefined;
  const rows: AnalysedRow[] = results.map((r) => {
    const group = groupOf(r);
    const k = keys.get(r) ?? null;
    const differs = group === 'ok' && k !== null && against !== undefined && k !== against;
    return { modemId: r.modemId, result: r, group, firstLine: r.lines[0] ?? r.error?.message ?? '', differs };
  });
  rows.sort((a, b) => GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group));
  const anyCompared = [...keys.values()].some((k) => k !== null);
  const usual = against ? results.find((r) => keys.get(r) === against) : undefined;
  return {
    rows,
    counts,
    distinct: answers.size,
    answers: [...answers].map(([text, count]) => ({ text, count })).sort((x, y) => y.count - x.count),
    mode: anyCompared || (counts.ok === 0 && !answersDifferByNature(command)) ? 'agree' : 'vary',
    commonAnswer: usual ? answerKey(usual) : null,
    differ: rows.filter((r) => r.differs).length,
  };
}

// ---- parsed columns ---------------------------------------------------------

export interface ParsedColumn {
  key: string;
  label: string;
  unit: string;
  /** Right-aligned figures; text stays left-aligned. */
  numeric?: boolean;
}

/** Preferred columns per parsed type, in the order an engineer reads them. */
const PREFERRED: Record<string, ParsedColumn[]> = {
  'qeng-serving': [
    { key: 'state', label: 'State', unit: '' },
    { key: 'cell.rat', label: 'RAT', unit: '' },
    { key: 'cell.band', label: 'Band', unit: '', numeric: true },
    { key: 'cell.earfcn', label: 'EARFCN', unit: '', numeric: true },
    { key: 'cell.pci', label: 'PCI', unit: '', numeric: true },
    { key: 'cell.rsrp', label: 'RSRP', unit: 'dBm', numeric: true },
    { key: 'cell.rsrq', label: 'RSRQ', unit: 'dB', numeric: true },
    { key: 'cell.sinr', label: 'SINR', unit: 'dB', numeric: true },
  ],
  csq: [
    { key: 'rssi', label: 'CSQ', unit: '', numeric: true },
    { key: 'rssiDbm', label: 'RSSI', unit: 'dBm', numeric: true },
    { key: 'ber', label: 'BER', unit: '', numeric: true },
  ],
  cereg: [
    { key: 'statName', label: 'Registration', unit: '' },
    { key: 'areaHex', label: 'TAC', unit: '' },
    { key: 'ciHex', label: 'Cell', unit: '' },
  ],
  creg: [
    { key: 'statName', label: 'Registration', unit: '' },
    { key: 'areaHex', label: 'LAC', unit: '' },
  ],
  cgreg: [
    { key: 'statName', label: 'Registration', unit: '' },
    { key: 'areaHex', label: 'LAC', unit: '' },
  ],
  cops: [
    { key: 'oper', label: 'Operator', unit: '' },
    { key: 'actName', label: 'AcT', unit: '' },
  ],
  qtemp: [{ key: 'maxCelsius', label: 'Max', unit: '°C', numeric: true }],
  imei: [{ key: 'imei', label: 'IMEI', unit: '' }],
  imsi: [{ key: 'imsi', label: 'IMSI', unit: '' }],
  iccid: [{ key: 'iccid', label: 'ICCID', unit: '' }],
  cpin: [{ key: 'state', label: 'SIM', unit: '' }],
  qnwinfo: [
    { key: 'act', label: 'AcT', unit: '' },
    { key: 'oper', label: 'Operator', unit: '' },
    { key: 'band', label: 'Band', unit: '' },
    { key: 'channel', label: 'Channel', unit: '', numeric: true },
  ],
};

const SKIP = new Set(['type', 'fields', 'raw', 'source']);

function pick(parsed: unknown, path: string): unknown {
  let v: unknown = parsed;
  for (const k of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** The parsed columns worth showing for these results: preferred ones, else the parser's scalar fields. */
export function parsedColumns(results: readonly CommandResultView[], max = 8): ParsedColumn[] {
  const withParsed = results.map((r) => r.parsed).filter((p): p is Record<string, unknown> => p !== null && typeof p === 'object');
  if (withParsed.length === 0) return [];
  const type = String(withParsed[0]!.type ?? '');
  const preferred = PREFERRED[type];
  const cols =
    preferred ??
    Object.entries(withParsed[0]!)
      .filter(([k, v]) => !SKIP.has(k) && (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean'))
      .map(([k, v]) => ({ key: k, label: k.charAt(0).toUpperCase() + k.slice(1), unit: '', numeric: typeof v === 'number' }));
  // Only columns that some modem filled: an all-empty column is noise.
  return cols.filter((c) => withParsed.some((p) => pick(p, c.key) != null)).slice(0, max);
}

export function parsedValue(r: CommandResultView, col: ParsedColumn): string {
  const v = pick(r.parsed, col.key);
  if (v == null || v === '') return '';
  return String(v);
}

// ---- export -----------------------------------------------------------------

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The result table as CSV (RFC 4180 quoting), with a header row. */
export function toCsv(rows: readonly AnalysedRow[], columns: readonly ParsedColumn[], label: (id: string) => string): string {
  const head = ['modem', 'modem_id', 'group', 'status', 'final', 'first_line', ...columns.map((c) => (c.unit ? `${c.label} (${c.unit})` : c.label)), 'latency_ms', 'differs', 'error'];
  const lines = [head.map(csvCell).join(',')];
  for (const r of rows) {
    const cells = [
      label(r.modemId),
      r.modemId,
      r.group,
      r.result.status,
      r.result.final ?? '',
      r.result.lines[0] ?? '',
      ...columns.map((c) => parsedValue(r.result, c)),
      r.result.latencyMs == null ? '' : String(r.result.latencyMs),
      r.differs ? 'yes' : '',
      r.result.error ? `${r.result.error.code}: ${r.result.error.message}` : '',
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Tab-separated, for pasting into a spreadsheet. */
export function toTsv(rows: readonly AnalysedRow[], columns: readonly ParsedColumn[], label: (id: string) => string): string {
  const clean = (s: string) => s.replace(/[\t\r\n]+/g, ' ');
  const head = ['Modem', 'Status', 'Final', 'First line', ...columns.map((c) => (c.unit ? `${c.label} (${c.unit})` : c.label)), 'Latency (ms)'];
  const out = [head.join('\t')];
  for (const r of rows) {
    out.push(
      [label(r.modemId), r.result.status, r.result.final ?? '', r.firstLine, ...columns.map((c) => parsedValue(r.result, c)), r.result.latencyMs == null ? '' : String(r.result.latencyMs)]
        .map(clean)
        .join('\t'),
    );
  }
  return `${out.join('\n')}\n`;
}

/** The modems to resend to: every one whose answer was not ok. */
export function failedIds(rows: readonly AnalysedRow[]): string[] {
  return rows.filter((r) => r.group !== 'ok').map((r) => r.modemId);
}
