/**
 * Comparing runs: per step (template id, so every iteration of a repeat
 * counts together) the pass rate and median latency of each side, the
 * modems whose outcome changed, and the same figures grouped by firmware
 * revision (AT+QGMR) — between two runs, or within one run's modems.
 */
import type { FirmwareGroupView, OutcomeChangeView, RunComparisonView, StepComparisonView, StepStatsView } from '../../../src-preload/contract/batch';
import type { RunData, RunModem, StepResult } from './results';

export type StepStats = StepStatsView;
export type StepComparison = StepComparisonView;
export type OutcomeChange = OutcomeChangeView;
export type FirmwareGroup = FirmwareGroupView;
export type RunComparison = RunComparisonView;

export function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((x, y) => x - y);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function stats(results: StepResult[]): StepStats {
  const ran = results.filter((r) => r.status !== 'skipped');
  const passed = ran.filter((r) => r.status === 'pass').length;
  const lat = ran.map((r) => r.latencyMs).filter((x): x is number => x !== null);
  return { count: ran.length, passed, passRate: ran.length ? passed / ran.length : null, p50LatencyMs: median(lat) };
}

const firmwareOf = (m: RunModem | undefined): string => m?.identity.revision ?? m?.identity.firmware ?? 'unknown';

function groupByFirmware(run: RunData, results = run.results): FirmwareGroup[] {
  const modems = new Map(run.modems.map((m) => [m.key, m]));
  const groups = new Map<string, { modems: Set<string>; results: StepResult[] }>();
  for (const m of run.modems) {
    const fw = firmwareOf(m);
    if (!groups.has(fw)) groups.set(fw, { modems: new Set(), results: [] });
    groups.get(fw)!.modems.add(m.label);
  }
  for (const r of results) groups.get(firmwareOf(modems.get(r.modemKey)))?.results.push(r);
  return [...groups.entries()].sort(([x], [y]) => x.localeCompare(y)).map(([firmware, g]) => ({ firmware, modems: [...g.modems], stats: stats(g.results) }));
}

function stepOrder(a: RunData, b: RunData): { stepId: string; name: string }[] {
  const out = new Map<string, string>();
  for (const s of [...a.steps, ...b.steps]) if (!out.has(s.id)) out.set(s.id, s.name);
  return [...out].map(([stepId, name]) => ({ stepId, name }));
}

function compareSides(a: RunData, b: RunData, labels: [string, string]): RunComparison {
  const steps = stepOrder(a, b).map(({ stepId, name }) => {
    const sa = stats(a.results.filter((r) => r.stepId === stepId));
    const sb = stats(b.results.filter((r) => r.stepId === stepId));
    return {
      stepId,
      name,
      a: sa,
      b: sb,
      passRateDelta: sa.passRate !== null && sb.passRate !== null ? sb.passRate - sa.passRate : null,
      p50DeltaMs: sa.p50LatencyMs !== null && sb.p50LatencyMs !== null ? sb.p50LatencyMs - sa.p50LatencyMs : null,
    };
  });
  const changed: OutcomeChange[] = [];
  const bModems = new Map(b.modems.map((m) => [m.key, m]));
  const index = (run: RunData): Map<string, StepResult> => new Map(run.results.map((r) => [`${r.modemKey}\0${r.stepKey}`, r]));
  const ia = index(a);
  const ib = index(b);
  for (const ma of a.modems) {
    const mb = bModems.get(ma.key);
    if (!mb) continue;
    const keys = new Set([...a.steps.map((s) => s.key), ...b.steps.map((s) => s.key)]);
    for (const k of keys) {
      const ra = ia.get(`${ma.key}\0${k}`);
      const rb = ib.get(`${ma.key}\0${k}`);
      const sa = ra?.status ?? 'not run';
      const sb = rb?.status ?? 'not run';
      if (sa !== sb) changed.push({ modemKey: ma.key, label: ma.label, firmwareA: firmwareOf(ma), firmwareB: firmwareOf(mb), stepKey: k, name: (ra ?? rb)?.name ?? k, a: sa, b: sb });
    }
  }
  return {
    a: { label: labels[0], runId: a.id, modems: a.modems.length },
    b: { label: labels[1], runId: b.id, modems: b.modems.length },
    steps,
    changed,
    byFirmware: { a: groupByFirmware(a), b: groupByFirmware(b) },
  };
}

/** Run A against run B; modems are matched by key (IMEI). */
export function compareRuns(a: RunData, b: RunData): RunComparison {
  return compareSides(a, b, [`run ${a.id ?? 'A'}`, `run ${b.id ?? 'B'}`]);
}

/** One run's modems split by firmware revision: every group against every other is one table per group. */
export function compareByFirmware(run: RunData): { firmware: string; modems: string[]; steps: { stepId: string; name: string; stats: StepStats }[] }[] {
  return groupByFirmware(run).map((g) => {
    const keys = new Set(run.modems.filter((m) => firmwareOf(m) === g.firmware).map((m) => m.key));
    const mine = run.results.filter((r) => keys.has(r.modemKey));
    const ids = [...new Map(run.steps.map((s) => [s.id, s.name]))];
    return { firmware: g.firmware, modems: g.modems, steps: ids.map(([stepId, name]) => ({ stepId, name, stats: stats(mine.filter((r) => r.stepId === stepId)) })) };
  });
}
