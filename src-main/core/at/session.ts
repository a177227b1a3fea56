import {
  CancelledError,
  DisconnectedError,
  ModemResetError,
  PortClosedError,
  TimeoutError,
  abortReason,
  isBenchError,
  throwIfAborted,
} from '../errors';
import type { PortHandle } from '../serial/port';
import { Emitter } from '../util/emitter';
import { TIMEOUT_DEFAULTS, timeoutFor, type TimeoutDefaults } from './catalogue';
import { planFor, type CommandPlan } from './plan';
import { DeadlineTimer } from './deadline-timer';
import { AtFramer, BARE, BARE_AT_END } from './framer';
import { parseUrc } from './parsers';
import { type InFlight, isEcho, payloadBytes, payloadLinesOf, sentinelLine, tailMatches } from './inflight';
import { classifyFinal, finalPrompt } from './result-codes';
import { runResync } from './resync';
import { emptyObservations, sentinelFor, type ResyncObservations, type Sentinel } from './sentinel';
import type { AtResponse, FinalResult, ResultMode, UrcEvent } from './types';
import { SettingsSeen } from './settings-seen';
import { UrcRegistry, foreignLineName } from './urc';

export type { DiscardEvent, ExecOptions, ModemSettingsSeen, SessionOptions, SessionState, TraceEvent } from './session-types';
import type { DiscardEvent, ExecOptions, ModemSettingsSeen, SessionOptions, SessionState, TraceEvent } from './session-types';

const ESC = '\x1b';

/**
 * One AT port's conversation: one command in flight, echo and URCs told apart
 * from the response, timeouts started when the write completes, and a resync
 * after any timeout so that a late reply is never taken for the next
 * command's answer. It assumes nothing about the modem's settings: echo,
 * ATV0/ATV1 and +CMEE are learned from what comes back, a lone digit ended by
 * a bare CR is a result code in any mode, and RDY (a restart) ends the command
 * in flight and has the setup commands sent again.
 */
export class AtSession {
  readonly port: PortHandle;
  readonly #urcs: UrcRegistry;
  /** ms per timeout class, the overrides applied. */
  readonly #timeouts: Readonly<TimeoutDefaults>;
  readonly #resyncTimeoutMs: number;
  readonly #resyncAttempts: number;
  readonly #escapeWaitMs: number;
  readonly #framer: AtFramer;
  readonly #urcEmitter = new Emitter<UrcEvent>();
  readonly #discardEmitter = new Emitter<DiscardEvent>();
  readonly #traceEmitter = new Emitter<TraceEvent>();
  readonly #resetEmitter = new Emitter<UrcEvent>();
  readonly #unsubscribe: (() => void)[] = [];
  /** A command or a resync owns the channel; others wait in #waiting, in order. */
  #busy = false;
  readonly #waiting: (() => void)[] = [];
  #inFlight: InFlight | null = null;
  /** One timer for the session (see DeadlineTimer). */
  readonly #timer = new DeadlineTimer(() => this.#onTimer());
  /**
   * The abort signal we listen to. The controller hands a modem's commands the same
   * signal until it fires, so the listener stays attached across commands instead of
   * being added and removed for each one; it only acts on the command started with it.
   */
  #signal: AbortSignal | null = null;
  /** Echo, V and +CMEE as learned from the wire; nothing is assumed. */
  readonly #seen = new SettingsSeen();
  #needsResync = false;
  /** The setup commands are owed (after a modem reset) before the next command. */
  #needsSetup = false;
  #setupCommands: readonly string[] = [];
  #resyncNonce = 0;
  /** What the resync in progress has seen, for its failure message; null when none runs. */
  #obs: ResyncObservations | null = null;
  /** The command that timed out last, and when (performance.now()): its late answer is measured against it. */
  #lateCommand: string | null = null;
  #lateSince = 0;
  /** How late the modem has answered (ms past the timeout): the first sentinel waits at least this. */
  #lateMs = 0;
  #state: SessionState = 'idle';
  #queued = 0;
  /** A multi-line URC (+CMT, +CDS in PDU mode) still owed its body lines. */
  #urcBody: { urc: UrcEvent; remaining: number; inFlight: InFlight | null } | null = null;

  constructor(port: PortHandle, options: SessionOptions = {}) {
    const { urcs = UrcRegistry.default(), timeouts = {}, resyncTimeoutMs = 2000, resyncAttempts = 4, escapeWaitMs = 2000, maxLineLength = 4096 } = options;
    if (!Number.isFinite(resyncTimeoutMs) || resyncTimeoutMs <= 0) throw new TypeError(`resyncTimeoutMs must be > 0, got ${resyncTimeoutMs}`);
    if (!Number.isInteger(resyncAttempts) || resyncAttempts < 1 || resyncAttempts > 10) throw new TypeError(`resyncAttempts must be an integer from 1 to 10, got ${resyncAttempts}`);
    if (!Number.isFinite(escapeWaitMs) || escapeWaitMs <= 0) throw new TypeError(`escapeWaitMs must be > 0, got ${escapeWaitMs}`);
    this.port = port;
    this.#urcs = urcs;
    // Validates the overrides once (a bad value throws here, not on the first command).
    timeoutFor('AT', timeouts);
    const resolved: TimeoutDefaults = { ...TIMEOUT_DEFAULTS };
    for (const k of Object.keys(resolved) as (keyof TimeoutDefaults)[]) resolved[k] = timeouts[k] ?? resolved[k];
    this.#timeouts = resolved;
    this.#resyncTimeoutMs = resyncTimeoutMs;
    this.#resyncAttempts = resyncAttempts;
    this.#escapeWaitMs = escapeWaitMs;
    this.#framer = new AtFramer(
      {
        line: (text, bare) => this.#onLine(text, bare ?? 0),
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
    if (!port.isOpen) this.#state = 'disconnected';
  }

  get state(): SessionState {
    return this.#state;
  }

  /** Result codes as the modem currently spells them (ATV0/ATV1), as far as seen. */
  get resultMode(): ResultMode {
    return this.#seen.mode;
  }

  /** Echo, result code format and +CMEE as seen on the wire (null: not seen yet). */
  get modemSettings(): ModemSettingsSeen {
    return this.#seen.view();
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
    return this.#urcEmitter.listenerCount + this.#discardEmitter.listenerCount + this.#traceEmitter.listenerCount + this.#resetEmitter.listenerCount;
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

  /** The modem restarted (RDY): its settings went back to its saved profile. */
  onReset(listener: (urc: UrcEvent) => void): () => void {
    return this.#resetEmitter.on(listener);
  }

  #trace(kind: TraceEvent['kind'], text: string, internal = false): void {
    if (this.#traceEmitter.listenerCount > 0) this.#traceEmitter.emit({ kind, text, at: Date.now(), internal });
  }

  /**
   * Sends one command and resolves with its response for any final result
   * code, ERROR included. Rejects with a typed error on timeout, cancel,
   * disconnect, a modem reset, a closed session or a channel that could not be resynced.
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

  /** Takes the channel for one command (with a resync and the setup first if owed); it is handed on when the command settles. */
  #run(plan: CommandPlan, command: string, options: ExecOptions): Promise<AtResponse> {
    this.#busy = true;
    try {
      throwIfAborted(options.signal);
      this.#assertUsable();
    } catch (err) {
      this.#release();
      return Promise.reject(err);
    }
    if (!this.#needsResync && !this.#needsSetup) return this.#send(plan, command, options, null, true);
    return this.#prepare(options.signal).then(
      () => this.#send(plan, command, options, null, true),
      (err: unknown) => {
        this.#release();
        throw err;
      },
    );
  }

  /** Brings the channel back in step: discards everything up to the sentinel's answer. */
  resync(signal?: AbortSignal): Promise<void> {
    return this.#own(() => {
      this.#needsResync = true;
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
      this.#needsResync = true;
      this.#needsSetup = commands.length > 0;
      return this.#prepare(signal);
    });
  }

  /** Runs `fn` owning the channel, behind whatever holds it now. */
  #own(fn: () => Promise<void>): Promise<void> {
    const run = (): Promise<void> => {
      this.#busy = true;
      let p: Promise<void>;
      try {
        this.#assertUsable();
        p = fn();
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

  /** The resync and the setup commands that are owed, a few rounds at most (a reset during the setup starts it over). */
  async #prepare(signal: AbortSignal | undefined): Promise<void> {
    for (let round = 0; round < 3 && (this.#needsResync || this.#needsSetup); round++) {
      if (this.#needsResync) await this.#resyncOrThrow(signal);
      if (!this.#needsSetup) continue;
      this.#needsSetup = false;
      for (const cmd of this.#setupCommands) {
        try {
          await this.#send(planFor(cmd), cmd, { signal }, null, false);
        } catch (err) {
          if (isFatal(err)) throw err;
          if (this.#needsResync || this.#needsSetup) break; // timed out or the modem restarted: next round
        }
      }
    }
    // Never send with a late answer possibly on its way, whatever the setup did.
    if (this.#needsResync) await this.#resyncOrThrow(signal);
  }

  async #resyncOrThrow(signal: AbortSignal | undefined): Promise<void> {
    this.#state = 'resyncing';
    const obs = emptyObservations();
    this.#obs = obs;
    try {
      const answered = await runResync(
        {
          path: this.port.path,
          baseMs: this.#resyncTimeoutMs,
          attempts: this.#resyncAttempts,
          lateMs: this.#lateMs,
          nextSentinel: () => sentinelFor(++this.#resyncNonce, this.#lateCommand),
          sendSentinel: (s, windowMs) => this.#send(planFor(s.command), s.command, { timeoutMs: windowMs, signal }, s, false),
          sendSetting: (cmd, timeoutMs) => this.#send(planFor(cmd), cmd, { timeoutMs, signal }, null, false),
          isFatal,
        },
        obs,
      );
      this.#needsResync = false;
      this.#lateCommand = null;
      this.#lateSince = 0;
      if (obs.late === 0) this.#lateMs = Math.floor(this.#lateMs / 2); // nothing late this time: trust the modem more
      this.port.note('resync', answered);
    } finally {
      this.#obs = null;
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

  #send(plan: CommandPlan, command: string, options: ExecOptions, sentinel: Sentinel | null, releases: boolean): Promise<AtResponse> {
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
        tail: sentinel ? [] : null,
        sawEcho: false,
        damaged: false,
        payload: options.payload,
        payloadSent: false,
        payloadLines: null,
        bodyEchoed: 0,
        escaped: false,
        mode: sentinel || plan.basic.v === 0 ? 'numeric' : this.#seen.mode,
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
      this.#trace('tx', command, sentinel !== null);
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
    // An ESC sent before the write ended already shortened the wait.
    f.deadline = now + (f.escaped ? Math.min(f.timeoutMs, this.#escapeWaitMs) : f.timeoutMs);
    this.#timer.armUntil(f.deadline, now);
  }

  #onTimer(): void {
    const f = this.#inFlight;
    if (!f || f.deadline === 0) return; // nothing timed in flight; the next write arms again
    const now = performance.now();
    const left = f.deadline - now;
    if (left > 0) {
      this.#timer.armUntil(f.deadline, now);
      return;
    }
    if (f.escaped) {
      // No result code after ESC (some firmware sends none): the prompt is closed all the
      // same, and a resync makes sure a late one is never taken for the next answer.
      this.#needsResync = true;
      this.#complete(f, finalPrompt());
      return;
    }
    if (f.sentinel && this.#obs && tailMatches(f)) this.#obs.sawAnswerWithoutFinal = true;
    if (!f.sentinel) {
      this.#lateCommand = f.plan.upper;
      this.#lateSince = now;
    }
    this.#fail(f, new TimeoutError(f.command, f.timeoutMs), true);
  }

  #complete(f: InFlight, final: FinalResult): void {
    if (this.#inFlight !== f) return;
    this.#inFlight = null;
    this.#timer.unref();
    if (this.#state === 'busy') this.#state = 'idle';
    if (f.startedAt !== 0 || f.sawEcho) this.#seen.echo = f.sawEcho;
    this.#seen.learnFinal(final);
    if (final.success && !f.sentinel) this.#seen.track(f.plan, f.lines);
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
    f.resolve({ command: f.command, echo: f.echo, lines: f.lines, final, parsed, urcs: f.urcs, latencyMs, damaged: f.damaged });
  }

  #fail(f: InFlight, err: unknown, desync: boolean): void {
    if (this.#inFlight !== f) return;
    this.#inFlight = null;
    this.#timer.unref();
    if (this.#state === 'busy') this.#state = 'idle';
    // Whatever this command still sends would be taken for the next one's answer.
    if (desync) this.#needsResync = true;
    if (f.releases) this.#release();
    f.reject(err);
  }

  #onLine(text: string, bare: number): void {
    const obs = this.#obs;
    if (obs !== null) obs.received++;
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
    const cls = this.#urcs.classify(text, f && !f.sentinel ? f.plan.upper : null, this.#seen.mode);
    if (cls.urc) {
      this.#urc(text, cls.name, cls.follow ?? 0, f);
      if (cls.name === 'RDY') this.#onModemReset(text);
      return;
    }
    if (!f) {
      // Between commands: a line of any prefix is unsolicited; text is a late answer only while one is owed.
      if (!this.#needsResync) {
        const name = foreignLineName(text, NO_PREFIXES);
        if (name !== null) {
          this.#urc(text, name, 0, null);
          return;
        }
      }
      this.#discard(this.#needsResync ? 'late' : 'unsolicited', text);
      return;
    }
    if (f.sentinel) {
      this.#onSentinelLine(f, text, obs);
      return;
    }
    if (!f.sawEcho && (f.lines.length === 0 || this.#seen.echo !== false) && isEcho(f, text)) {
      // Anything before the echo came before the command was read: not its answer.
      if (f.lines.length > 0) {
        for (const l of f.lines) this.#discard('unsolicited', l);
        f.lines = [];
      }
      f.sawEcho = true;
      f.echo = text;
      this.#trace('echo', text);
      return;
    }
    if (!f.sawEcho && this.#seen.echo === true) {
      // Echo is on, and this came before it: the tail of something earlier (a reply from
      // before we opened the port, a final after an ESC), never this command's answer.
      // Were echo off after all, the command times out and the resync finds that out.
      const name = foreignLineName(text, NO_PREFIXES);
      if (name !== null) this.#urc(text, name, 0, f);
      else this.#discard('unsolicited', text);
      return;
    }
    const pl = f.payloadLines;
    if (pl !== null && f.lines.length === 0 && f.bodyEchoed < pl.length) {
      const body = pl[f.bodyEchoed]!;
      if (text === body) {
        f.bodyEchoed++; // the modem echoes the text body (without Ctrl-Z)
        this.#trace('echo', text);
        return;
      }
      // The last body line's echo has no line end (Ctrl-Z is not echoed): in ATV0 the
      // answer's first line (`+CMGS: 7`, no leading CRLF) is glued to it.
      if (f.bodyEchoed === pl.length - 1 && text.length > body.length && text.startsWith(body)) {
        f.bodyEchoed++;
        this.#trace('echo', body);
        text = text.slice(body.length);
        if (text.length === 1) bare = BARE; // glued means ATV0: `4\r` after the body is its result code
      }
    }
    // A lone digit ended by a bare CR is an ATV0 result code, whatever mode we thought. When the
    // CR ended the chunk its LF may still come: then only a modem not known to be verbose.
    const numeric = bare === BARE || (bare === BARE_AT_END && !this.#seen.knownVerbose);
    const final = classifyFinal(text, numeric ? 'numeric' : f.mode);
    if (final) {
      this.#trace('final', text);
      this.#complete(f, f.escaped ? finalPrompt() : final);
      return;
    }
    if (!f.plan.carriesText) {
      const name = foreignLineName(text, f.plan.prefixes);
      if (name !== null) {
        this.#urc(text, name, 0, f);
        return;
      }
    }
    this.#trace('info', text);
    f.lines.push(text);
  }

  /** A line while the sentinel is out: its echo, its register lines, its final; the rest is late. */
  #onSentinelLine(f: InFlight, text: string, obs: ResyncObservations | null): void {
    const final = classifyFinal(text, 'numeric');
    const what = sentinelLine(f, text, final, obs);
    if (what === 'late') this.#discard('late', text);
    else if (what === 'answered') {
      this.#trace('final', text, true);
      this.#complete(f, final!);
    } else this.#trace(what, text, true);
  }

  #urc(text: string, name: string, follow: number, f: InFlight | null): void {
    let parsed: unknown = null;
    try {
      parsed = parseUrc(name, text);
    } catch {
      parsed = null;
    }
    const urc: UrcEvent = { line: text, name, parsed, at: Date.now() };
    this.#trace('urc', text);
    if (follow > 0) this.#urcBody = { urc, remaining: follow, inFlight: f };
    else this.#deliverUrc(urc, f);
  }

  #deliverUrc(urc: UrcEvent, f: InFlight | null): void {
    if (f && !f.sentinel && this.#inFlight === f) f.urcs.push(urc);
    this.#urcEmitter.emit(urc);
  }

  /**
   * RDY: the modem restarted. The command in flight will never be answered, the settings
   * are the saved profile's now (echo, V, +CMEE unknown again): find them out with a
   * resync and send the setup commands again before the next command.
   */
  #onModemReset(line: string): void {
    this.#seen.forget();
    this.#needsResync = true;
    if (this.#setupCommands.length > 0) this.#needsSetup = true;
    this.port.note('reset', line);
    const f = this.#inFlight;
    if (f) this.#fail(f, new ModemResetError(f.command, line), false);
    if (this.#resetEmitter.listenerCount > 0) this.#resetEmitter.emit({ line, name: 'RDY', parsed: null, at: Date.now() });
  }

  #onPrompt(): void {
    if (this.#obs !== null) this.#obs.received++;
    const f = this.#inFlight;
    if (!f || f.sentinel) {
      this.#discard(this.#needsResync ? 'late' : 'unsolicited', '> ');
      return;
    }
    this.#trace('prompt', '> ');
    if (f.escaped) return;
    if (f.payload !== undefined) {
      // Later prompts follow each Enter inside the text: part of the input, not its end.
      if (f.payloadSent) return;
      f.payloadSent = true;
      f.payloadLines = payloadLinesOf(f.payload);
      this.port.write(payloadBytes(f.payload)).catch((err) => this.#fail(f, err, false));
      return;
    }
    // Nobody to type the text: ESC leaves text mode, and the modem's result code that
    // follows belongs to this command (the next one must not get it).
    f.escaped = true;
    this.port.write(ESC).catch(() => undefined);
    if (f.deadline !== 0) {
      const now = performance.now();
      f.deadline = Math.min(f.deadline, now + this.#escapeWaitMs);
      this.#timer.armUntil(f.deadline, now);
    }
  }

  #onGarbage(bytes: Uint8Array, reason: string): void {
    if (this.#obs !== null) this.#obs.received++;
    const f = this.#inFlight;
    // The bytes may have been part of the answer: say so rather than answer clean with data missing.
    if (f !== null && !f.sentinel && reason !== 'control') f.damaged = true;
    this.#discard('garbage', `${reason}: ${Buffer.from(bytes).toString('hex')}`);
  }

  #discard(reason: DiscardEvent['reason'], text: string): void {
    if (reason === 'late') {
      if (this.#obs !== null) this.#obs.late++;
      if (this.#lateSince > 0) this.#lateMs = Math.max(this.#lateMs, performance.now() - this.#lateSince);
    }
    this.port.note(reason, text);
    this.#trace(reason, text);
    if (this.#discardEmitter.listenerCount > 0) this.#discardEmitter.emit({ reason, text, at: Date.now() });
  }

  #onPortClosed(err: DisconnectedError | PortClosedError): void {
    if (this.#state !== 'closed') this.#state = 'disconnected';
    const f = this.#inFlight;
    if (f) this.#fail(f, err, false);
    this.#timer.stop();
    this.#framer.reset();
    this.#urcBody = null;
  }

  #onPortReopened(): void {
    this.#framer.reset();
    this.#urcBody = null;
    // A reopened port may carry the tail of the old conversation: start with a resync.
    this.#needsResync = true;
    this.#seen.forget();
    if (this.#state !== 'closed') this.#state = 'idle';
  }

  /** Fails what is in flight, detaches from the port. The port itself belongs to the pool. */
  dispose(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    const f = this.#inFlight;
    if (f) this.#fail(f, new PortClosedError(this.port.path), false);
    this.#timer.stop();
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#signal = null;
    for (const u of this.#unsubscribe.splice(0)) u();
    this.#urcEmitter.clear();
    this.#discardEmitter.clear();
    this.#traceEmitter.clear();
    this.#resetEmitter.clear();
  }
}

const NO_PREFIXES: readonly string[] = [];

/** Errors after which nothing more can be sent now: the caller must see them. */
function isFatal(err: unknown): boolean {
  return isBenchError(err) && (err.code === 'cancelled' || err.code === 'disconnected' || err.code === 'port-closed');
}

export { basicSettings } from './plan';
