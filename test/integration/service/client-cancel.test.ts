/**
 * Cancel belongs to the client that sent the command: two clients on one
 * modem, one cancels, the other's command still completes (issue 12, item 5).
 */
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { AppService, ClientSubscription, createDispatcher } from '../../../src-main/core/service';
import { ModemSimulator } from '../../../src-main/core/sim';

const fast = { min: 0, max: 0 };
const apps: AppService[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop();
  await ModemSimulator.disposeAll();
});

async function bench(): Promise<{ app: AppService; modemId: string }> {
  // A network scan that takes a moment; everything else answers at once.
  const app = new AppService({ version: 't', dataDir: null, logDir: '/x', logFile: null, logger: pino({ level: 'silent' }), simOptions: { latency: { short: fast, cfun: fast, cops: fast, network: fast, scan: { min: 300, max: 300 } } } });
  apps.push(app);
  await app.start();
  await app.startSimulated(1, 1);
  return { app, modemId: app.list().modems[0]!.id };
}

describe('cancel reaches only the calling client\'s commands', () => {
  it('client A cancels: A\'s scan is cancelled, B\'s command on the same modem completes', async () => {
    const { app, modemId } = await bench();
    const d = createDispatcher(app);
    const a = new ClientSubscription();
    const b = new ClientSubscription();
    const pa = d.invoke('modem.exec', { modemId, command: 'AT+COPS=?' }, a);
    const pb = d.invoke('modem.exec', { modemId, command: 'AT+COPS=?' }, b);
    expect(await d.invoke('modem.cancel', { modemId }, a)).toEqual({ ok: true, value: { cancelled: true } });
    const [ra, rb] = await Promise.all([pa, pb]);
    expect(ra).toMatchObject({ ok: true, value: { status: 'cancelled' } });
    expect(rb).toMatchObject({ ok: true, value: { status: 'ok', final: 'OK' } });
    expect(a.commands.size + b.commands.size).toBe(0);
  });

  it('a client with nothing in flight cancels nothing, even while another client\'s command runs', async () => {
    const { app, modemId } = await bench();
    const d = createDispatcher(app);
    const a = new ClientSubscription();
    const b = new ClientSubscription();
    const pb = d.invoke('modem.exec', { modemId, command: 'AT+COPS=?' }, b);
    expect(await d.invoke('modem.cancel', { modemId }, a)).toEqual({ ok: true, value: { cancelled: false } });
    expect(await pb).toMatchObject({ ok: true, value: { status: 'ok' } });
  });

  it('a broadcast is cancelled by its own client on each modem', async () => {
    const { app, modemId } = await bench();
    const d = createDispatcher(app);
    const a = new ClientSubscription();
    const pa = d.invoke('broadcast.exec', { modemIds: [modemId], command: 'AT+COPS=?' }, a);
    expect(await d.invoke('modem.cancel', { modemId }, a)).toEqual({ ok: true, value: { cancelled: true } });
    expect(await pa).toMatchObject({ ok: true, value: { results: [{ status: 'cancelled' }] } });
  });
});
