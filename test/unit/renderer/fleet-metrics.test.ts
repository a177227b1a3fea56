/**
 * Issue 17, left over: what the status bar and the Performance page say
 * about the fleet. The fleet row's counts are exact sums of this app's and
 * each answering host's own; a host without an answer is named, not
 * counted; the status bar says whose traffic its figures add up; the queue
 * chart (beside the other charts, all this app's own) takes this app's own
 * queue, not the fleet's.
 */
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostMetricsView, StatsViewM } from '../../../src-preload/contract';
import { coverageText, fleetTotals } from '../../../src-renderer/lib/fleet-metrics';
import { useMetricsStore } from '../../../src-renderer/stores/metrics';
import { benchStatus, fakeApi } from '../../helpers/renderer-api';
import { metricsSnapshot } from '../../helpers/renderer-metrics';

function stats(commands: number, errors: number, timeouts: number, s10: number, p99: number): StatsViewM {
  return {
    key: 'all',
    commands,
    errors,
    timeouts,
    retries: 0,
    errorsByCode: {},
    latency: { count: commands, mean: p99 / 2, p50: p99 / 3, p95: p99 * 0.9, p99, max: p99 * 2 },
    throughput: { s1: s10, s10, s60: s10 },
    last60s: { errorRate: null, avgLatencyMs: null },
  };
}
const host = (name: string, total: StatsViewM | null, problem: string | null = null): HostMetricsView => ({ host: name, at: total ? 1 : null, total, modems: total ? 2 : 0, problem });

describe('fleet figures', () => {
  it('the fleet row adds this app’s and each answering host’s counts exactly, and names a host without an answer', () => {
    const t = fleetTotals({
      total: stats(120, 3, 1, 4.25, 80),
      hosts: [host('a:1', stats(1000, 7, 2, 10.5, 300)), host('b:2', stats(5, 0, 0, 0.33, 9000)), host('c:3', null, 'unreachable: went away')],
    });
    expect(t).toEqual({ commands: 1125, errors: 10, timeouts: 3, perSec: 15.08, counted: ['a:1', 'b:2'], missing: [host('c:3', null, 'unreachable: went away')] });
    // No fleet percentile is made up: there is none in the sums.
    expect(Object.keys(t!)).not.toContain('p99');
  });

  it('without remote hosts there is no fleet row', () => {
    expect(fleetTotals({ total: stats(1, 0, 0, 1, 1) })).toBeNull();
    expect(fleetTotals(null)).toBeNull();
  });

  it('the status bar says whose traffic it counts, and when a host is left out', () => {
    expect(coverageText(null)).toEqual({ short: null, title: 'this app’s modems', partial: false });
    expect(coverageText(benchStatus(1, 1))).toEqual({ short: null, title: 'this app’s modems', partial: false });
    expect(coverageText({ ...benchStatus(4, 4), fleet: { counted: ['a:1', 'b:2'], unknown: [] } })).toEqual({
      short: '+ 2 hosts',
      title: 'this app’s modems and 2 hosts (a:1, b:2)',
      partial: false,
    });
    expect(coverageText({ ...benchStatus(4, 4), fleet: { counted: ['a:1'], unknown: ['c:3'] } })).toEqual({
      short: '1 of 2 hosts not counted',
      title: 'this app’s modems and 1 host (a:1); not counted, not connected or silent: c:3',
      partial: true,
    });
    expect(coverageText({ ...benchStatus(0, 0), fleet: { counted: [], unknown: ['c:3'] } })).toMatchObject({ title: 'this app’s modems only; not counted, not connected or silent: c:3', partial: true });
  });
});

describe('metrics store with remote hosts', () => {
  const T0 = Date.parse('2026-12-06T12:00:00Z');
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => {
    useMetricsStore().stop();
    vi.useRealTimers();
  });

  it('the queue chart takes this app’s own queue (like every chart), not the fleet’s sum', async () => {
    const api = fakeApi({ 'metrics.get': () => metricsSnapshot(T0, []) });
    const m = useMetricsStore();
    await m.start();
    api.emit('bench.status', {
      ...benchStatus(3, 3),
      queued: 9,
      inFlight: 6,
      commandsPerSec: 30,
      own: { queued: 1, inFlight: 2, commandsPerSec: 3.5, errorsLastMinute: 0 },
      fleet: { counted: ['a:1'], unknown: [] },
    });
    expect([m.queue.queued.v[0], m.queue.inFlight.v[0], m.queue.commandsPerSec.v[0]]).toEqual([1, 2, 3.5]);
  });
});
