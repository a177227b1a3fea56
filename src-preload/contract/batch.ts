/** Batch runs and their results, as the renderer sees them. Plain data. */
import type { IdentityView } from './domain';

export type StepStatusView = 'pass' | 'fail' | 'error' | 'skipped';
export type RunStatusView = 'running' | 'completed' | 'cancelled' | 'interrupted' | 'failed';
/** `interrupted`: its bench host went away and nothing else was left to run; a resume picks up at its step in flight. */
export type ModemRunStatusView = 'pending' | 'running' | 'unavailable' | 'done' | 'stopped' | 'lost' | 'cancelled' | 'interrupted';
export type StepKindView = 'send' | 'wait' | 'poll' | 'qmi';

/** One problem in a batch file, where it is (1-based line and column) and what was expected there. */
export interface BatchProblemView {
  file: string;
  line: number;
  column: number;
  /** JSON pointer into the document (`/steps/3/expect`), '' for the root. */
  path: string;
  message: string;
  /** What would have been accepted, in words. */
  expected: string | null;
}

/** One step instance of a run's plan (a repeat makes several of one template `id`). */
export interface RunStepView {
  seq: number;
  key: string;
  id: string;
  name: string;
  kind: StepKindView;
}

export interface BatchValidationView {
  ok: boolean;
  problems: BatchProblemView[];
  /** The steps of the plan, when it parsed. */
  steps: Omit<RunStepView, 'seq' | 'key'>[];
  /** How many modems on the bench its selection picks now. */
  selected: number;
}

/** One cell of the results matrix. */
export interface StepResultView {
  /** The modem's ModemId (see domain.ts). */
  modemKey: string;
  /** The step instance's place in the modem's list (plan.steps[seq]). */
  seq: number;
  stepKey: string;
  stepId: string;
  name: string;
  kind: StepKindView;
  /** The command as sent (variables filled in); null for a wait. */
  command: string | null;
  status: StepStatusView;
  /** Why it failed, errored or was skipped; for a pass, what the conditions saw. */
  message: string | null;
  /** For `error`: the error code (timeout, modem-unavailable, ...). */
  errorCode: string | null;
  final: string | null;
  lines: string[];
  parsed: unknown;
  /** Variables this step captured. */
  captures: Record<string, unknown>;
  latencyMs: number | null;
  /** Commands sent for this step (retries and polls included). */
  attempts: number;
  startedAt: number;
  endedAt: number;
}

/** Step instances by outcome. */
export interface RunCountsView {
  /** Step instances to do (for a modem after a resume: the ones left). */
  total: number;
  done: number;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
}

export interface ModemProgressView extends RunCountsView {
  /** The modem's ModemId. */
  key: string;
  label: string;
  status: ModemRunStatusView;
  current: string | null;
}

export interface RunProgressView {
  /** The modem whose change caused this event. */
  modem: ModemProgressView;
  overall: RunCountsView & {
    modemsDone: number;
    modems: number;
    elapsedMs: number;
    /** Naive: elapsed per step so far times the steps left; null before the first step ends. */
    etaMs: number | null;
  };
}

export interface RunSummaryView {
  id: number;
  name: string;
  status: RunStatusView;
  startedAt: number;
  endedAt: number | null;
  batchHash: string;
  modems: number;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  /** Step instances expected (modems x steps). */
  total: number;
}

/** What a run keeps of a modem's identity (its IMEI, SIM and firmware at the time). */
export type RunIdentityView = Omit<IdentityView, 'manufacturer'>;

export interface RunModemView {
  /** The modem's ModemId. */
  key: string;
  label: string;
  identity: RunIdentityView;
  status: ModemRunStatusView;
}

/** A whole run: its plan's steps, its modems and the results matrix (modem x step instance). */
export interface RunView {
  id: number;
  name: string;
  status: RunStatusView;
  startedAt: number;
  endedAt: number | null;
  batchHash: string | null;
  /** The batch file as it was run. */
  batchText: string;
  /** Whether this run is the one running now in this app (it can be paused or cancelled). */
  live: boolean;
  paused: boolean;
  steps: RunStepView[];
  modems: RunModemView[];
  results: StepResultView[];
}

export interface RunTranscriptEntryView {
  at: number;
  /** `tx` sent, `rx` received (info lines, URCs and the final), `note` an error or a gap. */
  dir: 'tx' | 'rx' | 'note';
  text: string;
}

export interface StepStatsView {
  /** Results counted (modems x iterations). */
  count: number;
  passed: number;
  /** 0..1; null when nothing ran. */
  passRate: number | null;
  /** Median latency (ms) of the results that have one; null when none. */
  p50LatencyMs: number | null;
}

export interface StepComparisonView {
  stepId: string;
  name: string;
  a: StepStatsView;
  b: StepStatsView;
  /** b - a (percentage points as a fraction); null when a side has nothing. */
  passRateDelta: number | null;
  p50DeltaMs: number | null;
}

export interface OutcomeChangeView {
  /** The modem's ModemId. */
  modemKey: string;
  label: string;
  firmwareA: string | null;
  firmwareB: string | null;
  stepKey: string;
  name: string;
  a: StepStatusView | 'not run';
  b: StepStatusView | 'not run';
}

export interface FirmwareGroupView {
  firmware: string;
  /** Labels of the modems in the group. */
  modems: string[];
  stats: StepStatsView;
}

export interface RunComparisonView {
  a: { label: string; runId: number | null; modems: number };
  b: { label: string; runId: number | null; modems: number };
  steps: StepComparisonView[];
  changed: OutcomeChangeView[];
  /** Overall stats per firmware revision on each side. */
  byFirmware: { a: FirmwareGroupView[]; b: FirmwareGroupView[] };
}

export interface RunExportView {
  filename: string;
  mime: string;
  content: string;
}
