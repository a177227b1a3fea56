import {
  CancelledError,
  DisconnectedError,
  PortClosedError,
  ProtocolError,
  TimeoutError,
  abortReason,
  isBenchError,
  throwIfAborted,
} from '../errors';
import type { PortHandle } from '../serial/port';
import { Emitter } from '../util/emitter';
import { TIMEOUT_DEFAULTS, timeoutFor, type TimeoutDefaults } from './catalogue';
import { planFor, type CommandPlan } from './plan';
import { AtFramer } from './framer';
import { parseUrc } from './parsers';
import { classifyFinal, finalPrompt } from './result-codes';
import type { AtResponse, FinalResult, ResultMode, UrcEvent } from './types';
import { UrcRegistry } from './urc';

export interface SessionOptions {
  /** Which lines are URCs. @default UrcRegistry.default() */
  urcs?: UrcRegistry;
  /** Timeouts per command class (ms). @default see catalogue's TimeoutDefaults */
  timeouts?: Partial<TimeoutDefaults>;
  /** How long the resync sentinel may take (ms). @default 2000 */
  resyncTimeoutMs?: number;
  /** Longest line kept; longer ones are discarded as garbage. @default 4096 */
  maxLineLength?: number;
}

export interface ExecOptions {
  /** Overrides the timeout of the command's class (ms), counted from the end of the write. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Text to send after the `> ` prompt (SMS body, file data); Ctrl-Z is added.
   * Without it, a prompt is answered with ESC (abort) and the response's final is the prompt.
   */
  payload?: string;
}

/** Bytes or lines we threw away, with why. */
export interface DiscardEvent {
  reason: 'late' | 'garbage' | 'unsolicited';
  text: string;
  at: number;
}

export type SessionState = 'idle' | 'busy' | 'resyncing' | 'disconnected' | 'closed';

/** Every line as the session classified it, for consoles (only computed while someone listens). */
export interface TraceEvent {
  kind: 'tx' | 'echo' | 'info' | 'final' | 'urc' | 'prompt' | 'late' | 'unsolicited' | 'garbage';
  text: string;
  at: number;
  /** True for the resync sentinel's traffic, which is ours, not the user's. */
  internal: boolean;
}

interface InFlight {
  command: string;
  plan: CommandPlan;
  echo: string | null;
  lines: string[];
  urcs: UrcEvent[];
  /** Resync sentinel: everything before its echo is late. */
  sentinel: boolean;
  sawEcho: boolean;
  payload: string | undefined;
  payloadSent: boolean;
  mode: ResultMode;
  signal: AbortSignal | undefined;
  timeoutMs: number;
  /** performance.now() at the end of the write; 0 until then. */
  startedAt: number;
  /** When the timeout fires (performance.now() scale); 0 until the write ended. */
  deadline: number;
  /** This send owns the channel (not a step of a resync) and hands it on when it settles. */
  releases: boolean;
  resolve: (r: AtResponse) => void;
  reject: (e: unknown) => void;
}

const CTRL_Z = '\x1a';
const ESC = '\x1b';

/**
 * One AT port's conversation: one command in flight, echo and URCs told apart
 * from the response, timeouts started when the write completes, and a resync
 * after any timeout so that a late reply is never taken for the next
 * command's answer.
 */
export class AtSession {
  readonly port: PortHandle;
  readonly #urcs: UrcRegistry;
  /** ms per timeout class, the overrides applied. */
  readonly #timeouts: Readonly<TimeoutDefaults>;
  readonly #resyncTimeoutMs: number;
  readonly #framer: AtFramer;
  readonly #urcEmitter = new Emitter<UrcEvent>();
  readonly #discardEmitter = new Emitter<DiscardEvent>();
  readonly #traceEmitter = new Emitter<TraceEvent>();
  readonly #unsubscribe: (() => void)[] = [];
  /** A command or a resync owns the channel; others wait in #waiting, in order. */
  #busy = false;
  readonly #waiting: (() => void)[] = [];
  #inFlight: InFlight | null = null;
  /**
   * One timer per session, not one per command: it is left armed when a command
   * ends early, and when it fires it checks the command then in flight against
   * its own deadline (re-arming for the rest). A fast command costs no timer work.
   */
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerDue = 0;
  /**
   * The abort signal we listen to. The controller hands a modem's commands the same
   * signal until it fires, so the listener stays attached across commands instead of
   * being added and removed for each one; it only acts on the command started with it.
   */
  #signal: AbortSignal | null = null;
  #mode: ResultMode = 'verbose';
  #echoOn: boolean | null = null;
  #needsResync = false;
  #resyncNonce = 0;
  #state: SessionState = 'idle';
  #queued = 0;
  /** A multi-line URC (+CMT, +CDS in PDU mode) still owed its body lines. */
  #urcBody: { urc: UrcEvent; remaining: number; inFlight: InFlight | null } | null = null;

  constructor(port: PortHandle, options: SessionOptions = {}) {
    const { urcs = UrcRegistry.default(), timeouts = {}, resyncTimeoutMs = 2000, maxLineLength = 4096 } = options;
    if (!Number.isFinite(resyncTimeoutMs) || resyncTimeoutMs <= 0) throw new TypeError(`resyncTimeoutMs must be > 0, got ${resyncTimeoutMs}`);
    this.port = port;
    this.#urcs = urcs;
    // Validates the overrides once (a bad value throws here, not on the first command).
    timeoutFor('AT', timeouts);
    const resolved: TimeoutDefaults = { ...TIMEOUT_DEFAULTS };
    for (const k of Object.keys(resolved) as (keyof TimeoutDefaults)[]) resolved[k] = timeouts[k] ?? resolved[k];
    this.#timeouts = resolved;
    this.#resyncTimeoutMs = resyncTimeoutMs;
    this.#framer = new AtFramer(
      {
        line: (text) => this.#onLine(text),
        prompt: () => this.#onPrompt(),
        garbage: (bytes, reason) => this.#discard('garbage', `${reason}: ${Buffer.from(bytes).toString('hex')}`),
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
    if (!port.isOpen) this.#state = 'disconnected';
  }

  get state(): SessionState {
    return this.#state;
  }

  /** Result codes as the modem currently spells them (ATV0/ATV1). */
  get resultMode(): ResultMode {
    return this.#mode;
  }

  /** Commands waiting behind the one in flight (normally 0: the controller serialises). */
  get queued(): number {
    return this.#queued;
  }

  get needsResync(): boolean {
    return this.#needsResync;
  }

  /** Listeners currently attached (for leak checks). */
  get listenerCount(): number {
    return this.#urcEmitter.listenerCount + this.#discardEmitter.listenerCount + this.#traceEmitter.listenerCount;
  }

  onUrc(listener: (urc: UrcEvent) => void): () => void {
    return this.#urcEmitter.on(listener);
  }

  onDiscard(listener: (d: DiscardEvent) => void): () => void {
    return this.#discardEmitter.on(listener);
  }

  onTrace(listener: (t: TraceEvent) => void): () => void {
    return this.#traceEmitter.on(listener);
  }

  #trace(kind: TraceEvent['kind'], text: string, internal = false): void {
    if (this.#traceEmitter.listenerCount > 0) this.#traceEmitter.emit({ kind, text, at: Date.now(), internal });
  }

  /**
   * Sends one command and resolves with its response for any final result
   * code, ERROR included. Rejects with a typed error on timeout, cancel,
   * disconnect, a closed session or a channel that could not be resynced.
   */
  exec(command: string, options: ExecOptions = {}): Promise<AtResponse> {
    let plan: CommandPlan;
    try {
      plan = planFor(command);
    } catch (err) {
      return Promise.reject(err);
    }
    if (!this.#busy) return this.#run(plan, command, options);
    this.#queued++;
    return new Promise<AtResponse>((resolve, reject) =>
      this.#waiting.push(() => {
        this.#queued--;
        this.#run(plan, command, options).then(resolve, reject);
      }),
    );
  }

  /** Takes the channel for one command (with a resync first if one is owed); it is handed on when the command settles. */
  #run(plan: CommandPlan, command: string, options: ExecOptions): Promise<AtResponse> {
    this.#busy = true;
    try {
      throwIfAborted(options.signal);
      this.#assertUsable();
    } catch (err) {
      this.#release();
      return Promise.reject(err);
    }
    if (!this.#needsResync) return this.#send(plan, command, options, false, true);
    return this.#resyncOrThrow(options.signal).then(
      () => this.#send(plan, command, options, false, true),
      (err: unknown) => {
        this.#release();
        throw err;
      },
    );
  }

  /** Brings the channel back in step: discards everything up to the sentinel's reply. */
  resync(signal?: AbortSignal): Promise<void> {
    const run = (): Promise<void> => {
      this.#busy = true;
      let p: Promise<void>;
      try {
        this.#assertUsable();
        this.#needsResync = true;
        p = this.#resyncOrThrow(signal);
      } catch (err) {
        p = Promise.reject(err);
      }
      return p.finally(() => this.#release());
    };
    if (!this.#busy) return run();
    return new Promise<void>((resolve, reject) => this.#waiting.push(() => run().then(resolve, reject)));
  }

  /**
   * The channel's owner is done: the next waiting run gets it. It starts in a
   * microtask, after the framer has finished the chunk that ended this command,
   * so bytes that arrived before its write are never taken for its answer.
   */
  #release(): void {
    const next = this.#waiting.shift();
    if (next) queueMicrotask(next);
    else this.#busy = false;
  }

  async #resyncOrThrow(signal: AbortSignal | undefined): Promise<void> {
    this.#state = 'resyncing';
    try {
      // Echo carries the sentinel's nonce, so make sure it is on first.
      if (this.#echoOn === false) await this.#send(planFor('ATE1'), 'ATE1', { timeoutMs: this.#resyncTimeoutMs, signal }, true, false).catch(() => undefined);
      const sentinel = `AT+MBSYNC=${++this.#resyncNonce}`;
      const r = await this.#send(planFor(sentinel), sentinel, { timeoutMs: this.#resyncTimeoutMs, signal }, true, false);
      this.#mode = /^\d$/.test(r.final.raw) ? 'numeric' : 'verbose';
      this.#needsResync = false;
      this.port.note('resync', sentinel);
    } catch (err) {
      this.#needsResync = true;
      if (isBenchError(err) && (err.code === 'cancelled' || err.code === 'disconnected' || err.code === 'port-closed')) throw err;
      throw new ProtocolError(`AT channel on ${this.port.path} did not resync (no reply to the sentinel)`, { path: this.port.path });
    } finally {
      if (this.#state === 'resyncing') this.#state = 'idle';
    }
  }

  #assertUsable(): void {
    if (this.#state === 'closed') throw new PortClosedError(this.port.path);
    const s = this.port.state;
    if (s !== 'open') {
      throw s === 'disconnected' ? new DisconnectedError(this.port.path) : new PortClosedError(this.port.path);
    }
  }

  #send(plan: CommandPlan, command: string, options: ExecOptions, sentinel: boolean, releases: boolean): Promise<AtResponse> {
    const signal = options.signal;
    if (signal?.aborted) {
      if (releases) this.#release();
      return Promise.reject(new CancelledError(abortReason(signal)));
    }
    return new Promise<AtResponse>((resolve, reject) => {
      const f: InFlight = {
        command,
        plan,
        echo: null,
        lines: [],
        urcs: [],
        sentinel,
        sawEcho: false,
        payload: options.payload,
        payloadSent: false,
        mode: sentinel || plan.basic.v === 0 ? 'numeric' : this.#mode,
        signal,
        timeoutMs: options.timeoutMs ?? this.#timeouts[plan.timeoutClass],
        startedAt: 0,
        deadline: 0,
        releases,
        resolve,
        reject,
      };
      if (signal && signal !== this.#signal) this.#listenTo(signal);
      if (!sentinel) this.#state = 'busy';
      this.#inFlight = f;
      this.#trace('tx', command, sentinel);
      this.port.write(plan.tx).then(
        () => {
          if (this.#inFlight !== f) return; // already answered (fast device) or failed
          this.#arm(f);
        },
        (err: unknown) => this.#fail(f, err, false),
      );
    });
  }

  #listenTo(signal: AbortSignal): void {
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#signal = signal;
    signal.addEventListener('abort', this.#onAbort);
  }

  readonly #onAbort = (): void => {
    const f = this.#inFlight;
    const s = this.#signal;
    if (f && s && f.signal === s) this.#fail(f, new CancelledError(abortReason(s)), true);
  };

  /** Starts the command's timeout: it counts from the end of the write. */
  #arm(f: InFlight): void {
    const now = performance.now();
    f.startedAt = now;
    f.deadline = now + f.timeoutMs;
    if (this.#timer !== undefined) {
      if (this.#timerDue <= f.deadline) {
        this.#timer.ref?.(); // fires first, then re-arms for the rest
        return;
      }
      clearTimeout(this.#timer);
    }
    this.#timerDue = f.deadline;
    this.#timer = setTimeout(this.#onTimer, f.timeoutMs);
  }

  readonly #onTimer = (): void => {
    this.#timer = undefined;
    const f = this.#inFlight;
    if (!f || f.deadline === 0) return; // nothing timed in flight; the next write arms again
    const left = f.deadline - performance.now();
    if (left > 0) {
      this.#timerDue = f.deadline;
      this.#timer = setTimeout(this.#onTimer, left);
      return;
    }
    this.#fail(f, new TimeoutError(f.command, f.timeoutMs), true);
  };

  #stopTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #complete(f: InFlight, final: FinalResult): void {
    if (this.#inFlight !== f) return;
    this.#inFlight = null;
    this.#timer?.unref?.(); // an idle session's armed timer must not keep the process alive
    if (this.#state === 'busy') this.#state = 'idle';
    this.#echoOn = f.sawEcho;
    if (final.success && !f.sentinel) this.#trackModes(f.plan);
    const latencyMs = f.startedAt === 0 ? 0 : performance.now() - f.startedAt;
    let parsed: unknown = null;
    if (final.success && !f.sentinel && f.plan.parse) {
      try {
        parsed = f.plan.parse(f.lines);
      } catch {
        parsed = null;
      }
    }
    if (f.releases) this.#release();
    f.resolve({ command: f.command, echo: f.echo, lines: f.lines, final, parsed, urcs: f.urcs, latencyMs });
  }

  #fail(f: InFlight, err: unknown, desync: boolean): void {
    if (this.#inFlight !== f) return;
    this.#inFlight = null;
    this.#timer?.unref?.();
    if (this.#state === 'busy') this.#state = 'idle';
    // Whatever this command still sends would be taken for the next one's answer.
    if (desync) this.#needsResync = true;
    if (f.releases) this.#release();
    f.reject(err);
  }

  /** ATV/ATE/ATZ/AT&F change how the modem talks to us. */
  #trackModes(plan: CommandPlan): void {
    const b = plan.basic;
    if (b.reset) {
      this.#mode = 'verbose';
      this.#echoOn = true;
    }
    if (b.v !== undefined) this.#mode = b.v === 0 ? 'numeric' : 'verbose';
    if (b.e !== undefined) this.#echoOn = b.e === 1;
  }

  #onLine(text: string): void {
    const f = this.#inFlight;
    const body = this.#urcBody;
    if (body) {
      // The SMS text or PDU after +CMT: part of the URC, never response text.
      body.urc.line += `\n${text}`;
      this.#trace('urc', text);
      if (--body.remaining === 0) {
        this.#urcBody = null;
        this.#deliverUrc(body.urc, body.inFlight);
      }
      return;
    }
    const cls = this.#urcs.classify(text, f && !f.sentinel ? f.plan.upper : null, this.#mode);
    if (cls.urc) {
      let parsed: unknown = null;
      try {
        parsed = parseUrc(cls.name, text);
      } catch {
        parsed = null;
      }
      const urc: UrcEvent = { line: text, name: cls.name, parsed, at: Date.now() };
      this.#trace('urc', text);
      if (cls.follow) this.#urcBody = { urc, remaining: cls.follow, inFlight: f };
      else this.#deliverUrc(urc, f);
      return;
    }
    if (!f) {
      this.#discard(this.#needsResync ? 'late' : 'unsolicited', text);
      return;
    }
    if (f.sentinel && !f.sawEcho) {
      if (isEcho(f, text)) {
        f.sawEcho = true;
        this.#trace('echo', text, true);
      } else this.#discard('late', text);
      return;
    }
    if (!f.sawEcho && f.lines.length === 0 && isEcho(f, text)) {
      f.sawEcho = true;
      f.echo = text;
      this.#trace('echo', text);
      return;
    }
    if (f.payloadSent && f.lines.length === 0 && f.payload !== undefined && text === f.payload.split(/\r?\n|\r/).pop()) {
      return; // the modem echoes the text body (without Ctrl-Z)
    }
    const final = classifyFinal(text, f.mode);
    if (final) {
      this.#trace('final', text, f.sentinel);
      this.#complete(f, final);
      return;
    }
    this.#trace('info', text, f.sentinel);
    f.lines.push(text);
  }

  #deliverUrc(urc: UrcEvent, f: InFlight | null): void {
    if (f && !f.sentinel && this.#inFlight === f) f.urcs.push(urc);
    this.#urcEmitter.emit(urc);
  }

  #onPrompt(): void {
    const f = this.#inFlight;
    if (!f || f.sentinel) {
      this.#discard(this.#needsResync ? 'late' : 'unsolicited', '> ');
      return;
    }
    if (f.payload !== undefined && !f.payloadSent) {
      f.payloadSent = true;
      this.port.write(`${f.payload}${CTRL_Z}`).catch((err) => this.#fail(f, err, false));
      return;
    }
    // Nobody to type the text: leave text mode so the modem does not wait for ever.
    this.#trace('prompt', '> ');
    this.port.write(ESC).catch(() => undefined);
    this.#complete(f, finalPrompt());
  }

  #discard(reason: DiscardEvent['reason'], text: string): void {
    this.port.note(reason, text);
    this.#trace(reason, text);
    if (this.#discardEmitter.listenerCount > 0) this.#discardEmitter.emit({ reason, text, at: Date.now() });
  }

  #onPortClosed(err: DisconnectedError | PortClosedError): void {
    if (this.#state !== 'closed') this.#state = 'disconnected';
    const f = this.#inFlight;
    if (f) this.#fail(f, err, false);
    this.#stopTimer();
    this.#framer.reset();
    this.#urcBody = null;
  }

  #onPortReopened(): void {
    this.#framer.reset();
    this.#urcBody = null;
    // A reopened port may carry the tail of the old conversation: start with a resync.
    this.#needsResync = true;
    this.#mode = 'verbose';
    this.#echoOn = null;
    if (this.#state !== 'closed') this.#state = 'idle';
  }

  /** Fails what is in flight, detaches from the port. The port itself belongs to the pool. */
  dispose(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    const f = this.#inFlight;
    if (f) this.#fail(f, new PortClosedError(this.port.path), false);
    this.#stopTimer();
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#signal = null;
    for (const u of this.#unsubscribe.splice(0)) u();
    this.#urcEmitter.clear();
    this.#discardEmitter.clear();
    this.#traceEmitter.clear();
  }
}

/** The modem repeating the command line (usually exactly as sent; the case-blind compare only when not). */
function isEcho(f: InFlight, text: string): boolean {
  return text === f.command || text.trim().toUpperCase() === f.plan.upper;
}

export { basicSettings } from './plan';
