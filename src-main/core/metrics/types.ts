/**
 * What the collector hands the UI: plain data only (no classes, no typed
 * arrays), so it crosses IPC and JSON unchanged. Times are ms since epoch;
 * latencies are ms; series are `[t, value]` points, oldest first.
 */
import type { AlertEvent } from './alerts';
import type { LatencySummary } from './histogram';
import type { ProcessSample } from './process';
import type { Point } from './ring';

export type { AlertEvent, AlertKind, AlertThresholds } from './alerts';
export type { LatencySummary } from './histogram';
export type { ProcessSample } from './process';
export type { Point } from './ring';

/** Commands per second over sliding windows. */
export interface RateView {
  s1: number;
  s10: number;
  s60: number;
}

/** Counts and latency for one key: a modem, a command base, or `all`. */
export interface StatsView {
  key: string;
  /** Since the collector started (or `reset()`). */
  commands: number;
  errors: number;
  timeouts: number;
  /** Attempts beyond the first (retry policy). */
  retries: number;
  /** Failed attempts by error code (`timeout`, `modem-error`, ...); at most 16 codes, the rest under `(other)`. */
  errorsByCode: Record<string, number>;
  /** Percentiles since start (or `reset()`). */
  latency: LatencySummary;
  throughput: RateView;
  /** Over the last 60 s: failed share (0..1, null without commands) and mean latency (ms). */
  last60s: { errorRate: number | null; avgLatencyMs: number | null };
}

export interface SignalPointView {
  t: number;
  rssiDbm: number | null;
  rsrp: number | null;
  rsrq: number | null;
  sinr: number | null;
}

export interface ModemStatsView extends StatsView {
  /** The latest signal reading, if any. */
  signal: SignalPointView | null;
}

export interface CellSeries {
  /** Commands per second over each sample interval. */
  throughput: Point[];
  latencyP50: Point[];
  latencyP99: Point[];
  /** Failed share over each sample interval (null when there were no commands). */
  errorRate: Point[];
}

export interface ModemSeries extends CellSeries {
  rssiDbm: Point[];
  rsrp: Point[];
  rsrq: Point[];
  sinr: Point[];
}

export interface ProcessSeries {
  eventLoopDelayP99: Point[];
  eventLoopDelayMean: Point[];
  heapUsedMB: Point[];
  rssMB: Point[];
  cpuPercent: Point[];
}

export interface MetricsSnapshot {
  at: number;
  startedAt: number;
  /** Period of the series points (ms). */
  sampleIntervalMs: number;
  total: StatsView;
  modems: ModemStatsView[];
  commands: StatsView[];
  /** The latest process sample; null before the first tick or when process sampling is off. */
  process: ProcessSample | null;
  /** Alerts raised and not yet cleared. */
  alerts: AlertEvent[];
  series: {
    /** Points with `t > query.since` only. */
    since: number;
    total: CellSeries;
    process: ProcessSeries;
    /** Only for the commands asked for. */
    commands: Record<string, CellSeries>;
    /** Only for the modems asked for. */
    modems: Record<string, ModemSeries>;
  };
}

/** Which series a snapshot carries (the tables are always complete). */
export interface SnapshotQuery {
  /** Only points newer than this (ms since epoch): a chart fetches everything once, then deltas. @default 0 */
  since?: number;
  /** Per-modem series for these modem keys, `all`, or none. @default 'none' */
  modems?: 'all' | 'none' | readonly string[];
  /** Per-command series for these bases, `all`, or none. @default 'all' */
  commands?: 'all' | 'none' | readonly string[];
}
