import { CancelledError, DisconnectedError, PortClosedError, abortReason, throwIfAborted } from '../errors';
import type { PortHandle } from '../serial/port';
import { Emitter } from '../util/emitter';
import type { TimeoutDefaults } from './catalogue';
import { planFor, type CommandPlan } from './plan';
import { DeadlineTimer } from './deadline-timer';
import { BARE, BARE_AT_END } from './framer';
import { parseUrc } from './parsers';
import { type InFlight, isEcho, sentinelLine } from './inflight';
import { classifyFinal, finalPrompt } from './result-codes';
import type { ResyncObservations, Sentinel } from './sentinel';
import type { AtResponse, FinalResult, UrcEvent } from './types';
import { SessionResponse } from './response';
import { SettingsSeen } from './settings-seen';
import { type UrcRegistry, foreignLineName } from './urc';
import type { DiscardEvent, ExecOptions, SessionState, TraceEvent } from './session-types';

/**
 * The hot path of an AtSession (session.ts): one command on the wire, the lines
 * that answer it, its end. Kept apart from the session's cold paths (resync,
 * setup, reset, prompts, port events, lifecycle), which session.ts adds on top;
 * the split is a class boundary only, so a command costs no extra call or
 * allocation. Its state is shared with session.ts, hence protected.
 */
export abstract class SessionCore {
  readonly port: PortHandle;
  readonly #urcs: UrcRegistry;
  /** ms per timeout class, the overrides applied. */
  readonly #timeouts: Readonly<TimeoutDefaults>;
  protected readonly escapeWaitMs: number;
  protected readonly urcEmitter = new Emitter<UrcEvent>();
  protected readonly discardEmitter = new Emitter<DiscardEvent>();
  protected readonly traceEmitter = new Emitter<TraceEvent>();
  protected readonly resetEmitter = new Emitter<UrcEvent>();
  /** A command or a resync owns the channel; others wait in `waiting`, in order. */
  protected busy = false;
  protected readonly waiting: (() => void)[] = [];
  protected inFlight: InFlight | null = null;
  /** One timer for the session (see DeadlineTimer). */
  protected readonly timer = new DeadlineTimer(() => this.onTimer());
  /**
   * The abort signal we listen to. The controller hands a modem's commands the same
   * signal until it fires, so the listener stays attached across commands instead of
   * being added and removed for each one; it only acts on the command started with it.
   */
  #signal: AbortSignal | null = null;
  /** Echo, V and +CMEE as learned from the wire; nothing is assumed. */
  protected readonly seen = new SettingsSeen();
  /** A resync is owed before the next command (a timeout, a reset, a reopened port). */
  protected resyncOwed = false;
  /** The setup commands are owed (after a modem reset) before the next command. */
  protected setupOwed = false;
  /** What the resync in progress has seen, for its failure message; null when none runs. */
  protected obs: ResyncObservations | null = null;
  /** When (performance.now()) the command that timed out last did: its late answer is measured against it. */
  protected lateSince = 0;
  /** How late the modem has answered (ms past the timeout): the first sentinel waits at least this. */
  protected lateMs = 0;
  protected sessionState: SessionState = 'idle';
  #queued = 0;
  /** A multi-line URC (+CMT, +CDS in PDU mode) still owed its body lines. */
  protected urcBody: { urc: UrcEvent; remaining: number; inFlight: InFlight | null } | null = null;

  constructor(port: PortHandle, urcs: UrcRegistry, timeouts: Readonly<TimeoutDefaults>, escapeWaitMs: number) {
    this.port = port;
    this.#urcs = urcs;
    this.#timeouts = timeouts;
    this.escapeWaitMs = escapeWaitMs;
  }

  /** The resync and the setup commands that are owed (session.ts). */
  protected abstract prepare(signal: AbortSignal | undefined): Promise<void>;
  /** RDY was seen: the modem restarted (session.ts). */
  protected abstract onModemReset(line: string): void;
  /** The session's timer fired (session.ts). */
  protected abstract onTimer(): void;
  /** A command line goes out: its echo may come back (session.ts tells the framer). */
  protected abstract expectEcho(command: string): void;

  /** Commands waiting behind the one in flight (normally 0: the controller serialises). */
  get queued(): number {
    return this.#queued;
  }

  protected trace(kind: TraceEvent['kind'], text: string, internal = false): void {
    // port.now(): the time of the chunk being framed, one clock reading for all its lines.
    if (this.traceEmitter.listenerCount > 0) this.traceEmitter.emit({ kind, text, at: this.port.now(), internal });
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
    if (!this.busy) return this.#run(plan, command, options);
    this.#queued++;
    return new Promise<AtResponse>((resolve, reject) =>
      this.waiting.push(() => {
        this.#queued--;
        this.#run(plan, command, options).then(resolve, reject);
      }),
    );
  }

  /** Takes the channel for one command (with a resync and the setup first if owed); it is handed on when the command settles. */
  #run(plan: CommandPlan, command: string, options: ExecOptions): Promise<AtResponse> {
    this.busy = true;
    try {
      throwIfAborted(options.signal);
      this.assertUsable();
    } catch (err) {
      this.release();
      return Promise.reject(err);
    }
    if (!this.resyncOwed && !this.setupOwed) return this.send(plan, command, options, null, true);
    return this.prepare(options.signal).then(
      () => this.send(plan, command, options, null, true),
      (err: unknown) => {
        this.release();
        throw err;
      },
    );
  }

  /**
   * The channel's owner is done: the next waiting run gets it. It starts in a
   * microtask, after the framer has finished the chunk that ended this command,
   * so bytes that arrived before its write are never taken for its answer.
   */
  protected release(): void {
    const next = this.waiting.shift();
    if (next) queueMicrotask(next);
    else this.busy = false;
  }

  protected assertUsable(): void {
    if (this.sessionState === 'closed') throw new PortClosedError(this.port.path);
    const s = this.port.state;
    if (s !== 'open') {
      throw s === 'disconnected' ? new DisconnectedError(this.port.path) : new PortClosedError(this.port.path);
    }
  }

  protected send(plan: CommandPlan, command: string, options: ExecOptions, sentinel: Sentinel | null, releases: boolean): Promise<AtResponse> {
    const signal = options.signal;
    if (signal?.aborted) {
      if (releases) this.release();
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
        mode: sentinel || plan.basic.v === 0 ? 'numeric' : this.seen.mode,
        signal,
        timeoutMs: options.timeoutMs ?? this.#timeouts[plan.timeoutClass],
        startedAt: 0,
        deadline: 0,
        releases,
        resolve,
        reject,
      };
      if (signal && signal !== this.#signal) this.#listenTo(signal);
      if (!sentinel) this.sessionState = 'busy';
      this.inFlight = f;
      this.expectEcho(command);
      this.trace('tx', command, sentinel !== null);
      this.port.write(plan.tx).then(
        () => {
          if (this.inFlight !== f) return; // already answered (fast device) or failed
          this.#arm(f);
        },
        (err: unknown) => this.fail(f, err, false),
      );
    });
  }

  #listenTo(signal: AbortSignal): void {
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#signal = signal;
    signal.addEventListener('abort', this.#onAbort);
  }

  readonly #onAbort = (): void => {
    const f = this.inFlight;
    const s = this.#signal;
    if (f && s && f.signal === s) this.fail(f, new CancelledError(abortReason(s)), true);
  };

  /** Stops listening to the last command's signal (dispose). */
  protected detachSignal(): void {
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#signal = null;
  }

  /** Starts the command's timeout: it counts from the end of the write. */
  #arm(f: InFlight): void {
    const now = performance.now();
    f.startedAt = now;
    // An ESC sent before the write ended already shortened the wait.
    f.deadline = now + (f.escaped ? Math.min(f.timeoutMs, this.escapeWaitMs) : f.timeoutMs);
    this.timer.armUntil(f.deadline, now);
  }

  protected complete(f: InFlight, final: FinalResult): void {
    if (this.inFlight !== f) return;
    this.inFlight = null;
    this.timer.unref();
    if (this.sessionState === 'busy') this.sessionState = 'idle';
    if (f.startedAt !== 0 || f.sawEcho) this.seen.echo = f.sawEcho;
    this.seen.learnFinal(final);
    if (final.success && !f.sentinel) this.seen.track(f.plan, f.lines);
    const latencyMs = f.startedAt === 0 ? 0 : performance.now() - f.startedAt;
    // Parsed on first read of `parsed` (SessionResponse): most answers are never looked at that closely.
    const parse = final.success && !f.sentinel ? f.plan.parse : null;
    if (f.releases) this.release();
    f.resolve(new SessionResponse(f.command, f.echo, f.lines, final, parse, f.urcs, latencyMs, f.damaged));
  }

  protected fail(f: InFlight, err: unknown, desync: boolean): void {
    if (this.inFlight !== f) return;
    this.inFlight = null;
    this.timer.unref();
    if (this.sessionState === 'busy') this.sessionState = 'idle';
    // Whatever this command still sends would be taken for the next one's answer.
    if (desync) this.resyncOwed = true;
    if (f.releases) this.release();
    f.reject(err);
  }

  protected onLine(text: string, bare: number): void {
    const obs = this.obs;
    if (obs !== null) obs.received++;
    const f = this.inFlight;
    const body = this.urcBody;
    if (body) {
      // The SMS text or PDU after +CMT: part of the URC, never response text.
      body.urc.line += `\n${text}`;
      this.trace('urc', text);
      if (--body.remaining === 0) {
        this.urcBody = null;
        this.#deliverUrc(body.urc, body.inFlight);
      }
      return;
    }
    const cls = this.#urcs.classify(text, f && !f.sentinel ? f.plan.upper : null, this.seen.mode);
    if (cls.urc) {
      this.#urc(text, cls.name, cls.follow ?? 0, f);
      if (cls.name === 'RDY') this.onModemReset(text);
      return;
    }
    if (!f) {
      // Between commands: a line of any prefix is unsolicited; text is a late answer only while one is owed.
      if (!this.resyncOwed) {
        const name = foreignLineName(text, NO_PREFIXES);
        if (name !== null) {
          this.#urc(text, name, 0, null);
          return;
        }
      }
      this.discard(this.resyncOwed ? 'late' : 'unsolicited', text);
      return;
    }
    if (f.sentinel) {
      this.#onSentinelLine(f, text, obs);
      return;
    }
    if (!f.sawEcho && (f.lines.length === 0 || this.seen.echo !== false) && isEcho(f, text)) {
      // Anything before the echo came before the command was read: not its answer.
      if (f.lines.length > 0) {
        for (const l of f.lines) this.discard('unsolicited', l);
        f.lines = [];
      }
      f.sawEcho = true;
      f.echo = text;
      this.trace('echo', text);
      return;
    }
    if (!f.sawEcho && this.seen.echo === true) {
      // Echo is on, and this came before it: the tail of something earlier (a reply from
      // before we opened the port, a final after an ESC), never this command's answer.
      // Were echo off after all, the command times out and the resync finds that out.
      const name = foreignLineName(text, NO_PREFIXES);
      if (name !== null) this.#urc(text, name, 0, f);
      else this.discard('unsolicited', text);
      return;
    }
    const pl = f.payloadLines;
    if (pl !== null && f.lines.length === 0 && f.bodyEchoed < pl.length) {
      const body = pl[f.bodyEchoed]!;
      if (text === body) {
        f.bodyEchoed++; // the modem echoes the text body (without Ctrl-Z)
        this.trace('echo', text);
        return;
      }
      // The last body line's echo has no line end (Ctrl-Z is not echoed): in ATV0 the
      // answer's first line (`+CMGS: 7`, no leading CRLF) is glued to it.
      if (f.bodyEchoed === pl.length - 1 && text.length > body.length && text.startsWith(body)) {
        f.bodyEchoed++;
        this.trace('echo', body);
        text = text.slice(body.length);
        if (text.length === 1) bare = BARE; // glued means ATV0: `4\r` after the body is its result code
      }
    }
    // A lone digit ended by a bare CR is an ATV0 result code, whatever mode we thought. When the
    // CR ended the chunk its LF may still come: then only a modem not known to be verbose.
    const numeric = bare === BARE || (bare === BARE_AT_END && !this.seen.knownVerbose);
    const final = classifyFinal(text, numeric ? 'numeric' : f.mode);
    if (final) {
      this.trace('final', text);
      this.complete(f, f.escaped ? finalPrompt() : final);
      return;
    }
    if (!f.plan.carriesText) {
      const name = foreignLineName(text, f.plan.prefixes);
      if (name !== null) {
        this.#urc(text, name, 0, f);
        return;
      }
    }
    this.trace('info', text);
    f.lines.push(text);
  }

  /** A line while the sentinel is out: its echo, its register lines, its final; the rest is late. */
  #onSentinelLine(f: InFlight, text: string, obs: ResyncObservations | null): void {
    const final = classifyFinal(text, 'numeric');
    const what = sentinelLine(f, text, final, obs);
    if (what === 'late') this.discard('late', text);
    else if (what === 'answered') {
      this.trace('final', text, true);
      this.complete(f, final!);
    } else this.trace(what, text, true);
  }

  #urc(text: string, name: string, follow: number, f: InFlight | null): void {
    let parsed: unknown = null;
    try {
      parsed = parseUrc(name, text);
    } catch {
      parsed = null;
    }
    const urc: UrcEvent = { line: text, name, parsed, at: this.port.now() };
    this.trace('urc', text);
    if (follow > 0) this.urcBody = { urc, remaining: follow, inFlight: f };
    else this.#deliverUrc(urc, f);
  }

  #deliverUrc(urc: UrcEvent, f: InFlight | null): void {
    if (f && !f.sentinel && this.inFlight === f) f.urcs.push(urc);
    this.urcEmitter.emit(urc);
  }

  protected discard(reason: DiscardEvent['reason'], text: string): void {
    if (reason === 'late') {
      if (this.obs !== null) this.obs.late++;
      if (this.lateSince > 0) this.lateMs = Math.max(this.lateMs, performance.now() - this.lateSince);
    }
    this.port.note(reason, text);
    this.trace(reason, text);
    if (this.discardEmitter.listenerCount > 0) this.discardEmitter.emit({ reason, text, at: this.port.now() });
  }
}

const NO_PREFIXES: readonly string[] = [];

