/** The runner's options and states, the check of its options, and the order of its results. */
import type { CommandClass } from '../at/types';
import type { BatchPlan } from './plan';
import type { RunSink, RunStatus, RunTarget, StepResult } from './results';

export interface BatchRunnerOptions {
  plan: BatchPlan;
  /** Every modem on the bench; the plan's selection picks from them. */
  targets: RunTarget[];
  /** Gets each result synchronously as it completes (the store). @default none */
  sink?: RunSink | null;
  /** Modems at once; overrides the file's `settings.parallel`. @default plan.settings.parallel */
  parallel?: number;
  /** Priority class of every command. @default 'batch' */
  cls?: CommandClass;
  /** Results of an earlier attempt of this run, by modem key: those steps are not run again, their captures are restored. @default none */
  resume?: Map<string, StepResult[]> | null;
  /** Transcript entries kept per modem in memory (the sink gets them all). @default 2000 */
  transcriptLimit?: number;
  /**
   * Step progress events at most this often (ms); a modem's status change and the run's last
   * figures are told at once regardless. 0: an event after every step. @default 100
   */
  progressIntervalMs?: number;
  /** The run id, for `${run.id}` and events. @default null */
  runId?: number | null;
  signal?: AbortSignal;
}

export type RunnerState =
  | { state: 'idle' }
  | { state: 'running'; startedAt: number }
  | { state: 'paused'; startedAt: number; since: number }
  | { state: 'finished'; startedAt: number; endedAt: number; status: RunStatus };

/** Throws a TypeError for options no run can have; the parallel limit the run uses. */
export function checkRunnerOptions(plan: BatchPlan, targets: RunTarget[], parallelOption: number | undefined, transcriptLimit: number, progressIntervalMs: number): number {
  if (!plan || !Array.isArray(plan.steps)) throw new TypeError('plan must be a compiled BatchPlan');
  if (!Array.isArray(targets)) throw new TypeError('targets must be an array');
  const parallel = parallelOption ?? plan.settings.parallel;
  if (!Number.isInteger(parallel) || parallel < 1) throw new TypeError(`parallel must be a whole number >= 1, got ${parallel}`);
  if (!Number.isInteger(transcriptLimit) || transcriptLimit < 0) throw new TypeError(`transcriptLimit must be a whole number >= 0, got ${transcriptLimit}`);
  if (!Number.isInteger(progressIntervalMs) || progressIntervalMs < 0) throw new TypeError(`progressIntervalMs must be a whole number >= 0, got ${progressIntervalMs}`);
  const keys = new Set<string>();
  for (const t of targets) {
    if (typeof t?.exec !== 'function') throw new TypeError(`targets[${targets.indexOf(t)}].exec must be a function`);
    if (keys.has(t.key)) throw new TypeError(`targets: duplicate key ${t.key}`);
    keys.add(t.key);
  }
  return parallel;
}

/**
 * Results by modem key (locale order, as before) then seq: grouped per modem first, so the
 * locale comparison runs over the modems' keys and not over every pair of results (at 256
 * modems x 16 steps the whole sort's localeCompare was a visible share of a run's CPU).
 */
export function byModemThenSeq(results: StepResult[]): StepResult[] {
  const groups = new Map<string, StepResult[]>();
  for (const r of results) {
    const g = groups.get(r.modemKey);
    if (g) g.push(r);
    else groups.set(r.modemKey, [r]);
  }
  const out: StepResult[] = [];
  for (const key of [...groups.keys()].sort((a, b) => a.localeCompare(b))) for (const r of groups.get(key)!.sort((a, b) => a.seq - b.seq)) out.push(r);
  return out;
}

