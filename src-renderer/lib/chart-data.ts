/** Turns point buffers into uPlot's aligned columns for a time window, and columns into CSV. */
import uPlot from 'uplot';
import type { PointBuffer } from '../stores/metrics';

function firstAtOrAfter(t: readonly number[], from: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** x in ms; one y column per buffer. Buffers sampled on the same ticks skip the join. */
export function aligned(bufs: readonly PointBuffer[], from: number): uPlot.AlignedData {
  if (bufs.length === 0) return [[]];
  const cut = bufs.map((b) => {
    const i = firstAtOrAfter(b.t, from);
    return [b.t.slice(i), b.v.slice(i)] as [number[], (number | null)[]];
  });
  const x0 = cut[0]![0];
  const same = cut.every(([t]) => t.length === x0.length && t[0] === x0[0] && t[t.length - 1] === x0[x0.length - 1]);
  if (same) return [x0, ...cut.map(([, v]) => v)] as uPlot.AlignedData;
  return uPlot.join(cut.map(([t, v]) => [t, v] as uPlot.AlignedData));
}

export function toCsv(labels: readonly string[], data: uPlot.AlignedData): string {
  const xs = data[0] as number[];
  const out = [['time', ...labels].join(',')];
  for (let i = 0; i < xs.length; i++) {
    const row = [new Date(xs[i]!).toISOString()];
    for (let s = 1; s < data.length; s++) {
      const v = (data[s] as (number | null | undefined)[])[i];
      row.push(v == null ? '' : String(v));
    }
    out.push(row.join(','));
  }
  return out.join('\n') + '\n';
}
