/**
 * The heatmap's cells as one small RGBA image, a pixel per modem and second,
 * drawn scaled onto the canvas in one drawImage. At 256 modems and a 5-minute
 * window that is 77 k pixels written into a typed array instead of 77 k
 * fillRect calls with as many globalAlpha changes (most of the performance
 * page's frame time at 256 modems).
 */
import type { Points } from './chart-data';

/** Seconds per column: the server's per-modem series has a sample per second. */
export const HEAT_STEP_MS = 1000;

export interface HeatImage {
  /** Columns: one per HEAT_STEP_MS of the window. */
  width: number;
  /** Rows: one per series, in the order given. */
  height: number;
  /** RGBA, row-major; alpha 0 where nothing (or nothing above 0) was measured. */
  data: Uint8ClampedArray<ArrayBuffer>;
}

/**
 * Each sample at `t` covers the second before it (t - 1 s, t], as the
 * heatmap always drew it; its opacity is 0.12 + 0.88 x value / max (capped
 * at 1) of colour `rgb`, the newest sample winning within a column.
 */
export function heatImage(rows: readonly Points[], from: number, windowMs: number, max: number, rgb: readonly [number, number, number], value: (v: number | null) => number | null = (v) => v): HeatImage {
  const width = Math.max(1, Math.ceil(windowMs / HEAT_STEP_MS));
  const height = rows.length;
  const data = new Uint8ClampedArray(width * Math.max(1, height) * 4);
  const [r, g, b] = rgb;
  const scale = max > 0 ? max : 1;
  for (let row = 0; row < height; row++) {
    const { t, v } = rows[row]!;
    // Newest first, back to the start of the window.
    for (let i = t.length - 1; i >= 0; i--) {
      const ti = t[i]!;
      if (ti < from) break;
      const col = Math.round((ti - HEAT_STEP_MS - from) / HEAT_STEP_MS);
      if (col < 0 || col >= width) continue;
      const at = (row * width + col) * 4;
      if (data[at + 3] !== 0) continue; // a newer sample already lit this column
      const x = value(v[i] ?? null);
      if (x == null || x <= 0) continue;
      data[at] = r;
      data[at + 1] = g;
      data[at + 2] = b;
      data[at + 3] = Math.round(Math.min(1, 0.12 + (0.88 * x) / scale) * 255);
    }
  }
  return { width, height, data };
}

/** The 95th percentile of the values in the window (the colour scale's top), at least `floor`; 1 when there are none. */
export function heatScaleMax(rows: Iterable<Points>, from: number, floor: number, value: (v: number | null) => number | null = (v) => v): number {
  const vals: number[] = [];
  for (const { t, v } of rows) {
    for (let i = t.length - 1; i >= 0 && t[i]! >= from; i--) {
      const x = value(v[i] ?? null);
      if (x != null) vals.push(x);
    }
  }
  if (vals.length === 0) return 1;
  vals.sort((a, b) => a - b);
  return Math.max(floor, vals[Math.floor(vals.length * 0.95)]!);
}

/** A CSS colour as [r, g, b], through a 1x1 canvas (cached per colour string). */
const rgbCache = new Map<string, [number, number, number]>();
export function cssRgb(color: string, make: () => { getContext(k: '2d'): { fillStyle: unknown; fillRect(x: number, y: number, w: number, h: number): void; getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null }): [number, number, number] {
  const hit = rgbCache.get(color);
  if (hit) return hit;
  const ctx = make().getContext('2d');
  let out: [number, number, number] = [0, 0, 0];
  if (ctx) {
    ctx.fillStyle = color;
    ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    out = [d[0]!, d[1]!, d[2]!];
  }
  rgbCache.set(color, out);
  return out;
}
