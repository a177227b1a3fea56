import { describe, expect, it } from 'vitest';
import { ModemSet } from '../../../src-main/core/modem';
import { isBenchError } from '../../../src-main/core/errors';
import { MetricsCollector } from '../../../src-main/core/metrics';
import { ModemSimulator } from '../../../src-main/core/sim';

/** The collector fed from real commands through the pool on the simulator, the way the app wires it. */
describe('MetricsCollector on the simulated bench', () => {
  it('records every attempt with its latency and error code', async () => {
    const sim = new ModemSimulator({ count: 4, latency: 0, chunking: false, interleaveUrcs: false, faults: 'cme:1@3' });
    const bench = new ModemSet({ binding: sim.binding, modem: { initCommands: [] } });
    const metrics = new MetricsCollector({ processMetrics: false, minSnapshotIntervalMs: 0 });
    try {
      const modems = await Promise.all(sim.describe().map((d) => bench.add(d.ports.map((p) => ({ path: p.path, role: p.role, interface: p.interface })), `sim${d.index}`)));
      await Promise.all(
        modems.map(async (modem) => {
          for (let i = 0; i < 25; i++) {
            const command = i % 2 ? 'AT+CSQ' : 'AT+QENG="servingcell"';
            try {
              const r = await modem.exec(command);
              metrics.record(modem.key, command, r.latencyMs, r.final.success ? null : 'modem-error');
            } catch (err) {
              metrics.record(modem.key, command, null, isBenchError(err) ? err.code : 'protocol-error');
            }
          }
        }),
      );
      const s = metrics.snapshot();
      expect(s.total.commands).toBe(100);
      expect(s.total.errorsByCode).toEqual({ 'modem-error': 25 });
      expect(s.commands.map((c) => [c.key, c.commands]).sort()).toEqual([['AT+CSQ', 48], ['AT+QENG', 52]]);
      expect(s.modems).toHaveLength(4);
      expect(s.total.latency.count).toBe(100);
      expect(s.total.latency.p99).toBeGreaterThanOrEqual(0);
      expect(s.total.latency.p99).toBeLessThan(1000);
    } finally {
      metrics.dispose();
      await bench.close();
      await sim.dispose();
    }
  });
});
