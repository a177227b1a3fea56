import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventCoalescer } from '../../../src-main/core/service/event-coalescer';

describe('EventCoalescer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('many schedules within the interval flush once, interval after the first; the next schedule arms again', async () => {
    const c = new EventCoalescer();
    const flushed: number[] = [];
    const schedule = c.coalesced(100, () => flushed.push(Date.now()));
    const t0 = Date.now();
    schedule();
    await vi.advanceTimersByTimeAsync(60);
    schedule();
    schedule();
    await vi.advanceTimersByTimeAsync(40);
    expect(flushed).toEqual([t0 + 100]);
    expect(c.pending).toBe(0);
    schedule();
    await vi.advanceTimersByTimeAsync(100);
    expect(flushed).toEqual([t0 + 100, t0 + 200]);
  });

  it('periodic runs every interval; dispose clears everything and later schedules do nothing', async () => {
    const c = new EventCoalescer();
    let ticks = 0;
    let flushes = 0;
    c.periodic(250, () => ticks++);
    const schedule = c.coalesced(100, () => flushes++);
    schedule();
    await vi.advanceTimersByTimeAsync(500);
    expect([ticks, flushes]).toEqual([2, 1]);
    schedule();
    expect(c.pending).toBe(2);
    c.dispose();
    expect(c.pending).toBe(0);
    schedule();
    c.periodic(10, () => ticks++);
    await vi.advanceTimersByTimeAsync(1000);
    expect([ticks, flushes]).toEqual([2, 1]);
  });
});
