/**
 * The results matrix's columns: a step that `repeat` unrolled into many
 * instances is one column (its template id) with pass counts, until the
 * engineer drills into it; single steps stay one column each.
 */
import type { RunView, StepResultView, StepStatusView } from '../../src-preload/contract';

type Step = RunView['steps'][number];

export interface MatrixColumn {
  /** The template id for a rolled-up group, else the instance key. */
  id: string;
  name: string;
  /** The instances in this column, in run order (one unless rolled up). */
  steps: Step[];
  rolled: boolean;
}

/** `partial`: some instances passed, more are to come (a repeat in progress). */
export type GroupStatus = StepStatusView | 'running' | 'pending' | 'partial';

export interface GroupCell {
  status: GroupStatus;
  done: number;
  passed: number;
  bad: number;
  total: number;
  /** The instance a click opens: the first failure, else the last one done, else the first. */
  pick: number;
}

/** Columns for the run: repeated templates rolled up unless their id is in `expanded`. */
export function matrixColumns(steps: readonly Step[], expanded: ReadonlySet<string>): MatrixColumn[] {
  const byId = new Map<string, Step[]>();
  for (const s of steps) {
    const list = byId.get(s.id);
    if (list) list.push(s);
    else byId.set(s.id, [s]);
  }
  const out: MatrixColumn[] = [];
  const seen = new Set<string>();
  for (const s of steps) {
    const group = byId.get(s.id)!;
    if (group.length > 1 && !expanded.has(s.id)) {
      if (seen.has(s.id)) continue;
      seen.add(s.id);
      out.push({ id: s.id, name: s.name, steps: group, rolled: true });
    } else {
      out.push({ id: s.key, name: group.length > 1 ? `${s.name} ${s.key}` : s.name, steps: [s], rolled: false });
    }
  }
  return out;
}

/** One row's cell for a column: the worst outcome so far, with counts. */
export function groupCell(col: MatrixColumn, result: (seq: number) => StepResultView | undefined, runningHere: boolean): GroupCell {
  let done = 0;
  let passed = 0;
  let bad = 0;
  let firstBad = -1;
  let lastDone = -1;
  let worst: StepStatusView | null = null;
  const rank: Record<StepStatusView, number> = { pass: 0, skipped: 1, error: 2, fail: 3 };
  for (const s of col.steps) {
    const r = result(s.seq);
    if (!r) continue;
    done++;
    lastDone = s.seq;
    if (r.status === 'pass') passed++;
    if (r.status === 'fail' || r.status === 'error') {
      bad++;
      if (firstBad < 0) firstBad = s.seq;
    }
    if (worst === null || rank[r.status] > rank[worst]) worst = r.status;
  }
  const total = col.steps.length;
  let status: GroupStatus;
  if (worst === 'fail' || worst === 'error') status = worst;
  else if (done === total) status = worst ?? 'pending';
  else if (runningHere) status = 'running';
  else status = done === 0 ? 'pending' : 'partial';
  return { status, done, passed, bad, total, pick: firstBad >= 0 ? firstBad : lastDone >= 0 ? lastDone : col.steps[0]!.seq };
}

/** Below this much of a run there is no pace to speak of: a burst of quick first steps would promise the end at once. */
export const ETA_MIN_ELAPSED_MS = 1000;

/** Remaining time at the pace so far (ms), or null when the view cannot honestly say. */
export function runEta(o: { elapsedMs: number; done: number; total: number; live: boolean; paused: boolean }): number | null {
  if (!o.live || o.paused) return null;
  if (o.done <= 0 || o.total <= o.done || o.elapsedMs < ETA_MIN_ELAPSED_MS) return null;
  return (o.elapsedMs * (o.total - o.done)) / o.done;
}

type ModemRunStatus = RunView['modems'][number]['status'];
/** Modem outcomes that are final but not a run to the end, in the order the view names them. */
const CUT: ModemRunStatus[] = ['interrupted', 'lost', 'cancelled'];

/**
 * The run's modems: how many ran to their end (done or stopped by a failure policy) and how
 * many were cut short, by why. A live modem's status is its latest progress. "3/3 modems done"
 * with two interrupted would claim what is not so.
 */
export function modemTally(
  modems: readonly { key: string; status: ModemRunStatus }[],
  live: ReadonlyMap<string, { status: ModemRunStatus }>,
): { done: number; modems: number; cut: { status: ModemRunStatus; n: number }[] } {
  let done = 0;
  const cut = new Map<ModemRunStatus, number>();
  for (const m of modems) {
    const s = live.get(m.key)?.status ?? m.status;
    if (s === 'done' || s === 'stopped') done++;
    else if (CUT.includes(s)) cut.set(s, (cut.get(s) ?? 0) + 1);
  }
  return { done, modems: modems.length, cut: CUT.filter((s) => cut.has(s)).map((s) => ({ status: s, n: cut.get(s)! })) };
}
