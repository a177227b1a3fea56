/**
 * The run store: SQLite through better-sqlite3, WAL mode. Every completed
 * step result is committed in its own transaction (with its transcript
 * lines) before the runner moves on, with synchronous=FULL by default, so a
 * kill -9 (or, with FULL, a power cut) loses no completed result. A running
 * run is owned by a lease its process renews (see lease.ts); on open, runs
 * whose owner stopped renewing become 'interrupted', and those can be resumed
 * for the steps not done, from any process on any host. The read side (rows to
 * runs, summaries) is read.ts.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import type { TimelineEvent } from '../recovery/timeline';
import { StoreError } from '../batch/errors';
import type { BatchPlan } from '../batch/plan';
import type { ModemProgress, RunData, RunModem, RunSink, RunStatus, StepResult, TranscriptEntry } from '../batch/results';
import { LeaseKeeper, type LeaseRow, pidAlive } from './lease';
import { MIGRATIONS } from './migrations';
import { type Row, type RunSummary, listRuns, readModems, readRun, toResult } from './read';

export type { RunSummary };

export interface RetentionSettings {
  /** Keep at most this many finished runs (newest first); null keeps all. @default null */
  keepRuns: number | null;
  /** Delete finished runs that ended more than this many days ago; null keeps all. @default null */
  keepDays: number | null;
}

export interface RunStoreOptions {
  /** The database file (the app passes `<dataDir>/runs.db`); ':memory:' for tests. */
  path: string;
  /** SQLite `synchronous`: FULL survives power loss, NORMAL (in WAL) survives a process kill. @default 'FULL' */
  synchronous?: 'FULL' | 'NORMAL';
  /** Open read-only (for a second process watching a run); nothing is marked or migrated. @default false */
  readonly?: boolean;
  /** Transcript lines kept per modem per run; past it one note says the rest was dropped. @default 20000 */
  transcriptLimit?: number;
  /** Timeline events kept per modem per run. @default 2000 */
  timelineLimit?: number;
  /** How long to wait for another process's write lock (ms). @default 5000 */
  busyTimeoutMs?: number;
  /**
   * How long a run stays owned after its process last renewed its lease (ms); renewed every
   * third of it. A run whose lease ran out is interrupted and resumable from any process. @default 30000
   */
  leaseMs?: number;
  /**
   * Whether a PID on this machine's current boot is alive, so a run whose process is gone is
   * interrupted without waiting for its lease. A live PID proves nothing (PIDs are reused). @default process.kill(pid, 0)
   */
  isAlive?: (pid: number) => boolean;
  /** Called when this store finds that a run it was renewing was taken over or finished by another process. @default undefined */
  onLeaseLost?: (runId: number) => void;
}


export interface ResumeInfo {
  runId: number;
  plan: BatchPlan;
  modems: RunModem[];
  /** Completed results by modem key: the runner skips these and restores their captures. */
  done: Map<string, StepResult[]>;
}

const SCHEMA_VERSION = MIGRATIONS.length;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export class RunStore {
  readonly path: string;
  readonly db: Database;
  readonly #o: Required<Omit<RunStoreOptions, 'path' | 'onLeaseLost'>>;
  readonly #lease: LeaseKeeper | null;
  readonly #counts = new Map<string, { transcript: number; timeline: number }>();

  private constructor(db: Database, o: RunStoreOptions) {
    this.db = db;
    this.path = o.path;
    this.#o = {
      synchronous: o.synchronous ?? 'FULL',
      readonly: o.readonly ?? false,
      transcriptLimit: o.transcriptLimit ?? 20_000,
      timelineLimit: o.timelineLimit ?? 2000,
      busyTimeoutMs: o.busyTimeoutMs ?? 5000,
      leaseMs: o.leaseMs ?? 30_000,
      isAlive: o.isAlive ?? pidAlive,
    };
    this.#lease = this.#o.readonly ? null : new LeaseKeeper(db, { leaseMs: this.#o.leaseMs, isAlive: this.#o.isAlive, ...(o.onLeaseLost ? { onLost: o.onLeaseLost } : {}) });
  }

  /** Opens (creating and migrating) the store, and marks runs of dead processes interrupted. */
  static open(options: RunStoreOptions): RunStore {
    if (!options || typeof options.path !== 'string' || options.path === '') throw new TypeError('path must be a file path or :memory:');
    if (options.synchronous !== undefined && options.synchronous !== 'FULL' && options.synchronous !== 'NORMAL') {
      throw new TypeError(`synchronous must be 'FULL' or 'NORMAL', got ${String(options.synchronous)}`);
    }
    if (options.leaseMs !== undefined && (!Number.isInteger(options.leaseMs) || options.leaseMs < 3)) throw new TypeError(`leaseMs must be a whole number >= 3, got ${options.leaseMs}`);
    for (const k of ['transcriptLimit', 'timelineLimit', 'busyTimeoutMs'] as const) {
      const v = options[k];
      if (v !== undefined && (!Number.isInteger(v) || v < 0)) throw new TypeError(`${k} must be a whole number >= 0, got ${v}`);
    }
    let db: Database;
    try {
      if (!options.readonly && options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
      db = new BetterSqlite3(options.path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false, timeout: options.busyTimeoutMs ?? 5000 });
    } catch (err) {
      throw new StoreError('open-failed', `cannot open the run store ${options.path}: ${(err as Error).message}`, { path: options.path }, err);
    }
    const store = new RunStore(db, options);
    try {
      store.#setup();
    } catch (err) {
      db.close();
      throw err;
    }
    return store;
  }

  #setup(): void {
    const db = this.db;
    if (this.#o.readonly) {
      const v = db.pragma('user_version', { simple: true }) as number;
      if (v > SCHEMA_VERSION) throw new StoreError('schema-too-new', `the run store ${this.path} has schema ${v}; this version knows up to ${SCHEMA_VERSION}`);
      return;
    }
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${this.#o.synchronous}`);
    db.pragma('foreign_keys = ON');
    const v = db.pragma('user_version', { simple: true }) as number;
    if (v > SCHEMA_VERSION) throw new StoreError('schema-too-new', `the run store ${this.path} has schema ${v}; this version knows up to ${SCHEMA_VERSION}. Update Modem Bench.`);
    for (let i = v; i < SCHEMA_VERSION; i++) {
      db.transaction(() => {
        MIGRATIONS[i]!(db);
        db.pragma(`user_version = ${i + 1}`);
      }).immediate();
    }
    this.markInterrupted();
    this.applyRetention();
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  close(): void {
    this.#lease?.close();
    if (this.db.open) this.db.close();
  }

  /** Runs whose owner stopped renewing their lease (or whose process is gone) become 'interrupted'. Returns how many. */
  markInterrupted(now = Date.now()): number {
    if (!this.#lease) return 0;
    const lease = this.#lease;
    const rows = this.db.prepare(`SELECT id, owner_pid, lease_owner, lease_until, owner_machine FROM runs WHERE status = 'running'`).all() as (LeaseRow & { id: number })[];
    let n = 0;
    // The lease is checked again in the UPDATE: its owner may have renewed it meanwhile.
    const mark = this.db.prepare(
      `UPDATE runs SET status = 'interrupted', note = ? WHERE id = ? AND status = 'running' AND lease_owner IS ? AND lease_until IS ?`,
    );
    for (const r of rows) {
      const why = lease.ownerGone(r, now);
      if (why === null) continue;
      n += this.#write(() => mark.run(why, r.id, r.lease_owner, r.lease_until).changes);
    }
    return n;
  }

  /** Records a new run and its modems (identity as it is now); returns its id. */
  createRun(o: { plan: BatchPlan; modems: RunModem[]; startedAt?: number }): number {
    const { plan, modems } = o;
    if (!plan || !Array.isArray(plan.steps)) throw new TypeError('plan must be a compiled BatchPlan');
    if (!Array.isArray(modems)) throw new TypeError('modems must be an array');
    const text = plan.sources[0]?.text ?? '';
    const hash = sha256(plan.sources.map((s) => `${s.file}\n${s.text}`).join('\n\0'));
    return this.#write(() =>
      this.db.transaction(() => {
        const id = Number(
          this.db
            .prepare(
              `INSERT INTO runs (name, status, started_at, batch_file, batch_text, batch_hash, settings, plan)
               VALUES (?, 'running', ?, ?, ?, ?, ?, ?)`,
            )
            .run(plan.name, o.startedAt ?? Date.now(), plan.file, text, hash, JSON.stringify(plan.settings), JSON.stringify(plan)).lastInsertRowid,
        );
        this.#lease!.claim(id);
        const ins = this.db.prepare(
          `INSERT INTO run_modems (run_id, modem_key, position, label, imei, iccid, imsi, model, firmware, revision, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        modems.forEach((m, i) => ins.run(id, m.key, i, m.label, m.identity.imei, m.identity.iccid, m.identity.imsi, m.identity.model, m.identity.firmware, m.identity.revision, m.status));
        return id;
      }).immediate(),
    );
  }

  /** The sink a runner writes this run's results into. */
  sink(runId: number): RunSink {
    const insResult = this.db.prepare(
      `INSERT OR REPLACE INTO step_results (run_id, modem_key, seq, step_key, step_id, name, kind, command, status, message, error_code, final, lines, parsed, captures, latency_ms, attempts, started_at, ended_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insLine = this.db.prepare(`INSERT INTO transcripts (run_id, modem_key, at, dir, text) VALUES (?, ?, ?, ?, ?)`);
    const insEvent = this.db.prepare(`INSERT INTO timelines (run_id, modem_key, seq, at, kind, step, cause, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    const setModem = this.db.prepare(`UPDATE run_modems SET status = ? WHERE run_id = ? AND modem_key = ?`);
    const count = (key: string): { transcript: number; timeline: number } => {
      const k = `${runId}/${key}`;
      let c = this.#counts.get(k);
      if (!c) {
        const t = this.db.prepare(`SELECT count(*) AS n FROM transcripts WHERE run_id = ? AND modem_key = ?`).get(runId, key) as { n: number };
        const e = this.db.prepare(`SELECT count(*) AS n FROM timelines WHERE run_id = ? AND modem_key = ?`).get(runId, key) as { n: number };
        c = { transcript: t.n, timeline: e.n };
        this.#counts.set(k, c);
      }
      return c;
    };
    const writeStep = this.db.transaction((r: StepResult, transcript: TranscriptEntry[]) => {
      insResult.run(
        runId,
        r.modemKey,
        r.seq,
        r.stepKey,
        r.stepId,
        r.name,
        r.kind,
        r.command,
        r.status,
        r.message,
        r.errorCode,
        r.final,
        JSON.stringify(r.lines),
        r.parsed === null || r.parsed === undefined ? null : JSON.stringify(r.parsed),
        JSON.stringify(r.captures),
        r.latencyMs,
        r.attempts,
        r.startedAt,
        r.endedAt,
      );
      const c = count(r.modemKey);
      for (const e of transcript) {
        if (c.transcript < this.#o.transcriptLimit) insLine.run(runId, r.modemKey, e.at, e.dir, e.text);
        else if (c.transcript === this.#o.transcriptLimit) insLine.run(runId, r.modemKey, e.at, 'note', `transcript limit (${this.#o.transcriptLimit} lines) reached; later lines are not kept`);
        else continue;
        c.transcript++;
      }
    });
    const lost = (): boolean => this.#lease?.isLost(runId) ?? false;
    return {
      // A run taken over by another process (this one stopped renewing its lease) gets no more results from here.
      stepCompleted: (r, transcript) => {
        if (lost()) throw new StoreError('write-failed', `run ${runId} was taken over by another process (this one stopped renewing its lease)`, { runId });
        this.#write(() => writeStep.immediate(r, transcript));
      },
      modemChanged: (m: ModemProgress) => {
        if (!lost()) this.#write(() => setModem.run(m.status, runId, m.key));
      },
      timeline: (modemKey: string, e: TimelineEvent) => {
        if (lost()) return;
        this.#write(() => {
          const c = count(modemKey);
          if (c.timeline >= this.#o.timelineLimit) return;
          c.timeline++;
          insEvent.run(runId, modemKey, e.seq, e.at, e.kind, e.step ?? null, e.cause ?? null, e.detail ?? null);
        });
      },
    };
  }

  finishRun(runId: number, status: Exclude<RunStatus, 'running'>, endedAt = Date.now()): void {
    this.#lease?.release(runId);
    // Its new owner finishes it.
    if (this.#lease?.isLost(runId)) return;
    this.#write(() =>
      this.db.prepare(`UPDATE runs SET status = ?, ended_at = ?, owner_pid = NULL, lease_owner = NULL, lease_until = NULL WHERE id = ?`).run(status, endedAt, runId),
    );
    this.applyRetention();
  }

  listRuns(o: { limit?: number } = {}): RunSummary[] {
    return listRuns(this.db, o.limit ?? 100);
  }

  #runRow(runId: number): Row {
    const row = this.db.prepare(`SELECT * FROM runs WHERE id = ?`).get(runId) as Row | undefined;
    if (!row) throw new StoreError('not-found', `no run ${runId} in ${this.path}`, { runId });
    return row;
  }

  /** The whole run: modems, results, transcripts and timelines. */
  getRun(runId: number, o: { transcripts?: boolean } = {}): RunData & { plan: BatchPlan; batchText: string; batchFile: string; note: string | null } {
    return readRun(this.db, runId, this.#runRow(runId), o.transcripts !== false);
  }

  #modems(runId: number): RunModem[] {
    return readModems(this.db, runId);
  }

  /**
   * Takes an interrupted (or cancelled) run back: status 'running' again, owned
   * by this process, with what is done so the runner skips it.
   */
  resumeRun(runId: number): ResumeInfo {
    let row = this.#runRow(runId);
    if (row.status === 'running') {
      this.markInterrupted();
      row = this.#runRow(runId);
    }
    if (row.status === 'running') {
      const until = row.lease_until as number;
      throw new StoreError(
        'not-resumable',
        `run ${runId} is running (pid ${String(row.owner_pid)} on ${String(row.owner_host)} holds its lease); if that process is gone or hung, the run becomes resumable when the lease runs out at ${new Date(until).toISOString()}`,
        { runId, status: row.status, leaseUntil: until },
      );
    }
    if (row.status !== 'interrupted' && row.status !== 'cancelled') {
      throw new StoreError('not-resumable', `run ${runId} is ${String(row.status)}; only interrupted or cancelled runs can be resumed`, { runId, status: row.status });
    }
    const plan = JSON.parse(row.plan as string) as BatchPlan;
    const done = new Map<string, StepResult[]>();
    for (const r of (this.db.prepare(`SELECT * FROM step_results WHERE run_id = ? ORDER BY seq`).all(runId) as Row[]).map(toResult)) {
      done.set(r.modemKey, [...(done.get(r.modemKey) ?? []), r]);
    }
    // Two processes resuming at once: only the first takes it.
    const took = this.#write(() =>
      this.db.transaction(() => {
        const n = this.db.prepare(`UPDATE runs SET status = 'running', ended_at = NULL, note = 'resumed' WHERE id = ? AND status IN ('interrupted', 'cancelled')`).run(runId).changes;
        if (n > 0) this.#lease!.claim(runId);
        return n > 0;
      }).immediate(),
    );
    if (!took) throw new StoreError('not-resumable', `run ${runId} was resumed by another process just now`, { runId });
    return { runId, plan, modems: this.#modems(runId), done };
  }

  /** Deletes runs with everything they own; returns how many existed. */
  deleteRuns(ids: number[]): number {
    for (const id of ids) if (!Number.isInteger(id)) throw new TypeError(`run ids must be whole numbers, got ${id}`);
    return this.#write(() =>
      this.db.transaction(() => {
        let n = 0;
        const del = this.db.prepare(`DELETE FROM runs WHERE id = ?`);
        for (const id of ids) {
          // Results hang off run_modems; delete them first so the cascade stays shallow.
          this.db.prepare(`DELETE FROM step_results WHERE run_id = ?`).run(id);
          this.db.prepare(`DELETE FROM run_modems WHERE run_id = ?`).run(id);
          n += del.run(id).changes;
        }
        return n;
      }).immediate(),
    );
  }

  getRetention(): RetentionSettings {
    const row = this.db.prepare(`SELECT value FROM settings WHERE key = 'retention'`).get() as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as RetentionSettings) : { keepRuns: null, keepDays: null };
  }

  setRetention(r: RetentionSettings): void {
    if (r.keepRuns !== null && (!Number.isInteger(r.keepRuns) || r.keepRuns < 1)) throw new TypeError(`keepRuns must be a whole number >= 1 or null, got ${r.keepRuns}`);
    if (r.keepDays !== null && !(typeof r.keepDays === 'number' && r.keepDays > 0)) throw new TypeError(`keepDays must be > 0 or null, got ${r.keepDays}`);
    this.#write(() => this.db.prepare(`INSERT OR REPLACE INTO settings (key, value) VALUES ('retention', ?)`).run(JSON.stringify({ keepRuns: r.keepRuns, keepDays: r.keepDays })));
    this.applyRetention();
  }

  /** Deletes finished runs past the retention settings (running and interrupted ones are kept). Returns the ids deleted. */
  applyRetention(now = Date.now()): number[] {
    if (this.#o.readonly) return [];
    const { keepRuns, keepDays } = this.getRetention();
    const finished = (this.db.prepare(`SELECT id, ended_at FROM runs WHERE status IN ('completed', 'cancelled', 'failed') ORDER BY id DESC`).all() as Row[]).map((r) => ({
      id: r.id as number,
      endedAt: (r.ended_at as number | null) ?? 0,
    }));
    const doomed = new Set<number>();
    if (keepRuns !== null) for (const r of finished.slice(keepRuns)) doomed.add(r.id);
    if (keepDays !== null) for (const r of finished) if (now - r.endedAt > keepDays * 86_400_000) doomed.add(r.id);
    if (doomed.size > 0) this.deleteRuns([...doomed]);
    return [...doomed];
  }

  #write<T>(fn: () => T): T {
    if (this.#o.readonly) throw new StoreError('write-failed', `the run store ${this.path} is open read-only`);
    try {
      return fn();
    } catch (err) {
      if (err instanceof TypeError || (err as { code?: string }).code === 'store-error') throw err;
      throw new StoreError('write-failed', `cannot write to the run store ${this.path}: ${(err as Error).message}`, { path: this.path }, err);
    }
  }
}
