/**
 * A modem that leaves the bench leaves the metrics too: a stopped simulated
 * bench must not keep its per-modem counters and WASM histograms.
 */
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { AppService } from '../../../src-main/core/service';
import { ModemSimulator } from '../../../src-main/core/sim';

const apps: AppService[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop();
  await ModemSimulator.disposeAll();
});

describe('metrics of a modem that leaves', () => {
  it('stopping the simulated bench forgets its modems in the collector; a new bench starts from none', async () => {
    const a = new AppService({ version: 't', dataDir: null, logDir: '/x', logFile: null, logger: pino({ level: 'silent' }), simOptions: { latency: 0 } });
    apps.push(a);
    await a.start();
    await a.startSimulated(3, 1);
    const id = a.list().modems[0]!.id;
    await a.exec(id, 'AT+CSQ');
    expect(a.metrics.footprint.modems).toBe(3);
    await a.stopSimulated();
    expect(a.metrics.footprint.modems).toBe(0);
    await a.startSimulated(2, 1);
    await a.exec(a.list().modems[0]!.id, 'AT');
    expect(a.metrics.footprint.modems).toBeLessThanOrEqual(2);
  });
});
