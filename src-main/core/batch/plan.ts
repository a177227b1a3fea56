/**
 * The compiled form of a batch file: what the runner executes and the store
 * keeps (plain JSON, so an interrupted run resumes without the files). A
 * `repeat` is unrolled, so every step instance has its own place (`seq`) in
 * each modem's list and its own row in the results.
 */

export type OnFailure = 'continue' | 'stop-modem' | 'stop-run';

export type ExpectSpec =
  | { kind: 'ok' }
  | { kind: 'error' }
  | { kind: 'any' }
  /** A condition on parsed fields (condition.ts). */
  | { kind: 'cond'; source: string }
  /** Some info line matches (or, negated, none does); `${var}` inside is replaced by the escaped value. */
  | { kind: 'match'; regex: string; negate: boolean };

export type CaptureSpec = { name: string; field: string } | { name: string; regex: string };

export interface PlanSettings {
  /** Modems run at once. */
  parallel: number;
  /** Default per-command timeout (ms); null leaves it to the command's class in the catalogue. */
  timeoutMs: number | null;
  /** Extra attempts of a step that failed or errored. */
  retries: number;
  retryDelayMs: number;
  onFailure: OnFailure;
  /** Attempts again of a step whose modem was unavailable (gone, recovering past the wait). */
  unavailableRetries: number;
  unavailableDelayMs: number;
}

export const DEFAULT_SETTINGS: Readonly<PlanSettings> = Object.freeze({
  parallel: 8,
  timeoutMs: null,
  retries: 0,
  retryDelayMs: 1000,
  onFailure: 'continue',
  unavailableRetries: 3,
  unavailableDelayMs: 10_000,
});

/** Which modems a run targets; every given criterion must hold, any pattern of a list may match. */
export interface Selection {
  all: boolean;
  imei: string[];
  label: string[];
  model: string[];
  firmware: string[];
  tag: string[];
}

interface StepBase {
  /** Index in the modem's list of step instances (0-based). */
  seq: number;
  /** Instance key: `3`, or inside repeats `4[12].1` (iteration 12 of the block at 4, its step 1). */
  key: string;
  /** Template id, the same for every iteration of a repeat: `4.1`. Comparisons group by it. */
  id: string;
  name: string;
  /** Where the step is written: file, 1-based line. */
  file: string;
  line: number;
  /** Iteration numbers of the enclosing repeats, outermost first (1-based); `${repeat.index}` is the innermost. */
  iterations: number[];
}

export interface SendStep extends StepBase {
  kind: 'send';
  command: string;
  expect: ExpectSpec[];
  capture: CaptureSpec[];
  timeoutMs: number | null;
  retries: number;
  onFailure: OnFailure;
  allowDangerous: boolean;
}

export interface WaitStep extends StepBase {
  kind: 'wait';
  waitMs: number;
}

export interface PollStep extends StepBase {
  kind: 'poll';
  command: string;
  until: ExpectSpec[];
  capture: CaptureSpec[];
  everyMs: number;
  /** Overall budget of the poll (ms). */
  budgetMs: number;
  /** Per-command timeout (ms); null: the catalogue's. */
  timeoutMs: number | null;
  onFailure: OnFailure;
  allowDangerous: boolean;
}

/** A QMI request to the modem's QMI port (issue 15); its decoded fields are what conditions and captures see. */
export interface QmiStep extends StepBase {
  kind: 'qmi';
  /** qmicli-style request, e.g. `nas-get-signal-info` (checked against the known requests when the file is read). */
  request: string;
  expect: ExpectSpec[];
  capture: CaptureSpec[];
  timeoutMs: number | null;
  retries: number;
  onFailure: OnFailure;
}

export type PlanStep = SendStep | WaitStep | PollStep | QmiStep;

export interface BatchPlan {
  /** Format version of this JSON (not of the file). */
  planVersion: 1;
  name: string;
  description: string | null;
  /** The top-level file as given. */
  file: string;
  selection: Selection;
  settings: PlanSettings;
  steps: PlanStep[];
  /** Every file read (top-level first), with its text: hashed and kept with the run. */
  sources: { file: string; text: string }[];
}

/** Built-in variables every step may use as `${...}`. */
export const BUILTIN_VARS = ['modem.label', 'modem.imei', 'modem.iccid', 'modem.imsi', 'modem.model', 'modem.firmware', 'modem.revision', 'modem.index', 'repeat.index', 'run.name'] as const;
