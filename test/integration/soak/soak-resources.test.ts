import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModemSet } from '../../../src-main/core/modem';
import { simLocator } from '../../../src-main/core/service/sim-locator';
import { ModemSimulator } from '../../../src-main/core/sim';
import { type SoakSummary, runSoak } from '../../../src-main/core/soak';

/** The soak's heap and event-loop samples (issue 16), on fake time with a fake meter and GC. */
describe('soak resources', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  async function soak(resources: Parameters<typeof runSoak>[0]['resources']): Promise<SoakSummary> {
    const sim = new ModemSimulator({ count: 2, seed: 3 });
    const bench = new ModemSet({ binding: sim.binding });
    const setup = Promise.all(
      sim.describe().map(async (d) => {
        const modem = await bench.add(d.ports.map((p) => ({ path: p.path, role: p.role, interface: p.interface })), `sim${d.index}`);
        await modem.init();
        await modem.readIdentity();
        return { modem, locator: simLocator(sim, d.index) };
      }),
    );
    await vi.advanceTimersByTimeAsync(2000);
    const targets = await setup;
    let summary: SoakSummary | undefined;
    const run = runSoak({ bench, targets, durationMs: 180_000, rate: 5, tagged: true, resources }).then((s) => (summary = s));
    for (let t = 0; t < 600 && !summary; t++) await vi.advanceTimersByTimeAsync(1000);
    await run;
    await bench.close();
    await sim.dispose();
    expect(vi.getTimerCount()).toBe(0);
    return summary!;
  }

  it('samples the heap after GC and the loop every interval of the load only, and disposes the meter', async () => {
    let heap = 50 * 1024 * 1024;
    const gc = vi.fn(async () => {});
    const loop = { n: 0, disposed: false, sample: () => ({ eventLoopDelayMs: { p99: 3, max: 9 } }), dispose: () => void (loop.disposed = true) };
    const s = await soak({ intervalMs: 30_000, gc, loop, memory: () => ({ heapUsed: (heap += 1024 * 1024), external: 0, rss: 0 }) });
    expect(s.lost).toBe(0);
    expect(s.heap!.samples.map((x) => x.atS)).toEqual([30, 60, 90, 120, 150, 180]);
    // The supervisors' timelines are counted beside each sample (reboots, recoveries and health changes fill them).
    expect(s.heap!.samples.every((x) => typeof x.counts?.timelineEvents === 'number')).toBe(true);
    expect(gc).toHaveBeenCalledTimes(6);
    expect(s.heap!.growthFromS).toBe(120);
    expect(s.heap!.growthToS).toBe(180);
    expect(s.heap!.growthPct2to10).toBe(3.7); // 54 -> 56 MB
    expect(s.eventLoopP99Ms).toEqual([3, 3, 3, 3, 3, 3]);
    expect(s.eventLoopP99MaxMs).toBe(3);
    expect(loop.disposed).toBe(true);
  }, 60_000);

  it('reports no heap or loop figures when not asked', async () => {
    const s = await soak(null);
    expect(s.heap).toBeNull();
    expect(s.eventLoopP99Ms).toBeNull();
  }, 60_000);
});
