/**
 * Issue 17, faults across hosts, inside the app: a batch run on this bench's
 * own modem and a remote host's modems; the host dies mid-run. Its modems'
 * part of the run ends interrupted (their step after the wait unrecorded), the
 * local modem completes, the run is interrupted and resumable; once the host
 * is back (same port, same simulated IMEIs) and rejoined, runs.resume
 * finishes only what was left. Real `serve` processes on loopback.
 */
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ModemView, RunView } from '../../../src-preload/contract';
import { startServe, stopAll } from './serve-process';
import { closeTestApps, nextEvent as next, openTestApp, value } from '../../helpers/test-app';

afterAll(stopAll, 60_000);
afterEach(closeTestApps);

const BATCH = [
  'version: 1',
  'name: host lost',
  'modems: all',
  'settings: { unavailable_retries: 1, unavailable_delay: 1s }',
  'steps:',
  '  - send: AT+CGSN',
  '    expect: ok',
  '  - wait: 3s',
  '  - send: ATI',
  '    expect: ok',
  '  - send: AT+CSQ',
  '    expect: ok',
  '',
].join('\n');

describe('an in-app batch run whose remote host dies', () => {
  it('leaves that host\'s modems interrupted and resumable, the local one complete; runs.resume finishes them once the host is back', async () => {
    const remote = await startServe(['--sim', '2', '--seed', '81']);
    const host = `127.0.0.1:${remote.port}`;
    const { app: a, d } = await openTestApp((dir) => ({ runsDb: join(dir, 'runs.db') }));
    await value(d.invoke('bench.startSimulated', { count: 1, seed: 82 }));
    const connected = next(a, 'benches.changed', (p) => p.hosts.some((h) => h.name === host && h.state === 'connected' && h.modems === 2));
    await value(d.invoke('benches.add', { url: `http://${host}/` }));
    await connected;
    const modems = (await value<{ modems: ModemView[] }>(d.invoke('bench.list', {}))).modems;
    const remoteIds = modems.filter((m) => m.host === host).map((m) => m.id);
    const localIds = modems.filter((m) => m.host === undefined).map((m) => m.id);
    expect(remoteIds).toHaveLength(2);
    expect(localIds).toHaveLength(1);

    // Every modem has its first step recorded; then the host dies while they are in the 3 s wait.
    const firstSteps = new Set<string>();
    const allFirst = new Promise<void>((resolve) => {
      const off = a.events.on((e) => {
        if (e.channel !== 'batch.results') return;
        for (const r of e.payload.results) if (r.stepKey === '1') firstSteps.add(r.modemKey);
        if (firstSteps.size === 3) {
          off();
          resolve();
        }
      });
    });
    const { runId } = await value<{ runId: number }>(d.invoke('batch.start', { text: BATCH }));
    const finished = next(a, 'batch.finished', (p) => p.runId === runId);
    await allFirst;
    remote.child.kill('SIGKILL');
    await remote.exited;

    expect((await finished).status).toBe('interrupted');
    const cut = await value<RunView>(d.invoke('runs.get', { runId }));
    expect(cut.status).toBe('interrupted');
    expect(Object.fromEntries(cut.modems.map((m) => [m.key, m.status]))).toEqual({
      [localIds[0]!]: 'done',
      [remoteIds[0]!]: 'interrupted',
      [remoteIds[1]!]: 'interrupted',
    });
    // The remote modems' ATI (sent after the wait, the host gone by then) and AT+CSQ are not recorded: a resume does them.
    for (const id of remoteIds) expect(cut.results.filter((r) => r.modemKey === id).map((r) => [r.stepKey, r.status])).toEqual([['1', 'pass'], ['2', 'pass']]);
    expect(cut.results.filter((r) => r.modemKey === localIds[0]).map((r) => r.status)).toEqual(['pass', 'pass', 'pass', 'pass']);

    // Resumed while the host is still away: its modems are named missing (not waited for) and the run stays interrupted.
    const early = next(a, 'batch.finished', (p) => p.runId === runId);
    const partial = await value<{ runId: number; modems: number; missing: string[] }>(d.invoke('runs.resume', { runId }));
    expect(partial.modems).toBe(1);
    expect(partial.missing.sort()).toEqual(modems.filter((m) => m.host === host).map((m) => m.label).sort());
    expect((await early).status).toBe('interrupted');

    // The host comes back on its port with the same modems; the app rejoins it by itself.
    const rejoined = next(a, 'benches.changed', (p) => p.hosts.some((h) => h.name === host && h.state === 'connected' && h.modems === 2));
    const back = await startServe(['--sim', '2', '--seed', '81', '--port', String(remote.port)]);
    expect(back.port).toBe(remote.port);
    await rejoined;

    const again = next(a, 'batch.finished', (p) => p.runId === runId);
    expect(await value(d.invoke('runs.resume', { runId }))).toEqual({ runId, modems: 3, missing: [] });
    expect((await again).status).toBe('completed');
    const whole = await value<RunView>(d.invoke('runs.get', { runId }));
    expect(whole.status).toBe('completed');
    expect(whole.results).toHaveLength(12);
    expect(whole.results.every((r) => r.status === 'pass')).toBe(true);
    // The steps done before the host died were not run again.
    for (const r of cut.results) expect(whole.results.find((x) => x.modemKey === r.modemKey && x.seq === r.seq)).toEqual(r);
    await back.stop();
  }, 180_000);
});
