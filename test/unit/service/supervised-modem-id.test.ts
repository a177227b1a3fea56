/**
 * A SupervisedModem's ModemId (issue 12): fixed at the first identity read and kept
 * while the same modem answers; another modem found in its slot on a re-read
 * (another IMEI) is a modem of its own, with its own id down to the controller.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModemSet } from '../../../src-main/core/modem';
import { createLogger } from '../../../src-main/core/log';
import { SupervisedModem } from '../../../src-main/core/service/supervised-modem';
import { simLocator } from '../../../src-main/core/service/sim-locator';
import { ModemSimulator } from '../../../src-main/core/sim';
import { modemIdOf } from '../../../src-preload/contract';

async function settle<T>(p: Promise<T>, ms: number): Promise<T> {
  let out: { v: T } | { e: unknown } | undefined;
  p.then(
    (v) => (out = { v }),
    (e: unknown) => (out = { e }),
  );
  await vi.advanceTimersByTimeAsync(ms);
  if (!out) throw new Error(`still pending after ${ms} ms`);
  if ('e' in out) throw out.e;
  return out.v;
}

describe('SupervisedModem id', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('is USB-derived until the identity is read, then the IMEI, kept across a label change; a swapped-in modem gets its own', async () => {
    const sim = new ModemSimulator({ count: 1, seed: 5 });
    sim.modems[0]!.setFaultsEnabled(false);
    const bench = new ModemSet({ binding: sim.binding });
    const d = sim.describe()[0]!;
    let tags: string[] = [];
    const entry = new SupervisedModem({
      label: 'sim0',
      simulated: true,
      simIndex: 0,
      ports: d.ports.map((p) => ({ path: p.path, role: p.role, interface: p.interface })),
      usb: { vendorId: '2c7c', productId: '0125', serialNumber: d.usbSerial, location: d.location },
      bench,
      locator: simLocator(sim, 0),
      powerCycle: null,
      hookMutex: null,
      resetsPerHour: 10,
      healthPollMs: 60_000,
      onChange: () => undefined,
      onConsole: () => undefined,
      onTimeline: () => undefined,
      onAttempt: () => undefined,
      onHealthSample: () => undefined,
      labTags: () => tags,
      logger: createLogger(null).logger,
    });
    try {
      expect(entry.id).toBe(modemIdOf({ imei: null, usbSerial: d.usbSerial, topology: d.location }));
      await settle(entry.connect(), 5000);
      expect(entry.id).toBe(d.imei);
      expect(entry.runTarget()!.key).toBe(d.imei);
      expect(bench.modems[0]!.key).toBe(d.imei);

      tags = ['B7'];
      expect(entry.label).toBe('B7');
      expect(entry.baseLabel).toBe('sim0');
      expect(entry.id).toBe(d.imei);
      expect(entry.view()).toMatchObject({ id: d.imei, label: 'B7' });

      // Another modem in the slot: the simulator now answers with another IMEI.
      const other = '861458031111110';
      (sim.modems[0]!.identity as { imei: string }).imei = other;
      await settle(entry.refreshIdentity('test'), 5000);
      expect(entry.identity.imei).toBe(other);
      expect(entry.id).toBe(other);
      expect(entry.runTarget()!.key).toBe(other);
      const r = await settle(entry.run('AT', { cls: 'interactive' }), 2000);
      expect(r.status).toBe('ok');
      expect(bench.modems[0]!.key).toBe(other);
    } finally {
      entry.dispose();
      await bench.close();
      await sim.dispose();
    }
  });
});
