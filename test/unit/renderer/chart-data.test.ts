import { describe, expect, it } from 'vitest';
import { aligned, typicalStep, withGaps } from '../../../src-renderer/lib/chart-data';

describe('withGaps', () => {
  it('breaks the line after a silence much longer than the usual step', () => {
    const t = [0, 500, 1000, 1500, 12_000, 12_500];
    const [ot, ov] = withGaps(t, [1, 2, 3, 4, 5, 6]);
    expect(ot).toEqual([0, 500, 1000, 1500, 1501, 12_000, 12_500]);
    expect(ov).toEqual([1, 2, 3, 4, null, 5, 6]);
  });

  it('leaves a slow but regular series (a 30 s health poll) joined', () => {
    const t = [0, 30_000, 60_000, 90_000];
    expect(withGaps(t, [1, 2, 3, 4])[1]).toEqual([1, 2, 3, 4]);
    expect(typicalStep(t)).toBe(30_000);
    // ...until a poll is missed three times over.
    expect(withGaps([...t, 200_000], [1, 2, 3, 4, 5])[1]).toEqual([1, 2, 3, 4, null, 5]);
  });
});

describe('withGaps on a short series', () => {
  it('a sample, one step, then a silence: the silence is not taken for the usual step (the e2e saw 3 points and no break)', () => {
    const t = [0, 1000, 15_000];
    expect(typicalStep(t)).toBe(1000);
    expect(withGaps(t, [1, 2, 3])[1]).toEqual([1, 2, null, 3]);
  });
});

describe('aligned', () => {
  it('keeps a gap as null and leaves other series undefined where they have no sample', () => {
    const a = { t: [0, 1000, 2000, 3000, 20_000], v: [1, 1, 1, 1, 1] };
    const b = { t: [500, 1500], v: [7, 8] };
    const d = aligned([a, b], 0);
    const xs = d[0] as number[];
    expect(xs).toEqual([0, 500, 1000, 1500, 2000, 3000, 3001, 20_000]);
    expect(d[1]).toEqual([1, undefined, 1, undefined, 1, 1, null, 1]);
    expect(d[2]).toEqual([undefined, 7, undefined, 8, undefined, undefined, undefined, undefined]);
  });

  it('cuts at the window start', () => {
    expect(aligned([{ t: [0, 1000, 2000], v: [1, 2, 3] }], 1000)).toEqual([[1000, 2000], [2, 3]]);
  });
});
