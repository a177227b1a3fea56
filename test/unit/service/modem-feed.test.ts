import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventMap, EventName, ModemView } from '../../../src-preload/contract';
import { ModemFeed } from '../../../src-main/core/service/modem-feed';
import type { ManagedModem } from '../../../src-main/core/service/modem-source';

interface Fake extends ManagedModem {
  imei: string | null;
  opening: boolean;
}

/** Only what the feed reads: identity, state, view and the console's pending flag. */
function fakeModem(key: string): Fake {
  const m = {
    key,
    label: key,
    imei: null as string | null,
    opening: true,
    get identity() {
      return { imei: m.imei };
    },
    get id() {
      return m.imei ?? key;
    },
    get state() {
      return m.opening ? 'opening' : 'idle';
    },
    view: () => ({ id: m.id, label: key }) as ModemView,
    console: { hasPending: false },
  };
  return m as unknown as Fake;
}

function feed(modems: ManagedModem[]) {
  const deltas: EventMap['bench.delta'][] = [];
  const f = new ModemFeed({
    modems: () => modems,
    status: () => ({}) as EventMap['bench.status'],
    metrics: { snapshot: () => ({ at: 0 }) as never },
    emit: <E extends EventName>(channel: E, payload: EventMap[E]) => {
      if (channel === 'bench.delta') deltas.push(payload as EventMap['bench.delta']);
    },
    listened: () => true,
    eventIntervalMs: 250,
    consoleIntervalMs: 100,
    metricsIntervalMs: 500,
  });
  return { f, deltas };
}

describe('ModemFeed', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows a modem once announced, in one delta per interval, and removes the id it was shown under when its id changes', async () => {
    const m = fakeModem('mdm0');
    const { f, deltas } = feed([m]);
    f.changed(m);
    await vi.advanceTimersByTimeAsync(250);
    expect(deltas).toEqual([]); // still opening without an IMEI: not shown yet
    m.opening = false;
    f.changed(m);
    f.changed(m);
    await vi.advanceTimersByTimeAsync(250);
    expect(deltas).toEqual([{ upserted: [{ id: 'mdm0', label: 'mdm0' }], removed: [] }]);
    m.imei = '860000000000001';
    f.changed(m);
    await vi.advanceTimersByTimeAsync(250);
    expect(deltas[1]).toEqual({ upserted: [{ id: '860000000000001', label: 'mdm0' }], removed: ['mdm0'] });
    f.dispose();
  });

  it('a removed modem is removed under the id it was shown as, unless another modem shows under that id', async () => {
    const first = fakeModem('mdm0');
    const second = fakeModem('mdm1');
    first.opening = second.opening = false;
    first.imei = second.imei = '860000000000001';
    const modems: ManagedModem[] = [first, second];
    const { f, deltas } = feed(modems);
    f.changed(first);
    await vi.advanceTimersByTimeAsync(250);
    // The second port of the same modem is dropped before it was ever pushed: the row of the first stays.
    modems.splice(1, 1);
    f.removed(second);
    await vi.advanceTimersByTimeAsync(250);
    expect(deltas).toEqual([{ upserted: [{ id: '860000000000001', label: 'mdm0' }], removed: [] }]);
    modems.splice(0, 1);
    f.removed(first);
    await vi.advanceTimersByTimeAsync(250);
    expect(deltas[1]).toEqual({ upserted: [], removed: ['860000000000001'] });
    f.dispose();
  });

  it('a modem listed but never pushed is removed under its id when it leaves', async () => {
    const m = fakeModem('mdm0');
    m.opening = false;
    const { f, deltas } = feed([]);
    f.removed(m);
    await vi.advanceTimersByTimeAsync(250);
    expect(deltas).toEqual([{ upserted: [], removed: ['mdm0'] }]);
    f.dispose();
  });
});
