/**
 * Issue 16 (heap flat, UI at 256 modems): the metrics store keeps 15 minutes
 * of series. A modem gone from the bench kept its entry (and a heatmap row)
 * forever, and trimming spliced every buffer of every modem on every update.
 */
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MetricsSnapshotView, PointView } from '../../../src-preload/contract';
import { RETAIN_MS, useMetricsStore } from '../../../src-renderer/stores/metrics';
import { fakeApi } from '../../helpers/renderer-api';

const CELL = ['throughput', 'latencyP50', 'latencyP99', 'errorRate'] as const;
const MODEM = [...CELL, 'rssiDbm', 'rsrp', 'rsrq', 'sinr'] as const;
const PROCESS = ['eventLoopDelayP99', 'eventLoopDelayMean', 'heapUsedMB', 'rssMB', 'cpuPercent'] as const;

function snapshot(at: number, modemIds: string[]): MetricsSnapshotView {
  const pts: PointView[] = [[at, 1]];
  const of = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, pts])) as Record<K, PointView[]>;
  return {
    at,
    startedAt: 0,
    sampleIntervalMs: 1000,
    total: {} as MetricsSnapshotView['total'],
    modems: [],
    commands: [],
    process: null,
    alerts: [],
    series: { since: at - 1000, total: of(CELL), process: of(PROCESS), commands: {}, modems: Object.fromEntries(modemIds.map((id) => [id, of(MODEM)])) },
  } as MetricsSnapshotView;
}

describe('metrics store retention', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
  });
  afterEach(() => {
    useMetricsStore().stop();
    vi.useRealTimers();
  });

  it('drops a modem whose series emptied after it left, and keeps every buffer within the retention plus a small slack', async () => {
    const t0 = 1_000_000;
    const api = fakeApi({ 'metrics.get': () => snapshot(t0, ['a', 'b']) });
    const m = useMetricsStore();
    await m.start();
    m.watchModems(); // the Performance page is open
    await vi.advanceTimersByTimeAsync(0);
    expect([...m.modems.keys()].sort()).toEqual(['a', 'b']);
    // 20 minutes of updates, one a second; 'b' left after the first.
    for (let s = 1; s <= 20 * 60; s++) api.emit('metrics.update', snapshot(t0 + s * 1000, ['a']));
    expect([...m.modems.keys()]).toEqual(['a']);
    const a = m.modems.get('a')!.latencyP99;
    expect(a.t[0]!).toBeGreaterThanOrEqual(m.latest - RETAIN_MS - 60_000);
    expect(a.t.length).toBeLessThanOrEqual(RETAIN_MS / 1000 + 61);
    expect(m.total.throughput.t.length).toBeLessThanOrEqual(RETAIN_MS / 1000 + 61);
  });

  it('keeps per-modem series only while a view shows them, and a returning view loads what it missed', async () => {
    const t0 = 2_000_000;
    let at = t0;
    const api = fakeApi({ 'metrics.get': () => snapshot(at, ['a']) });
    const m = useMetricsStore();
    await m.start();
    // The Bench or a console alone: no per-modem series kept, none asked for.
    expect(api.inputs('metrics.get').at(-1)?.modems).toBe('none');
    for (let k = 1; k <= 5; k++) api.emit('metrics.update', snapshot((at = t0 + k * 1000), ['a']));
    expect(m.modems.size).toBe(0);
    expect(m.total.throughput.t.length).toBe(6);
    // The Performance page opens: the server's series are loaded.
    const stop = m.watchModems();
    await vi.advanceTimersByTimeAsync(0);
    expect(api.inputs('metrics.get').at(-1)).toEqual({ modems: 'all', commands: 'none' });
    expect(m.modems.get('a')!.latencyP99.t).toEqual([t0 + 5000]);
    api.emit('metrics.update', snapshot((at = t0 + 6000), ['a']));
    expect(m.modems.get('a')!.latencyP99.t).toEqual([t0 + 5000, t0 + 6000]);
    // It closes: nothing more appended; it opens again: only what it missed is asked for.
    stop();
    stop();
    api.emit('metrics.update', snapshot((at = t0 + 7000), ['a']));
    expect(m.modems.get('a')!.latencyP99.t).toEqual([t0 + 5000, t0 + 6000]);
    at = t0 + 8000;
    m.watchModems();
    await vi.advanceTimersByTimeAsync(0);
    expect(api.inputs('metrics.get').at(-1)).toEqual({ since: t0 + 6000, modems: 'all', commands: 'none' });
    expect(m.modems.get('a')!.latencyP99.t).toEqual([t0 + 5000, t0 + 6000, t0 + 8000]);
  });
});
