/** Metrics as the renderer sees them: plain data, series as [t, value] points, oldest first. */

export type PointView = [t: number, value: number | null];

export interface LatencySummaryView {
  count: number;
  mean: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export interface StatsViewM {
  key: string;
  commands: number;
  errors: number;
  timeouts: number;
  retries: number;
  errorsByCode: Record<string, number>;
  latency: LatencySummaryView;
  throughput: { s1: number; s10: number; s60: number };
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
  signal: SignalPointView | null;
}

export interface CellSeriesView {
  throughput: PointView[];
  latencyP50: PointView[];
  latencyP99: PointView[];
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
  eventLoopDelayMs: { mean: number | null; p50: number | null; p99: number | null; max: number | null };
  heapUsedMB: number;
  heapTotalMB: number;
  rssMB: number;
  externalMB: number;
  cpuPercent: number;
}

export type AlertKindView = 'latency-high' | 'throughput-low' | 'error-rate-high' | 'heap-high' | 'event-loop-delay-high';

export interface AlertView {
  kind: AlertKindView;
  scope: string;
  state: 'raised' | 'cleared';
  value: number;
  threshold: number;
  message: string;
  at: number;
}

export interface MetricsSnapshotView {
  at: number;
  startedAt: number;
  sampleIntervalMs: number;
  total: StatsViewM;
  modems: ModemStatsViewM[];
  commands: StatsViewM[];
  process: ProcessSampleView | null;
  alerts: AlertView[];
  series: {
    since: number;
    total: CellSeriesView;
    process: {
      eventLoopDelayP99: PointView[];
      eventLoopDelayMean: PointView[];
      heapUsedMB: PointView[];
      rssMB: PointView[];
      cpuPercent: PointView[];
    };
    commands: Record<string, CellSeriesView>;
    modems: Record<string, ModemSeriesView>;
  };
}
