import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModemSet } from '../../../src-main/core/modem';
import { isPortBusyError, isPortClosedError } from '../../../src-main/core/errors';
import { ModemSimulator } from '../../../src-main/core/sim';

describe('Bench lifecycle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('one owner per port; close() closes every port, clears every listener and timer', async () => {
    const sim = new ModemSimulator({ count: 4, seed: 2 });
    const bench = new ModemSet({ binding: sim.binding });
    const infos = sim.describe();
    const adding = Promise.all(infos.map((d) => bench.add(d.ports.map((p) => ({ path: p.path, role: p.role, interface: p.interface })), `sim${d.index}`)));
    await vi.advanceTimersByTimeAsync(10);
    const modems = await adding;
    // A second owner for the same AT port is refused.
    const again = bench.pool.open(modems[0]!.atPath).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10);
    expect(isPortBusyError(await again)).toBe(true);

    const running = Promise.all(modems.map((m) => m.exec('AT+SIMTAG=x', { cls: 'batch' })));
    await vi.advanceTimersByTimeAsync(500);
    expect((await running).map((r) => r.lines[0])).toEqual(['+SIMTAG: x', '+SIMTAG: x', '+SIMTAG: x', '+SIMTAG: x']);
    expect(bench.pool.openCount).toBe(4);

    const ports = modems.map((m) => m.port!);
    await bench.close();
    expect(bench.leaks()).toEqual({ openPorts: 0, portListeners: 0, sessionListeners: 0, controllerInFlight: 0 });
    for (const p of ports) {
      expect(p.isOpen).toBe(false);
      await expect(p.write('AT\r')).rejects.toSatisfy(isPortClosedError);
    }
    await sim.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });
});
