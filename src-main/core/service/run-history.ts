/**
 * The app's batch runs: the run history database (runs a crashed process
 * left running are marked interrupted; a run another process took over is
 * cancelled here), and the modems on the bench as run targets.
 */
import type { RunTarget } from '../batch';
import type { Logger } from '../log';
import { RunStore } from '../store';
import type { ManagedModem } from './modem-source';
import { RunsService, type RunsServiceOptions } from './runs';

export interface RunHistoryOptions {
  /** The SQLite file. */
  path: string;
  examplesDir: string | null;
  /** The modems on the bench now. */
  modems(): ManagedModem[];
  emit: RunsServiceOptions['emit'];
  logger: Logger;
}

/** Opens the database and the runs service over it; close the store after disposing the service. */
export function openRunHistory(o: RunHistoryOptions): { store: RunStore; runs: RunsService } {
  let runs: RunsService | null = null;
  const store = RunStore.open({
    path: o.path,
    onLeaseLost: (runId) => {
      o.logger.error({ runId }, 'another process took over a run this app was running (its lease had run out: was the app frozen?)');
      // Its new owner runs the steps left; this app stops sending them.
      try {
        runs?.control(runId, 'cancel');
      } catch {
        // not running here any more
      }
    },
  });
  const interrupted = store.markInterrupted();
  if (interrupted) o.logger.warn({ interrupted }, 'runs left running by an earlier process marked interrupted');
  runs = new RunsService({ store, examplesDir: o.examplesDir, targets: () => runTargets(o.modems(), o.logger), emit: o.emit, logger: o.logger });
  return { store, runs };
}

/** One target per modem key: a modem seen twice (the same IMEI on two paths) must not be run twice. */
export function runTargets(modems: readonly ManagedModem[], logger: Logger): RunTarget[] {
  const byKey = new Map<string, RunTarget>();
  for (const m of modems) {
    const bare = m.runTarget();
    if (bare === null) continue;
    // `qmi:` steps go the modem page's way: a modem without a QMI port answers no-port itself.
    const t: RunTarget = { ...bare, qmi: (request, o) => m.qmi(request, o) };
    if (byKey.has(t.key)) logger.warn({ key: t.key, label: t.label, kept: byKey.get(t.key)!.label }, 'two modems with one identity on the bench: only the first is run');
    else byKey.set(t.key, t);
  }
  return [...byKey.values()];
}
