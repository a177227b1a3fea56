/**
 * What the collector hands the UI: the contract's plain-data shapes
 * (src-preload/contract/metrics.ts), named here as the core calls them.
 */
import type {
  CellSeriesView,
  MetricsSnapshotView,
  ModemSeriesView,
  ModemStatsViewM,
  ProcessSeriesView,
  StatsViewM,
} from '../../../src-preload/contract/metrics';

export type { AlertEvent, AlertKind, AlertThresholds } from './alerts';
export type { LatencySummary } from './histogram';
export type { ProcessSample } from './process';
export type { Point } from './ring';
export type { RateView, SignalPointView } from '../../../src-preload/contract/metrics';

/** Counts and latency for one key: a modem (its ModemId), a command base, or `all`. */
export type StatsView = StatsViewM;
export type ModemStatsView = ModemStatsViewM;
export type CellSeries = CellSeriesView;
export type ModemSeries = ModemSeriesView;
export type ProcessSeries = ProcessSeriesView;
export type MetricsSnapshot = MetricsSnapshotView;

/** Which series a snapshot carries (the tables are always complete). */
export interface SnapshotQuery {
  /** Only points newer than this (ms since epoch): a chart fetches everything once, then deltas. @default 0 */
  since?: number;
  /** Per-modem series for these ModemIds, `all`, or none. @default 'none' */
  modems?: 'all' | 'none' | readonly string[];
  /** Per-command series for these bases, `all`, or none. @default 'all' */
  commands?: 'all' | 'none' | readonly string[];
}
