import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ResourceWatch, heapGrowth, inspectorGc } from '../../../src-main/core/soak';

const MB = 1024 * 1024;

/** A meter whose figures the test sets: what the event loop did in the interval that ends at the next sample(). */
function fakeLoop() {
  const calls: string[] = [];
  let p99: number | null = null;
  return {
    calls,
    set(v: number) {
      p99 = v;
    },
    sample() {
      calls.push('loop');
      const r = { eventLoopDelayMs: { p99, max: p99 === null ? null : p99 * 2 } };
      p99 = null;
      return r;
    },
    dispose() {
      calls.push('dispose');
    },
  };
}

describe('ResourceWatch (fake time)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('samples the heap after a GC and the loop before it, every interval, and reports growth from minute 2 to 10', async () => {
    const loop = fakeLoop();
    let heap = 100 * MB;
    const order: string[] = loop.calls;
    const gc = vi.fn(async () => {
      order.push('gc');
      heap -= 10 * MB; // what the collection frees: the reading must come after it
    });
    let events = 0;
    const w = new ResourceWatch({ intervalMs: 60_000, gc, loop, memory: () => ({ heapUsed: heap, external: 2 * MB, rss: 300 * MB }), counts: () => ({ timelineEvents: (events += 5) }) });
    w.start();
    for (let min = 1; min <= 10; min++) {
      heap += 10 * MB + (min >= 2 ? MB : 0); // garbage, plus 1 MB a minute kept from minute 2
      loop.set(min);
      await vi.advanceTimersByTimeAsync(60_000);
    }
    const r = await w.stop();
    expect(gc).toHaveBeenCalledTimes(10);
    expect(r.heap.samples).toHaveLength(10);
    expect(r.heap.samples[0]).toEqual({ atS: 60, usedMB: 100, externalMB: 2, rssMB: 300, counts: { timelineEvents: 5 } });
    expect(r.heap.samples[9]!.counts).toEqual({ timelineEvents: 50 });
    expect(r.heap.samples.map((s) => s.usedMB)).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108, 109]);
    // 101 MB at minute 2 to 109 MB at minute 10.
    expect(r.heap.growthPct2to10).toBe(7.92);
    expect([r.heap.growthFromS, r.heap.growthToS]).toEqual([120, 600]);
    expect(r.eventLoopP99Ms).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(r.eventLoopP99MaxMs).toBe(10);
    expect(r.eventLoopMaxMs).toBe(20);
    // start, then per interval: the loop's figures, the GC, the loop again (the GC's pause is dropped); then dispose.
    expect(order.slice(0, 4)).toEqual(['loop', 'loop', 'gc', 'loop']);
    expect(order.at(-1)).toBe('dispose');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('has no growth figure before a sample at minute 2 and one after it exist', async () => {
    const w = new ResourceWatch({ intervalMs: 30_000, gc: async () => {}, loop: fakeLoop(), memory: () => ({ heapUsed: MB, external: 0, rss: MB }) });
    w.start();
    await vi.advanceTimersByTimeAsync(120_000);
    const r = await w.stop();
    expect(r.heap.samples.map((s) => s.atS)).toEqual([30, 60, 90, 120]);
    expect(r.heap.growthPct2to10).toBeNull();
    expect(r.eventLoopP99MaxMs).toBeNull();
  });

  it('stop waits for a sample whose GC is still running, and samples no more after', async () => {
    let release!: () => void;
    const gc = vi.fn(() => new Promise<void>((r) => (release = r)));
    const w = new ResourceWatch({ intervalMs: 1000, gc, loop: fakeLoop(), memory: () => ({ heapUsed: MB, external: 0, rss: MB }) });
    w.start();
    await vi.advanceTimersByTimeAsync(1000);
    let report: Awaited<ReturnType<ResourceWatch['stop']>> | null = null;
    const stopping = w.stop().then((r) => (report = r));
    await vi.advanceTimersByTimeAsync(5000);
    expect(report).toBeNull();
    release();
    await stopping;
    expect(report!.heap.samples).toHaveLength(1);
    expect(gc).toHaveBeenCalledTimes(1);
  });

  it('refuses an interval under 100 ms', () => {
    expect(() => new ResourceWatch({ intervalMs: 10 })).toThrow(/intervalMs/);
  });
});

describe('heapGrowth', () => {
  const s = (atS: number, usedMB: number) => ({ atS, heapUsedMB: usedMB, externalMB: 0, rssMB: 0, eventLoopP99Ms: null, eventLoopMaxMs: null });
  it('takes the first sample at or after 120 s and the last at or before 600 s', () => {
    expect(heapGrowth([s(90, 10), s(150, 50), s(300, 60), s(570, 52), s(630, 99)])).toEqual({ growthPct2to10: 4, growthFromS: 150, growthToS: 570 });
  });
  it('reports shrinking as negative growth', () => {
    expect(heapGrowth([s(120, 50), s(600, 45)]).growthPct2to10).toBe(-10);
  });
});

describe('inspectorGc', () => {
  it('frees unreachable memory without --expose-gc', async () => {
    vi.useRealTimers();
    let big: number[][] | null = Array.from({ length: 200 }, () => new Array<number>(5000).fill(1));
    const before = process.memoryUsage().heapUsed;
    expect(big.length).toBe(200);
    big = null;
    await inspectorGc();
    expect(process.memoryUsage().heapUsed).toBeLessThan(before - 4 * 1024 * 1024);
  });
});
