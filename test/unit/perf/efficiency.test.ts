import { describe, expect, it } from 'vitest';
import { efficiency, guideSemaphoreSize, idealMs, spread, tallyDelta } from '../../perf/efficiency';

const MB = 1024 * 1024;

describe('batch efficiency arithmetic', () => {
  it('takes each modem its own delta, and the slowest modem as the ideal', () => {
    const before = [
      { replies: 3, delayMs: 40, lateMs: 1 },
      { replies: 2, delayMs: 10, lateMs: 0 },
    ];
    const after = [
      { replies: 13, delayMs: 200, lateMs: 4 },
      { replies: 12, delayMs: 260, lateMs: 2.5 },
    ];
    const d = tallyDelta(before, after);
    expect(d).toEqual([
      { replies: 10, delayMs: 160, lateMs: 3 },
      { replies: 10, delayMs: 250, lateMs: 2.5 },
    ]);
    // Not the sum, not the first modem: the longest single modem.
    expect(idealMs(d)).toBe(250);
    expect(idealMs([])).toBe(0);
  });

  it('refuses readings of different modem counts', () => {
    expect(() => tallyDelta([{ replies: 0, delayMs: 0, lateMs: 0 }], [])).toThrow(RangeError);
  });

  it('is ideal over wall time, and refuses an empty run', () => {
    expect(efficiency(250, 500)).toBe(0.5);
    expect(efficiency(250, 250)).toBe(1);
    expect(() => efficiency(250, 0)).toThrow(RangeError);
    expect(() => efficiency(-1, 10)).toThrow(RangeError);
  });

  it("sizes the guide's semaphore as max(10, min(mem / 128 MB, 2 x cores, 100))", () => {
    expect(guideSemaphoreSize(24 * 1024 * MB, 2)).toBe(10); // this box: 4 from the cores, 10 from the floor
    expect(guideSemaphoreSize(24 * 1024 * MB, 16)).toBe(32);
    expect(guideSemaphoreSize(2 * 1024 * MB, 64)).toBe(16); // memory-bound
    expect(guideSemaphoreSize(512 * 1024 * MB, 128)).toBe(100);
  });

  it('summarises rounds by median, min and max', () => {
    expect(spread([0.9, 0.95, 0.8])).toEqual({ median: 0.9, min: 0.8, max: 0.95 });
    expect(spread([0.9, 0.8])).toEqual({ median: 0.85, min: 0.8, max: 0.9 });
    expect(() => spread([])).toThrow(RangeError);
  });
});
