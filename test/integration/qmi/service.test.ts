import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type Transport } from '../../../src-preload/contract';
import { AppService, createDispatcher } from '../../../src-main/core/service';

function memoryPair(app: AppService): Transport {
  const dispatcher = createDispatcher(app);
  return {
    kind: 'memory',
    invoke: (channel, input) => dispatcher.invoke(channel, structuredClone(input)),
    on: (channel, listener) => app.events.on((e) => e.channel === channel && listener(structuredClone(e.payload))),
  };
}

describe('modem.qmi over the bridge', () => {
  let app: AppService | null = null;
  afterEach(async () => {
    await app?.stop();
    app = null;
  });

  it('answers QMI requests of a simulated modem consistently with AT; an unknown request is a failed view', async () => {
    app = new AppService({ version: 'test', dataDir: null, logDir: '/nonexistent', logFile: null, logger: pino({ level: 'silent' }), eventIntervalMs: 20, consoleIntervalMs: 10, simOptions: { latency: 0 } });
    await app.start();
    const api = createClient(memoryPair(app));
    await api.invoke('bench.startSimulated', { count: 2, seed: 3 });
    const { modems } = await api.invoke('bench.list', {});
    const m = modems[1]!;
    const ids = await api.invoke('modem.qmi', { modemId: m.id, request: 'dms-get-ids' });
    expect(ids).toMatchObject({ request: 'dms-get-ids', ok: true, message: 'Get IDs', error: null, fields: { imei: m.identity.imei } });
    const sig = await api.invoke('modem.qmi', { modemId: m.id, request: 'nas-get-signal-info' });
    const qeng = await api.invoke('modem.exec', { modemId: m.id, command: 'AT+QENG="servingcell"' });
    const f = qeng.lines[0]!.split(',');
    expect((sig.fields.lte as { rsrp: number }).rsrp).toBe(Number(f[13]));
    const none = await api.invoke('modem.qmi', { modemId: m.id, request: 'wds-get-current-settings' });
    expect(none).toMatchObject({ ok: false, error: { code: 'modem-error', qmiError: 'out-of-call' } });
    const bad = await api.invoke('modem.qmi', { modemId: m.id, request: 'dms-explode' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  }, 30_000);
});
