/**
 * A remote modem's console and timeline after its host comes back (issue
 * 17), in the app, against real `serve` processes on loopback reached
 * through a TCP proxy the test cuts and reopens: the lines and recovery
 * events the host wrote while this app could not hear it are read when it
 * rejoins and shown once, in order, after one line that marks the gap; the
 * timeline is read when the modem appears, not only pushed. Two ways to be
 * away: the link drops while the host keeps running, and the host is
 * killed and another process takes its place (numbering from 1 again).
 * The rejoin backoff is made small (50-200 ms) instead of faking time:
 * these hosts are other processes.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { BenchHostView, ConsoleEntry, TimelineEventView } from '../../../src-preload/contract';
import { RemoteBench } from '../../../src-main/core/fleet';
import { RemoteHostsSource } from '../../../src-main/core/fleet/app-source';
import type { AppService, createDispatcher } from '../../../src-main/core/service';
import { startServe, stopAll } from './serve-process';
import { closeTestApps, openTestApp, value } from '../../helpers/test-app';

afterAll(stopAll, 60_000);
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await closeTestApps();
});

/** A TCP proxy on loopback to a host's port: cut drops every link, closed refuses new ones. */
async function proxy(targetPort: number): Promise<{ port: number; target: number; open: boolean; cut(): void; close(): Promise<void> }> {
  const links = new Set<Socket>();
  const p = {
    port: 0,
    target: targetPort,
    open: true,
    cut: () => {
      for (const s of links) s.destroy();
      links.clear();
    },
    close: async () => {
      p.cut();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server: Server = createServer((inbound) => {
    if (!p.open) return void inbound.destroy();
    const outbound = connect(p.target, '127.0.0.1');
    for (const [a, b] of [
      [inbound, outbound],
      [outbound, inbound],
    ] as const) {
      links.add(a);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        links.delete(a);
        b.destroy();
      });
      a.pipe(b);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  p.port = (server.address() as { port: number }).port;
  cleanups.push(() => p.close());
  return p;
}

async function direct(url: string): Promise<RemoteBench> {
  const b = new RemoteBench({ url });
  await b.connect();
  cleanups.push(() => b.close());
  return b;
}

async function app(): Promise<{ app: AppService; src: RemoteHostsSource; d: ReturnType<typeof createDispatcher> }> {
  const { app: a, d } = await openTestApp(() => ({ eventIntervalMs: 20, consoleIntervalMs: 20 }));
  const src = a.useSource((c) => new RemoteHostsSource(c, { rejoin: { minMs: 50, maxMs: 200 } }));
  return { app: a, src, d };
}

/** Resolves once `pred` holds (checked now and after each of the app's events). */
function until(a: AppService, pred: () => Promise<boolean>): Promise<void> {
  return new Promise((resolve) => {
    let busy = false;
    let again = false;
    const check = async (): Promise<void> => {
      if (busy) return void (again = true);
      busy = true;
      do {
        again = false;
        if (await pred()) {
          off();
          return resolve();
        }
      } while (again);
      busy = false;
    };
    const off = a.events.on(() => void check());
    void check();
  });
}

function hostState(src: RemoteHostsSource, name: string, state: BenchHostView['state']): Promise<void> {
  return new Promise((resolve) => {
    if (src.remote.hosts().some((h) => h.name === name && h.state === state)) return resolve();
    const off = src.remote.hostsChanged.on((hosts) => {
      if (hosts.some((h) => h.name === name && h.state === state)) {
        off();
        resolve();
      }
    });
  });
}

const line = (e: ConsoleEntry): string => `${e.at} ${e.kind} ${e.bg ?? ''} ${e.text}`;
const event = (e: TimelineEventView): string => `${e.at} ${e.kind} ${e.step ?? ''} ${e.cause ?? ''} ${e.detail ?? ''}`;

describe('a remote modem\'s console and timeline after its host rejoins', () => {
  it('link dropped, host kept running: what it wrote meanwhile once, in order, after the gap line; its timeline read at join and after', async () => {
    const host = await startServe(['--sim', '1', '--seed', '91']);
    const own = await direct(host.openUrl);
    const [raw] = (await own.invoke('bench.list', {})).modems;
    const hostId = raw!.id;
    // Before this app joins: a command, and a ladder step (timeline events) on the host's own UI.
    await own.invoke('modem.exec', { modemId: hostId, command: 'ATI' });
    expect((await own.invoke('modem.recover', { modemId: hostId, step: 'resync', confirm: true })).result).toBe('ok');
    const joinEvents = (await own.invoke('modem.timeline', { modemId: hostId })).events;
    expect(joinEvents.length).toBeGreaterThan(0);

    const link = await proxy(host.port);
    const name = `127.0.0.1:${link.port}`;
    const id = `${name}/${hostId}`;
    const { app: a, src, d } = await app();
    src.remote.addHost({ url: `http://${name}/` });
    await hostState(src, name, 'connected');
    const appLines = async (): Promise<ConsoleEntry[]> => (await value<{ entries: ConsoleEntry[] }>(d.invoke('modem.transcript', { modemId: id, limit: 5000 }))).entries;
    const appEvents = async (): Promise<TimelineEventView[]> => (await value<{ events: TimelineEventView[] }>(d.invoke('modem.timeline', { modemId: id }))).events;
    await until(a, async () => (await appLines()).some((e) => e.text === 'ATI'));
    // The timeline the host had at join, read then (nothing was pushed to this app).
    await until(a, async () => (await appEvents()).length >= joinEvents.length);
    expect((await appEvents()).slice(0, joinEvents.length).map(event)).toEqual(joinEvents.map(event));

    // The link drops; the host goes on: a command and a ladder step while this app cannot hear it.
    link.open = false;
    link.cut();
    await hostState(src, name, 'unreachable');
    await own.invoke('modem.exec', { modemId: hostId, command: 'AT+CGSN' });
    await own.invoke('modem.exec', { modemId: hostId, command: 'AT+CSQ' });
    expect((await own.invoke('modem.recover', { modemId: hostId, step: 'resync', confirm: true })).result).toBe('ok');
    link.open = true;
    await hostState(src, name, 'connected');

    const hostLines = (await own.invoke('modem.transcript', { modemId: hostId, limit: 5000 })).entries;
    const hostEvents = (await own.invoke('modem.timeline', { modemId: hostId })).events;
    expect(hostEvents.length).toBeGreaterThan(joinEvents.length);
    await until(a, async () => {
      const mine = (await appLines()).map(line);
      return mine.includes(line(hostLines.at(-1)!)) && (await appEvents()).length >= hostEvents.length;
    });
    const lines = await appLines();
    const gaps = lines.filter((e) => e.kind === 'event' && e.text.startsWith(`host ${name} was away`));
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.text).toMatch(/^host 127\.0\.0\.1:\d+ was away \d\d:\d\d:\d\d–\d\d:\d\d:\d\d; \d+ lines? it wrote meanwhile follow$/);
    // Every line the host wrote, once and in its order, the gap line among them where the link dropped.
    const gapAt = lines.indexOf(gaps[0]!);
    const rest = lines.filter((e) => e !== gaps[0]);
    expect(rest.slice(0, hostLines.length).map(line)).toEqual(hostLines.map(line));
    expect(lines.slice(0, gapAt).some((e) => e.text === 'AT+CGSN')).toBe(false);
    expect(lines.slice(gapAt).filter((e) => e.kind === 'tx' && (e.text === 'AT+CGSN' || e.text === 'AT+CSQ')).map((e) => e.text)).toEqual(['AT+CGSN', 'AT+CSQ']);
    // The timeline: the host's events, once each, in order, numbered here.
    const events = await appEvents();
    expect(events.slice(0, hostEvents.length).map(event)).toEqual(hostEvents.map(event));
    expect(events.map((e) => e.seq)).toEqual(events.map((_e, i) => i + 1));
  }, 60_000);

  it('host restarted meanwhile (numbering from 1 again): its new lines and events follow the old ones, none lost, none twice', async () => {
    const first = await startServe(['--sim', '1', '--seed', '92']);
    const link = await proxy(first.port);
    const name = `127.0.0.1:${link.port}`;
    const { app: a, src, d } = await app();
    src.remote.addHost({ url: `http://${name}/` });
    await hostState(src, name, 'connected');
    const id = src.remote.views()[0]!.id;
    const hostId = id.slice(name.length + 1);
    const appLines = async (): Promise<ConsoleEntry[]> => (await value<{ entries: ConsoleEntry[] }>(d.invoke('modem.transcript', { modemId: id, limit: 5000 }))).entries;
    const appEvents = async (): Promise<TimelineEventView[]> => (await value<{ events: TimelineEventView[] }>(d.invoke('modem.timeline', { modemId: id }))).events;
    await value(d.invoke('modem.exec', { modemId: id, command: 'ATI' }));
    await until(a, async () => (await appLines()).some((e) => e.text === 'ATI'));
    const before = (await appLines()).map(line);
    const eventsBefore = (await appEvents()).map(event);

    // The host dies; another process takes its place (the same simulated modem) and is used before this app is back.
    link.open = false;
    link.cut();
    first.child.kill('SIGKILL');
    await hostState(src, name, 'unreachable');
    const second = await startServe(['--sim', '1', '--seed', '92']);
    const own = await direct(second.openUrl);
    await own.invoke('modem.exec', { modemId: hostId, command: 'AT+CGSN' });
    expect((await own.invoke('modem.recover', { modemId: hostId, step: 'resync', confirm: true })).result).toBe('ok');
    link.target = second.port;
    link.open = true;
    await hostState(src, name, 'connected');

    const hostLines = (await own.invoke('modem.transcript', { modemId: hostId, limit: 5000 })).entries;
    const hostEvents = (await own.invoke('modem.timeline', { modemId: hostId })).events;
    expect(hostLines[0]!.seq).toBe(1);
    await until(a, async () => (await appLines()).map(line).includes(line(hostLines.at(-1)!)) && (await appEvents()).length >= eventsBefore.length + hostEvents.length);
    const lines = await appLines();
    const gaps = lines.filter((e) => e.kind === 'event' && e.text.startsWith(`host ${name} was away`));
    expect(gaps.map((e) => e.text)).toEqual([expect.stringMatching(/ and restarted meanwhile; the \d+ lines? it wrote since follow$/)]);
    const gapAt = lines.indexOf(gaps[0]!);
    // The old process's lines as they were, then the new one's from its first, each once.
    expect(lines.slice(0, before.length).map(line)).toEqual(before);
    expect(lines.slice(gapAt + 1, gapAt + 1 + hostLines.length).map(line)).toEqual(hostLines.map(line));
    expect(lines.filter((e) => e.kind === 'tx' && e.text === 'AT+CGSN' && !e.bg)).toHaveLength(1);
    const events = await appEvents();
    expect(events.slice(0, eventsBefore.length).map(event)).toEqual(eventsBefore);
    expect(events.slice(eventsBefore.length, eventsBefore.length + hostEvents.length).map(event)).toEqual(hostEvents.map(event));
    expect(events.map((e) => e.seq)).toEqual(events.map((_e, i) => i + 1));
  }, 60_000);
});
