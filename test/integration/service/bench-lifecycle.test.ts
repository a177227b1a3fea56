/**
 * Overlapping starts and stops of the simulated bench (issue 13): they are
 * serialised, so the bench is always one consistent bench, never two modems
 * with one IMEI, and no simulator is left running behind the app's back.
 */
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { AppService } from '../../../src-main/core/service';
import { ModemSimulator } from '../../../src-main/core/sim';

const logger = pino({ level: 'silent' });
const apps: AppService[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop();
  await ModemSimulator.disposeAll();
});

function app(): AppService {
  const a = new AppService({ version: 't', dataDir: null, logDir: '/x', logFile: null, logger, simOptions: { latency: 0 } });
  apps.push(a);
  return a;
}

describe('simulated bench start/stop', () => {
  it('10 concurrent starts leave one consistent bench: as many modems as the last start asked for, every IMEI once', async () => {
    for (let round = 0; round < 3; round++) {
      const a = app();
      await a.start();
      const counts = [4, 6, 4, 5, 8, 4, 3, 4, 6, 4];
      const results = await Promise.allSettled(counts.map((n) => a.startSimulated(n, 1)));
      expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
      const { modems, status } = a.list();
      expect(status.modemsTotal).toBe(4);
      expect(modems).toHaveLength(4);
      const imeis = modems.map((m) => m.identity.imei);
      expect(imeis.every((i) => i !== null)).toBe(true);
      expect(new Set(imeis).size).toBe(4);
      // Only the bench in use is alive: the nine it replaced were disposed.
      expect(ModemSimulator.live).toBe(1);
      await a.stop();
      expect(ModemSimulator.live).toBe(0);
    }
  });

  it('a stop overlapping starts waits for them and leaves nothing running', async () => {
    const a = app();
    await a.start();
    const starts = [a.startSimulated(3, 1), a.stopSimulated(), a.startSimulated(2, 1)];
    await Promise.all(starts);
    expect(a.list().modems).toHaveLength(2);
    const stopping = a.stop();
    const late = a.startSimulated(2, 1);
    await stopping;
    await expect(late).rejects.toMatchObject({ code: 'invalid-input' });
    expect(ModemSimulator.live).toBe(0);
    expect(a.list().modems).toHaveLength(0);
  });
});

describe('one modem reached through two of its ports', () => {
  it('is on the bench once: the second port reading an IMEI already there is dropped, with a warning', async () => {
    const sim = new ModemSimulator({ count: 1, seed: 5, latency: 0 });
    const [d] = sim.describe();
    const atPorts = d!.ports.filter((p) => p.role === 'at' || p.role === 'at-secondary').map((p) => p.path);
    expect(atPorts).toHaveLength(2);
    const warnings: string[] = [];
    const log = pino({ level: 'warn' }, { write: (l: string) => void warnings.push(String((JSON.parse(l) as { msg: string }).msg)) });
    const a = new AppService({ version: 't', dataDir: null, logDir: '/x', logFile: null, logger: log, realBinding: sim.binding, ports: atPorts });
    apps.push(a);
    await a.start();
    const { modems } = a.list();
    expect(modems.map((m) => m.identity.imei)).toEqual([d!.imei]);
    expect(warnings.some((w) => /already on the bench/.test(w))).toBe(true);
    await a.stop();
    await sim.dispose();
  });
});
