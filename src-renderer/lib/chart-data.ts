/** Turns point buffers into uPlot's aligned columns for a time window, and columns into CSV. */
import uPlot from 'uplot';

/** What the charts read: timestamps (ms) and values, oldest first. */
export interface Points {
  readonly t: readonly number[];
  readonly v: readonly (number | null)[];
}

/** A gap is at least this long (ms), however dense the series. @default 5000 */
export const MIN_GAP_MS = 5000;

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

/**
 * The usual spacing of a series' samples: the lower median of the steps (of two steps, the
 * shorter, so a short series' one silence is not taken for its usual step); null for fewer
 * than two samples.
 */
export function typicalStep(t: readonly number[]): number | null {
  if (t.length < 2) return null;
  const d: number[] = [];
  for (let i = 1; i < t.length; i++) d.push(t[i]! - t[i - 1]!);
  d.sort((a, b) => a - b);
  return d[(d.length - 1) >> 1]!;
}

/**
 * Puts a null after each sample followed by a silence much longer than the
 * series' usual step (the link dropped, the modem was gone), so the line
 * breaks there instead of drawing straight across what nobody measured.
 */
export function withGaps(t: readonly number[], v: readonly (number | null)[], minGapMs = MIN_GAP_MS): [number[], (number | null)[]] {
  const step = typicalStep(t);
  if (step === null) return [t.slice(), v.slice()];
  const gap = Math.max(minGapMs, step * 3);
  const ot: number[] = [];
  const ov: (number | null)[] = [];
  for (let i = 0; i < t.length; i++) {
    if (i > 0 && t[i]! - t[i - 1]! > gap) {
      ot.push(t[i - 1]! + 1);
      ov.push(null);
    }
    ot.push(t[i]!);
    ov.push(v[i]!);
  }
  return [ot, ov];
}

/** x in ms; one y column per buffer, gaps as nulls (drawn as breaks); undefined where a series has no sample at x (bridged). */
export function aligned(bufs: readonly Points[], from: number, minGapMs = MIN_GAP_MS): uPlot.AlignedData {
  if (bufs.length === 0) return [[]];
  const cut = bufs.map((b) => {
    const i = firstAtOrAfter(b.t, from);
    return withGaps(b.t.slice(i), b.v.slice(i), minGapMs);
  });
  const x0 = cut[0]![0];
  const same = cut.every(([t]) => t.length === x0.length && t.every((x, i) => x === x0[i]));
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
