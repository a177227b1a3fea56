/**
 * A ladder step run by hand runs that step only: a soft reset that does not
 * bring the modem back leaves it failed and never runs the power-cycle hook;
 * the step stops at its limit or when cancelled; the hook runs only when the
 * engineer asks for that step.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModemSet } from '../../../src-main/core/modem';
import { ModemSupervisor } from '../../../src-main/core/recovery';
import { simLocator } from '../../../src-main/core/service/sim-locator';
import { ModemSimulator } from '../../../src-main/core/sim';
import { MANUAL_STEP_LIMIT_MS } from '../../../src-preload/contract';

async function setup() {
  const sim = new ModemSimulator({ count: 1, seed: 11, faults: 'brick:1', bootDelayMs: 3000 });
  const bench = new ModemSet({ binding: sim.binding });
  const d = sim.describe()[0]!;
  const added = bench.add(d.ports.map((p) => ({ path: p.path, role: p.role, interface: p.interface })), 'sim0');
  await vi.advanceTimersByTimeAsync(10);
  const modem = await added;
  const init = modem.init();
  await vi.advanceTimersByTimeAsync(500);
  await init;
  let cycles = 0;
  const sup = new ModemSupervisor(modem, bench, {
    locator: simLocator(sim, 0),
    powerCycle: async () => {
      cycles++;
      sim.powerCycle(0);
    },
  });
  const kinds: string[] = [];
  sup.timeline.on((e) => kinds.push(`${e.kind}${e.step ? `:${e.step}` : ''}`));
  return {
    sup,
    kinds,
    cycles: () => cycles,
    close: async () => {
      sup.dispose();
      await bench.close();
      await sim.dispose();
    },
  };
}

describe('a ladder step run by hand', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a soft reset that leaves the modem bricked ends failed at its limit; the power-cycle hook does not run', async () => {
    const t = await setup();
    let done = false;
    const r = t.sup.runStep('soft-reset', { limitMs: MANUAL_STEP_LIMIT_MS['soft-reset'] }).finally(() => (done = true));
    await vi.advanceTimersByTimeAsync(MANUAL_STEP_LIMIT_MS['soft-reset'] - 1000);
    // Still inside its stated limit; the automatic ladder would have gone on to the hook by now.
    expect(t.cycles()).toBe(0);
    await vi.advanceTimersByTimeAsync(2000);
    expect(done).toBe(true);
    expect(await r).toMatchObject({ result: 'failed' });
    expect(t.sup.state.state).toBe('failed');
    expect(t.cycles()).toBe(0);
    expect(t.kinds).not.toContain('step-start:power-cycle');
    // Going further is a second, explicit step: now the hook runs and the modem comes back.
    const p = t.sup.runStep('power-cycle', { limitMs: MANUAL_STEP_LIMIT_MS['power-cycle'] });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await p).toEqual({ result: 'ok', detail: null });
    expect(t.cycles()).toBe(1);
    expect(t.sup.state.state).toBe('ready');
    await t.close();
  });

  it('is cancelled by its signal: failed, nothing further runs', async () => {
    const t = await setup();
    const ac = new AbortController();
    const r = t.sup.runStep('soft-reset', { signal: ac.signal, limitMs: MANUAL_STEP_LIMIT_MS['soft-reset'] });
    await vi.advanceTimersByTimeAsync(5000);
    ac.abort();
    await vi.advanceTimersByTimeAsync(100);
    expect(await r).toEqual({ result: 'cancelled', detail: 'cancelled by the engineer' });
    expect(t.sup.state.state).toBe('failed');
    await vi.advanceTimersByTimeAsync(300_000);
    expect(t.cycles()).toBe(0);
    expect(t.kinds.filter((k) => k.startsWith('step-start'))).toEqual(['step-start:soft-reset']);
    await t.close();
  });
});
