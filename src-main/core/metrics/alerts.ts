/**
 * Threshold alerts with hysteresis: an alert is raised only after its
 * condition held for `raiseAfterMs`, and cleared only after the value stayed
 * on the good side of a clear level (threshold x `clearRatio`, or / for
 * "too low" rules) for `clearAfterMs`. A value that hovers at the threshold
 * therefore raises once and stays raised instead of flapping.
 */

import type { AlertKindView, AlertView } from '../../../src-preload/contract/metrics';

export type AlertKind = AlertKindView;

/** The guide's performance monitor defaults, plus its event-loop target. */
export interface AlertThresholds {
  /** Mean command latency over the alert window (ms). @default 5000 */
  avgLatencyMs: number;
  /** Commands per second over the alert window while there is load. @default 10 */
  minOpsPerSec: number;
  /** Failed share of commands over the alert window (0..1). @default 0.1 */
  errorRate: number;
  /** JS heap in use (MB). @default 512 */
  heapUsedMB: number;
  /** Mean event-loop delay over a sample interval (ms). @default 10 */
  eventLoopDelayMs: number;
}

export const DEFAULT_THRESHOLDS: AlertThresholds = {
  avgLatencyMs: 5000,
  minOpsPerSec: 10,
  errorRate: 0.1,
  heapUsedMB: 512,
  eventLoopDelayMs: 10,
};

/** `scope`: `process`, or `modem:<ModemId>`. */
export type AlertEvent = AlertView;

export interface HysteresisOptions {
  raiseAfterMs: number;
  clearAfterMs: number;
  clearRatio: number;
}

interface RuleState {
  raised: AlertEvent | null;
  /** Since when the condition (raise or clear) has held; null when it does not. */
  pendingSince: number | null;
}

const UNITS: Record<AlertKind, (v: number) => string> = {
  'latency-high': (v) => `${Math.round(v)} ms`,
  'throughput-low': (v) => `${Math.round(v * 10) / 10} commands/s`,
  'error-rate-high': (v) => `${Math.round(v * 1000) / 10} %`,
  'heap-high': (v) => `${Math.round(v)} MB`,
  'event-loop-delay-high': (v) => `${Math.round(v * 10) / 10} ms`,
};

const TITLES: Record<AlertKind, string> = {
  'latency-high': 'average command latency',
  'throughput-low': 'throughput under load',
  'error-rate-high': 'error rate',
  'heap-high': 'heap in use',
  'event-loop-delay-high': 'event-loop delay',
};

export class AlertEngine {
  readonly #o: HysteresisOptions;
  readonly #rules = new Map<string, RuleState>();

  constructor(options: HysteresisOptions) {
    this.#o = options;
  }

  /**
   * Feeds one observation. `high` rules fire above the threshold, low ones
   * below it. `value: null` means "nothing to judge" (no samples, no load):
   * it never raises and counts towards clearing. Returns the event, if any.
   */
  observe(kind: AlertKind, scope: string, value: number | null, threshold: number, low: boolean, now: number): AlertEvent | null {
    const id = `${kind}@${scope}`;
    let s = this.#rules.get(id);
    if (!s) {
      if (value === null) return null;
      s = { raised: null, pendingSince: null };
      this.#rules.set(id, s);
    }
    const { raiseAfterMs, clearAfterMs, clearRatio } = this.#o;
    if (!s.raised) {
      const bad = value !== null && (low ? value < threshold : value > threshold);
      if (!bad) {
        // Nothing raised and nothing pending: forget the rule, so idle scopes cost nothing.
        this.#rules.delete(id);
        return null;
      }
      s.pendingSince ??= now;
      if (now - s.pendingSince < raiseAfterMs) return null;
      s.pendingSince = null;
      s.raised = this.#event(kind, scope, 'raised', value!, threshold, now);
      return s.raised;
    }
    const clearLevel = low ? threshold / clearRatio : threshold * clearRatio;
    const good = value === null || (low ? value >= clearLevel : value <= clearLevel);
    if (!good) {
      s.pendingSince = null;
      return null;
    }
    s.pendingSince ??= now;
    if (now - s.pendingSince < clearAfterMs) return null;
    this.#rules.delete(id);
    return this.#event(kind, scope, 'cleared', value ?? 0, threshold, now);
  }

  /** Drops every rule of a scope (a modem removed); returns the cleared events of raised ones. */
  forgetScope(scope: string, now: number): AlertEvent[] {
    const out: AlertEvent[] = [];
    for (const [id, s] of this.#rules) {
      if (!id.endsWith(`@${scope}`)) continue;
      this.#rules.delete(id);
      if (s.raised) out.push(this.#event(s.raised.kind, scope, 'cleared', s.raised.value, s.raised.threshold, now));
    }
    return out;
  }

  /** Alerts currently raised. */
  active(): AlertEvent[] {
    const out: AlertEvent[] = [];
    for (const s of this.#rules.values()) if (s.raised) out.push(s.raised);
    return out;
  }

  /** Rules being tracked (raised or pending), for the boundedness tests. */
  get size(): number {
    return this.#rules.size;
  }

  #event(kind: AlertKind, scope: string, state: 'raised' | 'cleared', value: number, threshold: number, at: number): AlertEvent {
    const unit = UNITS[kind];
    const where = scope === 'process' ? '' : ` on ${scope.replace(/^modem:/, 'modem ')}`;
    const message =
      state === 'raised'
        ? `${TITLES[kind]}${where} is ${unit(value)} (threshold ${unit(threshold)})`
        : `${TITLES[kind]}${where} back to normal (${unit(value)})`;
    return { kind, scope, state, value, threshold, message, at };
  }
}
