/**
 * Metrics: what the bench measures about itself.
 *
 * - `MetricsCollector`: per modem, per command base and overall latency HDR
 *   histograms, throughput over 1 s/10 s/60 s, errors by code, timeouts,
 *   retries; event-loop delay, heap, RSS, CPU; signal series per modem;
 *   alerts with hysteresis (`onAlert`); `snapshot()` for the UI.
 * - `commandBase`: `AT+QENG="servingcell"` -> `AT+QENG` (the per-command key).
 * - `MetricsSnapshot` and friends: the plain-data shapes the UI charts.
 */
export { MetricsCollector, type SignalReading } from './collector';
export { commandBase } from './command-base';
export { DEFAULT_THRESHOLDS, type AlertEvent, type AlertKind, type AlertThresholds } from './alerts';
export { resolveMetricsOptions, type MetricsOptions } from './options';
export { LatencyHistogram, type LatencySummary } from './histogram';
export { ProcessSampler, loopDelayMs, loopDelaySummary, type ProcessSample } from './process';
export type {
  CellSeries,
  MetricsSnapshot,
  ModemSeries,
  ModemStatsView,
  Point,
  ProcessSeries,
  RateView,
  SignalPointView,
  SnapshotQuery,
  StatsView,
} from './types';
