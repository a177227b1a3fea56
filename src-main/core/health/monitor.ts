import type { CsqInfo, QengServingInfo, QnwinfoInfo, QtempInfo, RegistrationInfo } from '../at/parsers';
import { isBenchError, toErrorInfo } from '../errors';
import type { ModemSupervisor } from '../recovery/supervisor';
import type { LadderStep } from '../recovery/timeline';
import { Emitter } from '../util/emitter';
import type { SignalSource } from '../qmi/signal-source';

export type HealthState = 'healthy' | 'degraded' | 'recovering' | 'failed' | 'offline';

export interface HealthSnapshot {
  state: HealthState;
  /** Why the state is not `healthy` (empty when it is). */
  reasons: string[];
  registration: string | null;
  rat: string | null;
  rssiDbm: number | null;
  rsrp: number | null;
  rsrq: number | null;
  sinr: number | null;
  temperatureC: number | null;
  /** Share of failed commands over the last outcomes (0..1). */
  errorRate: number;
  /** ms since epoch of the last answer from the modem. */
  lastSeen: number | null;
  breaker: 'closed' | 'open' | 'half-open';
  recoveryStep: LadderStep | null;
  at: number;
}

export interface HealthThresholds {
  /** RSRP below this (dBm) is weak signal. @default -115 */
  rsrpMin: number;
  /** Hotter than this (°C) is degraded. @default 75 */
  temperatureMax: number;
  /** More failed commands than this share is degraded. @default 0.1 */
  errorRateMax: number;
}

export interface HealthOptions {
  /** Base polling interval (ms). @default 30000 */
  intervalMs?: number;
  /** Commands of one poll, sent with the `health` class. @default ['AT+CSQ', 'AT+CEREG?', 'AT+QENG="servingcell"', 'AT+QTEMP'] */
  commands?: string[];
  /** While unhealthy the interval doubles up to this factor. @default 8 */
  maxBackoff?: number;
  /** @default { rsrpMin: -115, temperatureMax: 75, errorRateMax: 0.1 } */
  thresholds?: Partial<HealthThresholds>;
  /** How many recent outcomes the error rate looks at. @default 50 */
  errorWindow?: number;
  /**
   * Where the modem has a QMI port: signal read through NAS Get Signal Info, off the AT queue;
   * the AT signal commands (AT+CSQ, AT+QENG="servingcell") are then left out of the poll. When a
   * QMI read fails, that poll sends the AT commands as usual.
   * @default none (AT only)
   */
  signalSource?: SignalSource;
}

/** AT commands whose answers a QMI signal reading replaces. */
const AT_SIGNAL = /^AT\+(CSQ|QENG="servingcell")$/i;

/**
 * Periodic low-priority look at one modem: signal, registration, RAT,
 * temperature, error rate. It skips a tick while the modem is busy with
 * more important work and backs off while the modem is unhealthy.
 */
export class HealthMonitor {
  readonly #sup: ModemSupervisor;
  readonly #o: Required<Omit<HealthOptions, 'thresholds' | 'signalSource'>> & { thresholds: HealthThresholds };
  readonly #signal: SignalSource | null;
  readonly #changes = new Emitter<HealthSnapshot>();
  readonly #samples = new Emitter<HealthSnapshot>();
  #snap: HealthSnapshot;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #backoff = 1;
  #outcomes: boolean[] = [];
  #pollError: string | null = null;
  #unsub: (() => void)[] = [];
  #ac = new AbortController();
  #running = false;

  constructor(supervisor: ModemSupervisor, options: HealthOptions = {}) {
    const { intervalMs = 30_000, commands = ['AT+CSQ', 'AT+CEREG?', 'AT+QENG="servingcell"', 'AT+QTEMP'], maxBackoff = 8, errorWindow = 50 } = options;
    if (!(intervalMs >= 100)) throw new TypeError(`intervalMs must be >= 100, got ${intervalMs}`);
    if (!Array.isArray(commands) || commands.some((c) => typeof c !== 'string' || !/^AT/i.test(c))) throw new TypeError('commands must be AT commands');
    if (!(maxBackoff >= 1)) throw new TypeError(`maxBackoff must be >= 1, got ${maxBackoff}`);
    if (!Number.isInteger(errorWindow) || errorWindow < 1) throw new TypeError(`errorWindow must be a positive integer, got ${errorWindow}`);
    this.#sup = supervisor;
    this.#signal = options.signalSource ?? null;
    this.#o = { intervalMs, commands, maxBackoff, errorWindow, thresholds: { rsrpMin: -115, temperatureMax: 75, errorRateMax: 0.1, ...options.thresholds } };
    this.#snap = {
      state: 'healthy',
      reasons: [],
      registration: null,
      rat: null,
      rssiDbm: null,
      rsrp: null,
      rsrq: null,
      sinr: null,
      temperatureC: null,
      errorRate: 0,
      lastSeen: null,
      breaker: 'closed',
      recoveryStep: null,
      at: Date.now(),
    };
    this.#unsub.push(
      supervisor.onOutcome((o) => {
        this.#outcomes.push(o.ok);
        if (this.#outcomes.length > this.#o.errorWindow) this.#outcomes.shift();
        if (o.ok) this.#snap.lastSeen = Date.now();
      }),
      supervisor.onStateChange((st) => {
        // Back in service: what the last poll said while the modem was away is no longer true.
        if (st.state === 'ready') {
          this.#pollError = null;
          this.#backoff = 1;
        }
        this.#recompute();
      }),
      supervisor.breaker.onStateChange(() => this.#recompute()),
    );
    this.#recompute();
  }

  get snapshot(): HealthSnapshot {
    return { ...this.#snap, reasons: [...this.#snap.reasons] };
  }

  onChange(listener: (s: HealthSnapshot) => void): () => void {
    return this.#changes.on(listener);
  }

  /** After every completed poll, changed or not (signal time series). */
  onSample(listener: (s: HealthSnapshot) => void): () => void {
    return this.#samples.on(listener);
  }

  get pendingTimers(): number {
    return this.#timer ? 1 : 0;
  }

  /** Changes the base interval; the next poll uses it. */
  setIntervalMs(ms: number): void {
    if (!(ms >= 100)) throw new TypeError(`intervalMs must be >= 100, got ${ms}`);
    this.#o.intervalMs = ms;
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#schedule();
    }
  }

  start(): void {
    if (!this.#timer && !this.#ac.signal.aborted) this.#schedule();
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#ac.abort();
    for (const u of this.#unsub.splice(0)) u();
    this.#changes.clear();
    this.#samples.clear();
  }

  /** Learns from a parsed response, whoever asked (a console command counts too). */
  absorb(parsed: unknown): void {
    if (!parsed || typeof parsed !== 'object') return;
    const s = this.#snap;
    const p = parsed as { type?: string };
    switch (p.type) {
      case 'csq':
        s.rssiDbm = (parsed as CsqInfo).rssiDbm;
        break;
      case 'creg':
      case 'cgreg':
      case 'cereg': {
        const r = parsed as RegistrationInfo;
        s.registration = r.statName ?? null;
        break;
      }
      case 'qeng-serving': {
        const q = parsed as QengServingInfo;
        const cell = q.cell as { rat?: string; rsrp?: number | null; rsrq?: number | null; sinr?: number | null } | null;
        if (cell?.rat) s.rat = cell.rat;
        if (cell?.rat === 'LTE') {
          s.rsrp = cell.rsrp ?? null;
          s.rsrq = cell.rsrq ?? null;
          s.sinr = cell.sinr ?? null;
        }
        break;
      }
      case 'qnwinfo': {
        const q = parsed as QnwinfoInfo;
        s.rat = q.service ? q.act : null;
        break;
      }
      case 'qtemp':
        s.temperatureC = (parsed as QtempInfo).maxCelsius;
        break;
      default:
        return;
    }
    s.lastSeen = Date.now();
  }

  /** One poll now (skipped when the modem is busy or not ready). */
  async poll(): Promise<void> {
    if (this.#running || this.#sup.state.state !== 'ready') return this.#recompute();
    if (this.#sup.modem.isBusy()) return;
    this.#running = true;
    this.#pollError = null;
    try {
      let viaQmi = false;
      if (this.#signal) {
        try {
          const r = await this.#signal.read(this.#ac.signal);
          this.#snap = { ...this.#snap, rat: r.rat ?? this.#snap.rat, rssiDbm: r.rssiDbm, rsrp: r.rsrp, rsrq: r.rsrq, sinr: r.sinr, lastSeen: Date.now() };
          viaQmi = true;
        } catch {
          // QMI away or silent: AT answers for this poll.
        }
      }
      for (const cmd of this.#o.commands) {
        if (viaQmi && AT_SIGNAL.test(cmd)) continue;
        const r = await this.#sup.exec(cmd, { cls: 'health', signal: this.#ac.signal });
        if (r.final.success) this.absorb(r.parsed);
      }
    } catch (err) {
      // A poll refused because the modem is recovering says nothing new about it.
      if (!this.#ac.signal.aborted && !(isBenchError(err) && err.code === 'modem-unavailable')) this.#pollError = toErrorInfo(err).message;
    } finally {
      this.#running = false;
    }
    this.#recompute();
    if (!this.#pollError) this.#samples.emit(this.snapshot);
  }

  #schedule(): void {
    this.#timer = setTimeout(async () => {
      this.#timer = undefined;
      await this.poll();
      this.#backoff = this.#snap.state === 'healthy' ? 1 : Math.min(this.#o.maxBackoff, this.#backoff * 2);
      if (!this.#ac.signal.aborted) this.#schedule();
    }, this.#o.intervalMs * this.#backoff);
  }

  #recompute(): void {
    const s = this.#snap;
    const sup = this.#sup.state;
    const b = this.#sup.breaker.state;
    const t = this.#o.thresholds;
    s.breaker = b.state;
    s.recoveryStep = sup.state === 'recovering' ? sup.step : null;
    s.errorRate = this.#outcomes.length ? this.#outcomes.filter((ok) => !ok).length / this.#outcomes.length : 0;
    const reasons: string[] = [];
    let state: HealthState;
    if (sup.state === 'failed') {
      state = 'failed';
      reasons.push(sup.reason);
    } else if (sup.state === 'offline') {
      state = 'offline';
      reasons.push(sup.reason);
    } else if (sup.state === 'recovering') {
      state = 'recovering';
      reasons.push(`${sup.step}: ${sup.cause}`);
    } else {
      if (b.state !== 'closed') reasons.push(b.state === 'open' ? `circuit open: ${b.reason}` : 'circuit half-open (probing)');
      if (s.registration && !/^(home|roaming)/.test(s.registration)) reasons.push(`not registered (${s.registration})`);
      if (s.rsrp !== null && s.rsrp < t.rsrpMin) reasons.push(`weak signal: RSRP ${s.rsrp} dBm`);
      if (s.temperatureC !== null && s.temperatureC > t.temperatureMax) reasons.push(`hot: ${s.temperatureC} °C`);
      if (s.errorRate > t.errorRateMax && this.#outcomes.length >= 10) reasons.push(`error rate ${Math.round(s.errorRate * 100)} %`);
      if (this.#pollError) reasons.push(`health poll failed: ${this.#pollError}`);
      state = reasons.length ? 'degraded' : 'healthy';
    }
    const changed = state !== s.state || reasons.join('|') !== s.reasons.join('|');
    s.state = state;
    s.reasons = reasons;
    s.at = Date.now();
    if (changed) this.#changes.emit(this.snapshot);
  }
}
