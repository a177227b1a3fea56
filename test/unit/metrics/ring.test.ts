import { describe, expect, it } from 'vitest';
import { SecondBuckets, SeriesRing } from '../../../src-main/core/metrics/ring';

describe('SeriesRing', () => {
  it('keeps the last N points, oldest first, with null for missing values', () => {
    const r = new SeriesRing(3, 2);
    for (let t = 1; t <= 5; t++) r.push(t * 1000, [t, t % 2 ? null : t * 10]);
    expect(r.size).toBe(3);
    expect(r.series(0)).toEqual([[3000, 3], [4000, 4], [5000, 5]]);
    expect(r.series(1)).toEqual([[3000, null], [4000, 40], [5000, null]]);
    expect(r.series(0, 4000)).toEqual([[5000, 5]]);
    expect(r.last(1)).toEqual([5000, null]);
  });
});

describe('SecondBuckets', () => {
  it('sums sliding windows and forgets seconds that rolled over', () => {
    const b = new SecondBuckets(60);
    for (let s = 0; s < 120; s++) {
      const o = b.slot(s);
      b.data[o + 1] = 2; // count
    }
    expect(b.sum(10, 119).count).toBe(20);
    expect(b.sum(60, 119).count).toBe(120);
    expect(b.sum(100, 119).count).toBe(120); // capped at the ring's length
    expect(b.sum(10, 200).count).toBe(0); // all stale
  });
});
