import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import {
  ApiError,
  COMMAND_CHANNELS,
  INVOKE_CHANNELS,
  createClient,
  type EventMap,
  type Transport,
} from '../../../src-preload/contract';
import { AppService, createDispatcher } from '../../../src-main/core/service';

/** The in-memory transport pair: the same dispatcher the IPC and WebSocket transports call. */
function memoryPair(app: AppService): Transport {
  const dispatcher = createDispatcher(app);
  return {
    kind: 'memory',
    invoke: (channel, input) => dispatcher.invoke(channel, structuredClone(input)),
    on: (channel, listener) => app.events.on((e) => e.channel === channel && listener(structuredClone(e.payload))),
  };
}

function newApp(): AppService {
  return new AppService({
    version: 'test',
    dataDir: null,
    logDir: '/nonexistent',
    logFile: null,
    logger: pino({ level: 'silent' }),
    eventIntervalMs: 20,
    consoleIntervalMs: 10,
    simOptions: { latency: 0 },
  });
}

describe('dispatcher over an in-memory transport', () => {
  let app: AppService | null = null;
  afterEach(async () => {
    await app?.stop();
    app = null;
  });

  it('lists the same channels in the allowlist as in the command map', () => {
    expect([...INVOKE_CHANNELS].sort()).toEqual([...COMMAND_CHANNELS].sort());
  });

  it.each(COMMAND_CHANNELS)('%s answers a malformed payload with invalid-input', async (channel) => {
    app = newApp();
    const t = memoryPair(app);
    for (const bad of [42, 'x', [], { bogus: true }, { modemId: 7, command: 12, count: -1 }]) {
      const r = await t.invoke(channel, bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('invalid-input');
    }
  });

  it('answers an unknown channel with unknown-command', async () => {
    app = newApp();
    const r = await memoryPair(app).invoke('fs.readFile', { path: '/etc/passwd' });
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown-command' } });
  });

  it('runs a simulated bench end to end through the typed client, with coalesced events', async () => {
    app = newApp();
    await app.start();
    const api = createClient(memoryPair(app));
    const deltas: EventMap['bench.delta'][] = [];
    const seenIds = new Set<string>();
    let allSeen!: () => void;
    const allModemsDelivered = new Promise<void>((r) => (allSeen = r));
    api.on('bench.delta', (d) => {
      deltas.push(d);
      for (const m of d.upserted) if (m.identity.imei) seenIds.add(m.id);
      if (seenIds.size === 4) allSeen();
    });
    // Resolves when the console event carrying our command arrives (no sleeping).
    const csqSeen = new Promise<EventMap['console.entries']>((resolve) =>
      api.on('console.entries', (c) => c.entries.some((e) => e.kind === 'tx' && e.text === 'AT+CSQ') && resolve(c)),
    );

    expect(await api.invoke('bench.startSimulated', { count: 4, seed: 3 })).toEqual({ count: 4 });
    const { modems, status } = await api.invoke('bench.list', {});
    expect(modems).toHaveLength(4);
    expect(status).toMatchObject({ modemsTotal: 4, modemsOnline: 4, simulated: true });
    for (const m of modems) {
      expect(m.identity.imei).toMatch(/^\d{15}$/);
      expect(m.id).toBe(m.identity.imei);
      expect(m.ports.find((p) => p.role === 'at')).toBeTruthy();
    }

    const r = await api.invoke('modem.exec', { modemId: modems[0]!.id, command: 'AT+CSQ' });
    expect(r).toMatchObject({ status: 'ok', final: 'OK', parsed: { type: 'csq' } });
    expect(r.lines[0]).toMatch(/^\+CSQ: \d+,\d+$/);

    const b = await api.invoke('broadcast.exec', { modemIds: modems.map((m) => m.id), command: 'AT+CGSN' });
    expect(b.results.map((x) => x.lines[0])).toEqual(modems.map((m) => m.identity.imei));

    const tr = await api.invoke('modem.transcript', { modemId: modems[0]!.id });
    const kinds = tr.entries.map((e) => `${e.kind}:${e.text}`);
    expect(kinds).toContain('tx:AT+CSQ');
    expect(kinds).toContain(`rx:${r.lines[0]}`);

    await expect(api.invoke('modem.exec', { modemId: 'no-such-modem', command: 'AT' })).rejects.toMatchObject({ code: 'unknown-modem' });
    await expect(api.invoke('bench.startSimulated', { count: 2, faults: 'explode:1' })).rejects.toBeInstanceOf(ApiError);

    const c = await csqSeen;
    expect(c.modemId).toBe(modems[0]!.id);
    // Deltas were coalesced: fewer events than modems x state changes, yet every modem appeared.
    await allModemsDelivered;
    expect([...seenIds].sort()).toEqual(modems.map((m) => m.id).sort());
    expect(deltas.length).toBeLessThan(modems.length * 4);
  });

  it('applies settings live and rejects bad ones without losing the old', async () => {
    app = newApp();
    const api = createClient(memoryPair(app));
    const s = await api.invoke('settings.update', { timeouts: { short: 2500 }, theme: 'dark' });
    expect(s.timeouts.short).toBe(2500);
    expect(s.theme).toBe('dark');
    await expect(api.invoke('settings.update', { timeouts: { short: 5 } })).rejects.toMatchObject({ code: 'invalid-input' });
    expect((await api.invoke('settings.get', {})).timeouts.short).toBe(2500);
  });
});
