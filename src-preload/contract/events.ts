/** Every event the core pushes to the renderer. All are coalesced in the main process. */
import type { BenchStatusView, ConsoleEntry, ModemView, SettingsView, TimelineEventView } from './domain';
import type { RunProgressView, RunStatusView, StepResultView } from './batch';
import type { AlertView, MetricsSnapshotView } from './metrics';
import type { BenchHostView } from './fleet';

/** A batch file the desktop app was asked to open (file manager, or a second launch handing it over). */
export interface OpenFileView {
  name: string;
  path: string;
  text: string;
}

export interface EventMap {
  /** Modems that changed (added or updated) and ones that left, at most 4 times a second. */
  'bench.delta': { upserted: ModemView[]; removed: string[] };
  /** Bench-wide figures for the status bar, at most 4 times a second. */
  'bench.status': BenchStatusView;
  /** New console lines of one modem, at most every 100 ms per modem. */
  'console.entries': { modemId: string; entries: ConsoleEntry[] };
  'settings.changed': SettingsView;
  /** New timeline entries of one modem (recoveries, reboots, breaker changes). */
  'modem.timeline': { modemId: string; events: TimelineEventView[] };
  /** A run's progress, at most 4 times a second. */
  'batch.progress': { runId: number; paused: boolean; progress: RunProgressView };
  /** New cells of a run's results matrix, coalesced. */
  'batch.results': { runId: number; results: StepResultView[] };
  'batch.finished': { runId: number; status: RunStatusView };
  /** Metrics since the last update (series deltas, all modems' series), at most 4 times a second. */
  'metrics.update': MetricsSnapshotView;
  'metrics.alert': AlertView;
  /** The remote bench hosts after one changed (added, removed, connected, gone). */
  'benches.changed': { hosts: BenchHostView[] };
  /** Desktop only: open this batch file in the editor. */
  'app.openFile': OpenFileView;
}

export type EventName = keyof EventMap;
