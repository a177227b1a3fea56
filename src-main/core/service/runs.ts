import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  BATCH_SCHEMA,
  BatchRunner,
  compareRuns,
  isBatchFileError,
  parseBatch,
  resumeTargets,
  runEndStatus,
  selectTargets,
  toCsv,
  toJUnit,
  toJson,
  type BatchPlan,
  type RunTarget,
  type StepResult,
} from '../batch';
import { InvalidInputError } from '../errors';
import type { Logger } from '../log';
import type { RunStore } from '../store';
import type {
  BatchValidationView,
  EventMap,
  RunComparisonView,
  RunExportView,
  RunSummaryView,
  RunTranscriptEntryView,
  RunView,
} from '../../../src-preload/contract';

export interface RunsServiceOptions {
  store: RunStore;
  /** Where the shipped example batch files are; null: none. */
  examplesDir: string | null;
  /** The modems on the bench now, as run targets (the app binds each supervisor's exec). */
  targets(): RunTarget[];
  emit<E extends 'batch.progress' | 'batch.results' | 'batch.finished'>(channel: E, payload: EventMap[E]): void;
  logger: Logger;
  /** Progress and results reach the renderer at most this often (ms). @default 250 */
  eventIntervalMs?: number;
}

interface Live {
  runner: BatchRunner;
  pending: StepResult[];
  timer: ReturnType<typeof setTimeout> | undefined;
  lastProgress: EventMap['batch.progress'] | null;
}

/**
 * Batch runs inside the app: validate, start, pause/resume/cancel, the run
 * history in the store, exports and comparison. Results are written to the
 * store as each step completes (the runner waits for the write), and reach
 * the renderer coalesced.
 */
export class RunsService {
  readonly #o: Required<RunsServiceOptions>;
  readonly #live = new Map<number, Live>();
  /** Set by dispose(): a run cut short by the app closing is interrupted (resumable), not cancelled by someone. */
  #closing = false;

  constructor(o: RunsServiceOptions) {
    this.#o = { eventIntervalMs: 250, ...o };
  }

  schema(): { schema: unknown } {
    return { schema: BATCH_SCHEMA };
  }

  examples(): { examples: { name: string; file: string; text: string }[] } {
    const dir = this.#o.examplesDir;
    if (!dir) return { examples: [] };
    let files: string[];
    try {
      files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
    } catch {
      return { examples: [] };
    }
    return { examples: files.map((f) => ({ name: basename(f).replace(/\.ya?ml$/, ''), file: f, text: readFileSync(join(dir, f), 'utf8') })) };
  }

  async validate(text: string, name = 'batch.yaml'): Promise<BatchValidationView> {
    try {
      const plan = await parseBatch(text, name, { readFile: this.#includeReader() });
      const seen = new Set<string>();
      const steps = plan.steps.filter((s) => !seen.has(s.id) && seen.add(s.id)).map((s) => ({ id: s.id, name: s.name, kind: s.kind }));
      return { ok: true, problems: [], steps, selected: selectTargets(plan.selection, this.#o.targets()).length };
    } catch (err) {
      if (isBatchFileError(err)) return { ok: false, problems: err.problems, steps: [], selected: 0 };
      throw err;
    }
  }

  async start(text: string, name = 'batch.yaml', modemIds?: string[], parallel?: number): Promise<{ runId: number }> {
    let plan;
    try {
      plan = await parseBatch(text, name, { readFile: this.#includeReader() });
    } catch (err) {
      if (isBatchFileError(err)) throw new InvalidInputError(`The batch file has problems: ${err.problems.map((p) => `${p.line}:${p.column} ${p.message}`).join('; ')}`, { problems: err.problems });
      throw err;
    }
    let targets = this.#o.targets();
    if (modemIds) {
      const wanted = new Set(modemIds);
      // By ModemId only: a target's key is the id its bench row carries; labels are no keys.
      targets = targets.filter((t) => wanted.has(t.key));
    }
    const chosen = selectTargets(plan.selection, targets);
    if (chosen.length === 0) throw new InvalidInputError('The batch file selects no modem on this bench', { field: 'text' });
    const runId = this.#o.store.createRun({ plan, modems: chosen.map((t) => ({ key: t.key, label: t.label, identity: t.identity, status: 'pending' })) });
    this.#launch(runId, plan, targets, null, parallel, []);
    this.#o.logger.info({ runId, name, modems: chosen.length }, 'batch run started');
    return { runId };
  }

  /**
   * Continues an interrupted (or cancelled) run from the history: its plan as stored, its steps
   * not yet done, on those of its modems on the bench now. A modem not here now keeps its steps
   * undone, and the run then ends interrupted again, so it can be resumed once more.
   */
  resume(runId: number, parallel?: number): { runId: number; modems: number; missing: string[] } {
    if (this.#live.has(runId)) throw new InvalidInputError(`Run ${runId} is running in this app`, { field: 'runId' });
    const before = this.#run(runId, false).status;
    const info = this.#o.store.resumeRun(runId);
    const { targets, missing: absent } = resumeTargets(info.plan, info.modems, this.#o.targets());
    const missing = absent.map((m) => m.label);
    if (targets.length === 0) {
      // Taken back as it was (interrupted or cancelled): nothing ran.
      this.#o.store.finishRun(runId, before === 'cancelled' ? 'cancelled' : 'interrupted');
      throw new InvalidInputError(`None of run ${runId}'s modems is on the bench now (${missing.join(', ')}); it stays ${before === 'cancelled' ? 'cancelled' : 'interrupted'}`, { field: 'runId' });
    }
    this.#launch(runId, info.plan, targets, info.done, parallel, missing);
    this.#o.logger.info({ runId, modems: targets.length, missing }, 'batch run resumed');
    return { runId, modems: targets.length, missing };
  }

  #launch(runId: number, plan: BatchPlan, targets: RunTarget[], done: Map<string, StepResult[]> | null, parallel: number | undefined, missing: string[]): void {
    const store = this.#o.store;
    const runner = new BatchRunner({ plan, targets, sink: store.sink(runId), runId, resume: done, ...(parallel ? { parallel } : {}) });
    const live: Live = { runner, pending: [], timer: undefined, lastProgress: null };
    this.#live.set(runId, live);
    runner.onStepResult((r) => {
      live.pending.push(r);
      this.#schedule(runId, live);
    });
    runner.onProgress((p) => {
      live.lastProgress = { runId, paused: runner.state.state === 'paused', progress: p };
      this.#schedule(runId, live);
    });
    void runner
      .run()
      .then((data) => {
        const status = runEndStatus(data.status, { closing: this.#closing, modemsMissing: missing.length > 0 });
        store.finishRun(runId, status);
        this.#flush(runId, live);
        this.#o.emit('batch.finished', { runId, status });
        this.#o.logger.info({ runId, status }, 'batch run finished');
      })
      .catch((err: unknown) => {
        store.finishRun(runId, 'failed');
        this.#o.emit('batch.finished', { runId, status: 'failed' });
        this.#o.logger.error({ runId, err }, 'batch run failed');
      })
      .finally(() => {
        if (live.timer) clearTimeout(live.timer);
        this.#live.delete(runId);
      });
  }

  control(runId: number, action: 'pause' | 'resume' | 'cancel'): { state: string } {
    const live = this.#live.get(runId);
    if (!live) throw new InvalidInputError(`Run ${runId} is not running in this app`, { field: 'runId' });
    if (action === 'pause') live.runner.pause();
    else if (action === 'resume') live.runner.resume();
    else live.runner.cancel('cancelled by the user');
    return { state: live.runner.state.state };
  }

  list(limit = 100): { runs: RunSummaryView[] } {
    // Runs of other processes whose leases ran out since the app started show as interrupted.
    this.#o.store.markInterrupted();
    return { runs: this.#o.store.listRuns({ limit }) };
  }

  get(runId: number): RunView {
    const r = this.#run(runId);
    const live = this.#live.get(runId);
    return {
      id: runId,
      name: r.name,
      status: r.status,
      startedAt: r.startedAt,
      endedAt: r.endedAt,
      batchHash: r.batchHash,
      batchText: r.batchText,
      live: Boolean(live),
      paused: live?.runner.state.state === 'paused',
      steps: r.steps,
      modems: r.modems,
      results: r.results,
    };
  }

  transcript(runId: number, modemKey: string): { entries: RunTranscriptEntryView[] } {
    const r = this.#run(runId, true);
    return { entries: r.transcripts?.[modemKey] ?? [] };
  }

  export(runId: number, format: 'json' | 'csv' | 'junit'): RunExportView {
    const r = this.#run(runId, format === 'json');
    const base = `run-${runId}-${r.name.replace(/[^\w.-]+/g, '_')}`;
    if (format === 'json') return { filename: `${base}.json`, mime: 'application/json', content: toJson(r) };
    if (format === 'csv') return { filename: `${base}.csv`, mime: 'text/csv', content: toCsv(r) };
    return { filename: `${base}.xml`, mime: 'application/xml', content: toJUnit(r) };
  }

  compare(a: number, b: number): RunComparisonView {
    return compareRuns(this.#run(a), this.#run(b));
  }

  delete(ids: number[]): { deleted: number } {
    const running = ids.filter((id) => this.#live.has(id));
    if (running.length) throw new InvalidInputError(`Cancel run ${running.join(', ')} before deleting it`, { field: 'runIds' });
    return { deleted: this.#o.store.deleteRuns(ids) };
  }

  dispose(): void {
    this.#closing = true;
    for (const live of this.#live.values()) {
      live.runner.cancel('the app is closing');
      if (live.timer) clearTimeout(live.timer);
    }
  }

  #run(runId: number, transcripts = false) {
    try {
      return this.#o.store.getRun(runId, { transcripts });
    } catch {
      throw new InvalidInputError(`No run ${runId} in the run history`, { field: 'runId' });
    }
  }

  /** Includes resolve against the examples folder (the app has no file of its own). */
  #includeReader(): (path: string) => Promise<string> {
    const dir = this.#o.examplesDir;
    return async (path: string) => {
      if (!dir) throw new Error('includes are not available here');
      return readFileSync(join(dir, basename(path)), 'utf8');
    };
  }

  #schedule(runId: number, live: Live): void {
    if (live.timer) return;
    live.timer = setTimeout(() => {
      live.timer = undefined;
      this.#flush(runId, live);
    }, this.#o.eventIntervalMs);
  }

  #flush(runId: number, live: Live): void {
    if (live.pending.length) this.#o.emit('batch.results', { runId, results: live.pending.splice(0) });
    if (live.lastProgress) {
      this.#o.emit('batch.progress', live.lastProgress);
      live.lastProgress = null;
    }
  }
}
