/**
 * Cost of MetricsCollector.record() on the hot path (ns per call), and of
 * snapshot() and tick() at 256 modems. `node --import tsx/esm test/perf/record-cost.ts`
 */
import { MetricsCollector } from '../../src-main/core/metrics';

export function measureRecordCost(modems = 256, calls = 2_000_000): { recordNs: number; snapshotMs: number; tickMs: number; webAssembly: boolean } {
  const m = new MetricsCollector({ processMetrics: false });
  const keys = Array.from({ length: modems }, (_, i) => `m${i}`);
  const cmds = ['AT+CSQ', 'AT+CEREG?', 'AT+QENG="servingcell"', 'AT+QTEMP', 'ATI'];
  const lat = Float64Array.from({ length: 4096 }, () => 0.02 + Math.random() ** 4 * 200);
  for (let i = 0; i < 200_000; i++) m.record(keys[i % modems]!, cmds[i % 5]!, lat[i & 4095]!, i % 97 === 0 ? 'timeout' : null);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) m.record(keys[i % modems]!, cmds[i % 5]!, lat[i & 4095]!, i % 97 === 0 ? 'timeout' : null);
  const recordNs = Number(process.hrtime.bigint() - t0) / calls;
  const t1 = performance.now();
  for (let i = 0; i < 20; i++) {
    m.record('m0', 'AT+CSQ', 1, null); // invalidate the per-cell latency cache of one cell
    m.snapshot({});
    m.tick(Date.now() + 1000 + i); // forces fresh tables next time too
  }
  const snapTickMs = (performance.now() - t1) / 20;
  const t2 = performance.now();
  for (let i = 0; i < 20; i++) m.tick();
  const tickMs = (performance.now() - t2) / 20;
  const webAssembly = m.footprint.webAssembly;
  m.dispose();
  return { recordNs: Math.round(recordNs), snapshotMs: Math.round((snapTickMs - tickMs) * 100) / 100, tickMs: Math.round(tickMs * 100) / 100, webAssembly };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(measureRecordCost()));
