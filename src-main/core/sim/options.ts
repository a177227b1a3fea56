/** Options of the simulated bench, their defaults and validation (TypeError names the bad field). */
import { checkFaultPlan, parseFaultSpec, type FaultPlan } from './faults';
import { parseStartState, type StartStateRule } from './start-state';

export interface LatencyRange {
  min: number;
  max: number;
}

/** Response delay per command class, drawn uniformly (seeded) from the range. */
export interface SimLatency {
  /**
   * Everything not listed below (ATI, +CSQ, +QENG, +CGDCONT, ...).
   * @default { min: 2, max: 30 }
   */
  short: LatencyRange;
  /**
   * AT+CFUN=0/1/4 (the manual allows 15 s).
   * @default { min: 150, max: 1200 }
   */
  cfun: LatencyRange;
  /**
   * AT+COPS? and AT+COPS=<mode>.
   * @default { min: 5, max: 60 }
   */
  cops: LatencyRange;
  /**
   * AT+COPS=? (network scan; the manual allows 180 s).
   * @default { min: 20000, max: 45000 }
   */
  scan: LatencyRange;
  /**
   * AT+CGATT=<n> and AT+CMGS (network round trips).
   * @default { min: 200, max: 2000 }
   */
  network: LatencyRange;
}

export type LatencyClass = keyof SimLatency;

export interface SimSimOptions {
  /**
   * Slots whose SIM asks for a PIN at boot (`+CPIN: SIM PIN`).
   * @default []
   */
  pinLocked?: readonly number[];
  /**
   * Slots without a SIM (`+CME ERROR: 10`).
   * @default []
   */
  absent?: readonly number[];
  /**
   * The PIN that unlocks the locked SIMs.
   * @default '1234'
   */
  pin?: string;
}

export interface ModemSimulatorOptions {
  /**
   * Number of simulated modems (slots).
   * @default 4
   */
  count?: number;
  /**
   * Seed of every random choice; the same seed gives the same identities and bytes.
   * @default 1
   */
  seed?: number;
  /**
   * Fault plan, as a spec string (see faults.ts for the grammar) or a parsed plan.
   * @default 'none'
   */
  faults?: string | FaultPlan;
  /**
   * Response latency per command class; `0` disables every delay (benchmark mode).
   * A partial object overrides only the classes it names.
   * @default the realistic table of `SimLatency`
   */
  latency?: 0 | Partial<SimLatency>;
  /**
   * Deliver replies in seeded random chunks (each read returns at most one chunk). Off: one read
   * can return everything buffered, which is what the benchmark wants.
   * @default true
   */
  chunking?: boolean;
  /**
   * Put pending URCs at random points of a reply (before the echo, between lines, glued after the
   * final). Off: URCs that arrive during a command follow its final result.
   * @default true
   */
  interleaveUrcs?: boolean;
  /**
   * From the ports appearing to `RDY` on the AT port (it is silent before).
   * @default 3000
   */
  bootDelayMs?: number;
  /**
   * From the ports vanishing (reset, USB glitch, replug) to the device enumerating again.
   * @default 1500
   */
  reenumerateDelayMs?: number;
  /**
   * Delay of a `late` fault reply; choose it longer than the caller's timeout.
   * @default 8000
   */
  lateDelayMs?: number;
  /**
   * From boot (or CFUN=1) to network registration, drawn from this range.
   * @default { min: 1000, max: 6000 }
   */
  registrationDelayMs?: LatencyRange;
  /**
   * Mean registration losses per hour while registered (each is followed by a new search).
   * @default 2
   */
  registrationLossPerHour?: number;
  /**
   * Modems start powered, enumerated and registered. False: they power on at construction and
   * go through the boot (ports, then RDY after `bootDelayMs`).
   * @default true
   */
  startReady?: boolean;
  /**
   * SIM card states per slot.
   * @default every SIM present and unlocked
   */
  sim?: SimSimOptions;
  /**
   * AT+CMEE at power-on and after ATZ/AT&F.
   * @default 1
   */
  defaultCmee?: 0 | 1 | 2;
  /**
   * AT settings saved in each modem's user profile at power-on (as if someone had set them and sent
   * AT&W): a spec like `e0,v0,cmee0` or `e0@0-3` (grammar in start-state.ts) or parsed rules. The
   * fault plan's `state:` items are applied after these.
   * @default 'none' (factory settings: E1 V1 Q0 X4 &C1 &D2, CMEE `defaultCmee`)
   */
  startState?: string | readonly StartStateRule[];
}

export const DEFAULT_LATENCY: SimLatency = {
  short: { min: 2, max: 30 },
  cfun: { min: 150, max: 1200 },
  cops: { min: 5, max: 60 },
  scan: { min: 20000, max: 45000 },
  network: { min: 200, max: 2000 },
};

const ZERO: LatencyRange = { min: 0, max: 0 };
export const NO_LATENCY: SimLatency = { short: ZERO, cfun: ZERO, cops: ZERO, scan: ZERO, network: ZERO };

export interface ResolvedBenchOptions {
  count: number;
  seed: number;
  faults: FaultPlan;
  latency: SimLatency;
  /** True when every latency range is 0: lets the hot path skip timers. */
  zeroLatency: boolean;
  chunking: boolean;
  interleaveUrcs: boolean;
  bootDelayMs: number;
  reenumerateDelayMs: number;
  lateDelayMs: number;
  registrationDelayMs: LatencyRange;
  registrationLossPerHour: number;
  startReady: boolean;
  sim: Required<SimSimOptions>;
  defaultCmee: 0 | 1 | 2;
  startState: readonly StartStateRule[];
}

function nonNegative(value: unknown, field: string, fallback: number, integer = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new TypeError(`${field} must be a finite ${integer ? 'integer' : 'number'} >= 0, got ${String(value)}`);
  }
  return value;
}

function range(value: unknown, field: string, fallback: LatencyRange): LatencyRange {
  if (value === undefined) return fallback;
  if (typeof value !== 'object' || value === null) throw new TypeError(`${field} must be { min, max }`);
  const r = value as Partial<LatencyRange>;
  const min = nonNegative(r.min, `${field}.min`, NaN);
  const max = nonNegative(r.max, `${field}.max`, NaN);
  if (Number.isNaN(min) || Number.isNaN(max)) throw new TypeError(`${field} must have both min and max`);
  if (max < min) throw new TypeError(`${field}.max must be >= ${field}.min`);
  return { min, max };
}

function slots(value: unknown, field: string): readonly number[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => Number.isInteger(v) && v >= 0)) {
    throw new TypeError(`${field} must be an array of slot indices`);
  }
  return value as number[];
}

export function resolveBenchOptions(options: ModemSimulatorOptions = {}): ResolvedBenchOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  const count = nonNegative(options.count, 'count', 4, true);
  const seed = nonNegative(options.seed, 'seed', 1, true);
  let faults: FaultPlan;
  if (options.faults === undefined) faults = { rules: [] };
  else if (typeof options.faults === 'string') faults = parseFaultSpec(options.faults);
  else {
    checkFaultPlan(options.faults);
    faults = options.faults;
  }
  let latency: SimLatency;
  if (options.latency === 0) latency = NO_LATENCY;
  else if (options.latency === undefined) latency = DEFAULT_LATENCY;
  else if (typeof options.latency !== 'object' || options.latency === null) {
    throw new TypeError('latency must be 0 or an object of { min, max } ranges per class');
  } else {
    const l = options.latency;
    latency = {
      short: range(l.short, 'latency.short', DEFAULT_LATENCY.short),
      cfun: range(l.cfun, 'latency.cfun', DEFAULT_LATENCY.cfun),
      cops: range(l.cops, 'latency.cops', DEFAULT_LATENCY.cops),
      scan: range(l.scan, 'latency.scan', DEFAULT_LATENCY.scan),
      network: range(l.network, 'latency.network', DEFAULT_LATENCY.network),
    };
  }
  for (const key of ['chunking', 'interleaveUrcs', 'startReady'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'boolean') throw new TypeError(`${key} must be a boolean`);
  }
  const sim = options.sim ?? {};
  if (typeof sim !== 'object' || sim === null) throw new TypeError('sim must be an object');
  if (sim.pin !== undefined && (typeof sim.pin !== 'string' || !/^\d{4,8}$/.test(sim.pin))) {
    throw new TypeError('sim.pin must be 4 to 8 digits');
  }
  const cmee = options.defaultCmee ?? 1;
  if (cmee !== 0 && cmee !== 1 && cmee !== 2) throw new TypeError('defaultCmee must be 0, 1 or 2');
  let startState: readonly StartStateRule[];
  if (options.startState === undefined) startState = [];
  else if (typeof options.startState === 'string') startState = parseStartState(options.startState);
  else if (Array.isArray(options.startState)) startState = options.startState;
  else throw new TypeError('startState must be a start-state spec string or an array of rules');
  return {
    count,
    seed,
    faults,
    latency,
    zeroLatency: Object.values(latency).every((r: LatencyRange) => r.max === 0),
    chunking: options.chunking ?? true,
    interleaveUrcs: options.interleaveUrcs ?? true,
    bootDelayMs: nonNegative(options.bootDelayMs, 'bootDelayMs', 3000),
    reenumerateDelayMs: nonNegative(options.reenumerateDelayMs, 'reenumerateDelayMs', 1500),
    lateDelayMs: nonNegative(options.lateDelayMs, 'lateDelayMs', 8000),
    registrationDelayMs: range(options.registrationDelayMs, 'registrationDelayMs', { min: 1000, max: 6000 }),
    registrationLossPerHour: nonNegative(options.registrationLossPerHour, 'registrationLossPerHour', 2),
    startReady: options.startReady ?? true,
    sim: { pinLocked: slots(sim.pinLocked, 'sim.pinLocked'), absent: slots(sim.absent, 'sim.absent'), pin: sim.pin ?? '1234' },
    defaultCmee: cmee,
    startState: [...startState, ...(faults.states ?? [])],
  };
}
