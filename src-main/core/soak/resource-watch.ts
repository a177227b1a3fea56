/**
 * What a long soak does to the process over time: the heap after a forced
 * full collection and the event-loop delay, sampled every interval of the
 * load phase. A leak shows as heap that keeps growing after GC; a loop that
 * degrades shows as a rising p99.
 */
import { Session } from 'node:inspector/promises';
import { ProcessSampler } from '../metrics/process';

/** One sample, taken at the end of an interval of the load phase. */
export interface ResourceSample {
  /** Seconds since the load started. */
  atS: number;
  /** Heap in use after a forced full collection (MB). */
  heapUsedMB: number;
  /** Buffers and ArrayBuffers outside the JS heap, after the same collection (MB). */
  externalMB: number;
  rssMB: number;
  /** Event-loop delay over the interval that ends here, sampling period taken out (ms); null when not measured. */
  eventLoopP99Ms: number | null;
  eventLoopMaxMs: number | null;
  /** What the `counts` option reported at the same moment. */
  counts?: Record<string, number>;
}

/** The soak summary's view: the heap after GC and the loop's p99, per interval of the load. */
export interface ResourceReport {
  heap: {
    intervalS: number;
    /** `counts`: bounded histories that fill as the soak goes (recovery timelines), to tell their fill from a leak. */
    samples: { atS: number; usedMB: number; externalMB: number; rssMB: number; counts?: Record<string, number> }[];
    /**
     * Growth of the heap after GC from the first sample at or after minute 2
     * (the bench warmed up: histograms, rings and timelines filled) to the
     * last sample at or before minute 10, in %; null when the load was too
     * short to have both.
     */
    growthPct2to10: number | null;
    growthFromS: number | null;
    growthToS: number | null;
  };
  /** Event-loop delay p99 of each interval (ms), in the order of heap.samples. */
  eventLoopP99Ms: (number | null)[];
  /** The worst interval's p99 and the longest single delay seen (ms); null with no sample. */
  eventLoopP99MaxMs: number | null;
  eventLoopMaxMs: number | null;
}

/** The part of ProcessSampler this needs: the event-loop figures since the previous call. */
export interface LoopSampler {
  sample(): { eventLoopDelayMs: { p99: number | null; max: number | null } };
  dispose(): void;
}

export interface ResourceWatchOptions {
  /** Sampling interval (ms). @default 30000 */
  intervalMs?: number;
  /** A full garbage collection before each heap reading. @default HeapProfiler.collectGarbage through an in-process inspector session */
  gc?: () => Promise<void>;
  /** Memory figures in bytes. @default process.memoryUsage */
  memory?: () => Pick<NodeJS.MemoryUsage, 'heapUsed' | 'external' | 'rss'>;
  /** Event-loop delay meter. @default new ProcessSampler(10) */
  loop?: LoopSampler;
  /** Clock (ms). @default Date.now */
  now?: () => number;
  /** Sizes of bounded stores read with each heap sample (e.g. timeline events), reported beside it. @default none */
  counts?: (() => Record<string, number>) | null;
}

const MB = 1024 * 1024;
const r2 = (v: number): number => Math.round(v * 100) / 100;
const FROM_S = 120;
const TO_S = 600;

/** A full collection now, without --expose-gc: the inspector's HeapProfiler does it in-process. */
export async function inspectorGc(): Promise<void> {
  const session = new Session();
  session.connect();
  try {
    await session.post('HeapProfiler.collectGarbage');
  } finally {
    session.disconnect();
  }
}

/** Growth (%) between the sample at or after minute 2 and the last at or before minute 10. */
export function heapGrowth(samples: readonly ResourceSample[]): Pick<ResourceReport['heap'], 'growthPct2to10' | 'growthFromS' | 'growthToS'> {
  const from = samples.find((s) => s.atS >= FROM_S);
  const to = samples.filter((s) => s.atS <= TO_S).at(-1);
  if (!from || !to || to.atS <= from.atS) return { growthPct2to10: null, growthFromS: null, growthToS: null };
  return { growthPct2to10: r2(((to.heapUsedMB - from.heapUsedMB) / from.heapUsedMB) * 100), growthFromS: from.atS, growthToS: to.atS };
}

export class ResourceWatch {
  readonly #intervalMs: number;
  readonly #gc: () => Promise<void>;
  readonly #memory: NonNullable<ResourceWatchOptions['memory']>;
  readonly #loop: LoopSampler;
  readonly #now: () => number;
  readonly #counts: (() => Record<string, number>) | null;
  readonly #samples: ResourceSample[] = [];
  #timer: ReturnType<typeof setInterval> | null = null;
  #t0 = 0;
  /** The sample being taken (a GC in progress): stop() waits for it. */
  #taking: Promise<void> | null = null;

  constructor(o: ResourceWatchOptions = {}) {
    const { intervalMs = 30_000 } = o;
    if (!(Number.isFinite(intervalMs) && intervalMs >= 100)) throw new TypeError(`intervalMs must be >= 100, got ${intervalMs}`);
    this.#intervalMs = intervalMs;
    this.#gc = o.gc ?? inspectorGc;
    this.#memory = o.memory ?? (() => process.memoryUsage());
    this.#loop = o.loop ?? new ProcessSampler(10);
    this.#now = o.now ?? Date.now;
    this.#counts = o.counts ?? null;
  }

  start(): void {
    if (this.#timer) return;
    this.#t0 = this.#now();
    this.#loop.sample(); // what came before the load is not the load's
    this.#timer = setInterval(() => {
      if (!this.#taking) this.#taking = this.#take().finally(() => (this.#taking = null));
    }, this.#intervalMs);
  }

  async #take(): Promise<void> {
    // The interval's loop figures first: the forced collection's own pause is the measurement's, not the load's.
    const { p99, max } = this.#loop.sample().eventLoopDelayMs;
    const atS = Math.round((this.#now() - this.#t0) / 1000);
    try {
      await this.#gc();
    } catch {
      // No inspector (a build without it): the heap is then read without the collection.
    }
    const mem = this.#memory();
    const counts = this.#counts?.();
    this.#loop.sample();
    this.#samples.push({ atS, heapUsedMB: r2(mem.heapUsed / MB), externalMB: r2(mem.external / MB), rssMB: r2(mem.rss / MB), eventLoopP99Ms: p99, eventLoopMaxMs: max, ...(counts ? { counts } : {}) });
  }

  /** Stops sampling (waits for a sample in progress) and releases the meter. */
  async stop(): Promise<ResourceReport> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#taking;
    this.#loop.dispose();
    return this.report();
  }

  report(): ResourceReport {
    const nums = (xs: (number | null)[]): number[] => xs.filter((x): x is number => x !== null);
    const p99s = nums(this.#samples.map((s) => s.eventLoopP99Ms));
    const maxes = nums(this.#samples.map((s) => s.eventLoopMaxMs));
    return {
      heap: {
        intervalS: this.#intervalMs / 1000,
        samples: this.#samples.map((s) => ({ atS: s.atS, usedMB: s.heapUsedMB, externalMB: s.externalMB, rssMB: s.rssMB, ...(s.counts ? { counts: s.counts } : {}) })),
        ...heapGrowth(this.#samples),
      },
      eventLoopP99Ms: this.#samples.map((s) => s.eventLoopP99Ms),
      eventLoopP99MaxMs: p99s.length ? Math.max(...p99s) : null,
      eventLoopMaxMs: maxes.length ? Math.max(...maxes) : null,
    };
  }
}
