/**
 * What a resumed run runs on, and how any run ends in the history: one rule
 * for the app (service/runs.ts) and the CLI (`run --resume`).
 */
import type { BatchPlan } from './plan';
import type { RunModem, RunStatus, RunTarget } from './results';
import { selectTargets } from './select';

/**
 * The run's modems that are here now and still selected by its file (a modem whose tags
 * changed may not be), as targets; the others are missing, and their steps stay undone.
 */
export function resumeTargets(plan: BatchPlan, modems: readonly RunModem[], here: readonly RunTarget[]): { targets: RunTarget[]; missing: RunModem[] } {
  const byKey = new Map(selectTargets(plan.selection, [...here]).map((t) => [t.key, t] as const));
  return { targets: modems.flatMap((m) => byKey.get(m.key) ?? []), missing: modems.filter((m) => !byKey.has(m.key)) };
}

/**
 * How a run ends in the history. `closing`: cut short by its process stopping, so interrupted
 * (resumable), not cancelled by someone. `modemsMissing`: some of its modems were not there
 * (at a resume), so a run that completed on the others is interrupted, to be resumed again.
 */
export function runEndStatus(status: RunStatus, o: { closing?: boolean; modemsMissing?: boolean } = {}): Exclude<RunStatus, 'running'> {
  if (o.closing && status === 'cancelled') return 'interrupted';
  if (status === 'running') return 'failed';
  if (o.modemsMissing && status === 'completed') return 'interrupted';
  return status;
}
