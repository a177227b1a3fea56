/**
 * Versioned schema of the run store. `PRAGMA user_version` is the number of
 * migrations applied; each runs once, in a transaction, in order. Add new
 * ones at the end; never edit one that shipped.
 */
import type { Database } from 'better-sqlite3';

export const MIGRATIONS: readonly ((db: Database) => void)[] = [
  // 1: runs, their modems, step results, transcripts, timelines, settings.
  (db) =>
    db.exec(`
      CREATE TABLE runs (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        name        TEXT    NOT NULL,
        status      TEXT    NOT NULL CHECK (status IN ('running', 'completed', 'cancelled', 'interrupted', 'failed')),
        started_at  INTEGER NOT NULL,
        ended_at    INTEGER,
        batch_file  TEXT    NOT NULL,
        batch_text  TEXT    NOT NULL,
        batch_hash  TEXT    NOT NULL,
        settings    TEXT    NOT NULL,
        plan        TEXT    NOT NULL,
        owner_pid   INTEGER,
        owner_host  TEXT,
        note        TEXT
      );
      CREATE INDEX runs_started ON runs (started_at);
      CREATE TABLE run_modems (
        run_id     INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        modem_key  TEXT    NOT NULL,
        position   INTEGER NOT NULL,
        label      TEXT    NOT NULL,
        imei       TEXT,
        iccid      TEXT,
        imsi       TEXT,
        model      TEXT,
        firmware   TEXT,
        revision   TEXT,
        status     TEXT    NOT NULL,
        PRIMARY KEY (run_id, modem_key)
      ) WITHOUT ROWID;
      CREATE TABLE step_results (
        run_id      INTEGER NOT NULL,
        modem_key   TEXT    NOT NULL,
        seq         INTEGER NOT NULL,
        step_key    TEXT    NOT NULL,
        step_id     TEXT    NOT NULL,
        name        TEXT    NOT NULL,
        kind        TEXT    NOT NULL,
        command     TEXT,
        status      TEXT    NOT NULL CHECK (status IN ('pass', 'fail', 'error', 'skipped')),
        message     TEXT,
        error_code  TEXT,
        final       TEXT,
        lines       TEXT    NOT NULL,
        parsed      TEXT,
        captures    TEXT    NOT NULL,
        latency_ms  REAL,
        attempts    INTEGER NOT NULL,
        started_at  INTEGER NOT NULL,
        ended_at    INTEGER NOT NULL,
        PRIMARY KEY (run_id, modem_key, seq),
        FOREIGN KEY (run_id, modem_key) REFERENCES run_modems (run_id, modem_key) ON DELETE CASCADE
      ) WITHOUT ROWID;
      CREATE TABLE transcripts (
        id         INTEGER PRIMARY KEY,
        run_id     INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        modem_key  TEXT    NOT NULL,
        at         INTEGER NOT NULL,
        dir        TEXT    NOT NULL CHECK (dir IN ('tx', 'rx', 'note')),
        text       TEXT    NOT NULL
      );
      CREATE INDEX transcripts_run ON transcripts (run_id, modem_key, id);
      CREATE TABLE timelines (
        id         INTEGER PRIMARY KEY,
        run_id     INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        modem_key  TEXT    NOT NULL,
        seq        INTEGER NOT NULL,
        at         INTEGER NOT NULL,
        kind       TEXT    NOT NULL,
        step       TEXT,
        cause      TEXT,
        detail     TEXT
      );
      CREATE INDEX timelines_run ON timelines (run_id, modem_key, id);
      CREATE TABLE settings (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL
      ) WITHOUT ROWID;
    `),
  // 2: runs are owned by a lease the owner renews, not by hostname and PID (a PID is reused,
  // and another host's PID says nothing): lease_owner is a random token per open store,
  // lease_until when the run becomes interrupted unless renewed, owner_machine the boot id
  // that lets a process on the same boot see at once that the owner's PID is gone.
  (db) =>
    db.exec(`
      ALTER TABLE runs ADD COLUMN lease_owner TEXT;
      ALTER TABLE runs ADD COLUMN lease_until INTEGER;
      ALTER TABLE runs ADD COLUMN owner_machine TEXT;
    `),
  // 3: modems are keyed by their ModemId (IMEI, else USB serial + topology, else `port:<path>`).
  // Before, a modem without IMEI was keyed by its label; for one given by port path that was the
  // path, and its ModemId is `port:<path>`. Other label keys (model @ location) say nothing of the
  // USB serial and stay as they are; IMEI keys already were ModemIds.
  (db) => {
    // The children's foreign keys point at run_modems: checked at commit, once every table moved.
    db.pragma('defer_foreign_keys = ON');
    const legacy = `SELECT run_id, modem_key FROM run_modems
      WHERE imei IS NULL AND (modem_key LIKE '/%' OR modem_key GLOB '[Cc][Oo][Mm][0-9]*')`;
    for (const table of ['step_results', 'transcripts', 'timelines', 'run_modems']) {
      db.exec(`UPDATE ${table} SET modem_key = 'port:' || modem_key WHERE (run_id, modem_key) IN (${legacy})`);
    }
  },
];
