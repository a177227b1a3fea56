import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModemSet } from '../../../src-main/core/modem';
import { QmiClient } from '../../../src-main/core/qmi';
import { simLocator } from '../../../src-main/core/service/sim-locator';
import { ModemSimulator } from '../../../src-main/core/sim';
import { openSimQmi } from '../../../src-main/core/sim/qmi';
import { type SoakSummary, runSoak } from '../../../src-main/core/soak';

/** `qmiOf(i)`: whose QMI endpoint modem i's QMI requests go to (itself, unless a test crosses the wires). */
async function soak(faults: string, qmiOf: (i: number) => number) {
  const sim = new ModemSimulator({ count: 4, seed: 11, faults });
  const bench = new ModemSet({ binding: sim.binding });
  sim.modems.forEach((m) => m.setFaultsEnabled(false));
  const setup = Promise.all(
    sim.describe().map(async (d) => {
      const modem = await bench.add(d.ports.map((p) => ({ path: p.path, role: p.role, interface: p.interface })), `sim${d.index}`);
      await modem.init();
      await modem.readIdentity();
      return { modem, locator: simLocator(sim, d.index), qmi: async () => openSimQmi(sim.modems[qmiOf(d.index)]!) };
    }),
  );
  await vi.advanceTimersByTimeAsync(2000);
  const targets = await setup;
  sim.modems.forEach((m) => m.setFaultsEnabled(true));
  let summary: SoakSummary | undefined;
  const run = runSoak({ bench, targets, durationMs: 30_000, rate: 40, tagged: true, seed: 3, onLoadEnd: () => sim.modems.forEach((m) => m.setFaultsEnabled(false)) }).then((s) => (summary = s));
  for (let t = 0; t < 600 && !summary; t++) await vi.advanceTimersByTimeAsync(1000);
  await run;
  // Before the simulator goes away (its vanishing endpoints would close a forgotten client anyway).
  const qmiLive = QmiClient.live;
  await bench.close();
  await sim.dispose();
  return { s: summary!, bench, qmiLive };
}

describe('the soak sends a share of QMI requests and counts them (fake time)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('under faults: QMI answers all accounted for, none misattributed, no QMI client left open; the AT accounting unchanged', async () => {
    const { s, bench, qmiLive } = await soak('all,hang:0.03,garbage:0.03,partial:0.03,cme:0.05,disconnect:1/min,reboot:1/min,brick:0', (i) => i);
    const q = s.qmi!;
    expect(q.submitted).toBeGreaterThan(150);
    expect(q.misattributed).toBe(0);
    expect(q.lost).toBe(0);
    expect(q.completed + Object.values(q.failed).reduce((a, b) => a + b, 0)).toBe(q.submitted);
    // The fault plan reached the QMI port too.
    expect(Object.values(q.failed).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(q.completed).toBeGreaterThan(q.submitted / 2);
    expect(s.misattributed).toBe(0);
    expect(s.lost).toBe(0);
    expect(s.completed + Object.values(s.failed).reduce((a, b) => a + b, 0)).toBe(s.submitted);
    for (const m of s.byModem) expect([m.modem, m.health]).toEqual([m.modem, 'healthy']);
    expect(qmiLive).toBe(0);
    expect(QmiClient.live).toBe(0);
    expect(bench.leaks()).toEqual({ openPorts: 0, portListeners: 0, sessionListeners: 0, controllerInFlight: 0 });
    expect(vi.getTimerCount()).toBe(0);
  }, 120_000);

  it("counts an answer carrying another modem's IMEI as misattributed", async () => {
    // Modem 0's QMI requests reach modem 1's endpoint: every DMS Get IDs answer names the wrong IMEI.
    const { s } = await soak('none', (i) => (i === 0 ? 1 : i === 1 ? 0 : i));
    expect(s.qmi!.misattributed).toBeGreaterThan(0);
    expect(s.qmi!.misattributions.every((m) => ['sim0', 'sim1'].includes(m.modem) && m.request === 'dms-get-ids')).toBe(true);
    expect(QmiClient.live).toBe(0);
  }, 120_000);
});
