/** Batch-run views as the main side sends them, for the renderer's store tests. */
import type { ModemProgressView, RunProgressView, RunSummaryView, RunView, StepResultView } from '../../src-preload/contract';

/** A run of `modems` x `steps` send steps, no results yet; `over` replaces any field. */
export function runView(id: number, modems: string[], steps: number, over: Partial<RunView> = {}): RunView {
  return {
    id,
    name: `run${id}`,
    status: 'running',
    startedAt: 1_000,
    endedAt: null,
    batchHash: 'h',
    batchText: 'steps: []',
    live: true,
    paused: false,
    steps: Array.from({ length: steps }, (_, seq) => ({ seq, key: String(seq + 1), id: String(seq + 1), name: `s${seq + 1}`, kind: 'send' as const })),
    modems: modems.map((key) => ({ key, label: key, status: 'running' as const, identity: { imei: key, iccid: null, imsi: null, model: 'EC25', firmware: null, revision: null } })),
    results: [],
    ...over,
  };
}

export function stepResult(modemKey: string, seq: number, status: StepResultView['status'] = 'pass'): StepResultView {
  return { modemKey, seq, stepKey: String(seq + 1), stepId: String(seq + 1), name: `s${seq + 1}`, kind: 'send', command: 'AT', status, message: null, errorCode: null, final: 'OK', lines: [], parsed: null, captures: {}, latencyMs: 10, attempts: 1, startedAt: 1_000, endedAt: 1_010 };
}

export function progressOf(modem: string, done: number, total: number): RunProgressView {
  const counts = { total, done, passed: done, failed: 0, errors: 0, skipped: 0 };
  const m: ModemProgressView = { key: modem, label: modem, status: 'running', current: null, ...counts };
  return { modem: m, overall: { ...counts, modemsDone: 0, modems: 1, elapsedMs: 1000, etaMs: null } };
}

export function runSummary(id: number, over: Partial<RunSummaryView> = {}): RunSummaryView {
  return { id, name: `run${id}`, status: 'completed', startedAt: 1_000, endedAt: 2_000, batchHash: 'h', modems: 1, passed: 1, failed: 0, errors: 0, skipped: 0, total: 1, ...over };
}
