import { ModemResetError, PortClosedError, TimeoutError, isBenchError, type DisconnectedError } from '../errors';
import type { PortHandle } from '../serial/port';
import { TIMEOUT_DEFAULTS, timeoutFor, type TimeoutDefaults } from './catalogue';
import { planFor } from './plan';
import { AtFramer } from './framer';
import { payloadBytes, payloadLinesOf, tailMatches } from './inflight';
import { finalPrompt } from './result-codes';
import { runResync } from './resync';
import { emptyObservations, sentinelFor } from './sentinel';
import type { ResultMode, UrcEvent } from './types';
import { UrcRegistry } from './urc';
import { SessionCore } from './session-core';

export type { DiscardEvent, ExecOptions, ModemSettingsSeen, SessionOptions, SessionState, TraceEvent } from './session-types';
import type { DiscardEvent, ModemSettingsSeen, SessionOptions, SessionState, TraceEvent } from './session-types';

const ESC = '\x1b';

/**
 * One AT port's conversation: one command in flight, echo and URCs told apart
 * from the response, timeouts started when the write completes, and a resync
 * after any timeout so that a late reply is never taken for the next
 * command's answer. It assumes nothing about the modem's settings: echo,
 * ATV0/ATV1 and +CMEE are learned from what comes back, a lone digit ended by
 * a bare CR is a result code in any mode, and RDY (a restart) ends the command
 * in flight and has the setup commands sent again.
 *
 * The command path itself (send, lines, final) is SessionCore (session-core.ts);
 * this class adds the cold paths on top: options, resync and setup, RDY, text
 * prompts, garbage, the port closing and reopening, dispose.
 */
export class AtSession extends SessionCore {
  readonly #resyncTimeoutMs: number;
  readonly #resyncAttempts: number;
  readonly #framer: AtFramer;
  readonly #unsubscribe: (() => void)[] = [];
  #setupCommands: readonly string[] = [];
  #resyncNonce = 0;
  /** The command that timed out last: its late answer is measured against it (with lateSince). */
  #lateCommand: string | null = null;

  constructor(port: PortHandle, options: SessionOptions = {}) {
    const { urcs = UrcRegistry.default(), timeouts = {}, resyncTimeoutMs = 2000, resyncAttempts = 4, escapeWaitMs = 2000, maxLineLength = 4096 } = options;
    if (!Number.isFinite(resyncTimeoutMs) || resyncTimeoutMs <= 0) throw new TypeError(`resyncTimeoutMs must be > 0, got ${resyncTimeoutMs}`);
    if (!Number.isInteger(resyncAttempts) || resyncAttempts < 1 || resyncAttempts > 10) throw new TypeError(`resyncAttempts must be an integer from 1 to 10, got ${resyncAttempts}`);
    if (!Number.isFinite(escapeWaitMs) || escapeWaitMs <= 0) throw new TypeError(`escapeWaitMs must be > 0, got ${escapeWaitMs}`);
    // Validates the overrides once (a bad value throws here, not on the first command).
    timeoutFor('AT', timeouts);
    const resolved: TimeoutDefaults = { ...TIMEOUT_DEFAULTS };
    for (const k of Object.keys(resolved) as (keyof TimeoutDefaults)[]) resolved[k] = timeouts[k] ?? resolved[k];
    super(port, urcs, resolved, escapeWaitMs);
    this.#resyncTimeoutMs = resyncTimeoutMs;
    this.#resyncAttempts = resyncAttempts;
    this.#framer = new AtFramer(
      {
        line: (text, bare) => this.onLine(text, bare ?? 0),
        prompt: () => this.#onPrompt(),
        garbage: (bytes, reason) => this.#onGarbage(bytes, reason),
      },
      { maxLineLength },
    );
    this.#unsubscribe.push(
      port.onData((chunk) => this.#framer.push(chunk)),
      port.onClose((reason) => this.#onPortClosed(reason.kind === 'disconnected' ? reason.error : new PortClosedError(port.path))),
      port.onStateChange((s) => {
        if (s.state === 'open') this.#onPortReopened();
      }),
    );
    if (!port.isOpen) this.sessionState = 'disconnected';
  }

  get state(): SessionState {
    return this.sessionState;
  }

  /** Result codes as the modem currently spells them (ATV0/ATV1), as far as seen. */
  get resultMode(): ResultMode {
    return this.seen.mode;
  }

  /** Echo, result code format and +CMEE as seen on the wire (null: not seen yet). */
  get modemSettings(): ModemSettingsSeen {
    return this.seen.view();
  }



  get needsResync(): boolean {
    return this.resyncOwed;
  }

  /** Listeners currently attached (for leak checks). */
  get listenerCount(): number {
    return this.urcEmitter.listenerCount + this.discardEmitter.listenerCount + this.traceEmitter.listenerCount + this.resetEmitter.listenerCount;
  }

  onUrc(listener: (urc: UrcEvent) => void): () => void {
    return this.urcEmitter.on(listener);
  }

  onDiscard(listener: (d: DiscardEvent) => void): () => void {
    return this.discardEmitter.on(listener);
  }

  onTrace(listener: (t: TraceEvent) => void): () => void {
    return this.traceEmitter.on(listener);
  }

  /** The modem restarted (RDY): its settings went back to its saved profile. */
  onReset(listener: (urc: UrcEvent) => void): () => void {
    return this.resetEmitter.on(listener);
  }

  /** Brings the channel back in step: discards everything up to the sentinel's answer. */
  resync(signal?: AbortSignal): Promise<void> {
    return this.#own(() => {
      this.resyncOwed = true;
      return this.#resyncOrThrow(signal);
    });
  }

  /**
   * Resyncs, then sends the start-up settings (`ATV1`, `AT+CMEE=2`...) and remembers
   * them: after the modem restarts (RDY) they are sent again before the next command.
   * A command the modem refuses does not stop the others.
   */
  setup(commands: readonly string[], signal?: AbortSignal): Promise<void> {
    for (const c of commands) planFor(c); // a bad line throws here, before anything is sent
    return this.#own(() => {
      this.#setupCommands = [...commands];
      this.resyncOwed = true;
      this.setupOwed = commands.length > 0;
      return this.prepare(signal);
    });
  }

  /** Runs `fn` owning the channel, behind whatever holds it now. */
  #own(fn: () => Promise<void>): Promise<void> {
    const run = (): Promise<void> => {
      this.busy = true;
      let p: Promise<void>;
      try {
        this.assertUsable();
        p = fn();
      } catch (err) {
        p = Promise.reject(err);
      }
      return p.finally(() => this.release());
    };
    if (!this.busy) return run();
    return new Promise<void>((resolve, reject) => this.waiting.push(() => run().then(resolve, reject)));
  }

  /** The resync and the setup commands that are owed, a few rounds at most (a reset during the setup starts it over). */
  protected async prepare(signal: AbortSignal | undefined): Promise<void> {
    for (let round = 0; round < 3 && (this.resyncOwed || this.setupOwed); round++) {
      if (this.resyncOwed) await this.#resyncOrThrow(signal);
      if (!this.setupOwed) continue;
      this.setupOwed = false;
      for (const cmd of this.#setupCommands) {
        try {
          await this.send(planFor(cmd), cmd, { signal }, null, false);
        } catch (err) {
          if (isFatal(err)) throw err;
          if (this.resyncOwed || this.setupOwed) break; // timed out or the modem restarted: next round
        }
      }
    }
    // Never send with a late answer possibly on its way, whatever the setup did.
    if (this.resyncOwed) await this.#resyncOrThrow(signal);
  }

  async #resyncOrThrow(signal: AbortSignal | undefined): Promise<void> {
    this.sessionState = 'resyncing';
    const obs = emptyObservations();
    this.obs = obs;
    try {
      const answered = await runResync(
        {
          path: this.port.path,
          baseMs: this.#resyncTimeoutMs,
          attempts: this.#resyncAttempts,
          lateMs: this.lateMs,
          nextSentinel: () => sentinelFor(++this.#resyncNonce, this.#lateCommand),
          sendSentinel: (s, windowMs) => this.send(planFor(s.command), s.command, { timeoutMs: windowMs, signal }, s, false),
          sendSetting: (cmd, timeoutMs) => this.send(planFor(cmd), cmd, { timeoutMs, signal }, null, false),
          isFatal,
        },
        obs,
      );
      this.resyncOwed = false;
      this.#lateCommand = null;
      this.lateSince = 0;
      if (obs.late === 0) this.lateMs = Math.floor(this.lateMs / 2); // nothing late this time: trust the modem more
      this.port.note('resync', answered);
    } finally {
      this.obs = null;
      if (this.sessionState === 'resyncing') this.sessionState = 'idle';
    }
  }

  protected expectEcho(command: string): void {
    this.#framer.expectEcho(command);
  }

  protected onTimer(): void {
    const f = this.inFlight;
    if (!f || f.deadline === 0) return; // nothing timed in flight; the next write arms again
    const now = performance.now();
    const left = f.deadline - now;
    if (left > 0) {
      this.timer.armUntil(f.deadline, now);
      return;
    }
    if (f.escaped) {
      // No result code after ESC (some firmware sends none): the prompt is closed all the
      // same, and a resync makes sure a late one is never taken for the next answer.
      this.resyncOwed = true;
      this.complete(f, finalPrompt());
      return;
    }
    if (f.sentinel && this.obs && tailMatches(f)) this.obs.sawAnswerWithoutFinal = true;
    if (!f.sentinel) {
      this.#lateCommand = f.plan.upper;
      this.lateSince = now;
    }
    this.fail(f, new TimeoutError(f.command, f.timeoutMs), true);
  }

  /**
   * RDY: the modem restarted. The command in flight will never be answered, the settings
   * are the saved profile's now (echo, V, +CMEE unknown again): find them out with a
   * resync and send the setup commands again before the next command.
   */
  protected onModemReset(line: string): void {
    this.seen.forget();
    this.resyncOwed = true;
    if (this.#setupCommands.length > 0) this.setupOwed = true;
    this.port.note('reset', line);
    const f = this.inFlight;
    if (f) this.fail(f, new ModemResetError(f.command, line), false);
    if (this.resetEmitter.listenerCount > 0) this.resetEmitter.emit({ line, name: 'RDY', parsed: null, at: this.port.now() });
  }

  #onPrompt(): void {
    if (this.obs !== null) this.obs.received++;
    const f = this.inFlight;
    if (!f || f.sentinel) {
      this.discard(this.resyncOwed ? 'late' : 'unsolicited', '> ');
      return;
    }
    this.trace('prompt', '> ');
    if (f.escaped) return;
    if (f.payload !== undefined) {
      // Later prompts follow each Enter inside the text: part of the input, not its end.
      if (f.payloadSent) return;
      f.payloadSent = true;
      f.payloadLines = payloadLinesOf(f.payload);
      this.port.write(payloadBytes(f.payload)).catch((err) => this.fail(f, err, false));
      return;
    }
    // Nobody to type the text: ESC leaves text mode, and the modem's result code that
    // follows belongs to this command (the next one must not get it).
    f.escaped = true;
    this.port.write(ESC).catch(() => undefined);
    if (f.deadline !== 0) {
      const now = performance.now();
      f.deadline = Math.min(f.deadline, now + this.escapeWaitMs);
      this.timer.armUntil(f.deadline, now);
    }
  }

  #onGarbage(bytes: Uint8Array, reason: string): void {
    if (this.obs !== null) this.obs.received++;
    const f = this.inFlight;
    // The bytes may have been part of the answer: say so rather than answer clean with data missing.
    if (f !== null && !f.sentinel && reason !== 'control') f.damaged = true;
    this.discard('garbage', `${reason}: ${Buffer.from(bytes).toString('hex')}`);
  }

  #onPortClosed(err: DisconnectedError | PortClosedError): void {
    if (this.sessionState !== 'closed') this.sessionState = 'disconnected';
    const f = this.inFlight;
    if (f) this.fail(f, err, false);
    this.timer.stop();
    this.#framer.reset();
    this.urcBody = null;
  }

  #onPortReopened(): void {
    this.#framer.reset();
    this.urcBody = null;
    // A reopened port may carry the tail of the old conversation: start with a resync.
    this.resyncOwed = true;
    this.seen.forget();
    if (this.sessionState !== 'closed') this.sessionState = 'idle';
  }

  /** Fails what is in flight, detaches from the port. The port itself belongs to the pool. */
  dispose(): void {
    if (this.sessionState === 'closed') return;
    this.sessionState = 'closed';
    const f = this.inFlight;
    if (f) this.fail(f, new PortClosedError(this.port.path), false);
    this.timer.stop();
    this.detachSignal();
    for (const u of this.#unsubscribe.splice(0)) u();
    this.urcEmitter.clear();
    this.discardEmitter.clear();
    this.traceEmitter.clear();
    this.resetEmitter.clear();
  }
}

/** Errors after which nothing more can be sent now: the caller must see them. */
export function isFatal(err: unknown): boolean {
  return isBenchError(err) && (err.code === 'cancelled' || err.code === 'disconnected' || err.code === 'port-closed');
}

export { basicSettings } from './plan';
