import { describe, expect, it } from 'vitest';
import { AlertEngine } from '../../../src-main/core/metrics/alerts';

const engine = () => new AlertEngine({ raiseAfterMs: 5000, clearAfterMs: 10_000, clearRatio: 0.8 });

describe('AlertEngine', () => {
  it('raises only after the condition held for raiseAfterMs', () => {
    const a = engine();
    expect(a.observe('latency-high', 'process', 6000, 5000, false, 0)).toBeNull();
    expect(a.observe('latency-high', 'process', 6000, 5000, false, 4000)).toBeNull();
    const e = a.observe('latency-high', 'process', 6000, 5000, false, 5000);
    expect(e).toMatchObject({ kind: 'latency-high', scope: 'process', state: 'raised', value: 6000, threshold: 5000 });
    expect(e!.message).toContain('average command latency is 6000 ms');
    expect(a.active()).toHaveLength(1);
  });

  it('a short spike does not raise', () => {
    const a = engine();
    a.observe('latency-high', 'process', 6000, 5000, false, 0);
    expect(a.observe('latency-high', 'process', 100, 5000, false, 1000)).toBeNull();
    expect(a.observe('latency-high', 'process', 6000, 5000, false, 5500)).toBeNull();
    expect(a.size).toBe(1);
  });

  it('does not flap around the threshold: clears only below the clear level, after clearAfterMs', () => {
    const a = engine();
    a.observe('error-rate-high', 'process', 0.2, 0.1, false, 0);
    expect(a.observe('error-rate-high', 'process', 0.2, 0.1, false, 5000)?.state).toBe('raised');
    // Hovering just under the threshold (above 0.08) keeps it raised.
    for (let t = 6000; t < 60_000; t += 1000) {
      expect(a.observe('error-rate-high', 'process', t % 2000 ? 0.11 : 0.09, 0.1, false, t)).toBeNull();
    }
    expect(a.active()).toHaveLength(1);
    expect(a.observe('error-rate-high', 'process', 0.05, 0.1, false, 60_000)).toBeNull();
    expect(a.observe('error-rate-high', 'process', 0.09, 0.1, false, 65_000)).toBeNull(); // back above the clear level: the clock restarts
    expect(a.observe('error-rate-high', 'process', 0.05, 0.1, false, 66_000)).toBeNull();
    const c = a.observe('error-rate-high', 'process', 0.05, 0.1, false, 76_000);
    expect(c).toMatchObject({ state: 'cleared', value: 0.05 });
    expect(a.active()).toHaveLength(0);
    expect(a.size).toBe(0);
  });

  it('"too low" rules raise below the threshold and clear above threshold / clearRatio', () => {
    const a = engine();
    a.observe('throughput-low', 'process', 5, 10, true, 0);
    expect(a.observe('throughput-low', 'process', 5, 10, true, 5000)?.state).toBe('raised');
    expect(a.observe('throughput-low', 'process', 11, 10, true, 6000)).toBeNull();
    expect(a.observe('throughput-low', 'process', 11, 10, true, 30_000)).toBeNull(); // 11 < 12.5
    a.observe('throughput-low', 'process', 13, 10, true, 31_000);
    expect(a.observe('throughput-low', 'process', 13, 10, true, 41_000)?.state).toBe('cleared');
  });

  it('null (no samples, no load) never raises and clears a raised alert', () => {
    const a = engine();
    expect(a.observe('throughput-low', 'process', null, 10, true, 0)).toBeNull();
    expect(a.size).toBe(0);
    a.observe('throughput-low', 'process', 1, 10, true, 0);
    a.observe('throughput-low', 'process', 1, 10, true, 5000);
    a.observe('throughput-low', 'process', null, 10, true, 6000);
    expect(a.observe('throughput-low', 'process', null, 10, true, 16_000)?.state).toBe('cleared');
  });

  it('forgetScope clears the raised alerts of a removed modem', () => {
    const a = engine();
    a.observe('latency-high', 'modem:m1', 9000, 5000, false, 0);
    a.observe('latency-high', 'modem:m1', 9000, 5000, false, 5000);
    a.observe('latency-high', 'modem:m11', 9000, 5000, false, 0);
    const out = a.forgetScope('modem:m1', 6000);
    expect(out).toEqual([expect.objectContaining({ kind: 'latency-high', scope: 'modem:m1', state: 'cleared' })]);
    expect(a.size).toBe(1); // m11 is another scope
  });
});
