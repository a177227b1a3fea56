/** The metrics store: series from metrics.get then 'metrics.update', alerts, the queue series from 'bench.status', fields from 'bench.delta'. */
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PointBuffer, useMetricsStore } from '../../../src-renderer/stores/metrics';
import { apiError, benchStatus, fakeApi, modemView } from '../../helpers/renderer-api';
import { alert, metricsSnapshot } from '../../helpers/renderer-metrics';

const T0 = Date.parse('2026-12-06T12:00:00Z');

describe('metrics store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => {
    useMetricsStore().stop();
    vi.useRealTimers();
  });

  it('a point buffer takes points in time order only', () => {
    const b = new PointBuffer();
    b.append([
      [1, 10],
      [2, 20],
    ]);
    b.append([
      [2, 99],
      [3, 30],
    ]);
    b.push(3, 0);
    b.push(4, null);
    expect(b.t).toEqual([1, 2, 3, 4]);
    expect(b.v).toEqual([10, 20, 30, null]);
    expect(b.lastT).toBe(4);
  });

  it('loads a snapshot, then appends each update; a bump of version says when', async () => {
    const api = fakeApi({ 'metrics.get': () => metricsSnapshot(T0, ['m1'], { points: [[T0 - 1000, 5], [T0, 6]] }) });
    const m = useMetricsStore();
    await m.start();
    // Per-modem series only while a view shows them (issue 16): the Performance page watches them.
    expect(api.inputs('metrics.get')).toEqual([{ modems: 'none', commands: 'none' }]);
    m.watchModems();
    await vi.advanceTimersByTimeAsync(0);
    expect(api.inputs('metrics.get').at(-1)).toEqual({ modems: 'all', commands: 'none' });
    expect(m.total.throughput.v).toEqual([5, 6]);
    expect(m.modems.get('m1')?.rsrp.t).toEqual([T0 - 1000, T0]);
    const v = m.version;
    api.emit('metrics.update', metricsSnapshot(T0 + 1000, ['m1', 'm2'], { points: [[T0, 6], [T0 + 1000, 7]] }));
    expect(m.total.throughput.v).toEqual([5, 6, 7]);
    expect([...m.modems.keys()]).toEqual(['m1', 'm2']);
    expect(m.version).toBe(v + 1);
    expect(m.latest).toBe(T0 + 1000);
    expect(m.snapshot?.at).toBe(T0 + 1000);
  });

  it('a failed load says why', async () => {
    fakeApi({
      'metrics.get': () => {
        throw apiError('internal', 'metrics off');
      },
    });
    const m = useMetricsStore();
    await m.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(m.loadError).toBe('metrics off');
  });

  it('keeps alerts once each, newest first, from snapshots and alert events', async () => {
    const api = fakeApi({ 'metrics.get': () => metricsSnapshot(T0, [], { alerts: [alert(T0 - 5000)] }) });
    const m = useMetricsStore();
    await m.start();
    api.emit('metrics.alert', alert(T0 - 5000));
    api.emit('metrics.alert', alert(T0 - 1000, 'modem:m1'));
    api.emit('metrics.update', metricsSnapshot(T0 + 1000, [], { alerts: [alert(T0 - 5000), alert(T0, 'process', 'cleared')] }));
    expect(m.alerts.map((a) => [a.scope, a.state, a.at])).toEqual([
      ['process', 'cleared', T0],
      ['modem:m1', 'raised', T0 - 1000],
      ['process', 'raised', T0 - 5000],
    ]);
    // One that arrives late goes where its time puts it.
    api.emit('metrics.alert', alert(T0 - 9000, 'modem:m2'));
    expect(m.alerts.at(-1)?.scope).toBe('modem:m2');
    for (let i = 1; i <= 250; i++) api.emit('metrics.alert', alert(T0 + i));
    expect(m.alerts).toHaveLength(200);
    expect(m.alerts[0]!.at).toBe(T0 + 250);
  });

  it("samples the queue from bench.status at the server's time", async () => {
    // The server's clock is 2 s ahead of ours.
    const api = fakeApi({ 'metrics.get': () => metricsSnapshot(T0 + 2000, []) });
    const m = useMetricsStore();
    await m.start();
    api.emit('bench.status', { ...benchStatus(1, 1), queued: 3, inFlight: 1, commandsPerSec: 2.5 });
    expect(m.queue.queued.t).toEqual([T0 + 2000]);
    expect([m.queue.queued.v[0], m.queue.inFlight.v[0], m.queue.commandsPerSec.v[0]]).toEqual([3, 1, 2.5]);
  });

  it('samples CSQ, temperature and queue depth of each modem once per health poll', async () => {
    const api = fakeApi({ 'metrics.get': () => metricsSnapshot(T0, []) });
    const m = useMetricsStore();
    await m.start();
    const signal = (at: number, csq: number) => ({ csq, rssiDbm: -80, rsrp: -95, rsrq: -10, sinr: 12, bars: 3, at });
    api.emit('bench.delta', { upserted: [modemView('m1', { signal: signal(T0, 20), temperatureC: 38, queueDepth: 2 }), modemView('m2')], removed: [] });
    api.emit('bench.delta', { upserted: [modemView('m1', { signal: signal(T0, 21), temperatureC: 39, queueDepth: 0 })], removed: [] });
    api.emit('bench.delta', { upserted: [modemView('m1', { signal: signal(T0 + 30_000, 22), temperatureC: 40, queueDepth: 1 })], removed: [] });
    const f = m.fields.get('m1')!;
    expect(f.csq.v).toEqual([20, 22]);
    expect(f.temperatureC.v).toEqual([38, 40]);
    expect(f.queueDepth.v).toEqual([2, 1]);
    expect(m.fields.has('m2')).toBe(false);
  });
});
