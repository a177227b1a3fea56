/**
 * The measuring side of `npm run bench:ui`: one watched page (frames, long
 * tasks, heap after a forced GC, WebSocket bytes, an optional CPU profile),
 * all through the page itself and its CDP session.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';

/** Runs in the page before its own scripts: frame and long-task counters. */
export const PROBE = `
(() => {
  const w = window;
  w.__mb = { frames: [], longTasks: [], start: 0 };
  let count = 0, last = performance.now();
  const frame = (t) => {
    count++;
    if (t - last >= 1000) { w.__mb.frames.push(count * 1000 / (t - last)); count = 0; last = t; }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__mb.longTasks.push({ start: Math.round(e.startTime), duration: Math.round(e.duration) });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
})();
`;

interface Probe {
  frames: number[];
  longTasks: { start: number; duration: number }[];
  start: number;
}

export interface PageFigures {
  name: string;
  fpsMedian: number | null;
  fpsMin: number | null;
  fpsSamples: number;
  longestTaskMs: number;
  longTasksOver50ms: number;
  longTasksOver100ms: number;
  heapStartMB: number;
  heapEndMB: number;
  heapEndBeforeGcMB: number;
  wsKBps: number;
  wsFramesPerSec: number;
  consoleKBps: number;
  /**
   * The page's main thread busy (CDP Performance.getMetrics TaskDuration) as a
   * share of wall time, 100 = always busy; script, layout and style apart. On a
   * shared machine fps and long tasks also measure the neighbours; this less so.
   */
  mainThreadPct: { task: number; script: number; layout: number; style: number };
  /** kB/s by event channel ('result' for invoke results). */
  wsKBpsByChannel: Record<string, number>;
}

const r1 = (x: number): number => Math.round(x * 10) / 10;
const r2 = (x: number): number => Math.round(x * 100) / 100;

export class WatchedPage {
  readonly #ws = { frames: 0, bytes: 0, consoleBytes: 0, counting: false, byChannel: new Map<string, number>() };
  #heapStart = 0;
  #t0 = 0;
  #profiling = false;
  #perf0: Record<string, number> = {};

  private constructor(
    readonly name: string,
    readonly page: Page,
    readonly cdp: CDPSession,
  ) {
    cdp.on('Network.webSocketFrameReceived', (e: { response: { payloadData: string } }) => {
      if (!this.#ws.counting) return;
      const data = e.response.payloadData;
      this.#ws.frames++;
      this.#ws.bytes += data.length;
      if (data.startsWith('{"t":"event","channel":"console.entries"')) this.#ws.consoleBytes += data.length;
      const channel = /^\{"t":"(?:event","channel":"([^"]+)|(result))"/.exec(data.slice(0, 80));
      const key = channel?.[1] ?? channel?.[2] ?? 'other';
      this.#ws.byChannel.set(key, (this.#ws.byChannel.get(key) ?? 0) + data.length);
    });
  }

  /** Attaches CDP to a page that already has the probe as an init script. */
  static async attach(name: string, page: Page): Promise<WatchedPage> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    await cdp.send('Network.enable');
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    return new WatchedPage(name, page, cdp);
  }

  /** Heap in use (MB), after a full collection in the page when `gc`. */
  async heapMB(gc: boolean): Promise<number> {
    if (gc) await this.cdp.send('HeapProfiler.collectGarbage');
    const h = (await this.cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    return r2(h.usedSize / 1048576);
  }

  async #perf(): Promise<Record<string, number>> {
    const { metrics } = (await this.cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
  }

  /** Starts counting: frames, long tasks and WebSocket bytes from now, heap after GC as the start figure. */
  async begin(profile: boolean): Promise<void> {
    this.#heapStart = await this.heapMB(true);
    await this.page.evaluate(() => {
      const w = (globalThis as unknown as { window: { __mb: Probe } }).window;
      w.__mb.frames = [];
      w.__mb.longTasks = [];
      w.__mb.start = performance.now();
    });
    if (profile) {
      await this.cdp.send('Profiler.enable');
      await this.cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await this.cdp.send('Profiler.start');
      this.#profiling = true;
    }
    this.#perf0 = await this.#perf();
    this.#ws.counting = true;
    this.#t0 = Date.now();
  }

  /** Stops counting and returns the page's figures; writes its CPU profile into `profileDir` if one ran. */
  async end(profileDir: string | null): Promise<PageFigures> {
    this.#ws.counting = false;
    const seconds = (Date.now() - this.#t0) / 1000;
    const perf1 = await this.#perf();
    const busy = (k: string): number => r1((((perf1[k] ?? 0) - (this.#perf0[k] ?? 0)) / seconds) * 100);
    if (this.#profiling && profileDir) {
      const { profile } = (await this.cdp.send('Profiler.stop')) as { profile: unknown };
      fs.mkdirSync(profileDir, { recursive: true });
      fs.writeFileSync(path.join(profileDir, `ui-${this.name}.cpuprofile`), JSON.stringify(profile));
    }
    const probe = await this.page.evaluate(() => {
      const w = (globalThis as unknown as { window: { __mb: Probe } }).window;
      return { frames: w.__mb.frames, longTasks: w.__mb.longTasks.filter((t) => t.start >= w.__mb.start), start: w.__mb.start };
    });
    const heapEndBeforeGc = await this.heapMB(false);
    const heapEnd = await this.heapMB(true);
    const sorted = [...probe.frames].sort((a, b) => a - b);
    return {
      name: this.name,
      fpsMedian: sorted.length ? r1(sorted[Math.floor(sorted.length / 2)]!) : null,
      fpsMin: sorted.length ? r1(sorted[0]!) : null,
      fpsSamples: sorted.length,
      longestTaskMs: probe.longTasks.reduce((m, t) => Math.max(m, t.duration), 0),
      longTasksOver50ms: probe.longTasks.length,
      longTasksOver100ms: probe.longTasks.filter((t) => t.duration > 100).length,
      heapStartMB: this.#heapStart,
      heapEndMB: heapEnd,
      heapEndBeforeGcMB: heapEndBeforeGc,
      wsKBps: r1(this.#ws.bytes / seconds / 1024),
      wsFramesPerSec: Math.round(this.#ws.frames / seconds),
      consoleKBps: r1(this.#ws.consoleBytes / seconds / 1024),
      mainThreadPct: { task: busy('TaskDuration'), script: busy('ScriptDuration'), layout: busy('LayoutDuration'), style: busy('RecalcStyleDuration') },
      wsKBpsByChannel: Object.fromEntries([...this.#ws.byChannel].sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, r1(n / seconds / 1024)])),
    };
  }
}

/**
 * The figures of all pages as one: the worst page's fps (a user sees the
 * slowest window), the longest task anywhere, long tasks and heaps and bytes
 * summed over the pages.
 */
export function combine(pages: PageFigures[]): Omit<PageFigures, 'name' | 'fpsSamples' | 'wsFramesPerSec' | 'consoleKBps' | 'heapEndBeforeGcMB' | 'longTasksOver100ms' | 'wsKBpsByChannel' | 'mainThreadPct'> & { longTasksOver100ms: number } {
  const nums = (xs: (number | null)[]): number[] => xs.filter((x): x is number => x !== null);
  const sum = (f: (p: PageFigures) => number): number => r2(pages.reduce((n, p) => n + f(p), 0));
  const medians = nums(pages.map((p) => p.fpsMedian));
  const mins = nums(pages.map((p) => p.fpsMin));
  return {
    fpsMedian: medians.length ? Math.min(...medians) : null,
    fpsMin: mins.length ? Math.min(...mins) : null,
    longestTaskMs: Math.max(0, ...pages.map((p) => p.longestTaskMs)),
    longTasksOver50ms: sum((p) => p.longTasksOver50ms),
    longTasksOver100ms: sum((p) => p.longTasksOver100ms),
    heapStartMB: sum((p) => p.heapStartMB),
    heapEndMB: sum((p) => p.heapEndMB),
    wsKBps: r1(sum((p) => p.wsKBps)),
  };
}
