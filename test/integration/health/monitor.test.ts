import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModemSet } from '../../../src-main/core/modem';
import { HealthMonitor, type HealthOptions } from '../../../src-main/core/health';
import { ModemSupervisor } from '../../../src-main/core/recovery';
import { simLocator } from '../../../src-main/core/service/sim-locator';
import { ModemSimulator } from '../../../src-main/core/sim';

async function setup(health: HealthOptions = {}) {
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
  const mon = new HealthMonitor(sup, { intervalMs: 1000, ...health });
  const sent: string[] = [];
  modem.session!.onTrace((t) => t.kind === 'tx' && !t.internal && sent.push(t.text));
  return {
    sim,
    sup,
    mon,
    sent,
    close: async () => {
      mon.stop();
      sup.dispose();
      await bench.close();
      await sim.dispose();
    },
  };
}

describe('HealthMonitor', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('polls at low priority and builds a snapshot: registration, RAT, RSRP/RSRQ/SINR, temperature', async () => {
    const t = await setup();
    t.mon.start();
    await vi.advanceTimersByTimeAsync(8000);
    const s = t.mon.snapshot;
    expect(s.state).toBe('healthy');
    expect(s.reasons).toEqual([]);
    expect(s.registration).toMatch(/home|roaming/);
    expect(s.rat).toBe('LTE');
    expect(s.rsrp).toBeLessThan(-40);
    expect(s.rsrq).not.toBeNull();
    expect(s.sinr).not.toBeNull();
    expect(s.temperatureC).toBeGreaterThan(20);
    expect(s.rssiDbm).not.toBeNull();
    expect(t.sent.slice(0, 4)).toEqual(['AT+CSQ', 'AT+CEREG?', 'AT+QENG="servingcell"', 'AT+QTEMP']);
    await t.close();
  });

  it('is degraded with a reason past a threshold, and backs off its polling while unhealthy', async () => {
    const t = await setup({ thresholds: { temperatureMax: 0 }, maxBackoff: 8 });
    t.mon.start();
    await vi.advanceTimersByTimeAsync(1500);
    expect(t.mon.snapshot.state).toBe('degraded');
    expect(t.mon.snapshot.reasons.join()).toMatch(/hot: \d+ °C/);
    const before = t.sent.length;
    // Healthy it would poll every 1 s; degraded the gaps grow 2, 4, 8 s: within 15 s, only 3 more polls.
    await vi.advanceTimersByTimeAsync(15_000);
    expect((t.sent.length - before) / 4).toBeLessThanOrEqual(3);
    await t.close();
  });

  it('skips a tick while the modem is busy with more important work', async () => {
    const t = await setup();
    const slow = t.sup.exec('AT+COPS=?', { cls: 'interactive', timeoutMs: 60_000 });
    t.mon.start();
    await vi.advanceTimersByTimeAsync(3000);
    expect(t.sent.filter((c) => c === 'AT+CSQ')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(60_000);
    await slow;
    await vi.advanceTimersByTimeAsync(2000);
    expect(t.sent.filter((c) => c === 'AT+CSQ').length).toBeGreaterThan(0);
    await t.close();
  });

  it('follows the supervisor: offline when the modem is unplugged, with the reason', async () => {
    const t = await setup();
    t.mon.start();
    await vi.advanceTimersByTimeAsync(1500);
    t.sim.unplug(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(t.mon.snapshot.state).toBe('offline');
    expect(t.mon.snapshot.reasons[0]).toMatch(/vanished/);
    await t.close();
  });

  it('applies a new interval live', async () => {
    const t = await setup({ intervalMs: 10_000 });
    t.mon.start();
    await vi.advanceTimersByTimeAsync(5000);
    expect(t.sent).toHaveLength(0);
    t.mon.setIntervalMs(1000);
    await vi.advanceTimersByTimeAsync(1500);
    expect(t.sent.length).toBeGreaterThanOrEqual(4);
    await t.close();
    expect(vi.getTimerCount()).toBe(0);
  });
});
