/**
 * The escalation ladder's steps, each its own small function: resync, reopen
 * where the port is now, soft reset (AT+CFUN=1,1, on the secondary port when
 * the primary is mute), external power cycle; and the waits they share, all
 * one retryUntil with the durations named once in T.
 */
import type { ModemSet } from '../modem/modem-set';
import type { Modem } from '../modem/modem';
import { isBenchError } from '../errors';
import { sleep } from '../util/sleep';
import { type PortLocator, waitForPorts } from './locator';
import type { Mutex } from './mutex';
import { retryUntil } from './policy';
import type { LadderStep, Timeline } from './timeline';

/** The ladder's fixed durations, named once (the tunable ones are SupervisorOptions). */
export const T = {
  /** Between polls of the port list, of the modem's answer, of the SIM state (ms). */
  pollMs: 1000,
  /** Tries of a resync or a session init inside one step, and the pause between them (ms). */
  stepTries: 3,
  stepTryDelayMs: 500,
  /** A reopen without a vanish: the port is where it was, or soon is (ms). */
  reopenBudgetMs: 3000,
  /** A reopened port of a modem that did not reboot answers within this (ms). */
  answerBudgetMs: 10_000,
  /** RDY/+CFUN/+CPIN after our own reset or reattach are ours for this long (ms). */
  bootQuietMs: 30_000,
  /** AT+CFUN=1,1 answers OK within this (manual: 15 s) (ms). */
  resetTimeoutMs: 15_000,
  /** After writing the reset on the secondary port, before releasing it (ms). */
  secondaryWriteSettleMs: 500,
  /** A reset that keeps the ports (no re-enumeration) is assumed done after this (ms). */
  vanishWaitMs: 20_000,
  /** The SIM reports READY (or certainly absent) within this after boot (ms). */
  simReadyBudgetMs: 30_000,
  simQueryTimeoutMs: 5000,
} as const;

/** Not there yet (no AT port listed): worth another look. */
class NotYet extends Error {}

export interface LadderContext {
  modem: Modem;
  bench: ModemSet;
  timeline: Timeline;
  /** The supervisor's options, read when a step runs (the reset budget can change). */
  o: {
    locator: PortLocator;
    powerCycle: ((signal: AbortSignal) => Promise<void>) | null | undefined;
    hookMutex: Mutex | null;
    resetsPerHour: number;
    bootTimeoutMs: number;
    reappearTimeoutMs: number;
  };
}

export class LadderSteps {
  readonly #c: LadderContext;
  #resets: number[] = [];
  /** Set while a reset of ours is in progress: boot URCs then are expected. */
  resetting = false;
  /** RDY came since the last reset or vanish (the supervisor sets it from the URCs). */
  bootSeen = false;

  constructor(c: LadderContext) {
    this.#c = c;
  }

  /** One ladder step. True: the modem answers again. False: the step could not run (skipped). Throws: it ran and failed. */
  async run(step: LadderStep, signal: AbortSignal, afterVanish: boolean): Promise<boolean> {
    const session = this.#c.modem.session!;
    switch (step) {
      case 'resync':
        // A lost sentinel is not yet a dead channel: a few tries before the next step.
        await this.#tries(signal, () => session.resync(signal));
        return true;
      case 'reopen': {
        const path = await this.#reopenAt(afterVanish ? this.#c.o.reappearTimeoutMs : T.reopenBudgetMs, signal);
        this.#c.timeline.add({ kind: 'reattach', detail: path });
        // After a vanish the modem may be booting: give it the boot budget to answer.
        await this.#untilAnswers(afterVanish ? this.#c.o.bootTimeoutMs : T.answerBudgetMs, signal);
        if (afterVanish && this.bootSeen) {
          this.#c.timeline.add({ kind: 'reboot', cause: 'spontaneous', detail: 'RDY after the device came back' });
        }
        await this.#tries(signal, () => this.#c.modem.initSession(signal));
        return true;
      }
      case 'soft-reset':
        if (!this.#budgetLeft()) return false;
        await this.#reset(signal, async () => {
          await this.#sendReset(signal);
        });
        return true;
      case 'power-cycle': {
        const hook = this.#c.o.powerCycle;
        if (!hook || !this.#budgetLeft()) return false;
        const release = this.#c.o.hookMutex ? await this.#c.o.hookMutex.acquire(signal) : () => undefined;
        try {
          await this.#reset(signal, () => hook(signal));
        } finally {
          release();
        }
        return true;
      }
    }
  }

  #budgetLeft(): boolean {
    const now = Date.now();
    this.#resets = this.#resets.filter((t) => now - t < 3_600_000);
    if (this.#resets.length >= this.#c.o.resetsPerHour) return false;
    this.#resets.push(now);
    return true;
  }

  /** AT+CFUN=1,1 on the AT port, or on the secondary AT port when the primary is mute. */
  async #sendReset(signal: AbortSignal): Promise<void> {
    try {
      const r = await this.#c.modem.session!.exec('AT+CFUN=1,1', { timeoutMs: T.resetTimeoutMs, signal });
      if (r.final.success) return;
    } catch (err) {
      if (signal.aborted) throw err;
    }
    const secondary = this.#c.o.locator.current()?.find((p) => p.role === 'at-secondary');
    if (!secondary) throw new Error('AT+CFUN=1,1 got no OK and there is no secondary AT port');
    const handle = await this.#c.bench.pool.open(secondary.path, { signal });
    try {
      await handle.write('AT+CFUN=1,1\r', signal);
      await sleep(T.secondaryWriteSettleMs, signal);
    } finally {
      await this.#c.bench.pool.release(handle).catch(() => undefined);
    }
  }

  /** Runs `trigger`, waits for the ports to vanish and come back (matched by identity), reattaches, waits for boot. */
  async #reset(signal: AbortSignal, trigger: () => Promise<void>): Promise<void> {
    this.resetting = true;
    this.bootSeen = false;
    try {
      const vanished = this.#waitVanished(T.vanishWaitMs, signal);
      await trigger();
      await vanished;
      const ports = await waitForPorts(this.#c.o.locator, this.#c.o.bootTimeoutMs, signal);
      if (!ports) throw new Error('the modem did not come back after the reset (broken boot or unplugged)');
      const path = await this.#reopenAt(this.#c.o.reappearTimeoutMs, signal);
      this.#c.timeline.add({ kind: 'reattach', detail: path });
      await this.#untilAnswers(this.#c.o.bootTimeoutMs, signal);
      await this.#untilSimReady(signal);
      await this.#tries(signal, () => this.#c.modem.initSession(signal));
    } finally {
      this.resetting = false;
    }
  }

  /** Resolves when the device's ports are gone, or our handle lost its port (or after `ms`, if the reset kept them). */
  #waitVanished(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        off();
        offPort();
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      const off = this.#c.o.locator.onChange(() => {
        if (!this.#c.o.locator.current()) done();
      });
      const offPort = this.#c.modem.port!.onClose((r) => r.kind === 'disconnected' && done());
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /**
   * Reopens the AT port where the locator says it is now. A port list that
   * lags (hot-plug debouncing) can still name the vanished path for a moment:
   * a missing port is tried again until `budgetMs` has passed.
   */
  async #reopenAt(budgetMs: number, signal: AbortSignal): Promise<string> {
    return retryUntil(
      async () => {
        const ports = this.#c.o.locator.current();
        const at = ports?.find((p) => p.role === 'at');
        if (!at) throw new NotYet(ports ? 'the device has no AT port (broken boot?)' : 'the device is not present');
        await this.#c.bench.pool.reopen(this.#c.modem.port!, at.path, signal);
        this.#c.modem.ports = ports!;
        return at.path;
      },
      { budgetMs, delayMs: T.pollMs, signal, retryIf: (err) => err instanceof NotYet || (isBenchError(err) && (err.code === 'port-not-found' || err.code === 'disconnected')) },
    );
  }

  /** A few tries: one lost reply inside a step must not fail the step. */
  #tries<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
    return retryUntil(fn, { maxAttempts: T.stepTries, delayMs: T.stepTryDelayMs, signal });
  }

  /** Resyncs until the AT channel answers (a booting modem is silent until RDY). */
  #untilAnswers(budgetMs: number, signal: AbortSignal): Promise<void> {
    return retryUntil(() => this.#c.modem.session!.resync(signal), { budgetMs, delayMs: T.pollMs, signal });
  }

  /** A booted modem has its SIM up (READY), or says for certain there is none. */
  #untilSimReady(signal: AbortSignal): Promise<void> {
    return retryUntil(
      async () => {
        const r = await this.#c.modem.session!.exec('AT+CPIN?', { timeoutMs: T.simQueryTimeoutMs, signal }).catch(() => null);
        if (r?.final.success && r.lines.some((l) => /READY|SIM PIN|SIM PUK/.test(l))) return;
        if (r && r.final.kind === 'cme-error' && (r.final.code === 10 || /not inserted/i.test(r.final.text ?? ''))) return;
        throw new Error('the SIM did not become ready after the reset');
      },
      { budgetMs: T.simReadyBudgetMs, delayMs: T.pollMs, signal },
    );
  }
}
