import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MetricsCollector } from '../../../src-main/core/metrics';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function heapMB(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

describe('MetricsCollector memory is bounded whatever the run length', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('10^6 samples over ~17 simulated minutes: structure sizes capped, heap flat after warm-up', async () => {
    const m = new MetricsCollector({ processMetrics: false, maxModems: 300, maxCommands: 40, seriesLength: 720, signalLength: 720 });
    const modems = Array.from({ length: 256 }, (_, i) => `m${i}`);
    // Ever-new command arguments and error codes must not grow anything either.
    let heapAfterWarmup = 0;
    let bytesAfterWarmup = 0;
    const N = 1_000_000;
    for (let i = 0; i < N; i++) {
      const code = i % 50 === 0 ? `code-${i % 1000}` : i % 7 === 0 ? 'timeout' : null;
      m.record(modems[i % 256]!, `AT+X${i % 100}=${i}`, (i % 5000) / 10, code, (i % 11) + 1);
      if (i % 1000 === 0) await vi.advanceTimersByTimeAsync(1000); // 1000 ticks: every series ring wraps
      if (i % 200 === 0) m.recordSignal(modems[(i / 200) % 256]!, { rssiDbm: -70, rsrp: -95, rsrq: -10, sinr: i % 30 });
      if (i === N / 5) {
        m.snapshot({ modems: 'all' });
        heapAfterWarmup = heapMB();
        bytesAfterWarmup = m.footprint.bytes;
      }
    }
    // Heap: what is left after 800 000 more samples is noise, not growth (measured before the
    // final snapshot, whose full per-modem history is itself tens of MB of plain arrays).
    const grown = heapMB() - heapAfterWarmup;
    expect(grown).toBeLessThan(4);
    const s = m.snapshot({ modems: 'all', commands: 'all' });
    const f = m.footprint;
    expect(s.total.commands).toBe(N);
    expect(f.modems).toBe(256);
    expect(f.commands).toBeLessThanOrEqual(40); // 100 bases seen: the rest under (other)
    expect(s.commands.some((c) => c.key === '(other)')).toBe(true);
    for (const c of [s.total, ...s.modems, ...s.commands]) expect(Object.keys(c.errorsByCode).length).toBeLessThanOrEqual(17);
    expect(s.series.total.throughput.length).toBe(720);
    for (const ms of Object.values(s.series.modems)) {
      expect(ms.throughput.length).toBeLessThanOrEqual(720);
      expect(ms.rssiDbm.length).toBeLessThanOrEqual(720);
    }
    expect(f.bytes).toBe(bytesAfterWarmup); // fixed-size structures: not one byte more
    expect(f.alertRules).toBeLessThanOrEqual(2 * 256 + 5);
    // Per modem: histograms, buckets and series stay well under the 0.5 MB budget.
    expect(f.bytes / 256).toBeLessThan(160 * 1024);
    m.dispose();
  }, 120_000);
});
