/**
 * Metrics as the collector (src-main/core/metrics) makes them and the renderer
 * sees them: plain data only (no classes, no typed arrays), so they cross IPC
 * and JSON unchanged. Times are ms since epoch; latencies are ms; series are
 * `[t, value]` points, oldest first. Per-modem entries are keyed by the
 * modem's ModemId (domain.ts), never by its label.
 */

export type PointView = [t: number, value: number | null];

/** Latency percentiles in ms; null when nothing was recorded. */
export interface LatencySummaryView {
  count: number;
  mean: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

/** Commands per second over sliding windows. */
export interface RateView {
  s1: number;
  s10: number;
  s60: number;
}

/** Counts and latency for one key: a modem (its ModemId), a command base, or `all`. */
export interface StatsViewM {
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
  latency: LatencySummaryView;
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

export interface ModemStatsViewM extends StatsViewM {
  /** The latest signal reading, if any. */
  signal: SignalPointView | null;
  /** The remote bench host (host:port) whose own figures these are; absent for this process's modems. */
  host?: string;
}

/** One remote bench host's own figures, as its `metrics.get` last answered (issue 17). */
export interface HostMetricsView {
  /** host:port. */
  host: string;
  /** When this app received the answer (its own clock, ms since epoch); null without a usable answer. */
  at: number | null;
  /** The host's total over its own modems; null without a usable answer. */
  total: StatsViewM | null;
  /** Rows of its modems in the snapshot's `modems`. */
  modems: number;
  /** Why its figures are missing (not connected, no answer yet, its error); null when shown. */
  problem: string | null;
}

export interface CellSeriesView {
  /** Commands per second over each sample interval. */
  throughput: PointView[];
  latencyP50: PointView[];
  latencyP99: PointView[];
  /** Failed share over each sample interval (null when there were no commands). */
  errorRate: PointView[];
}

export interface ModemSeriesView extends CellSeriesView {
  rssiDbm: PointView[];
  rsrp: PointView[];
  rsrq: PointView[];
  sinr: PointView[];
}

export interface ProcessSampleView {
  t: number;
  /** Event-loop delay over the sample interval (ms): how late the loop ran a timer; null before the first measurement. */
  eventLoopDelayMs: { mean: number | null; p50: number | null; p99: number | null; max: number | null };
  heapUsedMB: number;
  heapTotalMB: number;
  rssMB: number;
  /** Buffers and ArrayBuffers outside the JS heap (serial buffers, WebAssembly histograms). */
  externalMB: number;
  /** CPU time (user + system) over wall time since the previous sample, 100 = one core. */
  cpuPercent: number;
}

export interface ProcessSeriesView {
  eventLoopDelayP99: PointView[];
  eventLoopDelayMean: PointView[];
  heapUsedMB: PointView[];
  rssMB: PointView[];
  cpuPercent: PointView[];
}

export type AlertKindView = 'latency-high' | 'throughput-low' | 'error-rate-high' | 'heap-high' | 'event-loop-delay-high';

export interface AlertView {
  kind: AlertKindView;
  /** `process`, or `modem:<ModemId>` for a per-modem latency or error-rate alert. */
  scope: string;
  state: 'raised' | 'cleared';
  /** The value that raised or cleared it. */
  value: number;
  threshold: number;
  message: string;
  /** ms since epoch. */
  at: number;
}

export interface MetricsSnapshotView {
  at: number;
  startedAt: number;
  /** Period of the series points (ms). */
  sampleIntervalMs: number;
  total: StatsViewM;
  modems: ModemStatsViewM[];
  commands: StatsViewM[];
  /** The latest process sample; null before the first tick or when process sampling is off. */
  process: ProcessSampleView | null;
  /** Alerts raised and not yet cleared. */
  alerts: AlertView[];
  /**
   * Present when remote bench hosts are followed (issue 17): each host's own total. `total`,
   * `commands`, `process`, `alerts` and every series stay this process's own; `modems` also
   * holds the hosts' modems' rows (with `host`, keyed by their id here, host:port/IMEI).
   * Latency percentiles of different hosts cannot be merged, so no fleet-wide total is made here.
   */
  hosts?: HostMetricsView[];
  series: {
    /** Points with `t > query.since` only. */
    since: number;
    total: CellSeriesView;
    process: ProcessSeriesView;
    /** Only for the commands asked for. */
    commands: Record<string, CellSeriesView>;
    /** Only for the modems asked for, by ModemId. */
    modems: Record<string, ModemSeriesView>;
  };
}
