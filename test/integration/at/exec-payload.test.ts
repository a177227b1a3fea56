import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type Transport } from '../../../src-preload/contract';
import { AppService, createDispatcher } from '../../../src-main/core/service';

/** modem.exec over the contract carries a payload for the `> ` prompt, so a console can send an SMS. */
describe('modem.exec with a payload, through the dispatcher', () => {
  let app: AppService | null = null;
  afterEach(async () => {
    await app?.stop();
    app = null;
  });

  it('sends the SMS body at the prompt; without a payload the prompt is cancelled and the next command gets its own answer', async () => {
    app = new AppService({
      version: 'test',
      dataDir: null,
      logDir: '/nonexistent',
      logFile: null,
      logger: pino({ level: 'silent' }),
      eventIntervalMs: 20,
      consoleIntervalMs: 10,
      simOptions: { latency: 0 },
    });
    const dispatcher = createDispatcher(app);
    const transport: Transport = {
      kind: 'memory',
      invoke: (channel, input) => dispatcher.invoke(channel, structuredClone(input)),
      on: (channel, listener) => app!.events.on((e) => e.channel === channel && listener(structuredClone(e.payload))),
    };
    const api = createClient(transport);
    await api.invoke('bench.startSimulated', { count: 1, seed: 1 });
    const { modems } = await api.invoke('bench.list', {});
    const modemId = modems[0]!.id;
    expect(await api.invoke('modem.exec', { modemId, command: 'AT+CMGF=1' })).toMatchObject({ status: 'ok' });
    const sent = await api.invoke('modem.exec', { modemId, command: 'AT+CMGS="+31612345678"', payload: 'Hello\nbench' });
    expect(sent).toMatchObject({ status: 'ok', final: 'OK', lines: [expect.stringMatching(/^\+CMGS: \d+$/)] });
    const cancelled = await api.invoke('modem.exec', { modemId, command: 'AT+CMGS="+31612345678"' });
    expect(cancelled).toMatchObject({ final: '> ', lines: [] });
    const imei = await api.invoke('modem.exec', { modemId, command: 'AT+CGSN' });
    expect(imei).toMatchObject({ status: 'ok', final: 'OK', lines: [expect.stringMatching(/^\d{15}$/)] });
    await expect(api.invoke('modem.exec', { modemId, command: 'AT+CMGS="1"', payload: 'bad\x1a' })).rejects.toMatchObject({ code: 'invalid-input' });
  });
});
