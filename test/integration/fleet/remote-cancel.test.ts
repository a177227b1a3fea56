/**
 * Cancel on a remote modem belongs to the one command it was asked for
 * (issue 17): this app forwards every client's commands to a host over one
 * connection, so a cancel that named only the modem reached every command
 * this app had there. Each forwarded exec carries its own requestId and its
 * cancel names it: one local client's cancel leaves another local client's
 * command on the same remote modem to complete. Against a host served as
 * `serve` serves it (the server and app service in this process, its
 * simulator scanning the network for 300 ms, where a scan cancelled in
 * flight leaves the modem answering again soon after).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModemView } from '../../../src-preload/contract';
import { RemoteModemSource } from '../../../src-main/core/fleet/remote-source';
import { AppService, ClientSubscription, createDispatcher } from '../../../src-main/core/service';
import { ModemSimulator } from '../../../src-main/core/sim';
import { startServer, type RunningServer } from '../../../src-main/headless/server';
import { closeTestApps, nextEvent as next, openTestApp, value } from '../../helpers/test-app';

const fast = { min: 0, max: 0 };
const apps: AppService[] = [];
const servers: RunningServer[] = [];
const sources: RemoteModemSource[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await closeTestApps();
  await Promise.all(sources.splice(0).map((s) => s.close()));
  for (const s of servers.splice(0)) await s.close();
  for (const a of apps.splice(0)) await a.stop();
  await ModemSimulator.disposeAll();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mb-remote-cancel-'));
  dirs.push(dir);
  return dir;
}

/**
 * A bench host as `serve` runs one: one simulated modem whose network scan takes 300 ms. Its
 * console lines go out every 10 ms, so the scan's line (what the test waits for before it
 * cancels) comes well inside those 300 ms.
 */
async function host(seed: number): Promise<{ openUrl: string; name: string }> {
  const logger = pino({ level: 'silent' });
  const app = new AppService({ version: 't', dataDir: null, logDir: tmp(), logFile: null, logger, consoleIntervalMs: 10, simOptions: { latency: { short: fast, cfun: fast, cops: fast, network: fast, scan: { min: 300, max: 300 } } } });
  apps.push(app);
  await app.start();
  await app.startSimulated(1, seed);
  const renderer = tmp();
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>t</title>');
  const server = await startServer({ port: 0, rendererDir: renderer, dispatcher: createDispatcher(app), app, logger, version: 't' });
  servers.push(server);
  return { openUrl: server.openUrl, name: `127.0.0.1:${server.port}` };
}

describe('cancel on a remote modem', () => {
  it('one local client cancels its scan: another local client\'s command on the same remote modem completes', async () => {
    const remote = await host(81);
    const { app, d } = await openTestApp(() => ({ eventIntervalMs: 20, consoleIntervalMs: 20 }));
    const connected = next(app, 'benches.changed', (p) => p.hosts.some((h) => h.state === 'connected' && h.modems === 1));
    await value(d.invoke('benches.add', { url: remote.openUrl }));
    await connected;
    const target = (await value<{ modems: ModemView[] }>(d.invoke('bench.list', {}))).modems.find((m) => m.host === remote.name)!;

    // Two windows of this app: A scans, B asks for the IMEI (queued behind the scan on the host).
    const a = new ClientSubscription();
    const b = new ClientSubscription();
    const scanSent = next(app, 'console.entries', (p) => p.modemId === target.id && p.entries.some((e) => e.kind === 'tx' && e.text === 'AT+COPS=?'));
    const pa = d.invoke('modem.exec', { modemId: target.id, command: 'AT+COPS=?', timeoutMs: 180_000 }, a);
    await scanSent;
    const pb = d.invoke('modem.exec', { modemId: target.id, command: 'AT+CGSN' }, b);
    // As a client without requestIds cancels: everything it has on the modem (only its scan).
    expect(await d.invoke('modem.cancel', { modemId: target.id }, a)).toEqual({ ok: true, value: { cancelled: true } });
    const [ra, rb] = await Promise.all([pa, pb]);
    expect(ra).toMatchObject({ ok: true, value: { modemId: target.id, status: 'cancelled' } });
    expect(rb).toMatchObject({ ok: true, value: { modemId: target.id, status: 'ok', final: 'OK', lines: [target.identity.imei] } });
    expect(a.commands.size + b.commands.size).toBe(0);

    // One client, two commands with their requestIds: cancelling one by its id leaves the other.
    const scan2Sent = next(app, 'console.entries', (p) => p.modemId === target.id && p.entries.filter((e) => e.kind === 'tx' && e.text === 'AT+COPS=?').length > 0);
    const p1 = d.invoke('modem.exec', { modemId: target.id, command: 'AT+COPS=?', timeoutMs: 180_000, requestId: 'scan-2' }, a);
    await scan2Sent;
    const p2 = d.invoke('modem.exec', { modemId: target.id, command: 'AT+CGSN', requestId: 'imei-2' }, a);
    expect(await d.invoke('modem.cancel', { modemId: target.id, requestId: 'nope' }, a)).toEqual({ ok: true, value: { cancelled: false } });
    expect(await d.invoke('modem.cancel', { modemId: target.id, requestId: 'scan-2' }, a)).toEqual({ ok: true, value: { cancelled: true } });
    const [r1, r2] = await Promise.all([p1, p2]);
    expect(r1).toMatchObject({ ok: true, value: { status: 'cancelled' } });
    expect(r2).toMatchObject({ ok: true, value: { status: 'ok', lines: [target.identity.imei] } });
    expect(a.commands.size).toBe(0);
  }, 120_000);

  it('RemoteModemSource.exec: aborting one forwarded command leaves the other one in flight on the same modem', async () => {
    const remote = await host(82);
    const src = new RemoteModemSource();
    sources.push(src);
    const joined = new Promise<void>((resolve) => {
      const off = src.hostsChanged.on((h) => {
        if (h[0]?.state === 'connected' && h[0].modems === 1) {
          off();
          resolve();
        }
      });
    });
    src.addHost({ url: remote.openUrl });
    await joined;
    const id = src.views()[0]!.id;
    const scanSent = new Promise<void>((resolve) => {
      const off = src.console.on((c) => {
        if (c.modemId === id && c.entries.some((e) => e.kind === 'tx' && e.text === 'AT+COPS=?')) {
          off();
          resolve();
        }
      });
    });
    const ac = new AbortController();
    const scan = src.exec(id, 'AT+COPS=?', { timeoutMs: 180_000, signal: ac.signal });
    await scanSent;
    // A batch step on the same modem, say: its own signal, never aborted.
    const step = src.exec(id, 'AT+CGSN', { signal: new AbortController().signal });
    ac.abort();
    expect(await scan).toMatchObject({ modemId: id, status: 'cancelled' });
    expect(await step).toMatchObject({ modemId: id, status: 'ok', final: 'OK' });
  }, 120_000);
});
