/**
 * Fault plans: which modems misbehave, how, and how often.
 *
 * ## SPEC grammar
 *
 * ```text
 * spec      := ws ( 'none' | item ( ws ',' ws item )* )? ws
 * item      := 'all' [ '@' selector ]
 *            | kind [ ':' rate ] [ '@' selector ]
 * kind      := 'hang' | 'late' | 'garbage' | 'partial' | 'cme' | 'stuck'   (per command)
 *            | 'disconnect' | 'reboot'                                    (spontaneous)
 *            | 'slow'                                                     (factor)
 *            | 'brick'                                                    (per reboot)
 * rate      := number                     probability in [0, 1]: per command, or per reboot for brick
 *            | number '/' ( 's' | 'min' | 'h' )   events per time unit: disconnect and reboot only
 *            | number [ 'x' ]             slowdown factor >= 1: slow only ("3x" or "3")
 * selector  := range ( '+' range )*       modem slot indices, 0-based
 * range     := int | int '-' int          inclusive, low <= high
 * number    := digits [ '.' digits ] | '.' digits
 * ```
 *
 * Kinds:
 * - `hang`: the command is echoed and swallowed, no reply (the next command is answered normally).
 * - `late`: the reply comes after `lateDelayMs` (longer than a caller's timeout); later commands wait behind it.
 * - `garbage`: random binary bytes are injected at a random point of the reply.
 * - `partial`: the echo and the first half of the reply, cut mid-line, then nothing for that command.
 * - `cme`: the command fails with a random `+CME ERROR` (formatted per AT+CMEE).
 * - `stuck`: from this command on the AT ports echo but answer nothing, until AT+CFUN=1,1 (which still works).
 * - `slow`: every reply takes `factor` times longer (the base is at least 10 ms even with latency off).
 * - `disconnect`: USB glitch: every port vanishes and re-enumerates with new paths; the modem keeps its state.
 * - `reboot`: spontaneous reboot, like AT+CFUN=1,1 without the OK.
 * - `brick`: on a reboot (AT+CFUN=1,1 or `reboot`), with the given probability (default 1), the modem comes
 *   back as QHSUSB__BULK with only interface 0 (DM), until `powerCycle()`.
 *
 * Defaults when the rate is left out: hang/late/garbage/partial 0.01, cme 0.02, stuck 0.002, slow 3x,
 * disconnect and reboot 0.2/min, brick 1. Without a selector an item applies to every modem.
 * `all` is every kind at those defaults except brick, plus `brick` on slots 7, 39, 71, ... (index % 32 === 7).
 * Items are applied left to right; for the same kind and modem the last matching item wins, so
 * `all,hang:0` is everything but hangs. `none` (or an empty string) is no faults.
 *
 * Example: `hang:0.02,late:0.01@0-3,reboot:2/min,brick@7`.
 *
 * Not a fault but carried by the same spec so every `--faults` flag can set it: `state:SETTINGS[@selector]`
 * gives the AT settings the modems have saved in their profile at power-on (start-state.ts), the settings
 * joined with '+': `state:e0+v0+cmee0@0-3`.
 */
import { mergePatch, parseSetting, type StartStateRule } from './start-state';

export const PER_COMMAND_KINDS = ['hang', 'late', 'garbage', 'partial', 'cme', 'stuck'] as const;
export const SPONTANEOUS_KINDS = ['disconnect', 'reboot'] as const;
export const FAULT_KINDS = [...PER_COMMAND_KINDS, ...SPONTANEOUS_KINDS, 'slow', 'brick'] as const;

export type PerCommandFault = (typeof PER_COMMAND_KINDS)[number];
export type SpontaneousFault = (typeof SPONTANEOUS_KINDS)[number];
export type FaultKind = (typeof FAULT_KINDS)[number];

export type FaultRate =
  | { type: 'probability'; value: number }
  | { type: 'perMinute'; value: number }
  | { type: 'factor'; value: number };

/** Which modem slots a rule applies to. A rule matches a modem when every selector matches. */
export type ModemSelector =
  | { type: 'ranges'; ranges: readonly (readonly [number, number])[] }
  | { type: 'every'; period: number; offset: number };

export interface FaultRule {
  kind: FaultKind;
  rate: FaultRate;
  modems: readonly ModemSelector[];
}

export interface FaultPlan {
  rules: readonly FaultRule[];
  /** `state:` items: saved AT settings at power-on per slot (start-state.ts). */
  states?: readonly StartStateRule[];
}

/** What one modem suffers, resolved from a plan. Zero means off. */
export interface ModemFaults {
  /** Probability per command of each per-command kind. */
  perCommand: Readonly<Record<PerCommandFault, number>>;
  /** Mean events per minute of each spontaneous kind. */
  perMinute: Readonly<Record<SpontaneousFault, number>>;
  slowFactor: number;
  /** Probability that a reboot bricks the modem. */
  brick: number;
}

export const NO_FAULTS: FaultPlan = { rules: [] };

export class FaultSpecError extends Error {
  override readonly name = 'FaultSpecError';
  constructor(
    readonly spec: string,
    /** 0-based character offset in the spec where the problem is. */
    readonly position: number,
    problem: string,
  ) {
    super(`Bad fault spec at position ${position}: ${problem}\n  ${spec}\n  ${' '.repeat(position)}^`);
  }
}

const DEFAULT_RATES: Record<FaultKind, FaultRate> = {
  hang: { type: 'probability', value: 0.01 },
  late: { type: 'probability', value: 0.01 },
  garbage: { type: 'probability', value: 0.01 },
  partial: { type: 'probability', value: 0.01 },
  cme: { type: 'probability', value: 0.02 },
  stuck: { type: 'probability', value: 0.002 },
  slow: { type: 'factor', value: 3 },
  disconnect: { type: 'perMinute', value: 0.2 },
  reboot: { type: 'perMinute', value: 0.2 },
  brick: { type: 'probability', value: 1 },
};

/** `all` bricks this small fixed subset of slots. */
export const ALL_BRICK_SELECTOR: ModemSelector = { type: 'every', period: 32, offset: 7 };

export function parseFaultSpec(spec: string): FaultPlan {
  return new SpecParser(spec).parse();
}

class SpecParser {
  #pos = 0;
  #states: StartStateRule[] = [];
  constructor(readonly spec: string) {}

  parse(): FaultPlan {
    this.#ws();
    if (this.#pos === this.spec.length) return NO_FAULTS;
    if (/^none\s*$/.test(this.spec.slice(this.#pos))) return NO_FAULTS;
    const rules: FaultRule[] = [];
    for (;;) {
      rules.push(...this.#item());
      this.#ws();
      if (this.#pos === this.spec.length) break;
      if (this.spec[this.#pos] !== ',') this.#fail(`expected ',' or the end, found '${this.spec[this.#pos]}'`);
      this.#pos++;
      this.#ws();
      if (this.#pos === this.spec.length) this.#fail('expected a fault after the trailing comma');
    }
    return this.#states.length > 0 ? { rules, states: this.#states } : { rules };
  }

  #item(): FaultRule[] {
    const start = this.#pos;
    const word = /^[A-Za-z_]*/.exec(this.spec.slice(this.#pos))?.[0] ?? '';
    if (word === '') this.#fail('expected a fault kind (one of all, ' + FAULT_KINDS.join(', ') + ') or state:SETTINGS');
    this.#pos += word.length;
    if (word === 'all') {
      if (this.spec[this.#pos] === ':') this.#fail("'all' takes no rate; list a kind after it to override, e.g. all,hang:0.1");
      const modems = this.spec[this.#pos] === '@' ? [this.#selector()] : [];
      return [
        ...FAULT_KINDS.filter((k) => k !== 'brick').map((kind) => ({ kind, rate: DEFAULT_RATES[kind], modems })),
        { kind: 'brick', rate: DEFAULT_RATES.brick, modems: [...modems, ALL_BRICK_SELECTOR] },
      ];
    }
    if (word === 'state') {
      this.#state();
      return [];
    }
    if (!(FAULT_KINDS as readonly string[]).includes(word)) {
      this.#fail(`unknown fault kind '${word}' (expected one of all, ${FAULT_KINDS.join(', ')}, or state:SETTINGS)`, start);
    }
    const kind = word as FaultKind;
    const rate = this.spec[this.#pos] === ':' ? this.#rate(kind) : DEFAULT_RATES[kind];
    const modems = this.spec[this.#pos] === '@' ? [this.#selector()] : [];
    const next = this.spec[this.#pos];
    if (next !== undefined && next !== ',' && !/\s/.test(next)) {
      this.#fail(`unexpected '${next}' after '${kind}' (expected ':rate', '@modems' or ',')`);
    }
    return [{ kind, rate, modems }];
  }

  #rate(kind: FaultKind): FaultRate {
    this.#pos++; // ':'
    const at = this.#pos;
    const value = this.#number('a rate');
    const unit = /^(\/(s|min|h)\b|x)?/.exec(this.spec.slice(this.#pos))?.[0] ?? '';
    // A bare '/' or an unknown unit: point at it rather than at the number.
    if (unit === '' && this.spec[this.#pos] === '/') this.#fail("expected a time unit after '/': s, min or h");
    this.#pos += unit.length;
    if (kind === 'disconnect' || kind === 'reboot') {
      if (!unit.startsWith('/')) this.#fail(`'${kind}' is spontaneous: give events per time, e.g. ${kind}:2/min`, at);
      const perMinute = unit === '/s' ? value * 60 : unit === '/h' ? value / 60 : value;
      return { type: 'perMinute', value: perMinute };
    }
    if (kind === 'slow') {
      if (unit.startsWith('/')) this.#fail("'slow' takes a factor like 3x, not a frequency", at);
      if (value < 1) this.#fail(`slow factor must be >= 1, got ${value}`, at);
      return { type: 'factor', value };
    }
    if (unit !== '') this.#fail(`'${kind}' takes a probability between 0 and 1, e.g. ${kind}:0.02`, at);
    if (value > 1) this.#fail(`probability must be between 0 and 1, got ${value}`, at);
    return { type: 'probability', value };
  }

  #state(): void {
    if (this.spec[this.#pos] !== ':') this.#fail("'state' takes settings, e.g. state:e0+v0+cmee0");
    this.#pos++;
    let patch = {};
    for (;;) {
      const at = this.#pos;
      const token = /^[A-Za-z0-9&=]*/.exec(this.spec.slice(this.#pos))?.[0] ?? '';
      const p = parseSetting(token);
      if (typeof p === 'string') this.#fail(p, at);
      patch = mergePatch(patch, p);
      this.#pos += token.length;
      if (this.spec[this.#pos] !== '+') break;
      this.#pos++;
    }
    const modems = this.spec[this.#pos] === '@' ? [this.#selector()] : [];
    this.#states.push({ patch, modems });
  }

  #selector(): ModemSelector {
    this.#pos++; // '@'
    const ranges: [number, number][] = [];
    for (;;) {
      const at = this.#pos;
      const lo = this.#int('a modem index');
      let hi = lo;
      if (this.spec[this.#pos] === '-') {
        this.#pos++;
        hi = this.#int('the end of the modem range');
        if (hi < lo) this.#fail(`modem range ${lo}-${hi} is backwards`, at);
      }
      ranges.push([lo, hi]);
      if (this.spec[this.#pos] !== '+') break;
      this.#pos++;
    }
    return { type: 'ranges', ranges };
  }

  #number(what: string): number {
    const m = /^(\d+(\.\d+)?|\.\d+)/.exec(this.spec.slice(this.#pos));
    if (!m) this.#fail(`expected ${what} (a number)`);
    this.#pos += m[0].length;
    return Number(m[0]);
  }

  #int(what: string): number {
    const m = /^\d+/.exec(this.spec.slice(this.#pos));
    if (!m) this.#fail(`expected ${what} (a non-negative integer)`);
    this.#pos += m[0].length;
    return Number(m[0]);
  }

  #ws(): void {
    while (this.#pos < this.spec.length && /\s/.test(this.spec[this.#pos] ?? '')) this.#pos++;
  }

  #fail(problem: string, at = this.#pos): never {
    throw new FaultSpecError(this.spec, at, problem);
  }
}

export function selectorMatches(selector: ModemSelector, index: number): boolean {
  if (selector.type === 'every') return index % selector.period === selector.offset;
  return selector.ranges.some(([lo, hi]) => index >= lo && index <= hi);
}

/** The effective faults of one modem slot: the last matching rule per kind wins. */
export function faultsFor(plan: FaultPlan, index: number): ModemFaults {
  const perCommand: Record<PerCommandFault, number> = { hang: 0, late: 0, garbage: 0, partial: 0, cme: 0, stuck: 0 };
  const perMinute: Record<SpontaneousFault, number> = { disconnect: 0, reboot: 0 };
  let slowFactor = 1;
  let brick = 0;
  for (const rule of plan.rules) {
    if (!rule.modems.every((s) => selectorMatches(s, index))) continue;
    const { kind } = rule;
    const v = rule.rate.value;
    if (kind === 'slow') slowFactor = v;
    else if (kind === 'brick') brick = v;
    else if (kind === 'disconnect' || kind === 'reboot') perMinute[kind] = v;
    else perCommand[kind] = v;
  }
  return { perCommand, perMinute, slowFactor, brick };
}

/** Validates a FaultPlan built by hand (not from a spec string). */
export function checkFaultPlan(plan: FaultPlan, field = 'faults'): void {
  if (typeof plan !== 'object' || plan === null || !Array.isArray(plan.rules)) {
    throw new TypeError(`${field} must be a fault spec string or a FaultPlan { rules: [...] }`);
  }
  plan.rules.forEach((r, i) => {
    if (!(FAULT_KINDS as readonly string[]).includes(r.kind)) throw new TypeError(`${field}.rules[${i}].kind is not a fault kind: ${String(r.kind)}`);
    if (!Number.isFinite(r.rate?.value) || r.rate.value < 0) throw new TypeError(`${field}.rules[${i}].rate.value must be a finite number >= 0`);
  });
}
