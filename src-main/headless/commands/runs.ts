import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareByFirmware, compareRuns, fullMatrix, toCsv, toJUnit, toJson } from '../../core/batch';
import { defaultDirs } from '../../core/service/paths';
import { RunStore, isStoreError } from '../../core/store';
import { type CliIo, UsageError, intOption, parse } from '../cli-util';

const HELP = `modem-bench runs [list] [--limit N] [--json] [--db PATH]
modem-bench runs show ID [--json] [--db PATH]
modem-bench runs export ID --format json|csv|junit [--out FILE] [--db PATH]
modem-bench runs compare A [B] [--json] [--db PATH]
modem-bench runs delete ID... [--db PATH]
modem-bench runs retention [--keep-runs N|none] [--keep-days D|none] [--db PATH]

Stored batch runs. 'compare A B' compares two runs step by step (pass rate,
median latency, modems whose outcome changed, by firmware); 'compare A' splits
one run's modems by firmware revision (AT+QGMR).
  --db PATH   the run database [${join(defaultDirs().dataDir, 'runs.db')}]`;

const pct = (x: number | null): string => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
const ms = (x: number | null): string => (x === null ? '-' : `${x.toFixed(1)} ms`);
const signed = (x: number | null, f: (v: number) => string): string => (x === null ? '-' : `${x >= 0 ? '+' : ''}${f(x)}`);

export async function runsCommand(args: string[], io: CliIo, deps: { dataDir?: string } = {}): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      db: { type: 'string' },
      json: { type: 'boolean' },
      limit: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      'keep-runs': { type: 'string' },
      'keep-days': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const [sub = 'list', ...rest] = positionals;
  const ids = (min: number, max: number): number[] => {
    if (rest.length < min || rest.length > max) throw new UsageError(`runs ${sub}: give ${min === max ? min : `${min} to ${max}`} run id(s)`);
    return rest.map((r) => intOption('id', r, 1)!);
  };
  const dbPath = values.db ?? join(deps.dataDir ?? defaultDirs().dataDir, 'runs.db');
  let store: RunStore;
  try {
    store = RunStore.open({ path: dbPath });
  } catch (err) {
    io.err(`modem-bench: ${(err as Error).message}`);
    return 1;
  }
  try {
    switch (sub) {
      case 'list': {
        ids(0, 0);
        const runs = store.listRuns({ limit: intOption('limit', values.limit, 1) ?? 50 });
        if (values.json) io.out(JSON.stringify(runs));
        else if (runs.length === 0) io.out(`no runs in ${dbPath}`);
        else {
          io.out('  ID  STATUS       STARTED              MODEMS  PASS  FAIL   ERR  SKIP  NAME');
          for (const r of runs) {
            io.out(
              `${String(r.id).padStart(4)}  ${r.status.padEnd(11)}  ${new Date(r.startedAt).toISOString().slice(0, 19).replace('T', ' ')}  ${String(r.modems).padStart(6)}  ${String(r.passed).padStart(4)}  ${String(r.failed).padStart(4)}  ${String(r.errors).padStart(4)}  ${String(r.skipped).padStart(4)}  ${r.name}`,
            );
          }
        }
        return 0;
      }
      case 'show': {
        const [id] = ids(1, 1);
        const run = store.getRun(id!, { transcripts: Boolean(values.json) });
        if (values.json) {
          io.out(toJson(run));
          return 0;
        }
        io.out(`run ${run.id} "${run.name}" ${run.status}${run.note ? ` (${run.note})` : ''}`);
        io.out(`file ${run.batchFile}  sha256 ${(run.batchHash ?? "").slice(0, 16)}…  started ${new Date(run.startedAt).toISOString()}${run.endedAt ? `  ended ${new Date(run.endedAt).toISOString()}` : ''}`);
        const mark = { pass: '.', fail: 'F', error: 'E', skipped: 's' } as const;
        for (const { modem, results } of fullMatrix(run)) {
          const cells = results.map((r) => (r.message === 'not run' ? ' ' : mark[r.status])).join('');
          io.out(`${modem.label.padEnd(10)} ${(modem.identity.imei ?? '').padEnd(15)} ${(modem.identity.revision ?? '').padEnd(32)} ${modem.status.padEnd(9)} ${cells}`);
        }
        io.out('legend: . pass  F fail  E error  s skipped  (blank) not run');
        return 0;
      }
      case 'export': {
        const [id] = ids(1, 1);
        const format = values.format;
        if (format !== 'json' && format !== 'csv' && format !== 'junit') throw new UsageError('--format must be json, csv or junit');
        const run = store.getRun(id!);
        const text = format === 'json' ? toJson(run) + '\n' : format === 'csv' ? toCsv(run) : toJUnit(run);
        if (values.out) {
          writeFileSync(values.out, text);
          io.out(`wrote ${values.out}`);
        } else io.out(text.replace(/\n$/, ''));
        return 0;
      }
      case 'compare': {
        const [a, b] = ids(1, 2);
        if (b === undefined) {
          const groups = compareByFirmware(store.getRun(a!, { transcripts: false }));
          if (values.json) {
            io.out(JSON.stringify(groups));
            return 0;
          }
          for (const g of groups) {
            io.out(`${g.firmware}: ${g.modems.length} modem(s) (${g.modems.join(', ')})`);
            for (const s of g.steps) io.out(`  ${s.stepId.padEnd(8)} ${s.name.slice(0, 40).padEnd(40)} pass ${pct(s.stats.passRate).padStart(6)}  p50 ${ms(s.stats.p50LatencyMs)}`);
          }
          return 0;
        }
        const c = compareRuns(store.getRun(a!, { transcripts: false }), store.getRun(b, { transcripts: false }));
        if (values.json) {
          io.out(JSON.stringify(c));
          return 0;
        }
        io.out(`compare run ${a} (${c.a.modems} modems) -> run ${b} (${c.b.modems} modems)`);
        io.out('STEP      NAME                                      PASS A   PASS B    DELTA     P50 A     P50 B   DELTA');
        for (const s of c.steps) {
          io.out(
            `${s.stepId.padEnd(8)}  ${s.name.slice(0, 40).padEnd(40)}  ${pct(s.a.passRate).padStart(6)}   ${pct(s.b.passRate).padStart(6)}  ${signed(s.passRateDelta, (v) => `${(v * 100).toFixed(1)}pp`).padStart(7)}  ${ms(s.a.p50LatencyMs).padStart(8)}  ${ms(s.b.p50LatencyMs).padStart(8)}  ${signed(s.p50DeltaMs, (v) => `${v.toFixed(1)}`).padStart(6)}`,
          );
        }
        io.out(`${c.changed.length} outcome change(s)`);
        for (const ch of c.changed.slice(0, 50)) io.out(`  ${ch.label} (${ch.modemKey}) step ${ch.stepKey} ${ch.name}: ${ch.a} -> ${ch.b}${ch.firmwareA !== ch.firmwareB ? `  [${ch.firmwareA} -> ${ch.firmwareB}]` : ''}`);
        for (const [side, groups] of [
          ['A', c.byFirmware.a],
          ['B', c.byFirmware.b],
        ] as const) {
          for (const g of groups) io.out(`  ${side} ${g.firmware}: ${g.modems.length} modem(s), pass ${pct(g.stats.passRate)}, p50 ${ms(g.stats.p50LatencyMs)}`);
        }
        return 0;
      }
      case 'delete': {
        const list = ids(1, Number.MAX_SAFE_INTEGER);
        const n = store.deleteRuns(list);
        io.out(`deleted ${n} run(s)`);
        return n === list.length ? 0 : 1;
      }
      case 'retention': {
        ids(0, 0);
        const parseKeep = (name: string, v: string | undefined, current: number | null): number | null =>
          v === undefined ? current : v === 'none' ? null : intOption(name, v, 1)!;
        const cur = store.getRetention();
        const next = { keepRuns: parseKeep('keep-runs', values['keep-runs'], cur.keepRuns), keepDays: parseKeep('keep-days', values['keep-days'], cur.keepDays) };
        if (values['keep-runs'] !== undefined || values['keep-days'] !== undefined) store.setRetention(next);
        io.out(`retention: keep ${next.keepRuns ?? 'all'} run(s), ${next.keepDays ?? 'any number of'} day(s)`);
        return 0;
      }
      default:
        throw new UsageError(`runs: unknown subcommand '${sub}' (list, show, export, compare, delete, retention)`);
    }
  } catch (err) {
    if (isStoreError(err)) {
      io.err(`modem-bench: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    store.close();
  }
}
