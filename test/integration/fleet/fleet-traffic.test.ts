/**
 * Issue 17, left over: the status bar and the Performance page count the
 * fleet's traffic, against real `serve` processes on loopback. Commands an
 * app runs on a remote modem are counted by their host; the app adds up the
 * host's pushed status (cmd/s, errors/min) and shows the host's modems' rows
 * in metrics.get under their ids here; killed, the host stops counting at
 * once. A host's own remotes are never counted by an app that follows it
 * (the host says what is its own): no double count, no loop.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { BenchStatusView, EventMap, MetricsSnapshotView, ModemView } from '../../../src-preload/contract';
import { RemoteBench } from '../../../src-main/core/fleet';
import type { AppService, createDispatcher } from '../../../src-main/core/service';
import { startServe, stopAll } from './serve-process';
import { closeTestApps, nextEvent as next, openTestApp, value } from '../../helpers/test-app';

afterAll(stopAll, 60_000);
const clients: RemoteBench[] = [];
afterEach(async () => {
  await closeTestApps();
  for (const c of clients.splice(0)) await c.close();
});

/** An app with no modems of its own: whatever it counts came from its hosts. */
const app = (): ReturnType<typeof openTestApp> => openTestApp(() => ({ eventIntervalMs: 50 }));

function nextOn<E extends keyof EventMap>(b: RemoteBench, channel: E, pred: (p: EventMap[E]) => boolean): Promise<EventMap[E]> {
  return new Promise((resolve) => {
    const off = b.on(channel, (p) => {
      if (pred(p)) {
        off();
        resolve(p);
      }
    });
  });
}

async function join2(a: AppService, d: ReturnType<typeof createDispatcher>, host: string, modems: number): Promise<ModemView[]> {
  const connected = next(a, 'benches.changed', (p) => p.hosts.some((h) => h.name === host && h.state === 'connected' && h.modems === modems));
  await value(d.invoke('benches.add', { url: `http://${host}/` }));
  await connected;
  return (await value<{ modems: ModemView[] }>(d.invoke('bench.list', {}))).modems.filter((m) => m.host === host);
}

describe('the fleet’s traffic in the app', () => {
  it('counts commands run on a remote modem in status() and metrics.get, and drops the host’s figures at once when it dies', async () => {
    const remote = await startServe(['--sim', '2', '--seed', '81']);
    const host = `127.0.0.1:${remote.port}`;
    const { app: a, d } = await app();
    const [target] = await join2(a, d, host, 2);

    for (let i = 0; i < 3; i++) {
      const r = await value<{ status: string; final: string }>(d.invoke('modem.exec', { modemId: target!.id, command: 'AT+NOSUCH' }));
      expect(r).toMatchObject({ status: 'error', final: 'ERROR' });
    }
    // The app runs nothing itself (a remote modem's commands are its host's): every figure is the host's.
    const s = await next(a, 'bench.status', (p) => p.errorsLastMinute >= 3 && p.commandsPerSec > 0);
    expect(s.own).toEqual({ commandsPerSec: 0, errorsLastMinute: 0, inFlight: 0, queued: 0 });
    expect(s.fleet).toEqual({ counted: [host], unknown: [] });
    expect(a.status()).toMatchObject({ fleet: { counted: [host], unknown: [] } });
    expect(a.status().errorsLastMinute).toBeGreaterThanOrEqual(3);

    // The Performance page's tables: the host's modems under their ids here, its own total beside this app's.
    const snap = await next(a, 'metrics.update', (p) => p.modems.some((r) => r.key === target!.id && r.errors >= 3));
    const row = snap.modems.find((r) => r.key === target!.id)!;
    expect(row).toMatchObject({ host, errorsByCode: { 'modem-error': 3 } });
    expect(row.commands).toBeGreaterThanOrEqual(3);
    expect(snap.total.commands).toBe(0);
    const h = snap.hosts!.find((x) => x.host === host)!;
    expect(h).toMatchObject({ host, problem: null, modems: 2 });
    expect(h.total!.errors).toBeGreaterThanOrEqual(3);
    expect(a.metricsSnapshot({}).modems.filter((r) => r.host === host).map((r) => r.key).sort()).toEqual(
      (await value<{ modems: ModemView[] }>(d.invoke('bench.list', {}))).modems.filter((m) => m.host === host).map((m) => m.id).sort(),
    );

    const down = next(a, 'benches.changed', (p) => p.hosts[0]?.state === 'unreachable');
    remote.child.kill('SIGKILL');
    await down;
    expect(a.status()).toMatchObject({ commandsPerSec: 0, errorsLastMinute: 0, inFlight: 0, queued: 0, fleet: { counted: [], unknown: [host] } });
    const after = a.metricsSnapshot({});
    expect(after.modems.filter((r) => r.host === host)).toEqual([]);
    expect(after.hosts).toEqual([{ host, at: null, total: null, modems: 0, problem: expect.stringContaining('unreachable') }]);
  }, 60_000);

  it('an app counts only what its host calls its own, not the host’s own remotes', async () => {
    const far = await startServe(['--sim', '1', '--seed', '82']);
    const farHost = `127.0.0.1:${far.port}`;
    const mid = await startServe(['--sim', '1', '--seed', '83', '--remote', `http://${farHost}/`]);
    const midHost = `127.0.0.1:${mid.port}`;
    const client = new RemoteBench({ url: mid.openUrl });
    clients.push(client);
    await client.connect();
    // The far host's modem as the middle host lists it.
    const listed = (): Promise<ModemView | undefined> => client.invoke('bench.list', {}).then((l) => l.modems.find((m) => m.host === farHost));
    // Listened for before the list is asked: a delta between the two would otherwise be missed.
    const delta = nextOn(client, 'bench.delta', (p) => p.upserted.some((m) => m.host === farHost)).then((p) => p.upserted.find((m) => m.host === farHost)!);
    const farModem = (await listed()) ?? (await delta);

    for (let i = 0; i < 3; i++) await client.invoke('modem.exec', { modemId: farModem.id, command: 'AT+NOSUCH' });
    // The middle host's status bar counts its remote's errors; what it calls its own does not.
    const midStatus = await nextOn(client, 'bench.status', (p: BenchStatusView) => p.errorsLastMinute >= 3);
    expect(midStatus.own?.errorsLastMinute).toBe(0);
    expect(midStatus.fleet).toEqual({ counted: [farHost], unknown: [] });

    // An app that follows only the middle host: the far host's errors are not its to count (nor its modem a row).
    const { app: a, d } = await app();
    const rows = await join2(a, d, midHost, 1);
    expect(rows.map((m) => m.id)).toEqual([`${midHost}/${rows[0]!.identity.imei}`]);
    const s = await next(a, 'bench.status', (p) => (p.fleet?.counted ?? []).includes(midHost));
    expect(s.errorsLastMinute).toBe(0);
    const snap: MetricsSnapshotView = await next(a, 'metrics.update', (p) => (p.hosts ?? []).some((h) => h.total !== null));
    expect(snap.modems.map((r) => r.key)).toEqual(rows.map((m) => m.id));
    expect(snap.hosts![0]!.total!.errors).toBe(0);
  }, 60_000);
});
