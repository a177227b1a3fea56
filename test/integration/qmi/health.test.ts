import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModemSet } from '../../../src-main/core/modem';
import { HealthMonitor } from '../../../src-main/core/health';
import { qmiSignalSource, QmiClient, type SignalSource } from '../../../src-main/core/qmi/index';
import { ModemSupervisor } from '../../../src-main/core/recovery';
import { simLocator } from '../../../src-main/core/service/sim-locator';
import { ModemSimulator } from '../../../src-main/core/sim';
import { openSimQmi } from '../../../src-main/core/sim/qmi/index';

async function setup(source: (sim: ModemSimulator) => SignalSource) {
  const sim = new ModemSimulator({ count: 1, seed: 4 });
  const bench = new ModemSet({ binding: sim.binding });
  const d = sim.describe()[0]!;
  const adding = bench.add(d.ports.map((p) => ({ path: p.path, role: p.role, interface: p.interface })), 'sim0');
  await vi.advanceTimersByTimeAsync(10);
  const modem = await adding;
  const init = modem.init();
  await vi.advanceTimersByTimeAsync(500);
  await init;
  const sup = new ModemSupervisor(modem, bench, { locator: simLocator(sim, 0) });
  const signalSource = source(sim);
  const mon = new HealthMonitor(sup, { intervalMs: 1000, signalSource });
  const sent: string[] = [];
  modem.session!.onTrace((t) => t.kind === 'tx' && !t.internal && sent.push(t.text));
  return {
    sim,
    mon,
    sent,
    close: async () => {
      mon.stop();
      const closing = signalSource.close();
      await vi.advanceTimersByTimeAsync(100);
      await closing;
      sup.dispose();
      await bench.close();
      await sim.dispose();
    },
  };
}

describe('health through QMI (NAS Get Signal Info)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reads RSRP/RSRQ/SINR/RSSI over QMI and leaves AT+CSQ and AT+QENG out of the AT queue', async () => {
    const t = await setup((sim) => qmiSignalSource(async () => openSimQmi(sim.modems[0]!)));
    t.mon.start();
    await vi.advanceTimersByTimeAsync(1500);
    const s = t.mon.snapshot;
    const r = t.sim.modems[0]!.network.radio();
    expect(s).toMatchObject({ rat: 'LTE', rsrp: r.rsrp, rsrq: r.rsrq, sinr: r.sinr, rssiDbm: r.rssi });
    expect(t.sent).toEqual(['AT+CEREG?', 'AT+QTEMP']);
    expect(t.sim.modems[0]!.qmi!.answered).toBeGreaterThan(0);
    await t.close();
    expect(QmiClient.live).toBe(0);
  });

  it('falls back to the AT signal commands for a poll whose QMI read fails (no answer), and recovers', async () => {
    const t = await setup((sim) => qmiSignalSource(async () => openSimQmi(sim.modems[0]!), { timeoutMs: 200 }));
    t.sim.modems[0]!.qmi!.injectFault('no-answer', 1);
    t.mon.start();
    await vi.advanceTimersByTimeAsync(1500);
    expect(t.sent.slice(0, 4)).toEqual(['AT+CSQ', 'AT+CEREG?', 'AT+QENG="servingcell"', 'AT+QTEMP']);
    expect(t.mon.snapshot.rsrp).not.toBeNull();
    t.sent.length = 0;
    await vi.advanceTimersByTimeAsync(1500);
    expect(t.sent).toEqual(['AT+CEREG?', 'AT+QTEMP']);
    await t.close();
  });
});
