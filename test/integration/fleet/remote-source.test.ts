/**
 * Remote modems inside the app (issue 17), against real `serve` processes on
 * loopback: a host's modems join with their host, consoles and broadcasts are
 * forwarded through the contract, a host that goes away turns its modems
 * offline and fails their command in flight with host-unreachable (the other
 * host untouched), rejoins after its backoff (fake time), and the same IMEI
 * on two hosts is two rows with the conflict named, never one.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { BenchHostView, ModemView } from '../../../src-preload/contract';
import { RemoteModemSource } from '../../../src-main/core/fleet/remote-source';
import { startServe, stopAll } from './serve-process';

afterAll(stopAll, 60_000);

const sources: RemoteModemSource[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(sources.splice(0).map((s) => s.close()));
});

function source(o: ConstructorParameters<typeof RemoteModemSource>[0] = {}): { src: RemoteModemSource; rows: Map<string, ModemView> } {
  const src = new RemoteModemSource(o);
  sources.push(src);
  // The rows as a renderer would hold them from the change events alone.
  const rows = new Map<string, ModemView>();
  src.changes.on((c) => {
    for (const id of c.removed) rows.delete(id);
    for (const v of c.upserted) rows.set(v.id, v);
  });
  return { src, rows };
}

/** Resolves once `pred` holds of the host list (checked now and on each change). */
function hostsWhere(src: RemoteModemSource, pred: (h: BenchHostView[]) => boolean): Promise<BenchHostView[]> {
  return new Promise((resolve) => {
    if (pred(src.hosts())) return resolve(src.hosts());
    const off = src.hostsChanged.on((h) => {
      if (pred(h)) {
        off();
        resolve(h);
      }
    });
  });
}

const state = (hosts: BenchHostView[], name: string) => hosts.find((h) => h.name === name)?.state;

/** serve on a given port, ready when it says so (no polling timer: usable on fake time). */
function serveOn(port: number, args: string[]): Promise<{ stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'mb-remote-src-'));
  const child = spawn(process.execPath, ['src-main/headless/bin.mjs', 'serve', '--port', String(port), '--no-build', '--data-dir', dir, '--log-dir', dir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer): void => {
      out += d.toString();
      if (/serving https?:\/\//.test(out)) resolve({ stop });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', () => reject(new Error(`serve exited:\n${out}`)));
  });
}

describe('RemoteModemSource with real serve processes', () => {
  it('joins two hosts, forwards console and broadcast, marks a gone host offline and fails its command in flight, rejoins after backoff', async () => {
    const [a, b] = await Promise.all([startServe(['--sim', '2', '--seed', '41']), startServe(['--sim', '2', '--seed', '42'])]);
    const hostA = `127.0.0.1:${a.port}`;
    const hostB = `127.0.0.1:${b.port}`;
    const { src, rows } = source({ rejoin: { minMs: 5_000, maxMs: 60_000 } });
    src.addHost({ url: a.openUrl });
    src.addHost({ url: b.openUrl });
    expect(src.hosts().map((h) => h.state)).toEqual(['connecting', 'connecting']);
    await hostsWhere(src, (h) => h.every((x) => x.state === 'connected' && x.modems === 2));

    const views = src.views();
    expect(views.map((v) => v.host).sort()).toEqual([hostA, hostA, hostB, hostB].sort());
    // Distinct IMEIs: each row is host/IMEI, no conflict named.
    expect(views.every((v) => v.id === `${v.host}/${v.identity.imei}` && v.conflict === undefined)).toBe(true);
    expect([...rows.keys()].sort()).toEqual(views.map((v) => v.id).sort());
    const onA = views.filter((v) => v.host === hostA);
    expect(onA.map((v) => v.label).sort()).toEqual([`sim0@${hostA}`, `sim1@${hostA}`]);
    expect(src.counts()).toEqual({ online: 4, total: 4 });

    // A console command, answered by its host, under this app's id; its lines arrive as console events.
    const consoleIds = new Set<string>();
    src.console.on((c) => consoleIds.add(c.modemId));
    const r = await src.exec(onA[0]!.id, 'AT+CGSN');
    expect(r).toMatchObject({ modemId: onA[0]!.id, status: 'ok', final: 'OK', lines: [onA[0]!.identity.imei] });
    const { entries } = await src.forward(onA[0]!.id, 'modem.transcript', {});
    expect(entries.some((e) => e.kind === 'tx' && e.text === 'AT+CGSN')).toBe(true);
    // By a bare IMEI found on one host only, and by label@host as well.
    expect((await src.exec(onA[1]!.identity.imei!, 'AT'))).toMatchObject({ modemId: onA[1]!.id, final: 'OK' });
    expect((await src.exec(`sim1@${hostB}`, 'AT')).final).toBe('OK');

    const all = views.map((v) => v.id);
    const bc = await src.broadcast(all, 'AT+CGSN');
    expect(bc.map((x) => [x.modemId, x.final, x.lines[0]])).toEqual(views.map((v) => [v.id, 'OK', v.identity.imei]));

    // A network scan (20-45 s on the simulator) in flight on host A when it is killed.
    const started = new Promise<void>((resolve) => {
      const off = src.console.on((c) => {
        if (c.modemId === onA[0]!.id && c.entries.some((e) => e.kind === 'tx' && e.text === 'AT+COPS=?')) {
          off();
          resolve();
        }
      });
    });
    const scan = src.exec(onA[0]!.id, 'AT+COPS=?', { timeoutMs: 180_000 });
    await started;
    expect(consoleIds.has(onA[0]!.id)).toBe(true);

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const offlineBefore = new Map(rows);
    a.child.kill('SIGKILL');
    const away = await hostsWhere(src, (h) => state(h, hostA) === 'unreachable');
    expect(state(away, hostB)).toBe('connected');
    expect(await scan).toMatchObject({ modemId: onA[0]!.id, status: 'disconnected', final: null, error: { code: 'host-unreachable' } });
    // Its rows: still there, offline, saying why; the other host's rows unchanged.
    for (const v of onA) expect(rows.get(v.id)).toMatchObject({ state: 'offline', host: hostA, reason: expect.stringContaining(`host ${hostA} unreachable`) });
    // (Host B's own deltas go on meanwhile: lastSeen moves, a health poll makes a row busy; none goes offline.)
    for (const v of views.filter((x) => x.host === hostB)) {
      const row = rows.get(v.id)!;
      expect(offlineBefore.get(v.id)!.state).not.toBe('offline');
      expect(['idle', 'busy']).toContain(row.state);
      expect(row.health?.state).not.toBe('offline');
      expect(row.reason ?? '').not.toContain(hostA);
    }
    expect(src.counts()).toEqual({ online: 2, total: 4 });
    const refused = await src.exec(onA[1]!.id, 'AT');
    expect(refused).toMatchObject({ status: 'disconnected', error: { code: 'host-unreachable' } });
    await expect(src.forward(onA[1]!.id, 'modem.transcript', {})).rejects.toMatchObject({ code: 'host-unreachable' });

    // Back on its address: nothing happens before the backoff, then it rejoins with the same rows.
    await a.exited;
    const back = await serveOn(a.port, ['--sim', '2', '--seed', '41']);
    try {
      expect(state(src.hosts(), hostA)).toBe('unreachable');
      await vi.advanceTimersByTimeAsync(4_999);
      expect(state(src.hosts(), hostA)).toBe('unreachable');
      const rejoined = hostsWhere(src, (h) => state(h, hostA) === 'connected');
      await vi.advanceTimersByTimeAsync(1);
      await rejoined;
      for (const v of onA) expect(rows.get(v.id)?.state).not.toBe('offline');
      expect((await src.exec(onA[0]!.id, 'AT')).final).toBe('OK');
    } finally {
      vi.useRealTimers();
      await src.close();
      await back.stop();
    }
  }, 120_000);

  it('shows the same IMEI on two hosts as two rows naming the conflict, and one row again once a host is removed', async () => {
    const [a, b] = await Promise.all([startServe(['--sim', '2', '--seed', '51']), startServe(['--sim', '2', '--seed', '51'])]);
    const hostA = `127.0.0.1:${a.port}`;
    const hostB = `127.0.0.1:${b.port}`;
    const { src, rows } = source();
    src.addHost({ url: a.openUrl });
    await hostsWhere(src, (h) => state(h, hostA) === 'connected' && h[0]!.modems === 2);
    const imeis = src.views().map((v) => v.identity.imei!).sort();
    const rowsOfA = imeis.map((i) => `${hostA}/${i}`);
    expect([...rows.keys()].sort()).toEqual(rowsOfA);

    src.addHost({ url: b.openUrl });
    await hostsWhere(src, (h) => state(h, hostB) === 'connected' && h[1]!.modems === 2);
    const both = src.views();
    expect(both).toHaveLength(4);
    for (const v of both) {
      expect(v.id).toBe(`${v.host}/${v.identity.imei}`);
      expect(v.conflict).toEqual([v.host === hostA ? hostB : hostA]);
    }
    // What a renderer holds: four rows, never merged; A's rows kept their ids and now name the conflict.
    expect([...rows.keys()].sort()).toEqual(both.map((v) => v.id).sort());
    for (const id of rowsOfA) expect(rows.get(id)?.conflict).toEqual([hostB]);
    // The bare IMEI is ambiguous: refused, naming both hosts; host/id picks one.
    await expect(src.exec(imeis[0]!, 'AT')).rejects.toMatchObject({ code: 'invalid-input' });
    const picked = await src.exec(`${hostB}/${imeis[0]}`, 'AT+CGSN');
    expect(picked).toMatchObject({ modemId: `${hostB}/${imeis[0]}`, lines: [imeis[0]] });

    expect(await src.removeHost(hostB)).toBe(true);
    expect([...rows.keys()].sort()).toEqual(rowsOfA);
    for (const id of rowsOfA) expect(rows.get(id)?.conflict).toBeUndefined();
    expect(src.views().every((v) => v.host === hostA && v.conflict === undefined)).toBe(true);
    expect(src.hosts().map((h) => h.name)).toEqual([hostA]);
  }, 120_000);

  it('names a conflict with this bench\'s own modem, refuses a wrong token, and never shows the token', async () => {
    const a = await startServe(['--sim', '1', '--seed', '61', '--host', '127.0.0.1', '--token', 'sixteen-chars-token-0001']);
    const hostA = `127.0.0.1:${a.port}`;
    expect(a.openUrl).toContain('token=');
    let local: string[] = [];
    const { src } = source({ localIds: () => local });
    const wrong = `http://${hostA}/?token=not-the-right-one-at-all`;
    src.addHost({ url: wrong });
    const refused = await hostsWhere(src, (h) => h[0]!.state === 'refused');
    expect(refused[0]).toMatchObject({ state: 'refused', modems: 0, url: `http://${hostA}/`, tokenMasked: '••••••••-all' });
    expect(JSON.stringify(refused)).not.toContain('not-the-right-one');
    await src.removeHost(hostA);

    src.addHost({ url: `http://${hostA}/`, token: 'sixteen-chars-token-0001' });
    await hostsWhere(src, (h) => h[0]!.state === 'connected' && h[0]!.modems === 1);
    expect(JSON.stringify(src.hosts())).not.toContain('sixteen-chars-token');
    expect(src.hostInput(hostA)?.token).toBe('sixteen-chars-token-0001');
    const imei = src.views()[0]!.identity.imei!;
    const seen: string[][] = [];
    src.changes.on((c) => seen.push(c.upserted.map((v) => v.id)));
    local = [imei];
    src.localChanged();
    expect(src.views()[0]).toMatchObject({ id: `${hostA}/${imei}`, conflict: ['local'] });
    expect(seen).toEqual([[`${hostA}/${imei}`]]);
    expect(() => src.addHost({ url: a.openUrl })).toThrow(/already a bench/);
  }, 120_000);
});
