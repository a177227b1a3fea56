import type { TraceEvent } from '../at/session';
import type { CommandClass } from '../at/types';
import type { CsqInfo, QengServingInfo, QnwinfoInfo, QtempInfo, CopsInfo } from '../at/parsers';
import type { Bench } from '../bench/bench';
import type { Modem, ModemIdentity, ModemPort } from '../bench/modem';
import { type CommandOutcome, outcomeOf } from '../bench/outcome';
import { CancelledError, toErrorInfo } from '../errors';
import type { Logger } from '../log';
import type { ConsoleKind, ModemState, ModemView, SignalView } from '../../../src-preload/contract';
import { ConsoleLog } from './console-log';

export interface ModemEntryOptions {
  label: string;
  simulated: boolean;
  simIndex: number | null;
  ports: ModemPort[];
  usb: ModemView['usb'];
  bench: Bench;
  onChange(e: ModemEntry): void;
  onConsole(e: ModemEntry): void;
  /** Every finished command: true when the modem answered with a final result code. */
  onOutcome(answered: boolean): void;
  logger: Logger;
}

const TRACE_KIND: Record<TraceEvent['kind'], ConsoleKind> = {
  tx: 'tx',
  echo: 'rx',
  info: 'rx',
  final: 'rx',
  prompt: 'rx',
  urc: 'urc',
  late: 'late',
  unsolicited: 'late',
  garbage: 'garbage',
};

const POLL_COMMANDS = ['AT+CSQ', 'AT+QENG="servingcell"', 'AT+COPS?', 'AT+QNWINFO', 'AT+QTEMP'];

let nextKey = 0;

/**
 * One modem as the app shows it: its bench Modem (ports, session), the state
 * shown in the UI, the last signal figures, and its console log. It follows
 * the modem across re-enumeration: new port paths, same entry.
 */
export class ModemEntry {
  readonly key = `mdm${nextKey++}`;
  readonly label: string;
  readonly simulated: boolean;
  readonly simIndex: number | null;
  readonly console = new ConsoleLog();
  readonly usb: ModemView['usb'];
  state: ModemState = 'opening';
  reason: string | null = null;
  ports: ModemPort[];
  signal: SignalView | null = null;
  operator: string | null = null;
  rat: string | null = null;
  temperatureC: number | null = null;
  lastSeen: number | null = null;
  /** The id last sent to the renderer, so a change (key -> IMEI) can retire the old row. */
  lastEmittedId: string | null = null;
  readonly #o: ModemEntryOptions;
  #modem: Modem | null = null;
  #unsub: (() => void)[] = [];
  #running = new Set<AbortController>();
  #userRunning: AbortController | null = null;
  #reconnecting = false;
  #disposed = false;
  #lastSeenMarked = 0;

  constructor(o: ModemEntryOptions) {
    this.#o = o;
    this.label = o.label;
    this.simulated = o.simulated;
    this.simIndex = o.simIndex;
    this.ports = o.ports;
    this.usb = o.usb;
  }

  get identity(): ModemIdentity {
    return this.#modem?.identity ?? { imei: null, manufacturer: null, model: null, firmware: null, revision: null, iccid: null, imsi: null };
  }

  get id(): string {
    return this.identity.imei ?? this.key;
  }

  /** Opens the AT port, initialises the session, reads identity and a first signal poll. */
  async connect(): Promise<void> {
    this.#set('opening', `opening ${this.#atPath() ?? '?'}`);
    try {
      const modem = await this.#o.bench.add(this.ports, this.label);
      this.#modem = modem;
      this.#subscribe(modem);
      await modem.init();
      await modem.readIdentity();
      this.#event(`identity: IMEI ${modem.identity.imei ?? '?'} ${modem.identity.model ?? ''} ${modem.identity.revision ?? ''}`);
      this.#set('idle', null);
      await this.poll('health');
    } catch (err) {
      const msg = toErrorInfo(err).message;
      this.#o.logger.warn({ modem: this.label, err: msg }, 'modem setup failed');
      this.#event(`setup failed: ${msg}`, 'error');
      this.#set(this.#modem?.port?.isOpen ? 'idle' : 'offline', msg);
    }
  }

  #subscribe(modem: Modem): void {
    const port = modem.port!;
    const session = modem.session!;
    this.#unsub.push(
      session.onTrace((t) => {
        if (t.internal && t.kind !== 'tx') return;
        this.console.add(t.internal ? 'event' : TRACE_KIND[t.kind], t.internal ? `resync: ${t.text}` : t.text, t.at, t.kind === 'tx' ? `${t.text}\r` : undefined);
        this.#o.onConsole(this);
      }),
      port.onData(() => {
        const now = Date.now();
        this.lastSeen = now;
        if (now - this.#lastSeenMarked > 1000) {
          this.#lastSeenMarked = now;
          this.#o.onChange(this);
        }
      }),
      port.onClose((reason) => {
        if (reason.kind !== 'disconnected' || this.#disposed) return;
        this.#event(`port ${port.path} vanished`, 'error');
        this.#set('offline', 'port vanished (unplugged, reset or USB glitch)');
      }),
    );
  }

  /**
   * The USB device behind this modem re-enumerated: `ports` is what exists
   * now (empty while it is gone). Reopen the AT port at its new path.
   */
  portsChanged(ports: ModemPort[]): void {
    if (this.#disposed) return;
    if (ports.length === 0) {
      if (this.state !== 'offline') this.#set('offline', 'device not present');
      return;
    }
    this.ports = ports;
    if (this.#modem) this.#modem.ports = ports;
    void this.#reconnect();
  }

  async #reconnect(): Promise<void> {
    const modem = this.#modem;
    if (!modem) return this.connect();
    if (this.#reconnecting) return;
    const at = this.#atPath();
    if (!at || (modem.port?.isOpen && modem.port.path === at)) return;
    this.#reconnecting = true;
    this.#set('opening', `reopening at ${at}`);
    try {
      // A modem that just came back is silent until RDY: keep trying for a while.
      for (let attempt = 0; attempt < 30 && !this.#disposed; attempt++) {
        try {
          if (!modem.port!.isOpen || modem.port!.path !== at) await this.#o.bench.pool.reopen(modem.port!, at);
          await modem.init();
          this.#event(`reattached at ${at}`);
          this.#set('idle', null);
          return;
        } catch (err) {
          if (this.#atPath() !== at) return; // moved again; the next change handles it
          if (attempt === 29) throw err;
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    } catch (err) {
      this.#set('offline', `could not reattach: ${toErrorInfo(err).message}`);
    } finally {
      this.#reconnecting = false;
    }
  }

  /** Runs a command; never throws: the outcome carries the error. */
  async run(command: string, o: { cls: CommandClass; timeoutMs?: number; user?: boolean }): Promise<CommandOutcome> {
    const modem = this.#modem;
    if (!modem) return outcomeOf(command, { error: new CancelledError(`modem ${this.label} is not connected`) });
    const ac = new AbortController();
    this.#running.add(ac);
    if (o.user) this.#userRunning = ac;
    if (this.state === 'idle') this.#set('busy', null);
    let outcome: CommandOutcome;
    try {
      const response = await modem.exec(command, { cls: o.cls, timeoutMs: o.timeoutMs, signal: ac.signal });
      outcome = outcomeOf(command, { response });
      this.absorb(outcome.parsed);
    } catch (error) {
      outcome = outcomeOf(command, { error });
      if (o.user || outcome.status !== 'cancelled') this.#event(`${command}: ${outcome.status}: ${outcome.error?.message ?? ''}`, 'error');
    } finally {
      this.#running.delete(ac);
      if (this.#userRunning === ac) this.#userRunning = null;
      if (this.state === 'busy' && this.#running.size === 0) this.#set('idle', null);
    }
    this.#o.onOutcome(outcome.final !== null);
    return outcome;
  }

  cancelRunning(): boolean {
    const ac = this.#userRunning;
    if (!ac) return false;
    ac.abort(new CancelledError('cancelled by the user'));
    return true;
  }

  /** A low-priority look at signal, operator, RAT and temperature. */
  async poll(cls: CommandClass): Promise<void> {
    if (!this.#modem || this.state === 'offline' || this.state === 'opening') return;
    for (const cmd of POLL_COMMANDS) {
      const o = await this.run(cmd, { cls });
      if (o.status === 'disconnected' || o.status === 'timeout') break;
    }
  }

  /** Learns from any parsed response, whoever sent the command. */
  absorb(parsed: unknown): void {
    if (!parsed || typeof parsed !== 'object') return;
    const p = parsed as { type?: string };
    const now = Date.now();
    const sig = (): SignalView => this.signal ?? { csq: null, rssiDbm: null, rsrp: null, rsrq: null, sinr: null, bars: 0, at: now };
    switch (p.type) {
      case 'csq': {
        const c = parsed as CsqInfo;
        this.signal = { ...sig(), csq: c.rssi, rssiDbm: c.rssiDbm, at: now };
        break;
      }
      case 'qeng-serving': {
        const q = parsed as QengServingInfo;
        const cell = q.cell as { rat?: string; rsrp?: number | null; rsrq?: number | null; sinr?: number | null } | null;
        if (cell?.rat === 'LTE') this.signal = { ...sig(), rsrp: cell.rsrp ?? null, rsrq: cell.rsrq ?? null, sinr: cell.sinr ?? null, at: now };
        if (cell?.rat) this.rat = cell.rat;
        break;
      }
      case 'cops': {
        const c = parsed as CopsInfo;
        this.operator = c.oper;
        break;
      }
      case 'qnwinfo': {
        const q = parsed as QnwinfoInfo;
        this.rat = q.service ? q.act : 'No Service';
        break;
      }
      case 'qtemp': {
        this.temperatureC = (parsed as QtempInfo).maxCelsius;
        break;
      }
      default:
        return;
    }
    if (this.signal) this.signal.bars = bars(this.signal);
    this.#o.onChange(this);
  }

  view(): ModemView {
    return {
      id: this.id,
      label: this.label,
      simulated: this.simulated,
      state: this.state,
      reason: this.reason,
      identity: { ...this.identity },
      ports: this.ports.map((p) => ({ ...p })),
      usb: this.usb,
      signal: this.signal ? { ...this.signal } : null,
      operator: this.operator,
      rat: this.rat,
      temperatureC: this.temperatureC,
      queueDepth: this.#o.bench.controller.queueDepth(this.#modem?.key ?? ''),
      lastSeen: this.lastSeen,
      tags: this.simulated ? ['simulated'] : [],
    };
  }

  dispose(): void {
    this.#disposed = true;
    for (const ac of this.#running) ac.abort(new CancelledError('modem removed'));
    for (const u of this.#unsub.splice(0)) u();
  }

  #atPath(): string | null {
    return this.ports.find((p) => p.role === 'at')?.path ?? null;
  }

  #set(state: ModemState, reason: string | null): void {
    if (this.state === state && this.reason === reason) return;
    this.state = state;
    this.reason = reason;
    this.#o.onChange(this);
  }

  #event(text: string, kind: ConsoleKind = 'event'): void {
    this.console.add(kind, text);
    this.#o.onConsole(this);
  }
}

/** Bars from RSRP when known (LTE), else from CSQ's RSSI. */
export function bars(s: SignalView): number {
  if (s.rsrp !== null) return s.rsrp >= -85 ? 4 : s.rsrp >= -95 ? 3 : s.rsrp >= -105 ? 2 : s.rsrp >= -115 ? 1 : 0;
  if (s.rssiDbm !== null) return s.rssiDbm >= -73 ? 4 : s.rssiDbm >= -83 ? 3 : s.rssiDbm >= -93 ? 2 : s.rssiDbm >= -103 ? 1 : 0;
  return 0;
}
