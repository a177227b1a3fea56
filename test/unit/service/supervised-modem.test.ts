/**
 * SupervisedModem through its public API, over one simulated modem on fake time:
 * setup (open, init, identity, supervise), commands and their outcomes,
 * cancel by the caller's signal, offline until the device comes back,
 * manual ladder steps, the run target, and what it tells the app.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommandOutcome } from '../../../src-main/core/modem/outcome';
import { ModemSet } from '../../../src-main/core/modem';
import { createLogger } from '../../../src-main/core/log';
import { SupervisedModem, type SupervisedModemOptions } from '../../../src-main/core/service/supervised-modem';
import { simLocator } from '../../../src-main/core/service/sim-locator';
import { ModemSimulator } from '../../../src-main/core/sim';
import type { ModemState, TimelineEventView } from '../../../src-preload/contract';

/** Settles a promise into a value so a rejection is never unhandled while fake time runs. */
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

function setup(o: { withoutAt?: boolean; labTags?: string[]; powerCycle?: SupervisedModemOptions['powerCycle'] } = {}) {
  const sim = new ModemSimulator({ count: 1, seed: 3 });
  sim.modems[0]!.setFaultsEnabled(false);
  const bench = new ModemSet({ binding: sim.binding });
  const d = sim.describe()[0]!;
  const seen = { states: [] as ModemState[], console: 0, timeline: [] as TimelineEventView[], attempts: 0, samples: 0 };
  const entry = new SupervisedModem({
    label: 'sim0',
    simulated: true,
    simIndex: 0,
    ports: d.ports.filter((p) => !(o.withoutAt && p.role === 'at')).map((p) => ({ path: p.path, role: p.role, interface: p.interface })),
    usb: { vendorId: '2c7c', productId: '0125', serialNumber: d.usbSerial, location: d.location },
    bench,
    locator: simLocator(sim, 0),
    powerCycle: o.powerCycle === undefined ? async () => sim.powerCycle(0) : o.powerCycle,
    hookMutex: null,
    resetsPerHour: 10,
    healthPollMs: 60_000,
    onChange: (e) => {
      if (seen.states.at(-1) !== e.state) seen.states.push(e.state);
    },
    onConsole: () => seen.console++,
    onTimeline: (_e, ev) => seen.timeline.push(ev),
    onAttempt: () => seen.attempts++,
    onHealthSample: () => seen.samples++,
    labTags: () => o.labTags ?? [],
    logger: createLogger(null).logger,
  });
  return {
    sim,
    bench,
    entry,
    seen,
    imei: d.imei,
    lines: () => entry.console.after(0, 5000),
    close: async () => {
      entry.dispose();
      await bench.close();
      await sim.dispose();
    },
  };
}

describe('SupervisedModem', () => {
  const closers: (() => Promise<void>)[] = [];
  beforeEach(() => vi.useFakeTimers());
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
    vi.useRealTimers();
  });
  function make(o: Parameters<typeof setup>[0] = {}) {
    const s = setup(o);
    closers.push(s.close);
    return s;
  }

  it('sets up: opening, then idle with the identity read, answering, and a first look at the modem', async () => {
    const { entry, seen, imei, lines } = make();
    expect(entry.state).toBe('opening');
    expect(entry.answering).toBe(false);
    await settle(entry.connect(), 10_000);
    // Then busy and idle again for the first look's commands.
    expect(seen.states.slice(0, 2)).toEqual(['opening', 'idle']);
    expect(entry.state).toBe('idle');
    expect(entry.identity.imei).toBe(imei);
    expect(entry.answering).toBe(true);
    expect(entry.reason).toBeNull();
    const view = entry.view();
    expect(view).toMatchObject({ id: entry.id, label: 'sim0', simulated: true, state: 'idle', identity: { imei } });
    expect(view.ports.some((p) => p.role === 'at')).toBe(true);
    // The first look: the operator (AT+COPS?) and the SIM (AT+CPIN?), logged as background.
    expect(entry.operator).not.toBeNull();
    expect(view.simState).toBe('READY');
    expect(lines().some((l) => l.kind === 'event' && l.text.startsWith(`identity: IMEI ${imei}`))).toBe(true);
    expect(lines().find((l) => l.text === 'AT+COPS?')?.bg).toBe('health');
    expect(seen.samples).toBeGreaterThan(0);
    expect(seen.attempts).toBeGreaterThan(0);
  });

  it('connect() while connecting is the same setup, not a second one', async () => {
    const { entry, lines } = make();
    const a = entry.connect();
    const b = entry.connect();
    expect(b).toBe(a);
    await settle(Promise.all([a, b]), 10_000);
    expect(lines().filter((l) => l.text.startsWith('identity: ')).length).toBe(1);
  });

  it('runs a command: busy while it runs, then its outcome; a modem error is an outcome, never a throw', async () => {
    const { entry, sim, seen, lines } = make();
    await settle(entry.connect(), 10_000);
    seen.states.length = 0;
    const scan = entry.run('AT+COPS=?', { cls: 'interactive', user: true });
    await vi.advanceTimersByTimeAsync(10);
    expect(entry.state).toBe('busy');
    const r = await settle(scan, 60_000);
    expect(r).toMatchObject({ command: 'AT+COPS=?', status: 'ok', final: 'OK' });
    expect(entry.state).toBe('idle');
    expect(seen.states).toEqual(['busy', 'idle']);
    expect(lines().some((l) => l.kind === 'tx' && l.text === 'AT+COPS=?' && l.bg === undefined)).toBe(true);

    sim.modems[0]!.injectFault('cme');
    const bad = await settle(entry.run('AT+CSQ', { cls: 'interactive', user: true }), 5_000);
    expect(bad.status).toBe('error');
    expect(bad.final).toMatch(/\+CME ERROR/);
    expect(lines().some((l) => l.kind === 'error' && /\+CME ERROR/.test(l.text))).toBe(true);
  });

  it('before setup a command answers modem-unavailable with the reason', async () => {
    const { entry } = make();
    const r: CommandOutcome = await entry.run('ATI', { cls: 'interactive' });
    expect(r.status).toBe('error');
    expect(r.error?.code).toBe('modem-unavailable');
    await settle(entry.connect(), 10_000);
  });

  it("a caller's signal cancels its own command only; the other caller's command runs on", async () => {
    const { entry } = make();
    await settle(entry.connect(), 10_000);
    const theirs = entry.run('AT+COPS=?', { cls: 'interactive', user: true, signal: new AbortController().signal });
    const mine = new AbortController();
    const queued = entry.run('ATI', { cls: 'interactive', user: true, signal: mine.signal });
    await vi.advanceTimersByTimeAsync(100);
    mine.abort();
    // Mine ends now, while the scan still runs.
    expect((await settle(queued, 10)).status).toBe('cancelled');
    const scan = await settle(theirs, 60_000);
    expect(scan.status).toBe('ok');
    expect(scan.lines.join(' ')).toMatch(/\+COPS: /);
  });

  it('dispose cancels what runs and leaves no timer of its own', async () => {
    const { entry } = make();
    await settle(entry.connect(), 10_000);
    expect(entry.pendingTimers).toBeGreaterThan(0);
    const scan = entry.run('AT+COPS=?', { cls: 'interactive' });
    await vi.advanceTimersByTimeAsync(100);
    entry.dispose();
    expect((await settle(scan, 1_000)).status).toBe('cancelled');
    expect(entry.pendingTimers).toBe(0);
  });

  it('without an AT port it is offline and says why, then sets up once the device shows one', async () => {
    const { entry, sim, seen } = make({ withoutAt: true });
    await settle(entry.connect(), 1_000);
    expect(entry.state).toBe('offline');
    expect(entry.reason).toMatch(/no AT port/);
    expect(entry.runTarget()).toBeNull();
    // The device re-enumerates: the locator now shows its AT port.
    sim.unplug(0);
    sim.replug(0);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(entry.state).toBe('idle');
    expect(seen.states.slice(0, 3)).toEqual(['offline', 'opening', 'idle']);
  });

  it('a setup that fails (modem powered off) is offline with the error, and retries when the device is back', async () => {
    const { entry, sim, lines } = make();
    sim.powerOff(0);
    await vi.advanceTimersByTimeAsync(1_000);
    await settle(entry.connect(), 60_000);
    expect(entry.state).toBe('offline');
    expect(entry.reason).not.toBeNull();
    expect(lines().some((l) => l.kind === 'error' && l.text.startsWith('setup failed: '))).toBe(true);
    sim.powerOn(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(entry.state).toBe('idle');
    expect(entry.answering).toBe(true);
  });

  it('is a batch run target once set up: its id as key, its tags, commands in the batch class', async () => {
    const { entry, imei, lines } = make({ labTags: ['rack2'] });
    await settle(entry.connect(), 10_000);
    expect(entry.tags()).toEqual(['simulated', 'rack2']);
    const t = entry.runTarget()!;
    expect(t.key).toBe(entry.id);
    expect(t.identity.imei).toBe(imei);
    expect(t.tags).toEqual(['simulated', 'rack2']);
    const r = await settle(t.exec('AT+CGSN', { cls: 'batch' }), 5_000);
    expect(r.lines).toContain(imei);
    // A batch command is the engineer's traffic in the console, not background.
    expect(lines().filter((l) => l.kind === 'tx' && l.text === 'AT+CGSN').at(-1)?.bg).toBeUndefined();
    expect(entry.view().labTags).toEqual(['rack2']);
  });

  it('learns from parsed answers whoever sent them: the operator from +COPS', async () => {
    const { entry } = make();
    await settle(entry.connect(), 10_000);
    entry.absorb({ type: 'cops', mode: 0, format: 0, oper: 'Lab Net', act: 7 });
    expect(entry.operator).toBe('Lab Net');
    expect(entry.view().operator).toBe('Lab Net');
    entry.absorb(null);
    expect(entry.operator).toBe('Lab Net');
  });

  it('runs one ladder step by hand and records it; cancelRecovery stops a running step', async () => {
    let cut: unknown = null;
    // A relay that takes long; it stops when told to.
    const powerCycle = (signal: AbortSignal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve((cut = signal.reason)), { once: true }));
    const { entry, seen, lines } = make({ powerCycle });
    await settle(entry.connect(), 10_000);
    expect(entry.cancelRecovery()).toBe(false);
    const resync = await settle(entry.recover('resync'), 30_000);
    expect(resync).toMatchObject({ state: 'ready', result: 'ok' });
    expect(lines().some((l) => l.text === 'manual resync')).toBe(true);
    expect(seen.timeline.length).toBeGreaterThan(0);
    expect(entry.timeline().map((e) => e.seq)).toEqual(seen.timeline.map((e) => e.seq));

    const cycling = entry.recover('power-cycle');
    await vi.advanceTimersByTimeAsync(100);
    expect(entry.cancelRecovery()).toBe(true);
    const out = await settle(cycling, 60_000);
    expect(out.result).toBe('cancelled');
    expect(cut).not.toBeNull();
  });
});
