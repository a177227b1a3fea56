/**
 * PortWatcher over the simulator's binding, in fake time: unplug, replug and
 * power cycles re-enumerate with new paths; the watcher debounces the bursts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  PortWatcher,
  identityFacts,
  matchIdentity,
  probeCandidates,
  type KnownModem,
  type WatchEvent,
} from '../../../src-main/core/discovery/index';
import type { PortInfo, SerialBinding } from '../../../src-main/core/serial/binding';
import { ModemSimulator } from '../../../src-main/core/sim/index';

let bench: ModemSimulator | null = null;
let watcher: PortWatcher | null = null;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(async () => {
  watcher?.dispose();
  watcher = null;
  await bench?.dispose();
  bench = null;
  expect(vi.getTimerCount()).toBe(0);
  vi.useRealTimers();
});

function setup(count = 3, options: { intervalMs?: number; quietMs?: number; maxDelayMs?: number } = {}): { b: ModemSimulator; w: PortWatcher; events: WatchEvent[] } {
  bench = new ModemSimulator({ count, latency: 0, chunking: false, bootDelayMs: 3000, reenumerateDelayMs: 1500 });
  watcher = new PortWatcher(bench.binding, { platform: 'linux', ...options });
  const events: WatchEvent[] = [];
  watcher.onChange((e) => events.push(e));
  return { b: bench, w: watcher, events };
}

const summary = (events: WatchEvent[]): string[] => events.map((e) => `${e.type} ${e.candidate.topology}`);

describe('PortWatcher', () => {
  it('reports the first listing at once, grouped per modem', async () => {
    const { b, w, events } = setup(3);
    w.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(summary(events)).toEqual(['added 1-1.1.1', 'added 1-1.1.2', 'added 1-1.1.3']);
    const first = events[0]!.candidate;
    expect(first.ports.map((p) => [p.path, p.role])).toEqual(b.describe()[0]!.ports.map((p) => [p.path, p.role]));
    expect(w.state).toBe('settled');
    await vi.advanceTimersByTimeAsync(5000);
    expect(events).toHaveLength(3); // nothing moved
    expect(w.polls).toBe(6);
  });

  it('a power cycle (ports gone, back 1.5 s later with new paths) is one "changed", after the quiet time', async () => {
    const { b, w, events } = setup(3);
    w.start();
    await vi.advanceTimersByTimeAsync(0);
    events.length = 0;
    const before = b.describe()[1]!.ports.map((p) => p.path);
    b.powerCycle(1);
    await vi.advanceTimersByTimeAsync(1000); // poll sees the ports gone
    expect(w.state).toBe('unsettled');
    expect(events).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000); // back with new paths
    expect(events).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000); // quiet for 1 s: not yet
    expect(events).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000); // quiet for 2 s >= 1.5 s
    expect(summary(events)).toEqual(['changed 1-1.1.2']);
    const e = events[0] as Extract<WatchEvent, { type: 'changed' }>;
    expect(e.previous.ports.map((p) => p.path)).toEqual(before);
    expect(e.candidate.ports.map((p) => p.path)).toEqual(b.describe()[1]!.ports.map((p) => p.path));
    expect(e.candidate.ports.map((p) => p.path)).not.toEqual(before);
    expect(e.candidate.key).toBe(e.previous.key);
  });

  it('unplug: "removed" after the quiet time; replug: "added" with new paths, matched to the same identity', async () => {
    const { b, w, events } = setup(2);
    w.start();
    await vi.advanceTimersByTimeAsync(0);
    const known: KnownModem[] = events.map((e) => ({
      key: `slot-${e.candidate.topology}`,
      imei: null,
      usbSerial: e.candidate.serialNumber,
      topology: e.candidate.topology,
      vendorId: e.candidate.vendorId,
      productId: e.candidate.productId,
    }));
    events.length = 0;
    b.unplug(0);
    await vi.advanceTimersByTimeAsync(3000);
    expect(summary(events)).toEqual(['removed 1-1.1.1']);
    expect(w.candidates.map((c) => c.topology)).toEqual(['1-1.1.2']);
    b.replug(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(summary(events)).toEqual(['removed 1-1.1.1', 'added 1-1.1.1']);
    const added = events[1]!.candidate;
    expect(added.ports[0]!.path).toBe('sim:0.2:0');
    expect(matchIdentity(known, identityFacts(added))).toMatchObject({ key: 'slot-1-1.1.1', by: 'usb-serial+topology' });
  });

  it('a burst of glitches on several modems is reported once, when it is over', async () => {
    const { b, w, events } = setup(4);
    w.start();
    await vi.advanceTimersByTimeAsync(0);
    events.length = 0;
    b.powerCycle(0);
    await vi.advanceTimersByTimeAsync(700);
    b.powerCycle(2);
    await vi.advanceTimersByTimeAsync(900);
    b.powerCycle(0); // again, before it was back
    await vi.advanceTimersByTimeAsync(1400);
    expect(events).toEqual([]);
    await vi.advanceTimersByTimeAsync(4000);
    expect(summary(events)).toEqual(['changed 1-1.1.1', 'changed 1-1.1.3']);
    expect(events[0]!.candidate.ports[0]!.path).toBe('sim:0.3:0');
  });

  it('after a change, probing the new candidate reads the same IMEI (reset with new paths)', async () => {
    const { b, w, events } = setup(1);
    w.start();
    await vi.advanceTimersByTimeAsync(0);
    const [before] = await probeCandidates(b.binding, [events[0]!.candidate], { platform: 'linux' });
    b.powerCycle(0);
    await vi.advanceTimersByTimeAsync(4000);
    const changed = events.at(-1)!;
    expect(changed.type).toBe('changed');
    // Still booting: AT silent until RDY (3 s after enumeration).
    await vi.advanceTimersByTimeAsync(1000);
    const probing = probeCandidates(b.binding, [changed.candidate], { platform: 'linux' });
    await vi.advanceTimersByTimeAsync(2000);
    const [after] = await probing;
    expect(after!.atPath).toBe(changed.candidate.ports[2]!.path);
    expect(after!.identity!.imei).toBe(before!.identity!.imei);
    const known: KnownModem[] = [{ key: 'k0', imei: before!.identity!.imei, usbSerial: null, topology: null, vendorId: '2c7c', productId: '0125' }];
    expect(matchIdentity(known, identityFacts(changed.candidate, after!.identity!.imei))).toMatchObject({ key: 'k0', by: 'imei' });
  });

  it('a flapping listing is reported after maxDelayMs at the latest', async () => {
    let reads = 0;
    const { w, events } = setup(1, { maxDelayMs: 5000 });
    const inner = bench!.binding;
    // Below the watcher: after the first read, a port comes and goes on every read.
    const flappy: SerialBinding = {
      open: (o) => inner.open(o),
      list: async (): Promise<PortInfo[]> => {
        const base = await inner.list();
        reads++;
        return reads === 1 ? base : base.slice(0, reads % 2 === 0 ? 3 : 2);
      },
    };
    watcher = new PortWatcher(flappy, { platform: 'linux', maxDelayMs: 5000 });
    w.dispose();
    watcher.onChange((e) => events.push(e));
    watcher.start();
    await vi.advanceTimersByTimeAsync(0);
    events.length = 0;
    await vi.advanceTimersByTimeAsync(4000);
    expect(events).toEqual([]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(events.map((e) => e.type)).toEqual(['changed']);
    expect((events[0] as Extract<WatchEvent, { type: 'changed' }>).previous.ports).toHaveLength(4);
  });

  it('list() errors are reported and polling goes on', async () => {
    bench = new ModemSimulator({ count: 1, latency: 0 });
    let fail = true;
    const inner = bench.binding;
    const binding: SerialBinding = {
      open: (o) => inner.open(o),
      list: async () => {
        if (fail) throw new Error('Error listing ports udevadm exited with error code: 1');
        return inner.list();
      },
    };
    watcher = new PortWatcher(binding, { platform: 'linux' });
    const errors: string[] = [];
    const events: WatchEvent[] = [];
    watcher.onError((e) => errors.push(e.message));
    watcher.onChange((e) => events.push(e));
    watcher.start();
    await vi.advanceTimersByTimeAsync(2000);
    expect(errors).toHaveLength(3);
    fail = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(events.map((e) => e.type)).toEqual(['added']);
  });

  it('dispose() leaves no timer, even with a listing in flight, and stops events; the signal disposes too', async () => {
    bench = new ModemSimulator({ count: 1, latency: 0 });
    const inner = bench.binding;
    let release: (() => void) | null = null;
    const slow: SerialBinding = {
      open: (o) => inner.open(o),
      list: () => new Promise<PortInfo[]>((resolve) => (release = () => void inner.list().then(resolve))),
    };
    const ac = new AbortController();
    watcher = new PortWatcher(slow, { platform: 'linux', signal: ac.signal });
    const events: WatchEvent[] = [];
    watcher.onChange((e) => events.push(e));
    watcher.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(watcher.scheduled).toBe(false); // the poll is waiting for list()
    ac.abort();
    expect(watcher.state).toBe('disposed');
    release!();
    await vi.advanceTimersByTimeAsync(5000);
    expect(events).toEqual([]);
    expect(watcher.scheduled).toBe(false);
    expect(watcher.polls).toBe(0);
    expect(() => watcher!.start()).toThrow(/disposed/);
  });

  it('rejects bad options with a TypeError naming the field', () => {
    bench = new ModemSimulator({ count: 1, latency: 0 });
    expect(() => new PortWatcher(bench!.binding, { intervalMs: 0 })).toThrow(/intervalMs/);
    expect(() => new PortWatcher(bench!.binding, { quietMs: -1 })).toThrow(/quietMs/);
    expect(() => new PortWatcher(bench!.binding, { quietMs: 2000, maxDelayMs: 1000 })).toThrow(/maxDelayMs/);
    expect(() => new PortWatcher({} as SerialBinding)).toThrow(/binding/);
  });
});
