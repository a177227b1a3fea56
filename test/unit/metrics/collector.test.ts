import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MetricsCollector, type AlertEvent } from '../../../src-main/core/metrics';

describe('MetricsCollector', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('validates its options, naming the bad field', () => {
    expect(() => new MetricsCollector({ sampleIntervalMs: 5 })).toThrow(/sampleIntervalMs/);
    expect(() => new MetricsCollector({ thresholds: { errorRate: 2 } })).toThrow(/thresholds.errorRate/);
    expect(() => new MetricsCollector({ load: 3 as unknown as () => number })).toThrow(/load/);
  });

  it('counts per modem, per command base and overall, with latency percentiles and errors by code', () => {
    const m = new MetricsCollector({ processMetrics: false });
    for (let i = 1; i <= 100; i++) m.record('m0', 'AT+CSQ', i, null);
    m.record('m1', 'AT+QENG="servingcell"', 50, 'timeout');
    m.record('m1', 'AT+QENG="neighbourcell"', 20, 'modem-error', 2);
    m.record('m1', 'AT+CEREG?', null, 'cancelled');
    const s = m.snapshot();
    expect(s.total).toMatchObject({ key: 'all', commands: 103, errors: 3, timeouts: 1, retries: 1 });
    expect(s.total.errorsByCode).toEqual({ timeout: 1, 'modem-error': 1, cancelled: 1 });
    const m0 = s.modems.find((x) => x.key === 'm0')!;
    expect(m0.latency.count).toBe(100);
    expect(m0.latency.p50).toBeCloseTo(50, -0.5);
    expect(m0.latency.p99).toBeCloseTo(99, -0.5);
    expect(m0.latency.max).toBeCloseTo(100, 0);
    expect(m0.latency.mean).toBeCloseTo(50.5, 5);
    const qeng = s.commands.find((c) => c.key === 'AT+QENG')!;
    expect(qeng).toMatchObject({ commands: 2, errors: 2, timeouts: 1, retries: 1 });
    expect(s.commands.map((c) => c.key)).toEqual(['AT+CSQ', 'AT+QENG', 'AT+CEREG']);
    m.dispose();
  });

  it('throughput over 1 s, 10 s and 60 s sliding windows', async () => {
    const m = new MetricsCollector({ processMetrics: false, minSnapshotIntervalMs: 0 });
    // 20 commands a second for 30 s.
    for (let sec = 0; sec < 30; sec++) {
      for (let i = 0; i < 20; i++) m.record('m0', 'AT+CSQ', 5, null);
      await vi.advanceTimersByTimeAsync(1000);
    }
    let s = m.snapshot();
    expect(s.total.throughput).toEqual({ s1: 20, s10: 20, s60: 20 }); // 60 s window capped at the run time
    expect(s.modems[0]!.throughput.s10).toBe(20);
    // Silence for 10 s: the 1 s and 10 s windows drain, the 60 s one halves-ish.
    await vi.advanceTimersByTimeAsync(10_000);
    s = m.snapshot();
    expect(s.total.throughput.s1).toBe(0);
    expect(s.total.throughput.s10).toBe(0);
    expect(s.total.throughput.s60).toBe(15); // 600 / 40 s
    await vi.advanceTimersByTimeAsync(60_000);
    expect(m.snapshot().total.throughput.s60).toBe(0);
    m.dispose();
  });

  it('one series point per tick: throughput, interval percentiles, error rate; `since` gives deltas', async () => {
    const m = new MetricsCollector({ processMetrics: false, sampleIntervalMs: 1000, seriesLength: 5 });
    const t0 = Date.now();
    for (let i = 0; i < 10; i++) m.record('m0', 'AT+CSQ', 10, i < 2 ? 'timeout' : null);
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(1000); // an idle tick
    const s = m.snapshot({ modems: ['m0'] });
    expect(s.series.total.throughput).toEqual([[t0 + 1000, 10], [t0 + 2000, 0]]);
    // HDR reports the top of the value's 1 % bucket.
    expect(s.series.total.latencyP50).toEqual([[t0 + 1000, expect.closeTo(10, 1)], [t0 + 2000, null]]);
    expect(s.series.total.errorRate).toEqual([[t0 + 1000, 0.2], [t0 + 2000, null]]);
    expect(s.series.commands['AT+CSQ']!.throughput).toHaveLength(2);
    expect(s.series.modems.m0!.throughput).toHaveLength(2);
    expect(m.snapshot({ since: t0 + 1000 }).series.total.throughput).toEqual([[t0 + 2000, 0]]);
    // Ring of 5 points.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(m.snapshot().series.total.throughput).toHaveLength(5);
    expect(m.snapshot().series.modems).toEqual({}); // per-modem series only when asked
    m.dispose();
  });

  it('signal series from health readings, bounded, with the latest in the modem row', () => {
    const m = new MetricsCollector({ processMetrics: false, signalLength: 3, minSnapshotIntervalMs: 0 });
    m.recordSignal('m0', { rssiDbm: null, rsrp: null, rsrq: null, sinr: null }); // nothing to plot
    expect(m.snapshot().modems).toHaveLength(0);
    for (let i = 0; i < 5; i++) m.recordSignal('m0', { rssiDbm: -70 - i, rsrp: -95 - i, rsrq: -10, sinr: i === 4 ? null : 12 }, 1000 * i);
    const s = m.snapshot({ modems: 'all' });
    expect(s.series.modems.m0!.rssiDbm).toEqual([[2000, -72], [3000, -73], [4000, -74]]);
    expect(s.series.modems.m0!.sinr).toEqual([[2000, 12], [3000, 12], [4000, null]]);
    expect(s.modems[0]!.signal).toEqual({ t: 4000, rssiDbm: -74, rsrp: -99, rsrq: -10, sinr: null });
    m.dispose();
  });

  it('coalesces snapshot tables to at most one computation per minSnapshotIntervalMs', async () => {
    const m = new MetricsCollector({ processMetrics: false, minSnapshotIntervalMs: 250 });
    m.record('m0', 'AT', 1, null);
    const a = m.snapshot();
    m.record('m0', 'AT', 1, null);
    const b = m.snapshot();
    expect(b.total).toBe(a.total); // same tables object: not recomputed
    await vi.advanceTimersByTimeAsync(250);
    expect(m.snapshot().total.commands).toBe(2);
    m.dispose();
  });

  it('raises and clears alerts with the default thresholds, as events', async () => {
    let load = 1;
    const m = new MetricsCollector({ processMetrics: false, load: () => load });
    const events: AlertEvent[] = [];
    m.onAlert((e) => events.push(e));
    // 30 s of 5 commands/s under load, all slow (6 s) and one in 4 failing.
    for (let sec = 0; sec < 30; sec++) {
      for (let i = 0; i < 5; i++) m.record(`m${i}`, 'AT+COPS?', 6000, i === 0 ? 'timeout' : null);
      await vi.advanceTimersByTimeAsync(1000);
    }
    const raised = events.filter((e) => e.state === 'raised').map((e) => `${e.kind}@${e.scope}`).sort();
    expect(raised).toEqual([
      'error-rate-high@process',
      'latency-high@process',
      'throughput-low@process',
    ]); // per-modem rules need 20 samples in the 10 s window: 10 each here
    expect(m.alerts).toHaveLength(3);
    expect(m.snapshot().alerts).toHaveLength(3);
    // Load gone, fast and clean again: everything clears once, after clearAfterMs.
    load = 0;
    for (let sec = 0; sec < 40; sec++) {
      for (let i = 0; i < 5; i++) m.record(`m${i}`, 'AT+CSQ', 20, null);
      await vi.advanceTimersByTimeAsync(1000);
    }
    const cleared = events.filter((e) => e.state === 'cleared').map((e) => e.kind).sort();
    expect(cleared).toEqual(['error-rate-high', 'latency-high', 'throughput-low']);
    expect(events).toHaveLength(6);
    expect(m.alerts).toHaveLength(0);
    m.dispose();
  });

  it('judges modems on their own and clears their alerts when they are forgotten', async () => {
    const m = new MetricsCollector({ processMetrics: false });
    const events: AlertEvent[] = [];
    m.onAlert((e) => events.push(e));
    for (let sec = 0; sec < 10; sec++) {
      for (let i = 0; i < 5; i++) m.record('bad', 'AT+CSQ', 10, 'modem-error');
      for (let i = 0; i < 50; i++) m.record('good', 'AT+CSQ', 10, null);
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(events.map((e) => `${e.kind}@${e.scope}:${e.state}`)).toEqual(['error-rate-high@modem:bad:raised']);
    m.forget('bad');
    expect(events.at(-1)).toMatchObject({ scope: 'modem:bad', state: 'cleared' });
    expect(m.snapshot().modems.map((x) => x.key)).toEqual(['good']);
    m.dispose();
  });

  it('heap and event-loop alerts come from the process sample', async () => {
    const m = new MetricsCollector({ thresholds: { heapUsedMB: 1 }, raiseAfterMs: 0 });
    const events: AlertEvent[] = [];
    m.onAlert((e) => events.push(e));
    await vi.advanceTimersByTimeAsync(1000);
    expect(events.map((e) => e.kind)).toContain('heap-high');
    const p = m.snapshot().process!;
    expect(p.heapUsedMB).toBeGreaterThan(1);
    expect(p.rssMB).toBeGreaterThan(0);
    expect(typeof p.cpuPercent).toBe('number');
    expect(p.eventLoopDelayMs).toHaveProperty('p99');
    expect(m.snapshot().series.process.heapUsedMB).toHaveLength(1);
    m.dispose();
  });

  it('reset() starts counters over; dispose() leaves no timer and ignores late records', async () => {
    const m = new MetricsCollector({ minSnapshotIntervalMs: 0 });
    m.record('m0', 'AT', 1, null);
    m.reset();
    expect(m.snapshot().total.commands).toBe(0);
    expect(vi.getTimerCount()).toBe(1);
    expect(m.pendingTimers).toBe(1);
    m.dispose();
    expect(vi.getTimerCount()).toBe(0);
    expect(m.pendingTimers).toBe(0);
    m.record('m0', 'AT', 1, null);
    m.recordSignal('m0', { rssiDbm: -70, rsrp: null, rsrq: null, sinr: null });
    m.dispose(); // twice is fine
    expect(m.footprint.modems).toBe(0);
  });
});
