/**
 * Remote modems inside the app service (issue 17), through the dispatcher as
 * a renderer drives it, against a real `serve` process on loopback: a bench
 * added with benches.add joins the bench list beside the local simulated
 * modems with its host; console, transcript, broadcast and a recovery step
 * reach it through the same commands; when the host dies its modems turn
 * offline, their command in flight fails with host-unreachable, the host is
 * shown unreachable, the local modems are untouched; removed, it leaves.
 */
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { BenchHostView, ModemView } from '../../../src-preload/contract';
import { RemoteBench } from '../../../src-main/core/fleet';
import { createPrometheusExporter } from '../../../src-main/core/metrics/exposition/exporter';
import { startServe, stopAll } from './serve-process';
import { closeTestApps, nextEvent as next, openTestApp, stopTestApp, value } from '../../helpers/test-app';

afterAll(stopAll, 60_000);
afterEach(closeTestApps);

const fast = { min: 0, max: 0 };

const app = (): ReturnType<typeof openTestApp> =>
  openTestApp(() => ({ eventIntervalMs: 20, consoleIntervalMs: 20, simOptions: { latency: { short: fast, cfun: fast, cops: fast, network: fast, scan: fast } } }));

describe('remote bench modems in the app', () => {
  it('joins, answers consoles, broadcasts and recovery steps, goes offline honestly, leaves when removed', async () => {
    const remote = await startServe(['--sim', '2', '--seed', '71']);
    const host = `127.0.0.1:${remote.port}`;
    const { app: a, d } = await app();
    await value(d.invoke('bench.startSimulated', { count: 2, seed: 72 }));

    const connected = next(a, 'benches.changed', (p) => p.hosts.some((h) => h.state === 'connected' && h.modems === 2));
    const added = await value<BenchHostView>(d.invoke('benches.add', { url: `http://${host}/` }));
    expect(added).toMatchObject({ name: host, state: 'connecting', persisted: true, tokenMasked: null });
    await connected;
    const { modems } = await value<{ modems: ModemView[] }>(d.invoke('bench.list', {}));
    const mine = modems.filter((m) => m.host === host);
    const local = modems.filter((m) => m.host === undefined);
    expect(mine.map((m) => m.label).sort()).toEqual([`sim0@${host}`, `sim1@${host}`]);
    expect(local).toHaveLength(2);
    expect(a.status().modemsTotal).toBe(4);

    // A console command by the id the bench list shows; the line comes back in the transcript and as console events.
    const target = mine[0]!;
    const lines = next(a, 'console.entries', (p) => p.modemId === target.id && p.entries.some((e) => e.kind === 'tx' && e.text === 'AT+CGSN'));
    const r = await value<{ status: string; lines: string[]; modemId: string }>(d.invoke('modem.exec', { modemId: target.id, command: 'AT+CGSN' }));
    expect(r).toMatchObject({ modemId: target.id, status: 'ok', lines: [target.identity.imei] });
    await lines;
    const t = await value<{ entries: { kind: string; text: string }[] }>(d.invoke('modem.transcript', { modemId: target.id }));
    expect(t.entries.some((e) => e.kind === 'tx' && e.text === 'AT+CGSN')).toBe(true);

    // A broadcast over local and remote modems: one answer each, under the ids shown.
    const all = modems.map((m) => m.id);
    const bc = await value<{ results: { modemId: string; final: string; lines: string[] }[] }>(d.invoke('broadcast.exec', { modemIds: all, command: 'AT+CGSN' }));
    expect(bc.results.map((x) => [x.modemId, x.final, x.lines[0]])).toEqual(modems.map((m) => [m.id, 'OK', m.identity.imei]));

    // A ladder step by hand on the remote modem, run by its host.
    const step = await value<{ result: string }>(d.invoke('modem.recover', { modemId: target.id, step: 'resync', confirm: true }));
    expect(step.result).toBe('ok');
    // Lab tags of a remote modem are kept by its host.
    const tagged = await value<ModemView>(d.invoke('modem.setTags', { modemId: target.id, tags: ['A3'] }));
    expect(tagged).toMatchObject({ id: target.id, host, labTags: ['A3'] });
    // A refusal by the host arrives with the host's code, not as internal.
    const refused = await d.invoke('modem.qmi', { modemId: target.id, request: 'no-such-request' });
    expect(refused.ok ? 'ok' : refused.error.code).not.toBe('internal');

    // The host dies with a network scan in flight (20-45 s on its simulator).
    const scanSent = next(a, 'console.entries', (p) => p.modemId === target.id && p.entries.some((e) => e.text === 'AT+COPS=?'));
    const scan = d.invoke('modem.exec', { modemId: target.id, command: 'AT+COPS=?', timeoutMs: 180_000 });
    await scanSent;
    const offline = next(a, 'bench.delta', (p) => p.upserted.filter((m) => m.host === host && m.state === 'offline').length === 2);
    const down = next(a, 'benches.changed', (p) => p.hosts[0]?.state === 'unreachable');
    remote.child.kill('SIGKILL');
    expect(await scan).toMatchObject({ ok: true, value: { status: 'disconnected', error: { code: 'host-unreachable' } } });
    const delta = await offline;
    expect(delta.upserted.every((m) => m.host === host)).toBe(true);
    expect((await down).hosts[0]).toMatchObject({ name: host, state: 'unreachable', modems: 2 });
    const after = await value<{ modems: ModemView[] }>(d.invoke('bench.list', {}));
    expect(after.modems.filter((m) => m.host === host).map((m) => [m.state, m.reason?.startsWith(`host ${host} unreachable`)])).toEqual([
      ['offline', true],
      ['offline', true],
    ]);
    expect(after.modems.filter((m) => m.host === undefined).every((m) => m.state === 'idle' || m.state === 'busy')).toBe(true);
    expect(a.status().modemsOnline).toBe(2);
    expect(await d.invoke('modem.exec', { modemId: target.id, command: 'AT' })).toMatchObject({ ok: true, value: { status: 'disconnected', error: { code: 'host-unreachable' } } });

    const gone = next(a, 'bench.delta', (p) => p.removed.length === 2);
    expect(await value(d.invoke('benches.remove', { name: host }))).toEqual({ removed: true });
    expect((await gone).removed.sort()).toEqual(mine.map((m) => m.id).sort());
    expect((await value<{ modems: ModemView[] }>(d.invoke('bench.list', {}))).modems.map((m) => m.host)).toEqual([undefined, undefined]);
    expect(await value(d.invoke('benches.list', {}))).toEqual({ hosts: [] });
    expect(await d.invoke('benches.remove', { name: host })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  }, 120_000);

  it('refuses a malformed address with invalid-input, and keeps an added bench for the next start with its token masked', async () => {
    const { app: a, d, dir } = await app();
    expect(await d.invoke('benches.add', { url: 'ftp://x' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await d.invoke('benches.add', { url: 'http://127.0.0.1:9/', extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const v = await value<BenchHostView>(d.invoke('benches.add', { url: 'http://127.0.0.1:9/', token: 'a-token-of-twenty-chars' }));
    expect(v.tokenMasked).toBe('••••••••hars');
    await stopTestApp(a);
    const again = await openTestApp(undefined, dir);
    const hosts = await value<{ hosts: BenchHostView[] }>(again.d.invoke('benches.list', {}));
    expect(hosts.hosts.map((h) => [h.name, h.tokenMasked, h.persisted])).toEqual([['127.0.0.1:9', '••••••••hars', true]]);
    expect(JSON.stringify(hosts)).not.toContain('a-token-of-twenty');
  }, 60_000);
});

describe('batch runs on remote modems in the app', () => {
  it('runs a batch on a remote host\'s modems from this app: results stored here, keyed host/id', async () => {
    const remote = await startServe(['--sim', '2', '--seed', '73']);
    const host = `127.0.0.1:${remote.port}`;
    const { app: a, d } = await openTestApp((dir) => ({ runsDb: join(dir, 'runs.db') }));
    await value(d.invoke('bench.startSimulated', { count: 1, seed: 74 }));
    const connected = next(a, 'benches.changed', (p) => p.hosts.some((h) => h.state === 'connected' && h.modems === 2));
    await value(d.invoke('benches.add', { url: `http://${host}/` }));
    await connected;
    const remoteModems = (await value<{ modems: ModemView[] }>(d.invoke('bench.list', {}))).modems.filter((m) => m.host === host);

    const text = ['version: 1', 'name: remote imei', `modems: {tag: "host:${host}"}`, 'steps:', '  - name: IMEI', '    send: AT+CGSN', '    expect: ok', ''].join('\n');
    const { runId } = await value<{ runId: number }>(d.invoke('batch.start', { text }));
    const finished = await next(a, 'batch.finished', (p) => p.runId === runId);
    expect(finished.status).toBe('completed');
    const run = await value<{ results: { modemKey: string; status: string; command: string }[] }>(d.invoke('runs.get', { runId }));
    expect(run.results.map((r) => [r.modemKey, r.status]).sort()).toEqual(remoteModems.map((m) => [`${host}/${m.identity.imei}`, 'pass']).sort());

    // As the Batches page starts a run on the rows selected in the Bench table: by their ids.
    const picked = remoteModems[0]!;
    const all = ['version: 1', 'name: picked', 'modems: all', 'steps:', '  - send: AT+CGSN', '    expect: ok', ''].join('\n');
    const byId = await value<{ runId: number }>(d.invoke('batch.start', { text: all, modemIds: [picked.id] }));
    await next(a, 'batch.finished', (p) => p.runId === byId.runId);
    const run2 = await value<{ results: { modemKey: string; status: string }[] }>(d.invoke('runs.get', { runId: byId.runId }));
    expect(run2.results.map((r) => [r.modemKey, r.status])).toEqual([[picked.id, 'pass']]);
    await remote.stop();
  }, 120_000);
});

describe('the same IMEI here and on a remote host', () => {
  it('is two rows, never merged: the local one by its IMEI, the remote one by host/IMEI with the conflict named', async () => {
    const remote = await startServe(['--sim', '2', '--seed', '75']);
    const host = `127.0.0.1:${remote.port}`;
    const { app: a, d } = await app();
    // The remote first, then a local simulated bench with the same seed: the same IMEIs.
    const connected = next(a, 'benches.changed', (p) => p.hosts.some((h) => h.state === 'connected' && h.modems === 2));
    await value(d.invoke('benches.add', { url: `http://${host}/` }));
    await connected;
    await value(d.invoke('bench.startSimulated', { count: 2, seed: 75 }));
    const { modems } = await value<{ modems: ModemView[] }>(d.invoke('bench.list', {}));
    expect(modems).toHaveLength(4);
    expect(new Set(modems.map((m) => m.id)).size).toBe(4);
    const local = modems.filter((m) => m.host === undefined);
    const remoteRows = modems.filter((m) => m.host === host);
    expect(local.map((m) => m.id).sort()).toEqual(remoteRows.map((m) => m.identity.imei).sort());
    expect(remoteRows.map((m) => m.id).sort()).toEqual(local.map((m) => `${host}/${m.id}`).sort());
    // A bare IMEI is this bench's modem; host/IMEI the remote one (the engineer's lines only: health polls may re-read the IMEI).
    const imei = local[0]!.id;
    const mine = async (): Promise<number> =>
      (await value<{ entries: { kind: string; text: string; bg?: string }[] }>(d.invoke('modem.transcript', { modemId: imei }))).entries.filter((e) => e.kind === 'tx' && e.text === 'AT+CGSN' && !e.bg).length;
    const before = await mine();
    const here = await value<{ modemId: string; lines: string[] }>(d.invoke('modem.exec', { modemId: imei, command: 'AT+CGSN' }));
    expect(here).toMatchObject({ modemId: imei, lines: [imei] });
    expect(await mine()).toBe(before + 1);
    const there = await value<{ modemId: string; lines: string[] }>(d.invoke('modem.exec', { modemId: `${host}/${imei}`, command: 'AT+CGSN' }));
    expect(there).toMatchObject({ modemId: `${host}/${imei}`, lines: [imei] });
    expect(await mine()).toBe(before + 1);
    await remote.stop();
  }, 120_000);

  it('names the conflict on the remote rows when the local modems were there first', async () => {
    const remote = await startServe(['--sim', '1', '--seed', '76']);
    const host = `127.0.0.1:${remote.port}`;
    const { app: a, d } = await app();
    await value(d.invoke('bench.startSimulated', { count: 1, seed: 76 }));
    const connected = next(a, 'benches.changed', (p) => p.hosts.some((h) => h.state === 'connected' && h.modems === 1));
    await value(d.invoke('benches.add', { url: `http://${host}/` }));
    await connected;
    const { modems } = await value<{ modems: ModemView[] }>(d.invoke('bench.list', {}));
    const local = modems.find((m) => m.host === undefined)!;
    expect(modems.find((m) => m.host === host)).toMatchObject({ id: `${host}/${local.id}`, conflict: ['local'] });
    expect(local.conflict).toBeUndefined();
    await remote.stop();
  }, 120_000);
});

describe('Prometheus exposition with remote benches', () => {
  it('exports this bench\'s own modems only: a remote host\'s modems are that host\'s to export', async () => {
    const remote = await startServe(['--sim', '1', '--seed', '77']);
    const host = `127.0.0.1:${remote.port}`;
    const { app: a, d } = await app();
    await value(d.invoke('bench.startSimulated', { count: 1, seed: 78 }));
    const connected = next(a, 'benches.changed', (p) => p.hosts.some((h) => h.state === 'connected' && h.modems === 1));
    await value(d.invoke('benches.add', { url: `http://${host}/` }));
    await connected;
    const { modems } = await value<{ modems: ModemView[] }>(d.invoke('bench.list', {}));
    const local = modems.find((m) => m.host === undefined)!;
    const far = modems.find((m) => m.host === host)!;
    const exporter = createPrometheusExporter(a, { host: 'bench-here' });
    try {
      const text = await exporter.render();
      expect(text).toContain(`imei="${local.identity.imei}"`);
      expect(text).not.toContain(far.identity.imei!);
    } finally {
      exporter.dispose();
      await remote.stop();
    }
  }, 120_000);
});

describe('a remote modem\'s console in the app', () => {
  it('starts with what its host\'s console held before this app joined, then follows it, each line once', async () => {
    const remote = await startServe(['--sim', '1', '--seed', '79']);
    const host = `127.0.0.1:${remote.port}`;
    // Someone on the host's own UI typed ATI before this app joined.
    const direct = new RemoteBench({ url: remote.openUrl });
    await direct.connect();
    const [own] = (await direct.invoke('bench.list', {})).modems;
    await direct.invoke('modem.exec', { modemId: own!.id, command: 'ATI' });
    await direct.close();

    const { app: a, d } = await app();
    const id = `${host}/${own!.id}`;
    // The history comes in right after the modem appears, pushed as console lines.
    const history = next(a, 'console.entries', (p) => p.modemId === id && p.entries.some((e) => e.text === 'ATI'));
    const connected = next(a, 'benches.changed', (p) => p.hosts.some((h) => h.state === 'connected' && h.modems === 1));
    await value(d.invoke('benches.add', { url: `http://${host}/` }));
    await connected;
    await history;
    const typed = async (): Promise<string[]> =>
      (await value<{ entries: { kind: string; text: string; bg?: string }[] }>(d.invoke('modem.transcript', { modemId: id }))).entries.filter((e) => e.kind === 'tx' && !e.bg).map((e) => e.text);
    expect(await typed()).toEqual(['ATI']);
    // Listened for before the command: the host may push its line while the command still runs.
    const pushed = next(a, 'console.entries', (p) => p.modemId === id && p.entries.some((e) => e.text === 'AT+CGSN'));
    await value(d.invoke('modem.exec', { modemId: id, command: 'AT+CGSN' }));
    await pushed;
    expect(await typed()).toEqual(['ATI', 'AT+CGSN']);
    await remote.stop();
  }, 120_000);
});
