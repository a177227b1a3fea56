import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModemSet } from '../../../src-main/core/modem';
import { isCircuitOpenError, isModemFailedError, isModemUnavailableError, isTimeoutError } from '../../../src-main/core/errors';
import { ModemSupervisor, type SupervisorOptions, type TimelineEvent } from '../../../src-main/core/recovery';
import { simLocator } from '../../../src-main/core/service/sim-locator';
import { ModemSimulator, type ModemSimulatorOptions } from '../../../src-main/core/sim';

/** Settles a promise into a value so a rejection is never unhandled while fake time runs. */
function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

async function setup(sim: ModemSimulatorOptions = {}, sup: Partial<SupervisorOptions> = {}) {
  const simBench = new ModemSimulator({ count: 1, seed: 11, ...sim });
  const bench = new ModemSet({ binding: simBench.binding });
  const d = simBench.describe()[0]!;
  const added = settle(bench.add(d.ports.map((p) => ({ path: p.path, role: p.role, interface: p.interface })), 'sim0'));
  await vi.advanceTimersByTimeAsync(10);
  const a = await added;
  if (!a.ok) throw a.error;
  const modem = a.value;
  const init = settle(modem.init());
  await vi.advanceTimersByTimeAsync(500);
  expect((await init).ok).toBe(true);
  const supervisor = new ModemSupervisor(modem, bench, { locator: simLocator(simBench, 0), ...sup });
  const events: TimelineEvent[] = [];
  supervisor.timeline.on((e) => events.push(e));
  const steps = () => events.filter((e) => e.kind.startsWith('step') || e.kind === 'recovered' || e.kind === 'failed').map((e) => `${e.kind}${e.step ? `:${e.step}` : ''}`);
  return {
    sim: simBench,
    simModem: simBench.modems[0]!,
    bench,
    modem,
    supervisor,
    events,
    steps,
    close: async () => {
      supervisor.dispose();
      await bench.close();
      await simBench.dispose();
    },
  };
}

describe('ModemSupervisor (recovery ladder) on the simulator', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a hang: the interactive command fails once (no silent retry), the resync step recovers the channel', async () => {
    const t = await setup();
    t.simModem.injectFault('hang');
    const r = settle(t.supervisor.exec('AT+CSQ', { cls: 'interactive', timeoutMs: 1000 }));
    await vi.advanceTimersByTimeAsync(5000);
    const out = await r;
    expect(out.ok).toBe(false);
    if (!out.ok) expect(isTimeoutError(out.error)).toBe(true);
    expect(t.steps()).toEqual(['step-start:resync', 'step-ok:resync', 'recovered:resync']);
    expect(t.supervisor.state.state).toBe('ready');
    const next = settle(t.supervisor.exec('AT+CSQ', { cls: 'interactive' }));
    await vi.advanceTimersByTimeAsync(200);
    expect(await next).toMatchObject({ ok: true, value: { final: { kind: 'ok' } } });
    await t.close();
  });

  it('a batch command is sent once, never again by the supervisor (the step\'s retries decide); the resync recovers', async () => {
    const t = await setup();
    t.simModem.injectFault('hang');
    const sends: string[] = [];
    t.supervisor.onOutcome((o) => sends.push(`${o.command} ${o.code ?? 'ok'}`));
    const r = settle(t.supervisor.exec('AT+SIMTAG=batch1', { cls: 'batch', timeoutMs: 1000 }));
    await vi.advanceTimersByTimeAsync(10_000);
    const out = await r;
    expect(out.ok).toBe(false);
    if (!out.ok) expect(isTimeoutError(out.error)).toBe(true);
    expect(sends).toEqual(['AT+SIMTAG=batch1 timeout']);
    expect(t.steps()).toContain('recovered:resync');
    const again = settle(t.supervisor.exec('AT+SIMTAG=batch1', { cls: 'batch', timeoutMs: 1000 }));
    await vi.advanceTimersByTimeAsync(200);
    expect(await again).toMatchObject({ ok: true, value: { lines: ['+SIMTAG: batch1'] } });
    await t.close();
  });

  it('a recovery can be cancelled by its caller: the ladder stops inside its step and the modem is left failed', async () => {
    const t = await setup();
    t.simModem.injectFault('hang', 50);
    const ac = new AbortController();
    const r = settle(t.supervisor.recover('manual', 'resync', ac.signal));
    await vi.advanceTimersByTimeAsync(100);
    expect(t.supervisor.state).toMatchObject({ state: 'recovering', step: 'resync' });
    ac.abort('the engineer stopped it');
    await vi.advanceTimersByTimeAsync(10);
    expect((await r).ok).toBe(true);
    expect(t.supervisor.state).toMatchObject({ state: 'failed', reason: 'recovery cancelled (the engineer stopped it)' });
    expect(t.steps()).toEqual(['step-start:resync', 'failed']);
    await t.close();
  });

  it('a late reply: the next command still gets its own answer', async () => {
    const t = await setup({ lateDelayMs: 2500 });
    t.simModem.injectFault('late');
    const late = settle(t.supervisor.exec('AT+SIMTAG=one', { cls: 'interactive', timeoutMs: 1000 }));
    const next = settle(t.supervisor.exec('AT+SIMTAG=two', { cls: 'interactive', timeoutMs: 5000 }));
    await vi.advanceTimersByTimeAsync(15_000);
    expect((await late).ok).toBe(false);
    expect(await next).toMatchObject({ ok: true, value: { lines: ['+SIMTAG: two'] } });
    await t.close();
  });

  it('a stuck AT channel: resync and reopen fail, the soft reset brings it back at a new path', async () => {
    const t = await setup({ bootDelayMs: 3000, reenumerateDelayMs: 1500 });
    const oldPath = t.modem.atPath;
    t.simModem.injectFault('stuck');
    const r = settle(t.supervisor.exec('AT+CSQ', { cls: 'interactive', timeoutMs: 1000 }));
    await vi.advanceTimersByTimeAsync(60_000);
    expect((await r).ok).toBe(false);
    expect(t.steps()).toEqual([
      'step-start:resync',
      'step-failed:resync',
      'step-start:reopen',
      'step-failed:reopen',
      'step-start:soft-reset',
      'step-ok:soft-reset',
      'recovered:soft-reset',
    ]);
    expect(t.supervisor.state.state).toBe('ready');
    expect(t.modem.atPath).not.toBe(oldPath);
    expect(t.simModem.stuck).toBe(false);
    const after = settle(t.supervisor.exec('AT+SIMTAG=after', { cls: 'interactive' }));
    await vi.advanceTimersByTimeAsync(200);
    expect(await after).toMatchObject({ ok: true, value: { lines: ['+SIMTAG: after'] } });
    await t.close();
  });

  it('a USB glitch: offline, then reattached at the new path without a reboot', async () => {
    const t = await setup({ reenumerateDelayMs: 1500 });
    const states: string[] = [];
    t.supervisor.onStateChange((s) => states.push(s.state));
    t.simModem.glitchNow();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(states[0]).toBe('offline');
    expect(t.supervisor.state.state).toBe('ready');
    expect(t.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['disconnect', 'reattach', 'recovered']));
    expect(t.events.some((e) => e.kind === 'reboot')).toBe(false);
    await t.close();
  });

  it('a spontaneous reboot is recorded as such, and the session is re-initialised', async () => {
    const t = await setup({ bootDelayMs: 3000, reenumerateDelayMs: 1500 });
    t.simModem.rebootNow();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(t.supervisor.state.state).toBe('ready');
    expect(t.events.find((e) => e.kind === 'reboot')).toMatchObject({ cause: 'spontaneous' });
    const r = settle(t.supervisor.exec('AT+SIMTAG=x', { cls: 'interactive' }));
    await vi.advanceTimersByTimeAsync(200);
    expect(await r).toMatchObject({ ok: true });
    await t.close();
  });

  it('a bricked modem with no power-cycle hook ends failed, and is left alone', async () => {
    const t = await setup({ faults: 'brick:1', bootDelayMs: 3000 });
    t.simModem.rebootNow();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(t.supervisor.state.state).toBe('failed');
    expect(t.steps().slice(-4)).toEqual(['step-failed:soft-reset', 'step-start:power-cycle', 'step-skipped:power-cycle', 'failed']);
    expect(t.supervisor.breaker.state.state).toBe('open');
    const r = settle(t.supervisor.exec('AT', { cls: 'batch' }));
    await vi.advanceTimersByTimeAsync(10);
    const out = await r;
    expect(out.ok).toBe(false);
    if (!out.ok) expect(isModemFailedError(out.error)).toBe(true);
    await t.close();
  });

  it('a bricked modem comes back through the external power-cycle hook', async () => {
    let cycles = 0;
    const t = await setup({ faults: 'brick:1', bootDelayMs: 3000 }, {});
    const sup = new ModemSupervisor(t.modem, t.bench, {
      locator: simLocator(t.sim, 0),
      powerCycle: async () => {
        cycles++;
        t.sim.powerCycle(0);
      },
    });
    t.supervisor.dispose();
    const kinds: string[] = [];
    sup.timeline.on((e) => kinds.push(`${e.kind}${e.step ? `:${e.step}` : ''}`));
    t.simModem.rebootNow();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(cycles).toBe(1);
    expect(kinds).toContain('recovered:power-cycle');
    expect(sup.state.state).toBe('ready');
    sup.dispose();
    await t.close();
  });

  it('the reset budget per hour: a second stuck channel within the hour ends failed', async () => {
    const t = await setup({ bootDelayMs: 1000, reenumerateDelayMs: 500 }, { resetsPerHour: 1 });
    for (let round = 0; round < 2; round++) {
      t.simModem.injectFault('stuck');
      void settle(t.supervisor.exec('AT', { cls: 'interactive', timeoutMs: 500 }));
      await vi.advanceTimersByTimeAsync(60_000);
    }
    expect(t.steps().filter((s) => s === 'step-ok:soft-reset')).toHaveLength(1);
    expect(t.steps()).toContain('step-skipped:soft-reset');
    expect(t.supervisor.state.state).toBe('failed');
    await t.close();
  });

  it('opens the circuit after 10 device errors in 5 minutes, fails fast, then a half-open probe closes it', async () => {
    const t = await setup();
    // The simulator draws CME codes from 3, 4, 14, 30, 100; only device errors (14, 30, 100) count.
    t.simModem.injectFault('cme', 60);
    let sent = 0;
    while (t.supervisor.breaker.state.state === 'closed' && sent < 60) {
      const r = settle(t.supervisor.exec('AT+CSQ', { cls: 'interactive' }));
      await vi.advanceTimersByTimeAsync(100);
      await r;
      sent++;
    }
    while (t.simModem.takeForcedFault()) {
      // the rest of the forced faults are not needed
    }
    const opened = t.supervisor.breaker.state;
    expect(opened.state === 'open' && opened.reason).toMatch(/^10 errors in 300 s/);
    expect(sent).toBeGreaterThanOrEqual(10);
    expect(t.supervisor.breaker.state.state).toBe('open');
    const fast = settle(t.supervisor.exec('AT', { cls: 'interactive' }));
    await vi.advanceTimersByTimeAsync(1);
    const f = await fast;
    expect(f.ok).toBe(false);
    if (!f.ok) expect(isCircuitOpenError(f.error)).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.supervisor.breaker.state.state).toBe('half-open');
    const probe = settle(t.supervisor.exec('AT', { cls: 'interactive' }));
    await vi.advanceTimersByTimeAsync(200);
    expect((await probe).ok).toBe(true);
    expect(t.supervisor.breaker.state.state).toBe('closed');
    expect(t.events.filter((e) => e.kind === 'breaker').map((e) => e.detail?.split(':')[0])).toEqual(['open', 'half-open', 'half-open', 'closed']);
    await t.close();
  });

  it('while recovering, a batch command waits and completes; a health poll fails fast', async () => {
    const t = await setup({ bootDelayMs: 1000, reenumerateDelayMs: 500 });
    t.simModem.injectFault('stuck');
    void settle(t.supervisor.exec('AT', { cls: 'interactive', timeoutMs: 500 }));
    await vi.advanceTimersByTimeAsync(600);
    expect(t.supervisor.state.state).toBe('recovering');
    const batch = settle(t.supervisor.exec('AT+SIMTAG=waited', { cls: 'batch' }));
    const health = settle(t.supervisor.exec('AT+CSQ', { cls: 'health' }));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await batch).toMatchObject({ ok: true, value: { lines: ['+SIMTAG: waited'] } });
    const h = await health;
    expect(h.ok).toBe(false);
    if (!h.ok) expect(isModemUnavailableError(h.error)).toBe(true);
    await t.close();
  });

  it('a partial reply (half a line, then silence) times out and the resync step brings the channel back', async () => {
    const t = await setup();
    t.simModem.injectFault('partial');
    const r = settle(t.supervisor.exec('AT+SIMTAG=cut', { cls: 'interactive', timeoutMs: 1000 }));
    await vi.advanceTimersByTimeAsync(5000);
    const out = await r;
    expect(out.ok).toBe(false);
    if (!out.ok) expect(isTimeoutError(out.error)).toBe(true);
    expect(t.steps()).toContain('recovered:resync');
    const next = settle(t.supervisor.exec('AT+SIMTAG=whole', { cls: 'interactive' }));
    await vi.advanceTimersByTimeAsync(200);
    expect(await next).toMatchObject({ ok: true, value: { lines: ['+SIMTAG: whole'] } });
    await t.close();
  });

  it('garbage bytes in a reply never reach a response: the command fails or reads clean, the next one is clean', async () => {
    const t = await setup();
    t.simModem.injectFault('garbage');
    const r = settle(t.supervisor.exec('AT+SIMTAG=g1', { cls: 'batch', timeoutMs: 1000 }));
    await vi.advanceTimersByTimeAsync(20_000);
    const out = await r;
    if (out.ok) expect(out.value.lines).toEqual(['+SIMTAG: g1']);
    const next = settle(t.supervisor.exec('AT+SIMTAG=g2', { cls: 'interactive' }));
    await vi.advanceTimersByTimeAsync(200);
    expect(await next).toMatchObject({ ok: true, value: { lines: ['+SIMTAG: g2'] } });
    await t.close();
  });

  it('a slow modem answers late but within its timeout: no recovery, no retry', async () => {
    const t = await setup({ faults: 'slow:4x', latency: { short: { min: 20, max: 20 } } });
    const r = settle(t.supervisor.exec('AT+SIMTAG=slow', { cls: 'batch', timeoutMs: 5000 }));
    await vi.advanceTimersByTimeAsync(3000);
    const out = await r;
    expect(out).toMatchObject({ ok: true, value: { lines: ['+SIMTAG: slow'] } });
    // 4 x 20 ms: four times the modem's normal answer time.
    if (out.ok) expect(out.value.latencyMs).toBeGreaterThanOrEqual(75);
    expect(t.events.some((e) => e.kind === 'recovery-start')).toBe(false);
    await t.close();
  });

  it('leaves no timer behind after dispose and close', async () => {
    const t = await setup();
    t.simModem.injectFault('hang');
    void settle(t.supervisor.exec('AT', { cls: 'interactive', timeoutMs: 500 }));
    await vi.advanceTimersByTimeAsync(5000);
    await t.close();
    expect(vi.getTimerCount()).toBe(0);
  });
});
