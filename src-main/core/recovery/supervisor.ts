import type { AtResponse, CommandClass, UrcEvent } from '../at/types';
import type { ModemSet } from '../modem/modem-set';
import type { Modem } from '../modem/modem';
import { CancelledError, CircuitOpenError, ModemError, ModemFailedError, ModemUnavailableError, abortReason, isBenchError, toErrorInfo } from '../errors';
import { Emitter } from '../util/emitter';
import { CircuitBreaker } from './breaker';
import { waitForPorts } from './locator';
import type { Mutex } from './mutex';
import { LadderSteps, T } from './ladder-steps';
import type { AttemptOutcome, ExecOptions, ManualStep, SupervisorOptions, SupervisorState } from './supervisor-types';
import { LADDER, type LadderStep, Timeline } from './timeline';

export type { AttemptOutcome, ExecOptions, ManualStep, SupervisorOptions, SupervisorState };

const DEFAULT_WAIT: Record<CommandClass, number> = { interactive: 30_000, recovery: 0, batch: 120_000, health: 0 };
const BOOT_URCS = new Set(['RDY', '+CFUN', '+CPIN', '+QUSIM']);

/**
 * Keeps one modem usable: retries by error class, a circuit breaker, and the
 * escalation ladder (resync -> reopen -> soft reset -> external power cycle
 * -> failed), each step only when the one before failed. It follows the
 * modem through re-enumeration with its locator, and notices reboots it did
 * not cause. Every step lands in the timeline.
 */
export class ModemSupervisor {
  readonly modem: Modem;
  readonly breaker: CircuitBreaker;
  readonly timeline = new Timeline();
  readonly #bench: ModemSet;
  readonly #o: Required<Omit<SupervisorOptions, 'breaker' | 'waitMs' | 'powerCycle' | 'hookMutex'>> & {
    powerCycle: SupervisorOptions['powerCycle'];
    hookMutex: Mutex | null;
    waitMs: Record<CommandClass, number>;
  };
  #state: SupervisorState = { state: 'ready' };
  readonly #states = new Emitter<SupervisorState>();
  readonly #outcomes = new Emitter<AttemptOutcome>();
  readonly #ac = new AbortController();
  #ladder: Promise<void> | null = null;
  readonly #steps: LadderSteps;
  /** Boot URCs until then belong to a reset or reattach of ours (+CFUN/+CPIN trail RDY by seconds). */
  #bootQuietUntil = 0;
  #unsub: (() => void)[] = [];
  #disposed = false;

  constructor(modem: Modem, bench: ModemSet, options: SupervisorOptions) {
    if (!options?.locator) throw new TypeError('locator is required');
    const { resetsPerHour = 4, bootTimeoutMs = 90_000, reappearTimeoutMs = 30_000 } = options;
    if (!Number.isInteger(resetsPerHour) || resetsPerHour < 0) throw new TypeError(`resetsPerHour must be a whole number, got ${resetsPerHour}`);
    if (!(bootTimeoutMs > 0)) throw new TypeError(`bootTimeoutMs must be > 0, got ${bootTimeoutMs}`);
    if (!(reappearTimeoutMs > 0)) throw new TypeError(`reappearTimeoutMs must be > 0, got ${reappearTimeoutMs}`);
    this.modem = modem;
    this.#bench = bench;
    this.#o = {
      locator: options.locator,
      powerCycle: options.powerCycle ?? null,
      hookMutex: options.hookMutex ?? null,
      resetsPerHour,
      bootTimeoutMs,
      reappearTimeoutMs,
      waitMs: { ...DEFAULT_WAIT, ...options.waitMs },
    };
    this.breaker = new CircuitBreaker(options.breaker);
    this.#steps = new LadderSteps({ modem, bench, timeline: this.timeline, o: this.#o });
    this.#unsub.push(
      this.breaker.onStateChange((s) => this.timeline.add({ kind: 'breaker', detail: s.state === 'open' ? `open: ${s.reason}` : s.state })),
    );
    this.#attach();
  }

  get state(): SupervisorState {
    return this.#state;
  }

  onStateChange(listener: (s: SupervisorState) => void): () => void {
    return this.#states.on(listener);
  }

  /** Every attempt's outcome: answered OK, or the error code (a +CME final counts as `modem-error`). */
  onOutcome(listener: (o: AttemptOutcome) => void): () => void {
    return this.#outcomes.on(listener);
  }

  /** Timers and listeners still held (for leak checks). */
  get pendingTimers(): number {
    return this.breaker.pendingTimers;
  }

  /**
   * Sends a command once: never again on its own (a batch step's `retries`
   * is the one place that decides re-sends). Waits (bounded by the class)
   * while the modem recovers; fails fast when the circuit is open or the
   * modem has failed. An error final is returned, not thrown.
   */
  async exec(command: string, o: ExecOptions): Promise<AtResponse> {
    const attempt = o.attempt ?? 1;
    await this.#waitUsable(o.cls, o.signal);
    const decision = o.cls === 'recovery' ? 'pass' : this.breaker.decide();
    if (decision === 'reject') {
      const s = this.breaker.state;
      throw new CircuitOpenError(this.modem.label, s.state === 'open' ? s.retryAt : null);
    }
    let r: AtResponse;
    try {
      r = await this.modem.exec(command, o);
    } catch (err) {
      this.#outcomes.emit({ ok: false, code: isBenchError(err) ? err.code : 'protocol-error', command, latencyMs: null, attempt });
      this.#onError(err, command, decision === 'probe', o.escalate ?? true);
      throw err;
    }
    this.#outcomes.emit({ ok: r.final.success, code: r.final.success ? null : 'modem-error', command, latencyMs: r.latencyMs, attempt });
    if (r.final.success) {
      if (decision === 'probe' || this.breaker.state.state === 'closed') this.breaker.success();
      return r;
    }
    // An error final is the modem's answer; a device error (+CME with a retryable code) also counts against the breaker.
    const f = r.final;
    const err = new ModemError(command, f.raw, f.kind === 'cme-error' || f.kind === 'cms-error' ? { kind: f.kind === 'cme-error' ? 'cme' : 'cms', code: f.code, text: f.text } : null);
    // A probe answered with a plain ERROR still proves the channel works.
    if (err.retryable) this.breaker.failure(`${command}: ${f.raw}`);
    else if (decision === 'probe') this.breaker.success();
    return r;
  }

  /**
   * Runs the ladder from `from` (the engineer's "reset this modem" with
   * confirmation comes here). `signal` stops it between or inside steps; the
   * modem is then left failed, for the engineer to decide. A ladder already
   * running is joined, not restarted (and the signal does not reach it).
   */
  recover(cause: string, from: LadderStep = 'resync', signal?: AbortSignal): Promise<void> {
    if (this.#state.state === 'failed' && cause !== 'manual') return Promise.resolve();
    if (!this.#ladder) {
      this.#ladder = this.#runLadder(cause, from, false, signal).finally(() => {
        this.#ladder = null;
      });
    }
    return this.#ladder;
  }

  /**
   * One ladder step by hand: that step only, never the next one (a reset that
   * does not bring the modem back leaves it failed, and the engineer decides
   * whether to go further). Stops at `limitMs` or when `signal` aborts.
   */
  runStep(step: LadderStep, o: { signal?: AbortSignal; limitMs: number }): Promise<ManualStep> {
    if (this.#ladder) return Promise.resolve({ result: 'skipped', detail: 'a recovery is already running' });
    let outcome: ManualStep = { result: 'failed', detail: null };
    this.#ladder = (async () => {
      const key = this.modem.key;
      const before = this.#state;
      // A timer of our own (not AbortSignal.timeout) so fake time drives it in tests.
      const limit = new AbortController();
      const timer = setTimeout(() => limit.abort(new CancelledError(`manual ${step}: time limit`)), o.limitMs);
      const signal = AbortSignal.any([this.#ac.signal, limit.signal, ...(o.signal ? [o.signal] : [])]);
      this.#bench.controller.hold(key);
      this.timeline.add({ kind: 'recovery-start', cause: 'manual' });
      this.#set({ state: 'recovering', step, since: Date.now(), cause: 'manual' });
      this.timeline.add({ kind: 'step-start', step, cause: 'manual' });
      try {
        const ran = await this.#steps.run(step, signal, false);
        if (!ran) {
          const detail = step === 'power-cycle' && !this.#o.powerCycle ? 'no power-cycle hook configured' : 'reset budget spent';
          this.timeline.add({ kind: 'step-skipped', step, detail });
          outcome = { result: 'skipped', detail };
          this.#set(before);
          return;
        }
        this.timeline.add({ kind: 'step-ok', step });
        this.timeline.add({ kind: 'recovered', step, cause: 'manual' });
        this.breaker.reset();
        this.#set({ state: 'ready' });
        outcome = { result: 'ok', detail: null };
      } catch (err) {
        if (this.#disposed) return;
        const cancelled = !!o.signal?.aborted;
        const detail = cancelled ? 'cancelled by the engineer' : limit.signal.aborted ? `gave up after ${Math.round(o.limitMs / 1000)} s` : toErrorInfo(err).message;
        this.timeline.add({ kind: 'step-failed', step, detail });
        outcome = { result: cancelled ? 'cancelled' : 'failed', detail };
        // Not the next step on its own: failed until the engineer chooses one (or revives it).
        const reason = `manual ${step} ${cancelled ? 'cancelled' : 'failed'}: ${detail}`;
        this.timeline.add({ kind: 'failed', cause: reason });
        this.breaker.forceOpen(reason);
        this.#set({ state: 'failed', since: Date.now(), reason });
        this.#bench.controller.cancelQueued(key, new ModemFailedError(this.modem.label, reason));
      } finally {
        clearTimeout(timer);
        if (!this.#disposed) this.#bench.controller.release(key);
      }
    })().finally(() => {
      this.#ladder = null;
    });
    return this.#ladder.then(() => outcome);
  }

  /** Applies a new reset budget (settings changed). */
  setResetsPerHour(n: number): void {
    if (!Number.isInteger(n) || n < 0) throw new TypeError(`resetsPerHour must be a whole number, got ${n}`);
    this.#o.resetsPerHour = n;
  }

  /** Brings a failed modem back into service (after the engineer fixed it). */
  async revive(signal?: AbortSignal): Promise<void> {
    if (this.#state.state !== 'failed') return;
    this.breaker.reset();
    this.#bench.controller.release(this.modem.key);
    await this.recover('manual', 'reopen', signal);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#ac.abort(new CancelledError('supervisor disposed'));
    for (const u of this.#unsub.splice(0)) u();
    this.breaker.dispose();
    this.timeline.dispose();
    this.#states.clear();
    this.#outcomes.clear();
  }

  // ---- internals ----------------------------------------------------------

  #attach(): void {
    const port = this.modem.port;
    const session = this.modem.session;
    if (!port || !session) throw new TypeError(`modem ${this.modem.label} must be open before it is supervised`);
    this.#unsub.push(
      port.onClose((r) => {
        if (r.kind !== 'disconnected' || this.#disposed) return;
        this.timeline.add({ kind: 'disconnect', detail: `${port.path} vanished` });
        if (!this.#steps.resetting && !this.#ladder && this.#state.state !== 'failed') void this.#awaitReturn('port vanished');
      }),
      session.onUrc((u) => this.#onUrc(u)),
    );
  }

  #onUrc(u: UrcEvent): void {
    if (!BOOT_URCS.has(u.name)) return;
    if (u.name === 'RDY') this.#steps.bootSeen = true;
    if (this.#steps.resetting || this.#ladder || Date.now() < this.#bootQuietUntil) return;
    // RDY (or the SIM coming up) with no reset of ours: the modem rebooted on its own.
    if (u.name === 'RDY' || (u.name === '+CFUN' && /:\s*1\b/.test(u.line))) {
      this.timeline.add({ kind: 'reboot', cause: 'spontaneous', detail: u.line });
      void this.#reinit('spontaneous reboot');
    }
  }

  async #reinit(cause: string): Promise<void> {
    try {
      await this.modem.init(this.#ac.signal);
    } catch (err) {
      void this.recover(`re-init after ${cause} failed: ${toErrorInfo(err).message}`);
    }
  }

  #onError(err: unknown, command: string, wasProbe: boolean, escalate: boolean): void {
    if (!isBenchError(err)) return;
    const counts = err.code === 'timeout' || err.code === 'protocol-error' || err.code === 'disconnected' || (err.code === 'modem-error' && err.retryable);
    if (counts || wasProbe) this.breaker.failure(`${command}: ${err.code}`);
    // A channel out of step or gone is the ladder's business; a +CME error is the command's.
    if (!escalate) return;
    if (err.code === 'protocol-error') void this.recover(`${command}: ${err.message}`, 'reopen');
    else if (err.code === 'timeout') void this.recover(`${command}: timeout`);
  }

  async #waitUsable(cls: CommandClass, signal?: AbortSignal): Promise<void> {
    const s = this.#state;
    if (s.state === 'ready') return;
    if (s.state === 'failed') throw new ModemFailedError(this.modem.label, s.reason);
    if (cls === 'recovery') return;
    const limit = this.#o.waitMs[cls];
    const why = s.state === 'recovering' ? `recovering: ${s.step}` : s.reason;
    if (limit <= 0) throw new ModemUnavailableError(this.modem.label, why);
    await new Promise<void>((resolve, reject) => {
      const done = (fn: () => void): void => {
        clearTimeout(timer);
        off();
        signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const onAbort = (): void => done(() => reject(new CancelledError('cancelled while waiting for recovery')));
      const timer = setTimeout(() => done(() => reject(new ModemUnavailableError(this.modem.label, why))), limit);
      const off = this.#states.on((n) => {
        if (n.state === 'ready') done(resolve);
        else if (n.state === 'failed') done(() => reject(new ModemFailedError(this.modem.label, n.reason)));
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  #set(s: SupervisorState): void {
    this.#state = s;
    this.#states.emit(s);
  }

  /** Ports vanished without a reset of ours: wait for the device to come back, reattach, re-init. */
  async #awaitReturn(reason: string): Promise<void> {
    if (this.#ladder) return;
    this.#ladder = (async () => {
      const key = this.modem.key;
      this.#bench.controller.hold(key);
      this.#set({ state: 'offline', since: Date.now(), reason });
      this.#steps.bootSeen = false;
      const ports = await waitForPorts(this.#o.locator, this.#o.reappearTimeoutMs, this.#ac.signal, () => true);
      if (this.#disposed) return;
      if (!ports) {
        // Unplugged for good: stay offline. What waits in the queue gives up; a later port change brings it back.
        this.#goOffline(reason);
        this.#bench.controller.release(key);
        return;
      }
      await this.#runLadder(`${reason}, device back`, 'reopen', true);
    })().finally(() => {
      this.#ladder = null;
    });
    await this.#ladder;
  }

  #watchForReturn(): void {
    const off = this.#o.locator.onChange(() => {
      if (this.#disposed || this.#state.state !== 'offline') return off();
      if (this.#o.locator.current()) {
        off();
        void this.recover('device came back', 'reopen');
      }
    });
    this.#unsub.push(off);
  }

  async #runLadder(cause: string, from: LadderStep, afterVanish = false, caller?: AbortSignal): Promise<void> {
    const key = this.modem.key;
    const signal = caller ? AbortSignal.any([this.#ac.signal, caller]) : this.#ac.signal;
    this.#bench.controller.hold(key);
    this.timeline.add({ kind: 'recovery-start', cause });
    let vanishes = 0;
    try {
      for (let i = LADDER.indexOf(from); i < LADDER.length; i++) {
        const step = LADDER[i]!;
        if (this.#disposed) return;
        this.#set({ state: 'recovering', step, since: Date.now(), cause });
        this.timeline.add({ kind: 'step-start', step, cause });
        let ok = false;
        try {
          ok = await this.#steps.run(step, signal, afterVanish);
        } catch (err) {
          if (signal.aborted) {
            if (!this.#disposed) this.#fail(`recovery cancelled (${abortReason(signal)})`);
            return;
          }
          this.timeline.add({ kind: 'step-failed', step, detail: toErrorInfo(err).message });
          if (this.#deviceGone() && vanishes++ < 5) {
            // The device went away under the step (a reboot, a glitch): wait for it, then reattach.
            const back = await waitForPorts(this.#o.locator, this.#o.reappearTimeoutMs, signal, () => true);
            if (this.#disposed) return;
            if (!back) return this.#goOffline('the device went away during recovery');
            afterVanish = true;
            i = LADDER.indexOf('reopen') - 1;
          }
          continue;
        }
        if (ok) {
          if (step !== 'resync') this.#bootQuietUntil = Date.now() + T.bootQuietMs;
          this.timeline.add({ kind: 'step-ok', step });
          this.timeline.add({ kind: 'recovered', step, cause });
          this.breaker.reset();
          this.#set({ state: 'ready' });
          return;
        }
        this.timeline.add({ kind: 'step-skipped', step, detail: step === 'power-cycle' ? 'no power-cycle hook configured' : 'reset budget spent' });
      }
      this.#fail(`recovery ladder exhausted (${cause})`);
    } finally {
      if (!this.#disposed) this.#bench.controller.release(key);
    }
  }

  #fail(reason: string): void {
    this.timeline.add({ kind: 'failed', cause: reason });
    this.breaker.forceOpen(reason);
    this.#set({ state: 'failed', since: Date.now(), reason });
    this.#bench.controller.cancelQueued(this.modem.key, new ModemFailedError(this.modem.label, reason));
  }

  /** Gone now, or back at new paths while our handle still points at the vanished port. */
  #deviceGone(): boolean {
    const ports = this.#o.locator.current();
    if (ports === null) return true;
    return this.modem.port?.state === 'disconnected' && ports.some((p) => p.role === 'at');
  }

  /** Gone and not back within the reappear time: offline, not failed; it may be plugged in again. */
  #goOffline(reason: string): void {
    this.#set({ state: 'offline', since: Date.now(), reason });
    this.#bench.controller.cancelQueued(this.modem.key, new ModemUnavailableError(this.modem.label, reason));
    this.#watchForReturn();
  }
}
