/**
 * Runs a compiled batch over modems: steps in order per modem, modems in
 * parallel up to a limit, results written to the sink as each step ends.
 * Pause holds every modem before its next step; cancel stops at once (the
 * step in flight is not recorded, so a resume does it again). A modem that
 * goes away is waited for (bounded) and picks up at the step it was on. A
 * remote modem whose bench host went away waits for it unrecorded while other
 * modems run; once only such modems are left (after the bounded waits), their
 * part of the run, and the run, end interrupted: a resume picks up there.
 */
import { setMaxListeners } from 'node:events';
import type { AtResponse } from '../at/types';
import { CancelledError, abortReason, isBenchError, toErrorInfo } from '../errors';
import { retryClassOf } from '../recovery/policy';
import type { TimelineEvent } from '../recovery/timeline';
import { sleep } from '../util/sleep';
import { Emitter } from '../util/emitter';
import { type CondNode, parseCondition } from './condition';
import { HostLost, HostWaits, hostLostCode } from './host-lost';
import type { BatchPlan, PlanStep } from './plan';
import { ProgressTracker } from './progress';
import type { ModemProgress, RunData, RunModem, RunProgress, RunSink, RunStatus, RunTarget, StepResult, TranscriptEntry } from './results';
import { byModemThenSeq, checkRunnerOptions, type BatchRunnerOptions, type RunnerState } from './runner-options';
import { selectTargets } from './select';
import { runQmiStep } from './qmi-step';
import { DangerVerdicts, RunBuiltins } from './step-context';
import { captureValues, checkResponse, interpolate, skipped, stepResult } from './step-check';

export type { BatchRunnerOptions, RunnerState };

const UNAVAILABLE = new Set(['modem-unavailable', 'disconnected', 'port-closed', 'circuit-open']);
/** Refused by the supervisor before anything was written to the modem. */
const NOT_SENT = new Set(['modem-unavailable', 'circuit-open', 'modem-failed']);
const NO_CAPTURES: { values: Record<string, unknown>; error: string | null } = { values: {}, error: null };

class Stop extends Error {}

export class BatchRunner {
  readonly plan: BatchPlan;
  readonly targets: RunTarget[];
  readonly #o: Required<Omit<BatchRunnerOptions, 'signal' | 'sink' | 'resume' | 'runId'>> & { sink: RunSink | null; resume: Map<string, StepResult[]> | null; runId: number | null };
  readonly #outer: AbortSignal | undefined;
  readonly #ac = new AbortController();
  #state: RunnerState = { state: 'idle' };
  readonly #states = new Emitter<RunnerState>();
  readonly #progress = new Emitter<RunProgress>();
  readonly #results = new Emitter<StepResult>();
  #gate: { promise: Promise<void>; open: () => void } | null = null;
  #stopRun: string | null = null;
  readonly #hosts = new HostWaits();
  readonly #modems = new Map<string, ModemProgress>();
  readonly #matrix: StepResult[] = [];
  readonly #transcripts = new Map<string, TranscriptEntry[]>();
  readonly #timelines = new Map<string, TimelineEvent[]>();
  readonly #conds = new Map<string, CondNode>();
  readonly #condOf = (source: string): CondNode => this.#cond(source);
  readonly #dangers = new DangerVerdicts();
  readonly #builtins: RunBuiltins;
  readonly #tracker: ProgressTracker;

  constructor(options: BatchRunnerOptions) {
    const { plan, targets, sink = null, cls = 'batch', resume = null, transcriptLimit = 2000, runId = null, progressIntervalMs = 100 } = options;
    const parallel = checkRunnerOptions(plan, targets, options.parallel, transcriptLimit, progressIntervalMs);
    this.plan = plan;
    this.targets = selectTargets(plan.selection, targets);
    this.#o = { plan, targets, sink, cls, resume, transcriptLimit, runId, parallel, progressIntervalMs };
    this.#outer = options.signal;
    setMaxListeners(0, this.#ac.signal);
    for (const t of this.targets) {
      const done = new Set((resume?.get(t.key) ?? []).map((r) => r.seq));
      const total = plan.steps.filter((s) => !done.has(s.seq)).length;
      this.#modems.set(t.key, { key: t.key, label: t.label, status: 'pending', total, done: 0, passed: 0, failed: 0, errors: 0, skipped: 0, current: null });
    }
    this.#builtins = new RunBuiltins(plan, this.targets, runId);
    this.#tracker = new ProgressTracker(this.#modems.values(), {
      intervalMs: progressIntervalMs,
      emit: (p) => this.#progress.emit(p),
      listening: () => this.#progress.listenerCount > 0,
      startedAt: () => (this.#state.state === 'idle' ? null : this.#state.startedAt),
    });
  }

  get state(): RunnerState {
    return this.#state;
  }
  onStateChange(l: (s: RunnerState) => void): () => void {
    return this.#states.on(l);
  }
  /**
   * Overall and per-modem figures: at once when a modem's status changes, at most every
   * `progressIntervalMs` for steps (the latest one is never dropped), exact when emitted.
   */
  onProgress(l: (p: RunProgress) => void): () => void {
    return this.#progress.on(l);
  }
  /** Every step result, after the sink has it. */
  onStepResult(l: (r: StepResult) => void): () => void {
    return this.#results.on(l);
  }

  /** Modems finish the step they are on, then wait. */
  pause(): void {
    if (this.#state.state !== 'running') return;
    let open!: () => void;
    const promise = new Promise<void>((r) => (open = r));
    this.#gate = { promise, open };
    this.#set({ state: 'paused', startedAt: this.#state.startedAt, since: Date.now() });
  }

  resume(): void {
    if (this.#state.state !== 'paused') return;
    const g = this.#gate;
    this.#gate = null;
    this.#set({ state: 'running', startedAt: this.#state.startedAt });
    g?.open();
  }

  cancel(reason = 'cancelled'): void {
    this.#ac.abort(new CancelledError(reason));
    this.#gate?.open();
  }

  /** Runs to the end (or the cancel); resolves with the run's data, never rejects for a modem's failure. */
  async run(): Promise<RunData> {
    if (this.#state.state !== 'idle') throw new TypeError('a BatchRunner runs once');
    const startedAt = Date.now();
    this.#set({ state: 'running', startedAt });
    const onAbort = (): void => this.cancel(this.#outer ? abortReason(this.#outer) : 'cancelled');
    if (this.#outer?.aborted) onAbort();
    this.#outer?.addEventListener('abort', onAbort, { once: true });
    const unsubs = this.targets.map((t) =>
      t.onTimeline
        ? t.onTimeline((e) => {
            const list = this.#timelines.get(t.key) ?? [];
            list.push(e);
            if (list.length > 1000) list.shift();
            this.#timelines.set(t.key, list);
            this.#o.sink?.timeline?.(t.key, e);
          })
        : () => undefined,
    );
    const queue = [...this.targets];
    const worker = async (): Promise<void> => {
      for (let t = queue.shift(); t; t = queue.shift()) await this.#runModem(t);
    };
    try {
      await Promise.all(Array.from({ length: Math.min(this.#o.parallel, queue.length) }, worker));
    } finally {
      for (const u of unsubs) u();
      this.#outer?.removeEventListener('abort', onAbort);
      // The last figures are told before the state says finished, and no coalescing timer outlives the run.
      this.#tracker.flush();
    }
    const status: RunStatus = this.#ac.signal.aborted ? 'cancelled' : this.#stopRun ? 'failed' : [...this.#modems.values()].some((p) => p.status === 'interrupted') ? 'interrupted' : 'completed';
    const endedAt = Date.now();
    this.#set({ state: 'finished', startedAt, endedAt, status });
    return this.data(status, startedAt, endedAt);
  }

  /** The run as it stands (for exports of a run still in memory). */
  data(status: RunStatus, startedAt: number, endedAt: number | null): RunData {
    const modems: RunModem[] = this.targets.map((t) => ({ key: t.key, label: t.label, identity: t.identity, status: this.#modems.get(t.key)!.status }));
    const prior = [...(this.#o.resume?.values() ?? [])].flat().filter((r) => this.#modems.has(r.modemKey));
    return {
      id: this.#o.runId,
      name: this.plan.name,
      status,
      startedAt,
      endedAt,
      batchHash: null,
      steps: this.plan.steps.map((s) => ({ seq: s.seq, key: s.key, id: s.id, name: s.name, kind: s.kind })),
      modems,
      results: byModemThenSeq([...prior, ...this.#matrix]),
      transcripts: Object.fromEntries(this.#transcripts),
      timelines: Object.fromEntries(this.#timelines),
    };
  }

  // ---- internals ----------------------------------------------------------

  #set(s: RunnerState): void {
    this.#state = s;
    this.#states.emit(s);
  }

  #runModem(t: RunTarget): Promise<void> {
    return this.#hosts.running(() => this.#runSteps(t));
  }

  async #runSteps(t: RunTarget): Promise<void> {
    const prog = this.#modems.get(t.key)!;
    const signal = this.#ac.signal;
    if (signal.aborted) {
      this.#modemStatus(prog, 'cancelled');
      return;
    }
    const done = new Map((this.#o.resume?.get(t.key) ?? []).map((r) => [r.seq, r] as const));
    const vars: Record<string, unknown> = {};
    for (const r of [...done.values()].sort((a, b) => a.seq - b.seq)) Object.assign(vars, r.captures);
    this.#modemStatus(prog, 'running');
    let stopped: string | null = null;
    for (const step of this.plan.steps) {
      if (done.has(step.seq)) continue;
      const stopWhy = stopped ?? (this.#stopRun ? `the run stopped: ${this.#stopRun}` : null);
      if (stopWhy) {
        this.#record(t, prog, skipped(t.key, step, stopWhy), []);
        continue;
      }
      try {
        // Not `await this.#gate?.promise`: awaiting undefined still costs a turn of the microtask queue per step.
        if (this.#gate) await this.#gate.promise;
        if (signal.aborted) throw new Stop();
        prog.current = step.name;
        const transcript: TranscriptEntry[] = [];
        const r = await this.#runStep(t, prog, step, vars, transcript);
        Object.assign(vars, r.captures);
        this.#record(t, prog, r, transcript);
        if (r.status === 'fail' || r.status === 'error') {
          const policy = step.kind === 'wait' ? 'continue' : step.onFailure;
          if (r.errorCode === 'lost') {
            this.#modemStatus(prog, 'lost');
            return;
          }
          if (policy === 'stop-modem') stopped = `step ${step.key} (${step.name}) ${r.status === 'fail' ? 'failed' : 'errored'}; on_failure: stop-modem`;
          if (policy === 'stop-run' && !this.#stopRun) this.#stopRun = `${t.label} step ${step.key} (${step.name}) ${r.status === 'fail' ? 'failed' : 'errored'}`;
        }
      } catch (err) {
        if (err instanceof Stop || signal.aborted) {
          this.#modemStatus(prog, 'cancelled');
          return;
        }
        if (err instanceof HostLost) {
          prog.current = null;
          this.#modemStatus(prog, 'interrupted');
          return;
        }
        throw err;
      }
    }
    prog.current = null;
    this.#modemStatus(prog, stopped || this.#stopRun ? 'stopped' : 'done');
  }

  #modemStatus(prog: ModemProgress, status: ModemProgress['status']): void {
    if (prog.status === status) return;
    this.#tracker.countStatus(prog, status);
    this.#o.sink?.modemChanged?.({ ...prog });
    this.#tracker.tellNow(prog);
  }

  #record(t: RunTarget, prog: ModemProgress, r: StepResult, transcript: TranscriptEntry[]): void {
    this.#o.sink?.stepCompleted(r, transcript);
    this.#matrix.push(r);
    let kept = this.#transcripts.get(t.key);
    if (!kept) this.#transcripts.set(t.key, (kept = []));
    for (const e of transcript) kept.push(e);
    if (kept.length > this.#o.transcriptLimit) kept.splice(0, kept.length - this.#o.transcriptLimit);
    this.#tracker.countStep(prog, r.status);
    this.#results.emit(r);
    this.#tracker.stepTold(prog);
  }

  #cond(source: string): CondNode {
    let c = this.#conds.get(source);
    if (!c) {
      c = parseCondition(source);
      this.#conds.set(source, c);
    }
    return c;
  }

  async #runStep(t: RunTarget, prog: ModemProgress, step: PlanStep, vars: Record<string, unknown>, transcript: TranscriptEntry[]): Promise<StepResult> {
    const startedAt = Date.now();
    const signal = this.#ac.signal;
    const key = t.key;
    const builtins = this.#builtins.of(t, step);
    if (step.kind === 'wait') {
      await sleep(step.waitMs, signal);
      return stepResult(key, step, startedAt, null, 'pass', null, null, 0);
    }
    if (step.kind === 'qmi') return runQmiStep({ target: t, step, vars, builtins, transcript, retryDelayMs: this.plan.settings.retryDelayMs, signal, cond: this.#condOf });
    let command: string;
    try {
      command = step.command.includes('${') ? interpolate(step.command, vars, builtins, false) : step.command;
    } catch (err) {
      return stepResult(key, step, startedAt, step.command, 'error', (err as Error).message, 'missing-variable', 0);
    }
    const danger = step.allowDangerous ? null : this.#dangers.of(command);
    if (danger?.dangerous) {
      const why = danger.commands.map((d) => `${d.text}: ${d.reason}`).join('; ');
      return stepResult(key, step, startedAt, command, 'error', `${command} is dangerous (${why}) and the step does not allow it`, 'dangerous', 0);
    }
    const { unavailableRetries, unavailableDelayMs, retryDelayMs } = this.plan.settings;
    // The one retry layer: `retries: N` is at most N+1 sends of this step, and
    // `attempts` counts each of them (the supervisor never re-sends on its own).
    let attempts = 0;
    let unavailable = 0;
    let hostWaits = 0;
    let retriesLeft = step.kind === 'send' ? step.retries : 0;
    const deadline = step.kind === 'poll' ? startedAt + step.budgetMs : Infinity;
    for (;;) {
      attempts++;
      // The answer or the error, without an object around either.
      let answer: AtResponse | null = null;
      let failure: unknown = null;
      transcript.push({ at: Date.now(), dir: 'tx', text: command });
      const o: Parameters<RunTarget['exec']>[1] = { cls: this.#o.cls, signal, attempt: attempts, escalate: retriesLeft <= 0 };
      if (step.timeoutMs !== null) o.timeoutMs = step.timeoutMs;
      try {
        const r = await t.exec(command, o);
        answer = r;
        // One clock read for the whole answer: it arrived at once.
        const at = Date.now();
        for (const l of r.lines) transcript.push({ at, dir: 'rx', text: l });
        for (const u of r.urcs) transcript.push({ at: u.at, dir: 'rx', text: u.line });
        transcript.push({ at, dir: 'rx', text: r.final.raw });
      } catch (err) {
        if (signal.aborted) throw new Stop();
        failure = err;
        const info = toErrorInfo(err);
        transcript.push({ at: Date.now(), dir: 'note', text: `${isBenchError(err) ? err.code : 'error'}: ${info.message}` });
      }
      // Back from waiting for its bench host, whatever came (a host still away left above).
      if (prog.status === 'unavailable' && (answer || hostLostCode(failure) === null)) this.#modemStatus(prog, 'running');
      let result: StepResult;
      if (answer) {
        const r = answer;
        const specs = step.kind === 'send' ? step.expect : step.until;
        const check = checkResponse(specs, r, vars, builtins, this.#condOf);
        const captured = check.ok && step.capture.length > 0 ? captureValues(step.capture, r, builtins) : NO_CAPTURES;
        const ok = check.ok && captured.error === null;
        result = stepResult(key, step, startedAt, command, ok ? 'pass' : 'fail', ok ? check.detail || null : (captured.error ?? check.detail), null, attempts, {
          final: r.final.raw,
          lines: r.lines,
          parsed: r.parsed,
          // A fresh object per result: a later step's captures must not show in this one.
          captures: captured === NO_CAPTURES ? {} : captured.values,
          latencyMs: step.kind === 'poll' ? Date.now() - startedAt : Math.round(r.latencyMs * 100) / 100,
        });
      } else {
        const hostCode = hostLostCode(failure);
        if (hostCode !== null) {
          // Its bench host is away: no answer came, so nothing is recorded and this is no attempt.
          attempts--;
          if (hostWaits === 0) transcript.push({ at: Date.now(), dir: 'note', text: `${hostCode}: waiting for the host; the step is sent again every ${unavailableDelayMs} ms until it is back` });
          // A send to a host still away reached nothing: its tx and error lines say nothing new (one wait, one note).
          else transcript.length -= 2;
          const spent = hostWaits++ >= unavailableRetries;
          this.#modemStatus(prog, 'unavailable');
          await this.#hosts.wait(spent, unavailableDelayMs, signal);
          continue;
        }
        const code = isBenchError(failure) ? failure.code : 'unexpected';
        const message = toErrorInfo(failure).message;
        const notSent = NOT_SENT.has(code);
        // Refused before any write: no send happened, so it is not an attempt.
        if (notSent) attempts--;
        const mayResend = notSent || retriesLeft > 0;
        if (UNAVAILABLE.has(code) && step.kind === 'send' && mayResend) {
          // Gone or recovering: wait for it and try the same step again, a bounded number of times.
          if (unavailable++ < unavailableRetries) {
            if (!notSent) retriesLeft--;
            this.#modemStatus(prog, 'unavailable');
            transcript.push({ at: Date.now(), dir: 'note', text: `modem unavailable (${code}); retry ${unavailable}/${unavailableRetries} in ${unavailableDelayMs} ms` });
            await sleep(unavailableDelayMs, signal);
            this.#modemStatus(prog, 'running');
            continue;
          }
          return stepResult(key, step, startedAt, command, 'error', `${message} (gave up after ${unavailableRetries} waits)`, 'lost', attempts);
        }
        if (code === 'modem-failed') return stepResult(key, step, startedAt, command, 'error', message, 'lost', attempts);
        result = stepResult(key, step, startedAt, command, 'error', message, code, attempts);
        // Cancelled, a port that cannot be opened, an unsupported request: asking again changes nothing.
        if (isBenchError(failure) && retryClassOf(failure) === 'never' && !UNAVAILABLE.has(code)) return result;
      }
      if (result.status === 'pass') return result;
      if (step.kind === 'poll') {
        if (Date.now() + step.everyMs > deadline) {
          return { ...result, status: 'fail', message: `not met within ${step.budgetMs} ms: ${result.message ?? ''}`.trim(), latencyMs: Date.now() - startedAt };
        }
        await sleep(step.everyMs, signal);
        continue;
      }
      if (retriesLeft-- > 0) {
        await sleep(retryDelayMs, signal);
        continue;
      }
      return result;
    }
  }
}

export { interpolate };
