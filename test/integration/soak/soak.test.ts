import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModemSet } from '../../../src-main/core/modem';
import { simLocator } from '../../../src-main/core/service/sim-locator';
import { ModemSimulator } from '../../../src-main/core/sim';
import { type SoakSummary, runSoak } from '../../../src-main/core/soak';

/** The soak engine end to end on fake time: every fault kind at once, one modem made unrecoverable. */
describe('soak under every fault kind (fake time)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('loses nothing, misattributes nothing, recovers the recoverable and fails the bricked, and leaks no timer', async () => {
    // Slot 2 reboots often and every reboot bricks it; the rest get the whole 'all' plan, denser.
    const sim = new ModemSimulator({
      count: 6,
      seed: 42,
      faults: 'all,hang:0.03,late:0.03,garbage:0.03,partial:0.03,cme:0.05,stuck:0.01,disconnect:1/min,reboot:1/min,brick:0,reboot:6/min@2,brick:1@2',
      lateDelayMs: 8000,
    });
    const bench = new ModemSet({ binding: sim.binding });
    sim.modems.forEach((m) => m.setFaultsEnabled(false));
    const setup = Promise.all(
      sim.describe().map(async (d) => {
        const modem = await bench.add(d.ports.map((p) => ({ path: p.path, role: p.role, interface: p.interface })), `sim${d.index}`);
        await modem.init();
        await modem.readIdentity();
        return { modem, locator: simLocator(sim, d.index) };
      }),
    );
    await vi.advanceTimersByTimeAsync(2000);
    const targets = await setup;
    sim.modems.forEach((m) => m.setFaultsEnabled(true));

    let summary: SoakSummary | undefined;
    const run = runSoak({
      bench,
      targets,
      durationMs: 60_000,
      rate: 30,
      tagged: true,
      seed: 7,
      onLoadEnd: () => sim.modems.forEach((m) => m.setFaultsEnabled(false)),
    }).then((s) => (summary = s));
    for (let t = 0; t < 600 && !summary; t++) await vi.advanceTimersByTimeAsync(1000);
    await run;
    const s = summary!;

    expect(s.submitted).toBeGreaterThan(1500);
    expect(s.misattributed).toBe(0);
    expect(s.lost).toBe(0);
    expect(s.completed + Object.values(s.failed).reduce((a, b) => a + b, 0)).toBe(s.submitted);
    // The faults really happened and the ladder really worked.
    expect(s.recoveries.resync + s.recoveries.reopen + s.recoveries['soft-reset']).toBeGreaterThan(0);
    const bricked = sim.describe().filter((d) => d.bricked).map((d) => `sim${d.index}`);
    if (process.env.SOAK_DEBUG) console.log(JSON.stringify({ ...s, misattributions: undefined }, null, 1));
    expect(bricked).toEqual(['sim2']);
    for (const m of s.byModem) expect([m.modem, m.health]).toEqual([m.modem, bricked.includes(m.modem) ? 'failed' : 'healthy']);

    await bench.close();
    await sim.dispose();
    expect(bench.leaks()).toEqual({ openPorts: 0, portListeners: 0, sessionListeners: 0, controllerInFlight: 0 });
    expect(vi.getTimerCount()).toBe(0);
  }, 120_000);
});
