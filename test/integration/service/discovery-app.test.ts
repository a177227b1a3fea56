import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppService } from '../../../src-main/core/service';
import { ModemSimulator } from '../../../src-main/core/sim';

/**
 * The app's real-hardware path (discovery, hot-plug, re-attach by USB device)
 * driven by the simulator's binding standing in for the OS: its port list has
 * the same shape serialport gives on Linux.
 */
describe('AppService discovery and hot-plug', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('finds modems, names their ports by role, and re-attaches one that re-enumerates with new paths', async () => {
    const sim = new ModemSimulator({ count: 3, seed: 9, reenumerateDelayMs: 1500, bootDelayMs: 2000 });
    const app = new AppService({
      version: 't',
      dataDir: null,
      logDir: '/x',
      logFile: null,
      logger: pino({ level: 'silent' }),
      realBinding: sim.binding,
      eventIntervalMs: 50,
    });
    await app.start();
    const started = app.startDiscovery();
    await vi.advanceTimersByTimeAsync(5000);
    expect(await started).toEqual({ found: 3 });
    await vi.advanceTimersByTimeAsync(5000);

    const { modems } = app.list();
    expect(modems).toHaveLength(3);
    const imeis = sim.describe().map((d) => d.imei).sort();
    expect(modems.map((m) => m.identity.imei).sort()).toEqual(imeis);
    for (const m of modems) {
      expect(m.simulated).toBe(false);
      expect(m.state).toBe('idle');
      expect(m.ports.map((p) => [p.interface, p.role])).toEqual([
        [0, 'diag'],
        [1, 'nmea'],
        [2, 'at'],
        [3, 'at-secondary'],
      ]);
      expect(m.usb?.vendorId).toBe('2c7c');
    }

    // Modem 1 resets: its ports vanish and come back at new paths; the same row follows it.
    const target = modems.find((m) => m.identity.imei === sim.describe()[1]!.imei)!;
    const oldAt = target.ports.find((p) => p.role === 'at')!.path;
    sim.modems[1]!.rebootNow();
    await vi.advanceTimersByTimeAsync(2000);
    expect(app.list().modems.find((m) => m.id === target.id)?.state).toMatch(/offline|recovering/);
    await vi.advanceTimersByTimeAsync(30_000);
    const after = app.list().modems.find((m) => m.id === target.id)!;
    expect(app.list().modems).toHaveLength(3);
    expect(after.state).toBe('idle');
    const newAt = after.ports.find((p) => p.role === 'at')!.path;
    expect(newAt).not.toBe(oldAt);
    const r = app.exec(target.id, 'AT+SIMTAG=back');
    await vi.advanceTimersByTimeAsync(200);
    expect(await r).toMatchObject({ status: 'ok', lines: ['+SIMTAG: back'] });
    const timeline = app.timeline(target.id).events.map((e) => e.kind);
    expect(timeline).toEqual(expect.arrayContaining(['disconnect', 'reattach', 'recovered']));

    await app.stop();
    await sim.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });
});
