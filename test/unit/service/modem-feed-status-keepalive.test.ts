/**
 * Issue 17, left over: an app that follows this bench counts its traffic
 * only while its status is fresh, so the bench repeats an unchanged status
 * now and then instead of going silent (a silent bench and a hung one must
 * not look alike). A changed status still goes out at the next tick.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BenchStatusView, EventMap, EventName } from '../../../src-preload/contract';
import { ModemFeed } from '../../../src-main/core/service/modem-feed';

describe('ModemFeed status keepalive', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('repeats an unchanged status every statusKeepaliveMs, and a changed one at the next tick', async () => {
    let s: BenchStatusView = { modemsOnline: 1, modemsTotal: 1, commandsPerSec: 0, errorsLastMinute: 0, inFlight: 0, queued: 0, simulated: true };
    const sent: { at: number; s: BenchStatusView }[] = [];
    const f = new ModemFeed({
      modems: () => [],
      status: () => s,
      metrics: { snapshot: () => ({ at: 0 }) as never },
      emit: <E extends EventName>(channel: E, payload: EventMap[E]) => {
        if (channel === 'bench.status') sent.push({ at: Date.now(), s: payload as BenchStatusView });
      },
      listened: () => false,
      eventIntervalMs: 250,
      consoleIntervalMs: 100,
      metricsIntervalMs: 500,
      statusKeepaliveMs: 2000,
    });
    const t0 = Date.now();
    f.start();
    await vi.advanceTimersByTimeAsync(250);
    expect(sent.map((x) => x.at - t0)).toEqual([250]);
    await vi.advanceTimersByTimeAsync(1750);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(250);
    expect(sent.map((x) => x.at - t0)).toEqual([250, 2250]);
    s = { ...s, commandsPerSec: 3 };
    await vi.advanceTimersByTimeAsync(250);
    expect(sent.map((x) => [x.at - t0, x.s.commandsPerSec])).toEqual([
      [250, 0],
      [2250, 0],
      [2500, 3],
    ]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(sent.map((x) => x.at - t0)).toEqual([250, 2250, 2500, 4500]);
    f.dispose();
  });

  it('rejects a keepalive shorter than the status tick, and takes a slow tick as the default', () => {
    const base = { modems: () => [], status: () => ({}) as BenchStatusView, metrics: { snapshot: () => ({ at: 0 }) as never }, emit: () => undefined, listened: () => false, consoleIntervalMs: 100, metricsIntervalMs: 500 };
    expect(() => new ModemFeed({ ...base, eventIntervalMs: 250, statusKeepaliveMs: 100 })).toThrow(/statusKeepaliveMs/);
    // Without one, a slow status tick is its own keepalive.
    expect(() => new ModemFeed({ ...base, eventIntervalMs: 5000 }).dispose()).not.toThrow();
  });
});
