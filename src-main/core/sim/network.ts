/**
 * Registration and radio of one modem: searching -> registered (home or
 * roaming) -> occasionally lost, with +CREG/+CGREG/+CEREG URCs when enabled.
 * Signal values drift as a mean-reverting random walk computed on demand, so
 * idle modems cost no timers beyond the next registration event.
 */
import { OPERATORS, type SimIdentity, type SimOperator } from './identity';
import type { ResolvedBenchOptions } from './options';
import type { Rng } from './prng';

/** 27.007 <stat>: 0 not registered/not searching, 1 home, 2 searching, 3 denied, 5 roaming. */
export type RegStat = 0 | 1 | 2 | 3 | 5;

export interface RadioSample {
  rsrp: number;
  rsrq: number;
  sinr: number;
  rssi: number;
}

export interface SimCell {
  operator: SimOperator;
  tac: string;
  cellId: string;
  pci: number;
}

export class SimNetwork {
  stat: RegStat = 0;
  cell: SimCell | null = null;
  /** AT+CREG / +CGREG / +CEREG <n>. */
  urc = { CREG: 0, CGREG: 0, CEREG: 0 } as Record<'CREG' | 'CGREG' | 'CEREG', 0 | 1 | 2>;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #radio: RadioSample;
  #radioAt: number;
  #meanRsrp: number;

  constructor(
    private readonly rng: Rng,
    private readonly identity: SimIdentity,
    private readonly options: ResolvedBenchOptions,
    private readonly emit: (line: string) => void,
  ) {
    this.#meanRsrp = rng.int(-110, -75);
    this.#radio = { rsrp: this.#meanRsrp, rsrq: -10, sinr: 10, rssi: this.#meanRsrp + 30 };
    this.#radioAt = Date.now();
  }

  get registered(): boolean {
    return this.stat === 1 || this.stat === 5;
  }

  /** Radio on with a usable SIM: registered at once (`now`) or after a search. */
  start(now: boolean): void {
    this.#clear();
    if (now) this.#register();
    else this.#search();
  }

  /** Radio off, SIM gone or locked, or AT+COPS=2. */
  stop(): void {
    this.#clear();
    this.cell = null;
    this.#set(0);
  }

  dispose(): void {
    this.#clear();
  }

  #search(): void {
    this.cell = null;
    this.#set(2);
    const r = this.options.registrationDelayMs;
    this.#timer = setTimeout(() => this.#register(), this.rng.int(r.min, r.max));
  }

  #register(): void {
    this.#timer = null;
    const home = this.identity.home;
    const roaming = this.rng.chance(0.15);
    const operator = roaming ? this.rng.pick(OPERATORS.filter((o) => o.mcc !== home.mcc || o.mnc !== home.mnc)) : home;
    this.cell = {
      operator,
      tac: this.rng.int(0x1000, 0xfffe).toString(16).toUpperCase(),
      cellId: this.rng.int(0x100000, 0xfffffff).toString(16).toUpperCase(),
      pci: this.rng.int(0, 503),
    };
    this.#set(roaming ? 5 : 1);
    const perHour = this.options.registrationLossPerHour;
    if (perHour > 0) this.#timer = setTimeout(() => this.#search(), this.rng.exp(3_600_000 / perHour));
  }

  #clear(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #set(stat: RegStat): void {
    if (stat === this.stat) return;
    this.stat = stat;
    for (const name of ['CREG', 'CGREG', 'CEREG'] as const) {
      const n = this.urc[name];
      if (n > 0) this.emit(`+${name}: ${this.#regFields(n)}`);
    }
  }

  /** `<stat>[,"<tac>","<ci>",7]` (the URC form: no <n>). */
  #regFields(n: number): string {
    return n === 2 && this.cell ? `${this.stat},"${this.cell.tac}","${this.cell.cellId}",7` : String(this.stat);
  }

  /** The read response `+CREG: <n>,<stat>[,...]`. */
  regRead(name: 'CREG' | 'CGREG' | 'CEREG'): string {
    const n = this.urc[name];
    return `+${name}: ${n},${this.#regFields(n)}`;
  }

  radio(): RadioSample {
    const now = Date.now();
    const steps = Math.min(60, Math.floor((now - this.#radioAt) / 1000));
    if (steps > 0) {
      this.#radioAt = now;
      const r = this.#radio;
      for (let i = 0; i < steps; i++) {
        // A modem on a bench does not fade: the walk stays within 6 dB of its mean and above
        // -112 dBm, so a fault-free modem never crosses the health monitor's weak-signal line
        // (-115 dBm). Weak signal is for a fault plan to cause, not for chance.
        r.rsrp = clamp(Math.round(r.rsrp + (this.#meanRsrp - r.rsrp) * 0.1 + this.rng.int(-2, 2)), Math.max(this.#meanRsrp - 6, -112), this.#meanRsrp + 6);
        r.rsrq = clamp(Math.round(r.rsrq + (-10 - r.rsrq) * 0.2 + this.rng.int(-1, 1)), -20, -3);
        r.sinr = clamp(Math.round(r.sinr + (10 - r.sinr) * 0.1 + this.rng.int(-2, 2)), -20, 30);
        r.rssi = clamp(r.rsrp + 30 + this.rng.int(-3, 3), -113, -51);
      }
    }
    return { ...this.#radio };
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
