/** Metrics snapshots as the main side sends them, for the renderer's store tests. */
import type { AlertView, MetricsSnapshotView, PointView } from '../../src-preload/contract';

const CELL = ['throughput', 'latencyP50', 'latencyP99', 'errorRate'] as const;
const MODEM = [...CELL, 'rssiDbm', 'rsrp', 'rsrq', 'sinr'] as const;
const PROCESS = ['eventLoopDelayP99', 'eventLoopDelayMean', 'heapUsedMB', 'rssMB', 'cpuPercent'] as const;

/** A snapshot taken at `at` whose every series holds `points` (default one point at `at`), for these modems. */
export function metricsSnapshot(at: number, modemIds: string[], o: { points?: PointView[]; alerts?: AlertView[] } = {}): MetricsSnapshotView {
  const pts = o.points ?? [[at, 1]];
  const of = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, pts])) as Record<K, PointView[]>;
  return {
    at,
    startedAt: 0,
    sampleIntervalMs: 1000,
    total: {} as MetricsSnapshotView['total'],
    modems: [],
    commands: [],
    process: null,
    alerts: o.alerts ?? [],
    series: { since: at - 1000, total: of(CELL), process: of(PROCESS), commands: {}, modems: Object.fromEntries(modemIds.map((id) => [id, of(MODEM)])) },
  };
}

export function alert(at: number, scope = 'process', state: AlertView['state'] = 'raised'): AlertView {
  return { kind: 'event-loop-delay-high', scope, state, value: 200, threshold: 100, message: `${scope} ${state}`, at };
}
