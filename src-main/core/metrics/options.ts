import { DEFAULT_THRESHOLDS, type AlertThresholds } from './alerts';

export interface MetricsOptions {
  /**
   * Period of the sample tick (ms): one process sample, one chart point per series, alert evaluation.
   * @default 1000
   */
  sampleIntervalMs?: number;
  /**
   * Points kept per series (12 minutes at the default tick).
   * @default 720
   */
  seriesLength?: number;
  /**
   * Signal points kept per modem (one per health poll: 6 hours at a 30 s poll).
   * @default 720
   */
  signalLength?: number;
  /**
   * Modems tracked, `(other)` included: past the cap new modems are counted under `(other)` (a guard, not a bench size).
   * @default 1024
   */
  maxModems?: number;
  /**
   * Command bases tracked, `(other)` included: past the cap new bases are counted under `(other)`.
   * @default 64
   */
  maxCommands?: number;
  /**
   * `snapshot()` recomputes its tables at most this often (ms); calls in between reuse them.
   * @default 250
   */
  minSnapshotIntervalMs?: number;
  /**
   * Sample event-loop delay, heap, RSS and CPU.
   * @default true
   */
  processMetrics?: boolean;
  /**
   * Resolution of the event-loop delay timer (ms).
   * @default 10
   */
  eventLoopResolutionMs?: number;
  /**
   * Alert thresholds; a partial object overrides only the fields it names.
   * @default { avgLatencyMs: 5000, minOpsPerSec: 10, errorRate: 0.1, heapUsedMB: 512, eventLoopDelayMs: 10 }
   */
  thresholds?: Partial<AlertThresholds>;
  /**
   * Sliding window the latency, throughput and error-rate alerts look at (s, 1..60).
   * @default 10
   */
  alertWindowSec?: number;
  /**
   * Commands needed in the alert window before latency and error rate are judged.
   * @default 20
   */
  alertMinSamples?: number;
  /**
   * A condition must hold this long before its alert is raised (ms).
   * @default 5000
   */
  raiseAfterMs?: number;
  /**
   * The value must stay on the good side of the clear level this long before the alert clears (ms).
   * @default 10000
   */
  clearAfterMs?: number;
  /**
   * Clear level as a share of the threshold (for "too low" rules the threshold is divided by it).
   * @default 0.8
   */
  clearRatio?: number;
  /**
   * Also judge latency and error rate per modem.
   * @default true
   */
  perModemAlerts?: boolean;
  /**
   * Commands in flight or queued right now; the throughput alert only applies while this is > 0.
   * Without it the throughput alert is off (an idle bench is not slow).
   * @default undefined
   */
  load?: () => number;
}

export type ResolvedMetricsOptions = Required<Omit<MetricsOptions, 'thresholds' | 'load'>> & {
  thresholds: AlertThresholds;
  load: (() => number) | undefined;
};

function int(v: unknown, field: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new TypeError(`${field} must be an integer from ${min} to ${max}, got ${String(v)}`);
  }
  return v;
}

function num(v: unknown, field: string, fallback: number, min: number, max = Infinity): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    throw new TypeError(`${field} must be a number from ${min} to ${max}, got ${String(v)}`);
  }
  return v;
}

function bool(v: unknown, field: string, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new TypeError(`${field} must be a boolean`);
  return v;
}

export function resolveMetricsOptions(o: MetricsOptions = {}): ResolvedMetricsOptions {
  if (typeof o !== 'object' || o === null) throw new TypeError('options must be an object');
  const t = o.thresholds ?? {};
  if (typeof t !== 'object' || t === null) throw new TypeError('thresholds must be an object');
  if (o.load !== undefined && typeof o.load !== 'function') throw new TypeError('load must be a function');
  return {
    sampleIntervalMs: int(o.sampleIntervalMs, 'sampleIntervalMs', 1000, 100),
    seriesLength: int(o.seriesLength, 'seriesLength', 720, 2, 100_000),
    signalLength: int(o.signalLength, 'signalLength', 720, 2, 100_000),
    maxModems: int(o.maxModems, 'maxModems', 1024, 1),
    maxCommands: int(o.maxCommands, 'maxCommands', 64, 1),
    minSnapshotIntervalMs: int(o.minSnapshotIntervalMs, 'minSnapshotIntervalMs', 250, 0),
    processMetrics: bool(o.processMetrics, 'processMetrics', true),
    eventLoopResolutionMs: int(o.eventLoopResolutionMs, 'eventLoopResolutionMs', 10, 1),
    thresholds: {
      avgLatencyMs: num(t.avgLatencyMs, 'thresholds.avgLatencyMs', DEFAULT_THRESHOLDS.avgLatencyMs, 0),
      minOpsPerSec: num(t.minOpsPerSec, 'thresholds.minOpsPerSec', DEFAULT_THRESHOLDS.minOpsPerSec, 0),
      errorRate: num(t.errorRate, 'thresholds.errorRate', DEFAULT_THRESHOLDS.errorRate, 0, 1),
      heapUsedMB: num(t.heapUsedMB, 'thresholds.heapUsedMB', DEFAULT_THRESHOLDS.heapUsedMB, 0),
      eventLoopDelayMs: num(t.eventLoopDelayMs, 'thresholds.eventLoopDelayMs', DEFAULT_THRESHOLDS.eventLoopDelayMs, 0),
    },
    alertWindowSec: int(o.alertWindowSec, 'alertWindowSec', 10, 1, 60),
    alertMinSamples: int(o.alertMinSamples, 'alertMinSamples', 20, 1),
    raiseAfterMs: num(o.raiseAfterMs, 'raiseAfterMs', 5000, 0),
    clearAfterMs: num(o.clearAfterMs, 'clearAfterMs', 10_000, 0),
    clearRatio: num(o.clearRatio, 'clearRatio', 0.8, 0.01, 1),
    perModemAlerts: bool(o.perModemAlerts, 'perModemAlerts', true),
    load: o.load,
  };
}
