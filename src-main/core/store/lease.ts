/**
 * Run ownership by lease. The process running a run renews its lease in the
 * store; a run whose lease ran out is interrupted, whoever looks (another
 * process, another host, a process that got the dead owner's PID). A process
 * on the same boot of the same machine may also see at once that the owner's
 * PID is gone; a live PID proves nothing (it may be reused), so then only the
 * lease counts.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Database } from 'better-sqlite3';

/** Lease tokens of the stores open in this process. */
const OPEN_OWNERS = new Set<string>();

let bootId: string | null | undefined;
/**
 * Where a PID means the same process: this boot of this machine (Linux's boot id) and this
 * PID namespace (containers on one host share the boot id, not their PIDs). Null where
 * there is none to read: then only the lease counts.
 */
export function machineId(): string | null {
  if (bootId === undefined) {
    try {
      const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
      bootId = `boot:${boot}/${readlinkSync('/proc/self/ns/pid')}`;
    } catch {
      bootId = null;
    }
  }
  return bootId;
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface LeaseRow {
  owner_pid: number | null;
  lease_owner: string | null;
  lease_until: number | null;
  owner_machine: string | null;
}

export interface LeaseKeeperOptions {
  /** How long a run stays owned after its owner's last renewal (ms); renewed every third of it. */
  leaseMs: number;
  /** Whether a PID of this machine's current boot is alive. */
  isAlive: (pid: number) => boolean;
  /** Called when a renewal finds the run taken over or finished by someone else. */
  onLost?: (runId: number) => void;
}

/** Holds and renews the leases of the runs one open store is running. */
export class LeaseKeeper {
  readonly token = randomUUID();
  readonly #db: Database;
  readonly #o: LeaseKeeperOptions;
  readonly #held = new Set<number>();
  /** Runs this store was running until another process took them over. */
  readonly #lost = new Set<number>();
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(db: Database, o: LeaseKeeperOptions) {
    this.#db = db;
    this.#o = o;
    OPEN_OWNERS.add(this.token);
  }

  /** Makes this store the run's owner, from now for one lease. */
  claim(runId: number, now = Date.now()): void {
    this.#db
      .prepare(`UPDATE runs SET lease_owner = ?, lease_until = ?, owner_machine = ?, owner_pid = ?, owner_host = ? WHERE id = ?`)
      .run(this.token, now + this.#o.leaseMs, machineId(), process.pid, hostname(), runId);
    this.#held.add(runId);
    this.#lost.delete(runId);
    if (!this.#timer) {
      this.#timer = setInterval(() => this.renew(), Math.max(1, Math.floor(this.#o.leaseMs / 3)));
      // Renewal alone must never keep a process alive.
      this.#timer.unref?.();
    }
  }

  /** Whether another process took this run over: this store must not write to it any more. */
  isLost(runId: number): boolean {
    return this.#lost.has(runId);
  }

  /** The run finished: stop renewing it. */
  release(runId: number): void {
    this.#held.delete(runId);
    if (this.#held.size === 0 && this.#timer) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }

  renew(now = Date.now()): void {
    if (!this.#db.open) return;
    const stmt = this.#db.prepare(`UPDATE runs SET lease_until = ? WHERE id = ? AND lease_owner = ? AND status = 'running'`);
    for (const runId of [...this.#held]) {
      let changes: number;
      try {
        changes = stmt.run(now + this.#o.leaseMs, runId, this.token).changes;
      } catch {
        continue; // the database is busy: the next renewal tries again, well within the lease
      }
      if (changes === 0) {
        this.release(runId);
        this.#lost.add(runId);
        this.#o.onLost?.(runId);
      }
    }
  }

  /**
   * The store closes: runs it still holds were not finished and nobody will finish
   * them, so their leases end now (the next look marks them interrupted).
   */
  close(now = Date.now()): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#db.open) {
      const stmt = this.#db.prepare(`UPDATE runs SET lease_until = ? WHERE id = ? AND lease_owner = ?`);
      for (const runId of this.#held) {
        try {
          stmt.run(now, runId, this.token);
        } catch {
          // expires by itself
        }
      }
    }
    this.#held.clear();
    OPEN_OWNERS.delete(this.token);
  }

  /** Why a 'running' run's owner is gone, or null while it may still be running it. */
  ownerGone(row: LeaseRow, now = Date.now()): string | null {
    if (row.lease_owner !== null && row.lease_owner === this.token) return null;
    if (row.lease_until === null || row.lease_until <= now) return 'its owner stopped renewing its lease (the process ended or hung)';
    const here = machineId();
    if (here !== null && row.owner_machine === here && row.owner_pid !== null) {
      if (row.owner_pid === process.pid) {
        return row.lease_owner !== null && OPEN_OWNERS.has(row.lease_owner) ? null : 'the process running it closed its run store before it finished';
      }
      if (!this.#o.isAlive(row.owner_pid)) return 'the process running it ended before it finished';
    }
    return null;
  }
}
