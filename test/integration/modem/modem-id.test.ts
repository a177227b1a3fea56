/** The controller queues a modem's commands under its ModemId, not a bench counter (issue 12). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModemSet } from '../../../src-main/core/modem';
import { ModemSimulator } from '../../../src-main/core/sim';
import { modemIdOf } from '../../../src-preload/contract';

describe('Modem controller key', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('is the ModemId given, then the IMEI once read; never switched under queued work', async () => {
    const sim = new ModemSimulator({ count: 2, seed: 3 });
    const bench = new ModemSet({ binding: sim.binding });
    const [d0, d1] = sim.describe();
    const ports = (d: typeof d0) => d!.ports.map((p) => ({ path: p.path, role: p.role, interface: p.interface }));
    const pre = modemIdOf({ imei: null, usbSerial: d0!.usbSerial, topology: d0!.location });
    expect(pre).toBe(`usb:${d0!.usbSerial}@${d0!.location}`);
    const adding = Promise.all([bench.add(ports(d0), 'sim0', { id: pre }), bench.add(ports(d1), 'sim1')]);
    await vi.advanceTimersByTimeAsync(10);
    const [m, other] = await adding;
    expect(m!.key).toBe(pre);
    // Without an id, the AT port's path stands in (a modem given by path alone).
    expect(other!.key).toBe(modemIdOf({ imei: null, path: other!.atPath }));

    const first = m!.exec('AT');
    expect(bench.controller.isBusy(pre)).toBe(true);
    // Work is queued under the old key: the key stays.
    expect(m!.adoptId('elsewhere')).toBe(false);
    await vi.advanceTimersByTimeAsync(500);
    await first;

    const reading = m!.readIdentity();
    await vi.advanceTimersByTimeAsync(2000);
    const { imei } = await reading;
    expect(imei).toMatch(/^\d{15}$/);
    expect(m!.adoptId(modemIdOf({ imei }))).toBe(true);
    expect(m!.key).toBe(imei);
    const second = m!.exec('AT');
    expect(bench.controller.isBusy(imei!)).toBe(true);
    expect(bench.controller.isBusy(pre)).toBe(false);
    await vi.advanceTimersByTimeAsync(500);
    await second;

    await bench.close();
    expect(bench.leaks()).toMatchObject({ openPorts: 0, controllerInFlight: 0 });
    await sim.dispose();
  });
});
