/**
 * The arithmetic of the batch-efficiency figure (pure, unit-tested in
 * test/unit/perf/efficiency.test.ts): what the modems' own latencies allow,
 * what a run took, and the guide's semaphore size.
 */

/** The part of a simulated modem's reply tally the figure needs (sim/channel-timing.ts ReplyTally). */
export interface TallyReading {
  replies: number;
  delayMs: number;
  lateMs: number;
}

/** What each modem's replies cost between two readings of the same modems, in order. */
export function tallyDelta(before: readonly TallyReading[], after: readonly TallyReading[]): TallyReading[] {
  if (before.length !== after.length) throw new RangeError(`tallyDelta: ${before.length} readings before, ${after.length} after`);
  return after.map((a, i) => {
    const b = before[i]!;
    return { replies: a.replies - b.replies, delayMs: a.delayMs - b.delayMs, lateMs: a.lateMs - b.lateMs };
  });
}

/**
 * The physical limit of a batch: a modem answers one command at a time, so the
 * batch cannot end before its slowest modem has waited out its own reply delays.
 */
export function idealMs(deltas: readonly TallyReading[]): number {
  let max = 0;
  for (const d of deltas) if (d.delayMs > max) max = d.delayMs;
  return max;
}

/** ideal / measured wall time: 1 means the batch took no longer than the modems made it. */
export function efficiency(ideal: number, wallMs: number): number {
  if (!(wallMs > 0)) throw new RangeError(`efficiency: wall time must be > 0, got ${wallMs}`);
  if (!(ideal >= 0)) throw new RangeError(`efficiency: ideal must be >= 0, got ${ideal}`);
  return ideal / wallMs;
}

/** The guide's semaphore: `max(10, min(totalMem / 128 MB, 2 x cores, 100))`. */
export function guideSemaphoreSize(totalMemBytes: number, cores: number): number {
  return Math.max(10, Math.min(Math.floor(totalMemBytes / (128 * 1024 * 1024)), 2 * cores, 100));
}

/** Median, smallest and largest of per-round figures (3 decimals). */
export function spread(xs: readonly number[]): { median: number; min: number; max: number } {
  if (xs.length === 0) throw new RangeError('spread: no rounds');
  const v = [...xs].sort((a, b) => a - b);
  const m = v.length % 2 ? v[v.length >> 1]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
  const r3 = (x: number): number => Math.round(x * 1000) / 1000;
  return { median: r3(m), min: r3(v[0]!), max: r3(v[v.length - 1]!) };
}
