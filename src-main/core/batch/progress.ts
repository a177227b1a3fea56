/**
 * A run's progress as running totals (issue 16): summing every modem on every step made each
 * step O(modems), so a 256-modem run paid O(n²) for figures nobody may be listening to.
 * Step-driven events are coalesced to one per `intervalMs` (the last one is never dropped: a
 * timer tells it when the window closes); a modem's status change is told at once, since the
 * CLI's lost-host check and the bar's "modems done" read it. Every event is exact when emitted.
 */
import type { ModemProgress, ModemRunStatus, RunProgress, StepStatus } from './results';

/** A modem is done (for `modemsDone`) once its status is final. */
const notFinal = (s: ModemRunStatus): boolean => s === 'pending' || s === 'running' || s === 'unavailable';

export class ProgressTracker {
  #total = 0;
  #done = 0;
  #passed = 0;
  #failed = 0;
  #errors = 0;
  #skipped = 0;
  #modemsDone = 0;
  readonly #modems: number;
  readonly #intervalMs: number;
  readonly #emit: (p: RunProgress) => void;
  readonly #listening: () => boolean;
  readonly #startedAt: () => number | null;
  #lastAt = -Infinity;
  /** The modem of the step that is waiting to be told, if any. */
  #pending: ModemProgress | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;

  /**
   * `startedAt`: the run's start (null before it); `listening`: whether anyone would get an
   * event (none: nothing is built, no timer set).
   */
  constructor(modems: Iterable<ModemProgress>, o: { intervalMs: number; emit: (p: RunProgress) => void; listening: () => boolean; startedAt: () => number | null }) {
    let n = 0;
    for (const m of modems) {
      n++;
      this.#total += m.total;
    }
    this.#modems = n;
    this.#intervalMs = o.intervalMs;
    this.#emit = o.emit;
    this.#listening = o.listening;
    this.#startedAt = o.startedAt;
  }

  /** A step of `prog`'s modem ended with `status`: counted (told by `stepTold`). */
  countStep(prog: ModemProgress, status: StepStatus): void {
    prog.done++;
    this.#done++;
    if (status === 'pass') {
      prog.passed++;
      this.#passed++;
    } else if (status === 'fail') {
      prog.failed++;
      this.#failed++;
    } else if (status === 'error') {
      prog.errors++;
      this.#errors++;
    } else {
      prog.skipped++;
      this.#skipped++;
    }
  }

  /** After `countStep` (and whoever hears of the result): told now, or when the interval's window closes. */
  stepTold(prog: ModemProgress): void {
    if (!this.#listening()) return;
    const now = Date.now();
    if (now - this.#lastAt >= this.#intervalMs) {
      this.#tell(prog, now);
      return;
    }
    this.#pending = prog;
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      const p = this.#pending;
      if (p) this.#tell(p, Date.now());
    }, this.#lastAt + this.#intervalMs - now);
  }

  /** `prog`'s modem changed status: counted (told by `tellNow`, after the sink has it). */
  countStatus(prog: ModemProgress, status: ModemRunStatus): void {
    const was = notFinal(prog.status);
    prog.status = status;
    const is = notFinal(status);
    if (was && !is) this.#modemsDone++;
    else if (!was && is) this.#modemsDone--;
  }

  /** Told at once, with any step still waiting to be told. */
  tellNow(prog: ModemProgress): void {
    if (this.#listening()) this.#tell(prog, Date.now());
  }

  /** The run ended: a step still waiting is told now, and no timer outlives the run. */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const p = this.#pending;
    if (p && this.#listening()) this.#tell(p, Date.now());
    this.#pending = null;
  }

  #tell(prog: ModemProgress, now: number): void {
    this.#pending = null;
    this.#lastAt = now;
    const started = this.#startedAt();
    const elapsedMs = started === null ? 0 : now - started;
    const done = this.#done;
    const total = this.#total;
    this.#emit({
      modem: { ...prog },
      overall: {
        total,
        done,
        passed: this.#passed,
        failed: this.#failed,
        errors: this.#errors,
        skipped: this.#skipped,
        modemsDone: this.#modemsDone,
        modems: this.#modems,
        elapsedMs,
        etaMs: done > 0 ? Math.round((elapsedMs / done) * (total - done)) : null,
      },
    });
  }
}
