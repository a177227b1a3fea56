import type { CommandClass } from '../at/types';
import type { CopsInfo } from '../at/parsers';
import type { Modem, ModemIdentity, ModemPort } from '../modem/modem';
import { type CommandOutcome, outcomeOf } from '../modem/outcome';
import { diagnosePortFailure, formatDiagnostic } from '../discovery';
import { CancelledError, ModemUnavailableError, isBenchError, toErrorInfo } from '../errors';
import { HealthMonitor } from '../health';
import { QmiFilePort, qmiSignalSource, type SignalSource } from '../qmi';
import { type LadderStep, ModemSupervisor } from '../recovery';
import type { RunTarget } from '../batch';
import type { ConsoleBackground, ConsoleKind, ModemId, ModemState, ModemView, TimelineEventView } from '../../../src-preload/contract';
import { MANUAL_STEP_LIMIT_MS, type ManualStepOutcomeView } from '../../../src-preload/contract';
import { ConsoleLog } from './console-log';
import { ERROR_FINAL, TRACE_KIND, bars, healthView, timelineView } from './entry-view';
import { IdentityRefresher } from './identity-refresh';
import { LineFacts } from './line-facts';
import { ModemIdKeeper } from './modem-id';
import { supervisedRunTarget } from './run-target';
import type { SupervisedModemOptions } from './supervised-modem-options';

export type { SupervisedModemOptions };

let nextKey = 0;

/**
 * One modem as the app shows it: its bench Modem, the supervisor that keeps
 * it usable (retries, breaker, recovery ladder), its health monitor, and its
 * console log. It follows the modem across re-enumeration: new port paths,
 * same entry.
 */
export class SupervisedModem {
  /** This object's handle in the registry (unique in the process, never shown): the modem's key is `id`. */
  readonly key = `mdm${nextKey++}`;
  /** The name its source gave it (`sim3`, model @ USB location, the port path). */
  readonly baseLabel: string;
  readonly #id = new ModemIdKeeper(() => ({ usbSerial: this.usb?.serialNumber, topology: this.usb?.location, path: this.#ports.find((p) => p.role === 'at')?.path }));
  readonly simulated: boolean;
  readonly simIndex: number | null;
  readonly console = new ConsoleLog();
  readonly #facts = new LineFacts();
  readonly usb: ModemView['usb'];
  /** Set until the modem has been opened the first time. */
  #setup: 'opening' | 'offline' | 'done' = 'opening';
  #setupReason: string | null = null;
  operator: string | null = null;
  lastSeen: number | null = null;
  readonly #o: SupervisedModemOptions;
  #ports: ModemPort[];
  #modem: Modem | null = null;
  #sup: ModemSupervisor | null = null;
  #health: HealthMonitor | null = null;
  /** QMI signal for health polls, where discovery found the modem's cdc-wdm (issue 15). */
  #qmiSignal: SignalSource | null = null;
  #unsub: (() => void)[] = [];
  #running = new Set<AbortController>();
  #disposed = false;
  #lastSeenMarked = 0;
  #connecting: Promise<void> | null = null;
  readonly #identity = new IdentityRefresher({
    modem: () => this.#modem,
    ready: () => this.#sup?.state.state === 'ready',
    disposed: () => this.#disposed,
    changed: (what, reason) => {
      this.#event(`identity re-read (${reason}): ${what}`);
      // Another modem in the slot gets its own id, down to the controller key.
      if (this.#id.reread(this.identity.imei)) this.#modem?.adoptId(this.id);
      this.#o.onChange(this);
    },
  });

  constructor(o: SupervisedModemOptions) {
    this.#o = o;
    this.baseLabel = o.label;
    this.simulated = o.simulated;
    this.simIndex = o.simIndex;
    this.#ports = o.ports;
    this.usb = o.usb;
  }

  get identity(): ModemIdentity {
    return this.#modem?.identity ?? { imei: null, manufacturer: null, model: null, firmware: null, revision: null, iccid: null, imsi: null };
  }

  /** Its ModemId: the key of its controller queue, metrics, run results, console and view (see ModemIdKeeper). */
  get id(): ModemId {
    return this.#id.current(this.identity.imei);
  }

  /** For people: the slot name (the first lab tag) when the engineer gave one, else the source's name. May change; never a key. */
  get label(): string {
    return this.#o.labTags?.(this.identity.imei)[0] ?? this.baseLabel;
  }

  get supervisor(): ModemSupervisor | null {
    return this.#sup;
  }

  get state(): ModemState {
    if (this.#setup !== 'done') return this.#setup;
    const s = this.#sup!.state;
    if (s.state === 'offline') return 'offline';
    if (s.state === 'failed') return 'failed';
    if (s.state === 'recovering') return 'recovering';
    return this.#running.size > 0 ? 'busy' : 'idle';
  }

  /** The AT port is open and the modem answers commands: what the status bar counts as online. */
  get answering(): boolean {
    if (this.#setup !== 'done' || this.#sup?.state.state !== 'ready') return false;
    return this.#modem?.port?.state === 'open';
  }

  get reason(): string | null {
    if (this.#setup !== 'done') return this.#setupReason;
    const s = this.#sup!.state;
    if (s.state === 'offline' || s.state === 'failed') return s.reason;
    if (s.state === 'recovering') return `${s.step}: ${s.cause}`;
    const h = this.#health?.snapshot;
    return h && h.reasons.length ? h.reasons.join('; ') : null;
  }

  /** Opens the AT port, initialises the session, reads identity, then supervises. Retries when the device comes back. */
  connect(): Promise<void> {
    this.#connecting ??= this.#connect().finally(() => {
      this.#connecting = null;
    });
    return this.#connecting;
  }

  async #connect(): Promise<void> {
    const at = this.#ports.find((p) => p.role === 'at')?.path;
    if (!at) {
      // Only a DM port (broken boot), or an unknown layout: nothing to talk AT on until it re-enumerates.
      this.#setSetup('offline', 'no AT port on this device (booting, broken boot, or an unknown USB layout)');
      this.#retryWhenBack();
      return;
    }
    this.#setSetup('opening', `opening ${at}`);
    let modem: Modem | null = null;
    try {
      modem = await this.#o.bench.add(this.#ports, this.baseLabel, { id: this.id });
      this.#modem = modem;
      await modem.init();
      await modem.readIdentity();
      // Nothing else has queued on it yet: from here its commands queue under its ModemId.
      modem.adoptId(this.#id.fix(modem.identity.imei));
    } catch (err) {
      let msg = toErrorInfo(err).message;
      if (!this.simulated && isBenchError(err) && ['port-busy', 'permission-denied', 'port-not-found'].includes(err.code)) {
        // Say why and how to fix it (and, on Linux, which program holds the port).
        const d = await diagnosePortFailure(at, err, { platform: process.platform }).catch(() => null);
        if (d) msg = formatDiagnostic(d);
      }
      this.#o.logger.warn({ modem: this.label, err: msg }, 'modem setup failed');
      this.#event(`setup failed: ${msg}`, 'error');
      if (modem) await this.#o.bench.remove(modem).catch(() => undefined);
      this.#modem = null;
      this.#setSetup('offline', msg);
      this.#retryWhenBack();
      return;
    }
    this.#identity.markRead();
    this.#event(`identity: IMEI ${modem.identity.imei ?? '?'} ${modem.identity.model ?? ''} ${modem.identity.revision ?? ''}`);
    this.#supervise(modem);
    this.#setSetup('done', null);
    await this.poll('health');
  }

  #retryWhenBack(): void {
    const off = this.#o.locator.onChange(() => {
      const p = this.#o.locator.current();
      if (this.#disposed || !p?.some((x) => x.role === 'at')) return;
      off();
      this.#ports = p;
      void this.connect();
    });
    this.#unsub.push(off);
  }

  #supervise(modem: Modem): void {
    const sup = new ModemSupervisor(modem, this.#o.bench, {
      locator: this.#o.locator,
      powerCycle: this.#o.powerCycle,
      hookMutex: this.#o.hookMutex,
      resetsPerHour: this.#o.resetsPerHour,
    });
    const qmiPath = this.simulated ? null : (this.#ports.find((p) => p.role === 'qmi')?.path ?? null);
    void this.#qmiSignal?.close();
    this.#qmiSignal = this.#o.qmiSignal?.() ?? (qmiPath ? qmiSignalSource(() => QmiFilePort.open(qmiPath)) : null);
    const health = new HealthMonitor(sup, { intervalMs: this.#o.healthPollMs, ...(this.#qmiSignal ? { signalSource: this.#qmiSignal } : {}) });
    this.#sup = sup;
    this.#health = health;
    const port = modem.port!;
    this.#unsub.push(
      modem.session!.onTrace((t) => {
        if (this.#facts.observe(t)) this.#o.onChange(this);
        if (t.internal && t.kind !== 'tx') return;
        // Health polls and the ladder's own commands are background: the console hides them by default.
        const cls = modem.activeClass;
        const bg = cls === 'health' ? 'health' : t.internal || cls === 'recovery' || sup.state.state === 'recovering' ? 'recovery' : undefined;
        const kind = t.internal ? 'event' : t.kind === 'final' && ERROR_FINAL.test(t.text) ? 'error' : TRACE_KIND[t.kind];
        this.console.add(kind, t.internal ? `resync: ${t.text}` : t.text, t.at, bg);
        this.#o.onConsole(this);
      }),
      port.onData(() => {
        const now = port.now(); // the chunk's own clock reading (one per chunk)
        this.lastSeen = now;
        if (now - this.#lastSeenMarked > 1000) {
          this.#lastSeenMarked = now;
          this.#o.onChange(this);
        }
      }),
      sup.onStateChange((st) => {
        this.#o.onChange(this);
        if (st.state === 'ready') this.#identity.onReady();
      }),
      sup.onOutcome((o) => this.#o.onAttempt(this, o)),
      health.onChange(() => this.#o.onChange(this)),
      health.onSample((snap) => {
        this.#o.onHealthSample(this, snap);
        // A field the first read missed (a lost reply under faults) is asked again, not left "—" for good.
        this.#identity.onHealthSample();
      }),
      sup.timeline.on((ev) => {
        this.#identity.onTimeline(ev);
        const v = timelineView(ev);
        // The ladder's steps are background; that the modem failed is not.
        const text = `${ev.kind}${ev.step ? ` ${ev.step}` : ''}${ev.cause ? ` (${ev.cause})` : ''}${ev.detail ? `: ${ev.detail}` : ''}`;
        this.#event(text, ev.kind === 'failed' || ev.kind === 'step-failed' ? 'error' : 'event', ev.kind === 'failed' ? undefined : 'recovery');
        this.#o.onTimeline(this, v);
      }),
    );
    health.start();
  }

  /** Runs a command; never throws: the outcome carries the error. `signal`: the caller's cancel (its own command only). */
  async run(command: string, o: { cls: CommandClass; timeoutMs?: number; user?: boolean; payload?: string; signal?: AbortSignal }): Promise<CommandOutcome> {
    const sup = this.#sup;
    if (!sup) return outcomeOf(command, { error: new ModemUnavailableError(this.label, this.#setupReason ?? 'not set up') });
    // Ours aborts it when the modem is removed; the caller's when the caller cancels.
    const ac = new AbortController();
    const signal = o.signal ? AbortSignal.any([ac.signal, o.signal]) : ac.signal;
    // A swapped-in modem's id waits for an idle queue to become the controller key.
    if (this.#modem && this.#modem.key !== this.id) this.#modem.adoptId(this.id);
    const wasIdle = this.state === 'idle';
    this.#running.add(ac);
    if (wasIdle) this.#o.onChange(this);
    let outcome: CommandOutcome;
    try {
      const response = await sup.exec(command, { cls: o.cls, timeoutMs: o.timeoutMs, signal, payload: o.payload });
      outcome = outcomeOf(command, { response });
      if (response.final.success) this.absorb(outcome.parsed);
    } catch (error) {
      outcome = outcomeOf(command, { error });
      const bg = o.cls === 'health' ? 'health' : o.cls === 'recovery' ? 'recovery' : undefined;
      if (o.user || outcome.status !== 'cancelled') this.#event(`${command}: ${outcome.status}: ${outcome.error?.message ?? ''}`, 'error', bg);
    } finally {
      this.#running.delete(ac);
      if (this.#running.size === 0) this.#o.onChange(this);
    }
    return outcome;
  }

  /** Reads identity again now (see IdentityRefresher for when it happens on its own). */
  refreshIdentity(reason: string): Promise<void> {
    return this.#identity.refresh(reason);
  }

  /** What batch selectors (`modems: {tag: …}`) and the filter match: `simulated`, then the lab tags. */
  tags(): string[] {
    return [...(this.simulated ? ['simulated'] : []), ...(this.#o.labTags?.(this.identity.imei) ?? [])];
  }

  /**
   * A look at the modem now: the health monitor's poll (signal, registration,
   * RAT, temperature), plus the operator's name, which only the bench shows.
   */
  async poll(cls: CommandClass): Promise<void> {
    if (!this.#sup || this.#sup.state.state !== 'ready') return;
    await this.#health?.poll();
    await this.run('AT+COPS?', { cls });
    await this.run('AT+CPIN?', { cls });
  }

  /** Runs the recovery ladder from `step`, by hand. */
  #manual: AbortController | null = null;

  /** Runs one ladder step by hand, that step only, within its stated limit; cancelRecovery() stops it. */
  async recover(step: LadderStep): Promise<ManualStepOutcomeView> {
    const sup = this.#sup;
    if (!sup) throw new ModemUnavailableError(this.label, this.#setupReason ?? 'not set up');
    this.#event(`manual ${step}`);
    const ac = new AbortController();
    this.#manual = ac;
    try {
      const r = await sup.runStep(step, { signal: ac.signal, limitMs: MANUAL_STEP_LIMIT_MS[step] });
      return { state: sup.state.state, ...r };
    } finally {
      if (this.#manual === ac) this.#manual = null;
    }
  }

  /** Stops the step run by hand, or the revive, if one runs. */
  cancelRecovery(): boolean {
    const ac = this.#manual;
    if (!ac) return false;
    ac.abort(new CancelledError('cancelled by the engineer'));
    return true;
  }

  /** Brings a failed modem back through the ladder; cancelRecovery() stops it (the modem stays failed). */
  async revive(): Promise<string> {
    const sup = this.#sup;
    if (!sup) throw new ModemUnavailableError(this.label, this.#setupReason ?? 'not set up');
    const ac = new AbortController();
    this.#manual = ac;
    try {
      await sup.revive(ac.signal);
    } finally {
      if (this.#manual === ac) this.#manual = null;
    }
    return sup.state.state;
  }

  /** Settings changed: the health interval and the reset budget apply from now on. */
  applySettings(o: { healthPollMs: number; resetsPerHour: number }): void {
    this.#health?.setIntervalMs(o.healthPollMs);
    this.#sup?.setResetsPerHour(o.resetsPerHour);
  }

  /** This modem as a batch run target (null until it is set up): commands go with the batch class. */
  runTarget(): RunTarget | null {
    return this.#sup ? supervisedRunTarget(this, this.#sup) : null;
  }

  timeline(afterSeq = 0): TimelineEventView[] {
    return (this.#sup?.timeline.events(afterSeq) ?? []).map(timelineView);
  }

  /** Learns from any parsed response, whoever sent the command. */
  absorb(parsed: unknown): void {
    if (!parsed || typeof parsed !== 'object') return;
    this.#health?.absorb(parsed);
    if ((parsed as { type?: string }).type === 'cops') this.operator = (parsed as CopsInfo).oper;
    this.#o.onChange(this);
  }

  view(): ModemView {
    const h = healthView(this.#health?.snapshot ?? null);
    return {
      id: this.id,
      label: this.label,
      simulated: this.simulated,
      state: this.state,
      reason: this.reason,
      identity: { ...this.identity },
      ports: (this.#modem?.ports ?? this.#ports).map((p) => ({ ...p })),
      usb: this.usb,
      ...h,
      operator: this.operator,
      queueDepth: this.#o.bench.controller.queueDepth(this.#modem?.key ?? ''),
      band: this.#facts.band,
      simState: this.#facts.simState,
      lastSeen: this.lastSeen,
      tags: this.tags(),
      labTags: this.#o.labTags?.(this.identity.imei) ?? [],
    };
  }

  dispose(): void {
    this.#disposed = true;
    for (const ac of this.#running) ac.abort(new CancelledError('modem removed'));
    for (const u of this.#unsub.splice(0)) u();
    this.#health?.stop();
    void this.#qmiSignal?.close();
    this.#sup?.dispose();
    void this.console.stopFile();
  }

  get pendingTimers(): number {
    return (this.#health?.pendingTimers ?? 0) + (this.#sup?.pendingTimers ?? 0);
  }

  #setSetup(s: 'opening' | 'offline' | 'done', reason: string | null): void {
    this.#setup = s;
    this.#setupReason = reason;
    this.#o.onChange(this);
  }

  #event(text: string, kind: ConsoleKind = 'event', bg?: ConsoleBackground): void {
    this.console.add(kind, text, Date.now(), bg);
    this.#o.onConsole(this);
  }
}

export { bars, timelineView };
