import { describe, expect, it } from 'vitest';
import { loopDelayMs, loopDelaySummary } from '../../../src-main/core/metrics';

/** A histogram that recorded exactly these intervals (ns), like perf_hooks' does between its timer ticks. */
function recorded(intervalsNs: number[]) {
  const sorted = [...intervalsNs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
    max: sorted.at(-1) ?? 0,
    percentile: (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!,
  };
}

describe('event-loop delay', () => {
  it('takes the sampling period out: an idle loop sampled every 10 ms has ~0 delay, not 10 ms', () => {
    // What monitorEventLoopDelay({ resolution: 10 }) records on an idle loop: ticks 10.0-10.4 ms apart.
    const idle = recorded([10.1e6, 10.0e6, 10.2e6, 10.4e6, 10.1e6]);
    const s = loopDelaySummary(idle, 10);
    expect(s.p50).toBeCloseTo(0.1, 5);
    expect(s.max).toBeCloseTo(0.4, 5);
    expect(s.mean!).toBeLessThan(1);
  });

  it('reports a blocked loop as the time past the period', () => {
    // One tick came 35 ms after the previous one: the loop was 25 ms late.
    const s = loopDelaySummary(recorded([10e6, 10e6, 35e6]), 10);
    expect(s.max).toBe(25);
    expect(loopDelayMs(35e6, 10)).toBe(25);
  });

  it('never goes below zero (a tick a little early) and is null with nothing recorded', () => {
    expect(loopDelayMs(9.5e6, 10)).toBe(0);
    expect(loopDelaySummary(recorded([]), 10)).toEqual({ mean: null, p50: null, p99: null, max: null });
  });
});
