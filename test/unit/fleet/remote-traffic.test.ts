/**
 * Issue 17, left over: the status bar counts the fleet. RemoteTraffic keeps
 * each connected host's latest pushed `bench.status` and adds up its own
 * modems' traffic (never a host's own remotes: no double count, no loop);
 * a host that goes away stops counting at once; a connected host silent for
 * longer than the bound is unknown, not its last figure. Hosts here are
 * links that push what a test says (the layer below), on fake time.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BenchHostState, BenchHostView, BenchStatusView } from '../../../src-preload/contract';
import { RemoteTraffic, type HostLinks } from '../../../src-main/core/fleet/remote-status';
import { Emitter } from '../../../src-main/core/util/emitter';

type Listener = (p: unknown) => void;

class FakeLink {
  readonly listeners = new Map<string, Set<Listener>>();
  on(channel: string, l: Listener): () => void {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(l);
    return () => set.delete(l);
  }
  push(p: unknown): void {
    for (const l of this.listeners.get('bench.status') ?? []) l(p);
  }
  get count(): number {
    return this.listeners.get('bench.status')?.size ?? 0;
  }
}

function fakeHosts() {
  const links = new Map<string, FakeLink>();
  const states = new Map<string, BenchHostState>();
  const hostsChanged = new Emitter<BenchHostView[]>();
  const hosts = (): BenchHostView[] =>
    [...states].map(([name, state]) => ({ name, url: `http://${name}/`, tokenMasked: null, ca: false, state, message: null, modems: 2, persisted: false }));
  const source = { hosts, hostsChanged, link: (name: string) => (states.has(name) ? links.get(name)! : null) } as unknown as HostLinks;
  const set = (name: string, state: BenchHostState | null): void => {
    if (state === null) states.delete(name);
    else {
      if (!links.has(name)) links.set(name, new FakeLink());
      states.set(name, state);
    }
    hostsChanged.emit(hosts());
  };
  return { source, links, set };
}

const status = (t: Partial<BenchStatusView>, own?: BenchStatusView['own']): BenchStatusView => ({
  modemsOnline: 2,
  modemsTotal: 2,
  commandsPerSec: 0,
  errorsLastMinute: 0,
  inFlight: 0,
  queued: 0,
  simulated: true,
  ...t,
  ...(own ? { own } : {}),
});

const T0 = Date.parse('2026-12-06T12:00:00Z');

describe('RemoteTraffic', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it('adds up the connected hosts’ own traffic, never what they count of their own remotes', () => {
    const { source, links, set } = fakeHosts();
    const t = new RemoteTraffic(source, { staleAfterMs: 5000 });
    set('a:1', 'connected');
    set('b:2', 'connected');
    // a follows remotes of its own: its figures include them; its `own` does not.
    links.get('a:1')!.push(status({ commandsPerSec: 50, errorsLastMinute: 9, inFlight: 7, queued: 5 }, { commandsPerSec: 12.5, errorsLastMinute: 2, inFlight: 3, queued: 1 }));
    // b is from before `own`: its figures are its own modems'.
    links.get('b:2')!.push(status({ commandsPerSec: 0.25, errorsLastMinute: 1, inFlight: 1, queued: 4 }));
    expect(t.read()).toEqual({
      traffic: { commandsPerSec: 12.75, errorsLastMinute: 3, inFlight: 4, queued: 5 },
      coverage: { counted: ['a:1', 'b:2'], unknown: [] },
    });
    t.close();
  });

  it('a host that goes away stops counting at once; back, it is unknown until it speaks again', () => {
    const { source, links, set } = fakeHosts();
    const t = new RemoteTraffic(source);
    set('a:1', 'connected');
    links.get('a:1')!.push(status({ commandsPerSec: 4, errorsLastMinute: 2 }));
    expect(t.read().traffic.commandsPerSec).toBe(4);
    set('a:1', 'unreachable');
    expect(t.read()).toEqual({ traffic: { commandsPerSec: 0, errorsLastMinute: 0, inFlight: 0, queued: 0 }, coverage: { counted: [], unknown: ['a:1'] } });
    set('a:1', 'connected');
    // The figure from before it went away is not shown again.
    expect(t.read().coverage).toEqual({ counted: [], unknown: ['a:1'] });
    links.get('a:1')!.push(status({ commandsPerSec: 1 }));
    expect(t.read()).toEqual({ traffic: { commandsPerSec: 1, errorsLastMinute: 0, inFlight: 0, queued: 0 }, coverage: { counted: ['a:1'], unknown: [] } });
    t.close();
  });

  it('a connected host silent past the bound is unknown, not its last figure', () => {
    const { source, links, set } = fakeHosts();
    const t = new RemoteTraffic(source, { staleAfterMs: 5000 });
    set('a:1', 'connected');
    links.get('a:1')!.push(status({ commandsPerSec: 8, queued: 3 }));
    vi.setSystemTime(T0 + 5000);
    expect(t.read().coverage).toEqual({ counted: ['a:1'], unknown: [] });
    vi.setSystemTime(T0 + 5001);
    expect(t.read()).toEqual({ traffic: { commandsPerSec: 0, errorsLastMinute: 0, inFlight: 0, queued: 0 }, coverage: { counted: [], unknown: ['a:1'] } });
    links.get('a:1')!.push(status({ commandsPerSec: 2 }));
    expect(t.read().traffic.commandsPerSec).toBe(2);
    t.close();
  });

  it('a removed host is forgotten and no longer listened to; without hosts there is no coverage to show', () => {
    const { source, links, set } = fakeHosts();
    const t = new RemoteTraffic(source);
    expect(t.read().coverage).toBeNull();
    set('a:1', 'connecting');
    expect(links.get('a:1')!.count).toBe(1);
    expect(t.read().coverage).toEqual({ counted: [], unknown: ['a:1'] });
    set('a:1', null);
    expect(links.get('a:1')!.count).toBe(0);
    expect(t.read().coverage).toBeNull();
    t.close();
  });

  it('a status that is not one (a host of another kind, a broken one) counts as unknown, never as a number', () => {
    const { source, links, set } = fakeHosts();
    const t = new RemoteTraffic(source);
    set('a:1', 'connected');
    links.get('a:1')!.push(status({ commandsPerSec: 3 }));
    links.get('a:1')!.push({ commandsPerSec: 'lots', errorsLastMinute: -1, inFlight: 0, queued: 0 });
    expect(t.read()).toEqual({ traffic: { commandsPerSec: 0, errorsLastMinute: 0, inFlight: 0, queued: 0 }, coverage: { counted: [], unknown: ['a:1'] } });
    t.close();
  });

  it('follows the hosts already there when it starts, and stops listening when closed', () => {
    const { source, links, set } = fakeHosts();
    set('a:1', 'connected');
    const t = new RemoteTraffic(source);
    expect(links.get('a:1')!.count).toBe(1);
    t.close();
    expect(links.get('a:1')!.count).toBe(0);
    set('b:2', 'connected');
    expect(links.get('b:2')!.count).toBe(0);
  });
});
