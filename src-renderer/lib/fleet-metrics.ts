/**
 * What the status bar and the Performance page say about the fleet (issue
 * 17): whose traffic a figure covers, and the fleet's counts as exact sums
 * of this app's and each answering host's own. Latency percentiles of
 * different hosts cannot be added, so there is no fleet p99 here: each
 * host's own stays on its row.
 */
import type { BenchStatusView, HostMetricsView, MetricsSnapshotView } from '../../src-preload/contract';

export interface CoverageText {
  /** Short, for the status bar item; null without remote hosts. */
  short: string | null;
  /** For the figures' tooltips: whose traffic they add up. */
  title: string;
  /** Some host's traffic is not in the figures. */
  partial: boolean;
}

const hostsWord = (n: number): string => `${n} host${n === 1 ? '' : 's'}`;

/** Whose traffic the status bar's cmd/s, errors, in flight and queued add up. */
export function coverageText(s: BenchStatusView | null): CoverageText {
  const f = s?.fleet;
  if (!f) return { short: null, title: 'this app’s modems', partial: false };
  const counted = f.counted.length ? `this app’s modems and ${hostsWord(f.counted.length)} (${f.counted.join(', ')})` : 'this app’s modems only';
  const missing = f.unknown.length ? `; not counted, not connected or silent: ${f.unknown.join(', ')}` : '';
  const all = f.counted.length + f.unknown.length;
  const short = f.unknown.length ? `${f.unknown.length} of ${hostsWord(all)} not counted` : `+ ${hostsWord(f.counted.length)}`;
  return { short, title: counted + missing, partial: f.unknown.length > 0 };
}

export interface FleetTotals {
  commands: number;
  errors: number;
  timeouts: number;
  /** Commands per second over the last 10 s. */
  perSec: number;
  /** Hosts whose figures are in the sums, and those that are not (no answer). */
  counted: string[];
  missing: HostMetricsView[];
}

/** This app's total plus each answering host's own; null without remote hosts. */
export function fleetTotals(s: Pick<MetricsSnapshotView, 'total' | 'hosts'> | null): FleetTotals | null {
  if (!s?.hosts) return null;
  const t: FleetTotals = { commands: s.total.commands, errors: s.total.errors, timeouts: s.total.timeouts, perSec: s.total.throughput.s10, counted: [], missing: [] };
  for (const h of s.hosts) {
    if (!h.total) {
      t.missing.push(h);
      continue;
    }
    t.counted.push(h.host);
    t.commands += h.total.commands;
    t.errors += h.total.errors;
    t.timeouts += h.total.timeouts;
    t.perSec += h.total.throughput.s10;
  }
  t.perSec = Math.round(t.perSec * 100) / 100;
  return t;
}
