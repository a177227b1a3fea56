/** What a run produces: one result per modem x step instance, per-modem state, transcripts, progress. */
import type { AtResponse, CommandClass } from '../at/types';
import type { TimelineEvent } from '../recovery/timeline';
import type { QmiResultView } from '../../../src-preload/contract/qmi';

export type StepStatus = 'pass' | 'fail' | 'error' | 'skipped';

/** One cell of the results matrix. */
export interface StepResult {
  modemKey: string;
  /** The step instance's place in the modem's list (plan.steps[seq]). */
  seq: number;
  stepKey: string;
  stepId: string;
  name: string;
  kind: 'send' | 'wait' | 'poll' | 'qmi';
  /** The command as sent (variables filled in); null for a wait. */
  command: string | null;
  status: StepStatus;
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

export interface ModemIdentitySnapshot {
  imei: string | null;
  iccid: string | null;
  imsi: string | null;
  model: string | null;
  firmware: string | null;
  revision: string | null;
}

export type ModemRunStatus = 'pending' | 'running' | 'unavailable' | 'done' | 'stopped' | 'lost' | 'cancelled';

export interface ModemProgress {
  key: string;
  label: string;
  status: ModemRunStatus;
  /** Step instances this run has to do for the modem (after a resume: the ones left). */
  total: number;
  done: number;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  current: string | null;
}

export interface RunProgress {
  /** The modem whose change caused this event. */
  modem: ModemProgress;
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
    /** Naive: elapsed per step so far times the steps left; null before the first step ends. */
    etaMs: number | null;
  };
}

export interface TranscriptEntry {
  at: number;
  /** `tx` sent, `rx` received (info lines, URCs and the final), `note` an error or a gap. */
  dir: 'tx' | 'rx' | 'note';
  text: string;
}

/** What the runner needs of one modem; the app binds ModemSupervisor.exec. */
export interface RunTarget {
  /** Stable key within the run: the IMEI when known, else the label. */
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

export type RunStatus = 'running' | 'completed' | 'cancelled' | 'interrupted' | 'failed';

export interface RunModem {
  key: string;
  label: string;
  identity: ModemIdentitySnapshot;
  status: ModemRunStatus;
}

/** A whole run as exports and comparisons see it (from the runner or the store). */
export interface RunData {
  id: number | null;
  name: string;
  status: RunStatus;
  startedAt: number;
  endedAt: number | null;
  batchHash: string | null;
  steps: { seq: number; key: string; id: string; name: string; kind: 'send' | 'wait' | 'poll' | 'qmi' }[];
  modems: RunModem[];
  results: StepResult[];
  transcripts?: Record<string, TranscriptEntry[]>;
  timelines?: Record<string, TimelineEvent[]>;
}
