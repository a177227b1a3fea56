/**
 * Reading runs back from the store's rows: summaries, a whole run, its modems and
 * results. Plain queries and row-to-object mapping, kept apart from store.ts,
 * which owns opening, migrating, leases and every write.
 */
import type { Database } from 'better-sqlite3';
import type { RunSummaryView } from '../../../src-preload/contract/batch';
import type { TimelineEvent } from '../recovery/timeline';
import type { BatchPlan } from '../batch/plan';
import type { RunData, RunModem, RunStatus, StepResult, TranscriptEntry } from '../batch/results';

export type Row = Record<string, unknown>;

/** The contract's summary, plus where the batch file came from. */
export interface RunSummary extends RunSummaryView {
  batchFile: string;
}

export function listRuns(db: Database, limit: number): RunSummary[] {
  if (!Number.isInteger(limit) || limit < 1) throw new TypeError(`limit must be a whole number >= 1, got ${limit}`);
  const rows = db
    .prepare(
      `SELECT r.id, r.name, r.status, r.started_at, r.ended_at, r.batch_file, r.batch_hash, r.plan,
         (SELECT count(*) FROM run_modems m WHERE m.run_id = r.id) AS modems,
         (SELECT count(*) FROM step_results s WHERE s.run_id = r.id AND s.status = 'pass') AS passed,
         (SELECT count(*) FROM step_results s WHERE s.run_id = r.id AND s.status = 'fail') AS failed,
         (SELECT count(*) FROM step_results s WHERE s.run_id = r.id AND s.status = 'error') AS errors,
         (SELECT count(*) FROM step_results s WHERE s.run_id = r.id AND s.status = 'skipped') AS skipped
       FROM runs r ORDER BY r.id DESC LIMIT ?`,
    )
    .all(limit) as Row[];
  return rows.map((r) => ({
    id: r.id as number,
    name: r.name as string,
    status: r.status as RunStatus,
    startedAt: r.started_at as number,
    endedAt: (r.ended_at as number | null) ?? null,
    batchFile: r.batch_file as string,
    batchHash: r.batch_hash as string,
    modems: r.modems as number,
    passed: r.passed as number,
    failed: r.failed as number,
    errors: r.errors as number,
    skipped: r.skipped as number,
    total: (r.modems as number) * (JSON.parse(r.plan as string) as BatchPlan).steps.length,
  }));
}

/** The whole run of `row` (its `runs` row): modems, results and, unless `transcripts` is false, transcripts and timelines. */
export function readRun(db: Database, runId: number, row: Row, transcripts: boolean): RunData & { plan: BatchPlan; batchText: string; batchFile: string; note: string | null } {
  const plan = JSON.parse(row.plan as string) as BatchPlan;
  const modems = readModems(db, runId);
  const results = (db.prepare(`SELECT * FROM step_results WHERE run_id = ? ORDER BY modem_key, seq`).all(runId) as Row[]).map(toResult);
  const order = new Map(modems.map((m, i) => [m.key, i]));
  results.sort((a, b) => (order.get(a.modemKey) ?? 0) - (order.get(b.modemKey) ?? 0) || a.seq - b.seq);
  const byModem: Record<string, TranscriptEntry[]> = {};
  const timelines: Record<string, TimelineEvent[]> = {};
  if (transcripts) {
    for (const t of db.prepare(`SELECT modem_key, at, dir, text FROM transcripts WHERE run_id = ? ORDER BY id`).all(runId) as Row[]) {
      (byModem[t.modem_key as string] ??= []).push({ at: t.at as number, dir: t.dir as TranscriptEntry['dir'], text: t.text as string });
    }
    for (const t of db.prepare(`SELECT * FROM timelines WHERE run_id = ? ORDER BY id`).all(runId) as Row[]) {
      const e: TimelineEvent = { seq: t.seq as number, at: t.at as number, kind: t.kind as TimelineEvent['kind'] };
      if (t.step !== null) e.step = t.step as TimelineEvent['step'];
      if (t.cause !== null) e.cause = t.cause as string;
      if (t.detail !== null) e.detail = t.detail as string;
      (timelines[t.modem_key as string] ??= []).push(e);
    }
  }
  return {
    id: runId,
    name: row.name as string,
    status: row.status as RunStatus,
    startedAt: row.started_at as number,
    endedAt: (row.ended_at as number | null) ?? null,
    batchHash: row.batch_hash as string,
    batchFile: row.batch_file as string,
    batchText: row.batch_text as string,
    note: (row.note as string | null) ?? null,
    plan,
    steps: plan.steps.map((s) => ({ seq: s.seq, key: s.key, id: s.id, name: s.name, kind: s.kind })),
    modems,
    results,
    transcripts: byModem,
    timelines,
  };
}

export function readModems(db: Database, runId: number): RunModem[] {
  return (db.prepare(`SELECT * FROM run_modems WHERE run_id = ? ORDER BY position`).all(runId) as Row[]).map((m) => ({
    key: m.modem_key as string,
    label: m.label as string,
    status: m.status as RunModem['status'],
    identity: {
      imei: (m.imei as string | null) ?? null,
      iccid: (m.iccid as string | null) ?? null,
      imsi: (m.imsi as string | null) ?? null,
      model: (m.model as string | null) ?? null,
      firmware: (m.firmware as string | null) ?? null,
      revision: (m.revision as string | null) ?? null,
    },
  }));
}

export function toResult(r: Row): StepResult {
  return {
    modemKey: r.modem_key as string,
    seq: r.seq as number,
    stepKey: r.step_key as string,
    stepId: r.step_id as string,
    name: r.name as string,
    kind: r.kind as StepResult['kind'],
    command: (r.command as string | null) ?? null,
    status: r.status as StepResult['status'],
    message: (r.message as string | null) ?? null,
    errorCode: (r.error_code as string | null) ?? null,
    final: (r.final as string | null) ?? null,
    lines: JSON.parse(r.lines as string) as string[],
    parsed: r.parsed === null ? null : (JSON.parse(r.parsed as string) as unknown),
    captures: JSON.parse(r.captures as string) as Record<string, unknown>,
    latencyMs: (r.latency_ms as number | null) ?? null,
    attempts: r.attempts as number,
    startedAt: r.started_at as number,
    endedAt: r.ended_at as number,
  };
}
