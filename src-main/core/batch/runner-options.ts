/** The runner's options and states. */
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
