import { describe, expect, it } from 'vitest';
import { cssRgb, heatImage, heatScaleMax } from '../../../src-renderer/lib/heat-image';

const alpha = (img: ReturnType<typeof heatImage>, row: number, col: number) => img.data[(row * img.width + col) * 4 + 3];

describe('heatImage', () => {
  it('puts a sample at t into the second before it, with opacity 0.12 + 0.88 x value / max', () => {
    const from = 100_000;
    const img = heatImage(
      [
        { t: [101_000, 105_000, 160_000], v: [10, 5, 10] },
        { t: [99_000, 103_000], v: [0, null] },
      ],
      from,
      60_000,
      10,
      [255, 0, 0],
    );
    expect([img.width, img.height]).toEqual([60, 2]);
    expect(alpha(img, 0, 0)).toBe(255);
    expect(alpha(img, 0, 4)).toBe(Math.round((0.12 + 0.44) * 255));
    expect(alpha(img, 0, 59)).toBe(255);
    expect([...img.data.slice(0, 3)]).toEqual([255, 0, 0]);
    // Before the window, zero and null: nothing drawn.
    for (let c = 0; c < 60; c++) expect(alpha(img, 1, c)).toBe(0);
    expect(alpha(img, 0, 1)).toBe(0);
  });

  it('lets the newest sample win within a column and caps opacity at 1', () => {
    const img = heatImage([{ t: [1_400, 1_900], v: [1, 50] }], 0, 10_000, 10, [0, 0, 255]);
    expect(alpha(img, 0, 1)).toBe(255);
    const img2 = heatImage([{ t: [1_400, 1_900], v: [50, 1] }], 0, 10_000, 10, [0, 0, 255]);
    expect(alpha(img2, 0, 1)).toBe(Math.round((0.12 + 0.088) * 255));
  });

  it('maps values (error rate in %) before scaling', () => {
    const img = heatImage([{ t: [1000], v: [0.05] }], 0, 5000, 10, [1, 2, 3], (v) => (v == null ? null : v * 100));
    expect(alpha(img, 0, 0)).toBe(Math.round((0.12 + 0.44) * 255));
  });
});

describe('heatScaleMax', () => {
  it('is the 95th percentile of the window, at least the floor, 1 when empty', () => {
    const vals = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(heatScaleMax([{ t: vals.map((x) => x * 1000), v: vals }], 0, 1)).toBe(96);
    expect(heatScaleMax([{ t: [1000, 2000], v: [0.5, 0.2] }], 0, 10)).toBe(10);
    expect(heatScaleMax([{ t: [1000], v: [5] }], 2000, 1)).toBe(1);
  });
});

describe('cssRgb', () => {
  it('reads a colour once through the canvas and caches it', () => {
    let made = 0;
    const make = () => {
      made++;
      return { getContext: () => ({ fillStyle: '' as unknown, fillRect: () => undefined, getImageData: () => ({ data: [10, 20, 30, 255] }) }) };
    };
    expect(cssRgb('#0a141e', make)).toEqual([10, 20, 30]);
    expect(cssRgb('#0a141e', make)).toEqual([10, 20, 30]);
    expect(made).toBe(1);
  });
});
