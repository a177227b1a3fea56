import { setMaxListeners } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type BatchPlan,
  BatchRunner,
  type RunData,
  type RunModem,
  type RunProgress,
  type RunTarget,
  type StepResult,
  formatProblem,
  isBatchFileError,
  loadBatchFile,
  resumeTargets,
  runEndStatus,
  selectTargets,
  toCsv,
  toJUnit,
} from '../../core/batch';
import { toErrorInfo } from '../../core/errors';
import { defaultDirs } from '../../core/service/paths';
import { qmiRequest } from '../../core/service/qmi-request';
import { RunStore } from '../../core/store';
import { type CliIo, UsageError, faultsOption, intOption, parse } from '../cli-util';
import { type CliModemSource, portSource, setUpModems, simSource } from '../setup';
import { openRemoteRun } from './run-remote';

const HELP = `modem-bench run FILE (--sim N [--seed S] [--faults SPEC] | --port PATH...)
                   [--db PATH] [--parallel N] [--json] [--junit OUT] [--csv OUT]
                   [--include-dir DIR...]
modem-bench run --resume ID (--sim N ... | --port PATH...) [--db PATH] ...
modem-bench run FILE --remote URL... [--remote-token T] ...

Runs a batch file (YAML; see examples/ and examples/batch.schema.json) over the
modems: steps in order per modem, modems in parallel. Every completed step is
stored in the run database as it ends; a run cut short (crash, kill) is marked
interrupted the next time the database opens and can be resumed with --resume.
  --sim N          N simulated EC25 modems (with --seed, --faults as for 'soak')
  --port PATH      a real modem's AT port (repeatable)
  --remote URL     the modems of a bench host running serve (repeatable; the URL serve prints):
                   the run and its database stay here, each step goes to the modem's host;
                   modems are keyed host:port/IMEI and labelled label@host
  --remote-token T token for remotes whose URL has none (or one per --remote, in order)
  --remote-ca PEM  for https remotes: the certificate (or its CA) they must present
  --db PATH        the run database [${join(defaultDirs().dataDir, 'runs.db')}]
  --parallel N     modems at once (overrides the file's settings.parallel)
  --json           one JSON object per line: {"event":"step",...} per completed step,
                   {"event":"run",...} at the start and {"event":"summary",...} at the end
  --junit OUT      write a JUnit XML report (a testsuite per modem)
  --csv OUT        write the results matrix as CSV
  --resume ID      continue an interrupted run (its plan comes from the database)
  --include-dir DIR  a folder 'include:' may also read from (repeatable); by default
                   includes resolve only inside the batch file's own folder
Exit code: 0 when every step passed, 1 when any failed, errored or was not run,
2 for bad usage or a bad batch file (printed as file:line:col: message).`;

export interface RunCommandDeps {
  /** Where the default database lives. @default defaultDirs().dataDir */
  dataDir?: string;
}

interface Opened {
  targets: RunTarget[];
  /** Modems (or remote hosts) that could not be opened: reported, left out of the run. */
  failed: { label: string; message: string }[];
  close(): Promise<void>;
}

export async function runCommand(args: string[], io: CliIo, deps: RunCommandDeps = {}): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      sim: { type: 'string' },
      port: { type: 'string', multiple: true },
      seed: { type: 'string' },
      faults: { type: 'string' },
      db: { type: 'string' },
      parallel: { type: 'string' },
      json: { type: 'boolean' },
      junit: { type: 'string' },
      csv: { type: 'string' },
      resume: { type: 'string' },
      'include-dir': { type: 'string', multiple: true },
      remote: { type: 'string', multiple: true },
      'remote-token': { type: 'string', multiple: true },
      'remote-ca': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const ports = values.port ?? [];
  const remotes = values.remote ?? [];
  if ([ports.length > 0, values.sim !== undefined, remotes.length > 0].filter(Boolean).length !== 1) throw new UsageError('give one of --sim N, --port PATH... or --remote URL...');
  if (values.resume === undefined && positionals.length !== 1) throw new UsageError('give one batch FILE (or --resume ID)');
  if (values.resume !== undefined && positionals.length > 0) throw new UsageError('--resume takes the plan from the database: give no FILE');
  if (values.resume !== undefined && values['include-dir'] !== undefined) throw new UsageError('--include-dir goes with a FILE, not --resume');
  if ((values.faults !== undefined || values.seed !== undefined) && values.sim === undefined) throw new UsageError('--faults and --seed go with --sim');
  const parallel = intOption('parallel', values.parallel, 1, 1024);
  const resumeId = intOption('resume', values.resume, 1);
  const dbPath = values.db ?? join(deps.dataDir ?? defaultDirs().dataDir, 'runs.db');
  // A bad --faults is a usage error before the file is read.
  faultsOption(values.faults);

  const ac = new AbortController();
  // Every modem's set-up and every command of the run listen to this one signal.
  setMaxListeners(0, ac.signal);
  const offStop = io.onStop(() => ac.abort('interrupted'));
  let store: RunStore | null = null;
  let opened: Opened | null = null;
  try {
    // The file is checked before the database, any port, or anything is sent.
    let plan: BatchPlan;
    let resume: ReturnType<RunStore['resumeRun']> | null = null;
    if (resumeId !== undefined) {
      store = RunStore.open({ path: dbPath });
      try {
        resume = store.resumeRun(resumeId);
      } catch (err) {
        io.err(`modem-bench: ${toErrorInfo(err).message}`);
        return 2;
      }
      plan = resume.plan;
    } else {
      try {
        plan = await loadBatchFile(positionals[0]!, { signal: ac.signal, ...(values['include-dir'] ? { includeDirs: values['include-dir'] } : {}) });
      } catch (err) {
        if (!isBatchFileError(err)) throw err;
        // Every problem, each as file:line:col: message.
        for (const p of err.problems) io.err(formatProblem(p));
        return 2;
      }
      store = RunStore.open({ path: dbPath });
    }

    opened =
      remotes.length > 0
        ? await openRemoteRun(remotes, values['remote-token'] ?? [], io, values['remote-ca'])
        : await openLocal(
            values.sim !== undefined
              ? await simSource({ count: intOption('sim', values.sim, 1, 1024)!, seed: intOption('seed', values.seed, 0) ?? 1, faults: values.faults })
              : portSource(ports),
            ac.signal,
          );
    for (const f of opened.failed) io.err(`${f.label}: not usable: ${f.message}`);
    const chosen = selectTargets(plan.selection, opened.targets);
    if (chosen.length === 0) {
      io.err(`modem-bench: no modem matches the file's selection (${opened.targets.length} opened)`);
      if (resume) store.finishRun(resume.runId, 'interrupted');
      return 1;
    }
    const runId =
      resume?.runId ??
      store.createRun({ plan, modems: chosen.map((t) => ({ key: t.key, label: t.label, identity: t.identity, status: 'pending' as const })) });
    let missing: RunModem[] = [];
    let targets = chosen;
    if (resume) {
      ({ targets, missing } = resumeTargets(plan, resume.modems, chosen));
      for (const m of missing) io.err(`${m.label} (${m.key}): not present now; its remaining steps stay undone`);
    }
    const runner = new BatchRunner({
      plan,
      targets,
      sink: store.sink(runId),
      runId,
      resume: resume?.done ?? null,
      signal: ac.signal,
      ...(parallel !== undefined ? { parallel } : {}),
    });
    const reporter = makeReporter(io, Boolean(values.json), runId, plan, runner.targets.length);
    runner.onStepResult(reporter.step);
    runner.onProgress(reporter.progress);
    if (values.json) io.out(JSON.stringify({ event: 'run', runId, name: plan.name, modems: runner.targets.map((t) => ({ key: t.key, label: t.label })), steps: plan.steps.length, db: dbPath }));
    let data: RunData;
    try {
      data = await runner.run();
    } catch (err) {
      store.finishRun(runId, 'failed');
      throw err;
    }
    reporter.end();
    store.finishRun(runId, runEndStatus(data.status, { modemsMissing: missing.length > 0 }));
    // Remote modems whose host stayed away: the runner ended their part, and the run, interrupted (resumable).
    const lost = data.modems.filter((m) => m.status === 'interrupted').length;
    if (lost > 0) io.err(`run ${runId} interrupted: ${lost} modem(s) lost their host; once it is back: modem-bench run --resume ${runId} --remote ...`);
    else if (missing.length > 0 && data.status === 'completed') {
      io.err(`run ${runId} interrupted: ${missing.length} of its modem(s) were not present; once they are: modem-bench run --resume ${runId} ...`);
    }
    const full = store.getRun(runId);
    if (values.junit) writeFileSync(values.junit, toJUnit(full));
    if (values.csv) writeFileSync(values.csv, toCsv(full));
    const s = summarize(full);
    if (values.json) io.out(JSON.stringify({ event: 'summary', runId, status: full.status, ...s }));
    else {
      io.out(`run ${runId} "${plan.name}": ${full.modems.length} modem(s) x ${plan.steps.length} step(s), ${full.status} in ${fmtMs((full.endedAt ?? Date.now()) - full.startedAt)}`);
      io.out(`passed ${s.passed}  failed ${s.failed}  errors ${s.errors}  skipped ${s.skipped}  not run ${s.notRun}`);
      for (const m of s.modems.filter((x) => x.passed !== x.total)) io.out(`  ${m.label}: ${m.passed}/${m.total} passed${m.firstProblem ? ` — ${m.firstProblem}` : ''}`);
      if (values.junit) io.out(`junit: ${values.junit}`);
      if (values.csv) io.out(`csv: ${values.csv}`);
      io.out(`stored in ${dbPath}`);
    }
    const allPassed = s.passed === s.total && opened.failed.length === 0 && full.status === 'completed';
    return allPassed ? 0 : 1;
  } finally {
    offStop();
    await opened?.close();
    store?.close();
  }
}

function summarize(run: RunData): {
  total: number;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  notRun: number;
  modems: { label: string; key: string; passed: number; total: number; firstProblem: string | null }[];
} {
  const total = run.modems.length * run.steps.length;
  const c = (s: StepResult['status']): number => run.results.filter((r) => r.status === s).length;
  const modems = run.modems.map((m) => {
    const rs = run.results.filter((r) => r.modemKey === m.key);
    const bad = rs.find((r) => r.status === 'fail' || r.status === 'error');
    return {
      label: m.label,
      key: m.key,
      passed: rs.filter((r) => r.status === 'pass').length,
      total: run.steps.length,
      firstProblem: bad ? `${bad.stepKey} ${bad.name}: ${bad.message ?? bad.status}` : rs.length < run.steps.length ? `${run.steps.length - rs.length} step(s) not run (${m.status})` : null,
    };
  });
  return { total, passed: c('pass'), failed: c('fail'), errors: c('error'), skipped: c('skipped'), notRun: total - run.results.length, modems };
}

function fmtMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** TTY: a progress bar on stderr with failures above it. Otherwise plain lines; with --json one line per step. */
function makeReporter(io: CliIo, json: boolean, runId: number, plan: BatchPlan, modems: number) {
  const tty = io.isTTY && !json;
  let last: RunProgress | null = null;
  let lastDecile = -1;
  const labels = new Map<string, string>();
  const bar = (p: RunProgress): string => {
    const o = p.overall;
    const frac = o.total ? o.done / o.total : 1;
    const width = 30;
    const fill = Math.round(frac * width);
    const eta = o.etaMs !== null ? `  eta ${fmtMs(o.etaMs)}` : '';
    return `\r[${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${Math.floor(frac * 100)}% ${o.done}/${o.total} steps  ${o.modemsDone}/${o.modems} modems  fail ${o.failed + o.errors}${eta}\x1b[K`;
  };
  return {
    step(r: StepResult): void {
      const label = labels.get(r.modemKey) ?? r.modemKey;
      if (json) {
        io.out(JSON.stringify({ event: 'step', runId, modem: r.modemKey, label, seq: r.seq, step: r.stepKey, name: r.name, status: r.status, final: r.final, latencyMs: r.latencyMs, attempts: r.attempts, message: r.message }));
        return;
      }
      if (r.status === 'fail' || r.status === 'error') {
        const line = `${label} step ${r.stepKey} ${r.name}: ${r.status.toUpperCase()} ${r.message ?? ''}`.trim();
        if (tty) process.stderr.write(`\r\x1b[K${line}\n`);
        else io.out(line);
      }
    },
    progress(p: RunProgress): void {
      labels.set(p.modem.key, p.modem.label);
      last = p;
      if (json) return;
      if (tty) {
        process.stderr.write(bar(p));
        return;
      }
      const decile = p.overall.total ? Math.floor((p.overall.done / p.overall.total) * 10) : 10;
      if (decile !== lastDecile && p.overall.done > 0) {
        lastDecile = decile;
        io.out(`${plan.name}: ${p.overall.done}/${p.overall.total} steps (${decile * 10}%), ${p.overall.failed + p.overall.errors} failed, ${p.overall.modemsDone}/${modems} modems done`);
      }
    },
    end(): void {
      if (tty && last) process.stderr.write(`${bar(last)}\n`);
    },
  };
}

/** Local modems for a run: open → init → identity → supervise (setup.ts), each a run target with batch commands under its supervisor. */
async function openLocal(source: CliModemSource, signal: AbortSignal): Promise<Opened> {
  const { sim } = source;
  // Set-up is not under test: simulated faults start with the run.
  const s = await setUpModems(source, { supervise: true, quietSetUp: true, signal });
  const targets = s.modems.map(({ spec, modem, supervisor }): RunTarget => {
    const sup = supervisor!;
    const id = modem.identity;
    const simIndex = spec.simIndex;
    return {
      key: modem.key,
      label: spec.label,
      identity: { imei: id.imei, iccid: id.iccid, imsi: id.imsi, model: id.model, firmware: id.firmware, revision: id.revision },
      exec: (command, o) => sup.exec(command, o),
      onTimeline: (l) => sup.timeline.on(l),
      // Every simulated modem has a QMI endpoint: `qmi:` steps reach it the way `modem-bench qmi --sim` does.
      ...(sim && simIndex !== null ? { qmi: (request: string, o: { timeoutMs?: number }) => qmiRequest({ simulated: true, simIndex, ports: [] }, request, sim, o.timeoutMs) } : {}),
    };
  });
  return { targets, failed: s.failed.map((f) => ({ label: f.label, message: toErrorInfo(f.error).message })), close: s.close };
}
