/**
 * Issue 17, left over: the Performance page's tables across the fleet.
 * RemoteMetrics asks each connected host's metrics.get lazily (only when
 * asked for tables, at most every refreshMs, one request in flight), never
 * makes the caller wait, keys the host's own modems' rows by their id here,
 * leaves out the rows of the host's own remotes, and drops a host's figures
 * at once when it goes away. Hosts are links answering when the test says
 * (the layer below), on fake time.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BenchHostState, BenchHostView, MetricsSnapshotView, ModemStatsViewM, StatsViewM } from '../../../src-preload/contract';
import { RemoteMetrics } from '../../../src-main/core/fleet/remote-metrics';
import type { HostLinks } from '../../../src-main/core/fleet/remote-status';
import { Emitter } from '../../../src-main/core/util/emitter';

type Pending = { input: unknown; resolve: (s: MetricsSnapshotView) => void; reject: (e: Error) => void };

function stats(key: string, commands: number, errors = 0): StatsViewM {
  return {
    key,
    commands,
    errors,
    timeouts: 0,
    retries: 0,
    errorsByCode: {},
    latency: { count: commands, mean: 10, p50: 10, p95: 12, p99: 15, max: 20 },
    throughput: { s1: 1, s10: 1, s60: 1 },
    last60s: { errorRate: null, avgLatencyMs: null },
  };
}
const row = (key: string, commands: number, host?: string): ModemStatsViewM => ({ ...stats(key, commands), signal: null, ...(host ? { host } : {}) });

function snapshot(total: number, modems: ModemStatsViewM[]): MetricsSnapshotView {
  const cell = { throughput: [], latencyP50: [], latencyP99: [], errorRate: [] };
  return {
    at: 0,
    startedAt: 0,
    sampleIntervalMs: 1000,
    total: stats('all', total),
    modems,
    commands: [],
    process: null,
    alerts: [],
    series: { since: 0, total: cell, process: { eventLoopDelayP99: [], eventLoopDelayMean: [], heapUsedMB: [], rssMB: [], cpuPercent: [] }, commands: {}, modems: {} },
  };
}

function fakeHosts() {
  const asked = new Map<string, Pending[]>();
  const states = new Map<string, BenchHostState>();
  const hostsChanged = new Emitter<BenchHostView[]>();
  const hosts = (): BenchHostView[] =>
    [...states].map(([name, state]) => ({ name, url: `http://${name}/`, tokenMasked: null, ca: false, state, message: state === 'connected' ? null : 'went away', modems: 2, persisted: false }));
  const link = (name: string) => ({
    on: () => () => undefined,
    invoke: (_channel: string, input: unknown) =>
      new Promise<MetricsSnapshotView>((resolve, reject) => {
        const q = asked.get(name) ?? [];
        q.push({ input, resolve, reject });
        asked.set(name, q);
      }),
  });
  const source = { hosts, hostsChanged, link: (name: string) => (states.has(name) ? link(name) : null) } as unknown as HostLinks;
  const set = (name: string, state: BenchHostState | null): void => {
    if (state === null) states.delete(name);
    else states.set(name, state);
    hostsChanged.emit(hosts());
  };
  return { source, asked, set };
}

const T0 = Date.parse('2026-12-06T12:00:00Z');

describe('RemoteMetrics', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it('asks a host for its tables only when asked, keys its own modems’ rows here, and leaves its remotes’ rows out', async () => {
    const { source, asked, set } = fakeHosts();
    const m = new RemoteMetrics(source, { refreshMs: 2000 });
    set('a:1', 'connected');
    expect(asked.size).toBe(0);
    expect(m.tables()).toEqual({ modems: [], hosts: [{ host: 'a:1', at: null, total: null, modems: 0, problem: 'asked, no answer yet' }] });
    expect(asked.get('a:1')!.map((p) => p.input)).toEqual([{ since: Number.MAX_SAFE_INTEGER, modems: 'none', commands: 'none' }]);
    asked.get('a:1')![0]!.resolve(snapshot(7, [row('860000000000001', 4), row('860000000000002', 3), row('c:3/860000000000009', 50, 'c:3')]));
    await vi.advanceTimersByTimeAsync(0);
    const t = m.tables();
    expect(t.modems.map((r) => [r.key, r.host, r.commands])).toEqual([
      ['a:1/860000000000001', 'a:1', 4],
      ['a:1/860000000000002', 'a:1', 3],
    ]);
    expect(t.hosts).toEqual([{ host: 'a:1', at: T0, total: stats('all', 7), modems: 2, problem: null }]);
    m.close();
  });

  it('asks again at most every refreshMs, one request in flight, and never waits for a slow host', async () => {
    const { source, asked, set } = fakeHosts();
    const m = new RemoteMetrics(source, { refreshMs: 2000, maxAgeMs: 10_000 });
    set('a:1', 'connected');
    m.tables();
    asked.get('a:1')![0]!.resolve(snapshot(1, [row('i1', 1)]));
    await vi.advanceTimersByTimeAsync(1999);
    m.tables();
    expect(asked.get('a:1')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    m.tables();
    expect(asked.get('a:1')).toHaveLength(2);
    // The host is slow: the page gets the last answer meanwhile, and no pile of requests.
    await vi.advanceTimersByTimeAsync(6000);
    const t = m.tables();
    expect(asked.get('a:1')).toHaveLength(2);
    expect(t.modems.map((r) => [r.key, r.commands])).toEqual([['a:1/i1', 1]]);
    expect(t.hosts[0]).toMatchObject({ at: T0, problem: null });
    // Past maxAgeMs the old answer is not shown as if current.
    await vi.advanceTimersByTimeAsync(2001);
    expect(m.tables()).toEqual({ modems: [], hosts: [{ host: 'a:1', at: null, total: null, modems: 0, problem: 'no answer for 10 s' }] });
    asked.get('a:1')![1]!.resolve(snapshot(2, [row('i1', 2)]));
    await vi.advanceTimersByTimeAsync(0);
    expect(m.tables().modems.map((r) => r.commands)).toEqual([2]);
    m.close();
  });

  it('a host that goes away shows no figures at once, and an answer from before it went is dropped', async () => {
    const { source, asked, set } = fakeHosts();
    const m = new RemoteMetrics(source);
    set('a:1', 'connected');
    m.tables();
    asked.get('a:1')![0]!.resolve(snapshot(1, [row('i1', 1)]));
    await vi.advanceTimersByTimeAsync(2000);
    m.tables();
    set('a:1', 'unreachable');
    expect(m.tables()).toEqual({ modems: [], hosts: [{ host: 'a:1', at: null, total: null, modems: 0, problem: 'unreachable: went away' }] });
    asked.get('a:1')![1]!.resolve(snapshot(5, [row('i1', 5)]));
    await vi.advanceTimersByTimeAsync(0);
    expect(m.tables().modems).toEqual([]);
    expect(asked.get('a:1')).toHaveLength(2);
    set('a:1', 'connected');
    expect(m.tables().hosts[0]!.problem).toBe('asked, no answer yet');
    asked.get('a:1')![2]!.reject(new Error('metrics off'));
    await vi.advanceTimersByTimeAsync(0);
    expect(m.tables().hosts[0]!.problem).toBe('no answer: metrics off');
    set('a:1', null);
    expect(m.tables()).toEqual({ modems: [], hosts: [] });
    m.close();
  });

  it('an answer that is not metrics tables is the host’s problem, never figures; a broken row is left out', async () => {
    const { source, asked, set } = fakeHosts();
    const m = new RemoteMetrics(source, { refreshMs: 1000 });
    set('a:1', 'connected');
    m.tables();
    asked.get('a:1')![0]!.resolve({ total: { commands: 'many' }, modems: 'none' } as unknown as MetricsSnapshotView);
    await vi.advanceTimersByTimeAsync(1000);
    expect(m.tables()).toEqual({ modems: [], hosts: [{ host: 'a:1', at: null, total: null, modems: 0, problem: 'no answer: its answer is not metrics tables' }] });
    asked.get('a:1')![1]!.resolve(snapshot(3, [row('i1', 3), { key: 'i2', commands: null } as unknown as ModemStatsViewM]));
    await vi.advanceTimersByTimeAsync(0);
    expect(m.tables().modems.map((r) => r.key)).toEqual(['a:1/i1']);
    m.close();
  });

  it('rejects options that cannot work', () => {
    const { source } = fakeHosts();
    expect(() => new RemoteMetrics(source, { refreshMs: 0 })).toThrow(/refreshMs/);
    expect(() => new RemoteMetrics(source, { refreshMs: 5000, maxAgeMs: 1000 })).toThrow(/maxAgeMs/);
  });
});
