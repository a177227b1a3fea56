/** Batch runs and their results, as the renderer sees them. Plain data. */

export type StepStatusView = 'pass' | 'fail' | 'error' | 'skipped';
export type RunStatusView = 'running' | 'completed' | 'cancelled' | 'interrupted' | 'failed';
export type ModemRunStatusView = 'pending' | 'running' | 'unavailable' | 'done' | 'stopped' | 'lost' | 'cancelled';

export interface BatchProblemView {
  file: string;
  line: number;
  column: number;
  /** JSON pointer into the document (`/steps/3/expect`). */
  path: string;
  message: string;
  expected: string | null;
}

export interface BatchValidationView {
  ok: boolean;
  problems: BatchProblemView[];
  /** The steps of the plan, when it parsed. */
  steps: { id: string; name: string; kind: 'send' | 'wait' | 'poll' | 'qmi' }[];
  /** How many modems on the bench its selection picks now. */
  selected: number;
}

export interface StepResultView {
  modemKey: string;
  seq: number;
  stepKey: string;
  stepId: string;
  name: string;
  kind: 'send' | 'wait' | 'poll' | 'qmi';
  command: string | null;
  status: StepStatusView;
  message: string | null;
  errorCode: string | null;
  final: string | null;
  lines: string[];
  parsed: unknown;
  captures: Record<string, unknown>;
  latencyMs: number | null;
  attempts: number;
  startedAt: number;
  endedAt: number;
}

export interface ModemProgressView {
  key: string;
  label: string;
  status: ModemRunStatusView;
  total: number;
  done: number;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  current: string | null;
}

export interface RunProgressView {
  modem: ModemProgressView;
  overall: {
    total: number;
    done: number;
    passed: number;
    failed: number;
    errors: number;
    skipped: number;
    modemsDone: number;
    modems: number;
    elapsedMs: number;
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
  total: number;
}

export interface RunModemView {
  key: string;
  label: string;
  identity: { imei: string | null; iccid: string | null; imsi: string | null; model: string | null; firmware: string | null; revision: string | null };
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
  steps: { seq: number; key: string; id: string; name: string; kind: 'send' | 'wait' | 'poll' | 'qmi' }[];
  modems: RunModemView[];
  results: StepResultView[];
}

export interface RunTranscriptEntryView {
  at: number;
  dir: 'tx' | 'rx' | 'note';
  text: string;
}

export interface StepStatsView {
  count: number;
  passed: number;
  passRate: number | null;
  p50LatencyMs: number | null;
}

export interface RunComparisonView {
  a: { label: string; runId: number | null; modems: number };
  b: { label: string; runId: number | null; modems: number };
  steps: { stepId: string; name: string; a: StepStatsView; b: StepStatsView; passRateDelta: number | null; p50DeltaMs: number | null }[];
  changed: {
    modemKey: string;
    label: string;
    firmwareA: string | null;
    firmwareB: string | null;
    stepKey: string;
    name: string;
    a: StepStatusView | 'not run';
    b: StepStatusView | 'not run';
  }[];
  byFirmware: { a: { firmware: string; modems: string[]; stats: StepStatsView }[]; b: { firmware: string; modems: string[]; stats: StepStatsView }[] };
}

export interface RunExportView {
  filename: string;
  mime: string;
  content: string;
}
