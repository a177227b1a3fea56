/** What a run produces: one result per modem x step instance, per-modem state, transcripts, progress. */
import type { AtResponse, CommandClass } from '../at/types';
import type { TimelineEvent } from '../recovery/timeline';
import type { QmiResultView } from '../../../src-preload/contract/qmi';
import type {
  ModemProgressView,
  ModemRunStatusView,
  RunIdentityView,
  RunModemView,
  RunProgressView,
  RunStatusView,
  RunStepView,
  RunTranscriptEntryView,
  StepResultView,
  StepStatusView,
} from '../../../src-preload/contract/batch';

// The plain-data shapes are the contract's: the UI reads what the runner and the store write.
export type StepStatus = StepStatusView;
/** One cell of the results matrix. */
export type StepResult = StepResultView;
export type ModemIdentitySnapshot = RunIdentityView;
export type ModemRunStatus = ModemRunStatusView;
export type ModemProgress = ModemProgressView;
export type RunProgress = RunProgressView;
export type TranscriptEntry = RunTranscriptEntryView;

/** What the runner needs of one modem; the app binds ModemSupervisor.exec. */
export interface RunTarget {
  /** The modem's ModemId: its key in the run, the store and the metrics. */
  key: string;
  label: string;
  identity: ModemIdentitySnapshot;
  /** Free labels to select by (`tag:` in a batch file). @default [] */
  tags?: string[];
  /**
   * `attempt`: 1 for a step's first send, 2+ for its retries (metrics count them).
   * `escalate: false` while the step will send again: its retries come before the recovery ladder.
   */
  exec(command: string, o: { cls: CommandClass; timeoutMs?: number; signal?: AbortSignal; attempt?: number; escalate?: boolean }): Promise<AtResponse>;
  /**
   * One QMI request to the modem's QMI port (the path the modem page's QMI section uses).
   * Absent when the modem has no QMI port: a `qmi:` step then errors with `no-qmi-port`.
   */
  qmi?(request: string, o: { timeoutMs?: number; signal?: AbortSignal }): Promise<QmiResultView>;
  /** The modem's recovery timeline; events during the run are kept with it. */
  onTimeline?(listener: (e: TimelineEvent) => void): () => void;
}

/**
 * Where results go as they happen (the store). Calls are synchronous: when
 * `stepCompleted` returns the result is durable, and only then does the
 * runner report it and move on.
 */
export interface RunSink {
  stepCompleted(result: StepResult, transcript: TranscriptEntry[]): void;
  modemChanged?(modem: ModemProgress): void;
  timeline?(modemKey: string, event: TimelineEvent): void;
}

export type RunStatus = RunStatusView;
export type RunModem = RunModemView;

/** A whole run as exports and comparisons see it (from the runner or the store). */
export interface RunData {
  id: number | null;
  name: string;
  status: RunStatus;
  startedAt: number;
  endedAt: number | null;
  batchHash: string | null;
  steps: RunStepView[];
  modems: RunModem[];
  results: StepResult[];
  transcripts?: Record<string, TranscriptEntry[]>;
  timelines?: Record<string, TimelineEvent[]>;
}
