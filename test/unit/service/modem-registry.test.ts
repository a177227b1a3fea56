import { describe, expect, it, vi } from 'vitest';
import { isBenchError } from '../../../src-main/core/errors';
import type { Logger } from '../../../src-main/core/log';
import { ModemRegistry } from '../../../src-main/core/service/modem-registry';
import type { ManagedModem, ModemSource } from '../../../src-main/core/service/modem-source';

/** Only what the registry reads; the rest of ManagedModem is never called here. */
function fakeModem(key: string, label: string, imei: string | null): ManagedModem & { disposed: number } {
  const m = {
    key,
    label,
    identity: { imei, manufacturer: null, model: null, firmware: null, revision: null, iccid: null, imsi: null },
    get id() {
      return imei ?? key;
    },
    disposed: 0,
    dispose() {
      m.disposed++;
    },
  };
  return m as unknown as ManagedModem & { disposed: number };
}

const source = (kind: string): ModemSource => ({ kind, queue: null, close: async () => undefined });
const logger = { warn: vi.fn(), info: vi.fn(), error: vi.fn(), debug: vi.fn() } as unknown as Logger;

function registry() {
  const forgotten: string[] = [];
  const removed: string[] = [];
  const r = new ModemRegistry({ metrics: { forget: (l) => forgotten.push(l) }, onRemoved: (m) => removed.push(m.key), logger });
  return { r, forgotten, removed };
}

describe('ModemRegistry', () => {
  it('finds a modem by key, id, label or IMEI, and throws unknown-modem otherwise', () => {
    const { r } = registry();
    const a = fakeModem('mdm0', 'sim0', '860000000000001');
    const b = fakeModem('mdm1', 'sim1', null);
    r.add(a, source('simulated'));
    r.add(b, source('simulated'));
    expect(r.find('mdm0')).toBe(a);
    expect(r.find('860000000000001')).toBe(a);
    expect(r.find('sim1')).toBe(b);
    expect(r.findByLabel('sim1')).toBe(b);
    expect(r.values()).toEqual([a, b]);
    let err: unknown;
    try {
      r.find('nope');
    } catch (e) {
      err = e;
    }
    expect(isBenchError(err) && err.code).toBe('unknown-modem');
  });

  it('remove disposes, forgets the metrics of its ModemId (not its label) and reports the removal once', () => {
    const { r, forgotten, removed } = registry();
    const a = fakeModem('mdm0', 'sim0', '860000000000009');
    r.add(a, source('simulated'));
    expect(r.remove(a)).toBe(true);
    expect(r.remove(a)).toBe(false);
    expect(a.disposed).toBe(1);
    expect(forgotten).toEqual(['860000000000009']);
    expect(removed).toEqual(['mdm0']);
    expect(r.size).toBe(0);
  });

  it('keeps the metrics of a ModemId another modem still reports under (one device given twice)', () => {
    const { r, forgotten } = registry();
    const a = fakeModem('mdm0', '/dev/ttyUSB2', '860000000000017');
    const b = fakeModem('mdm1', '/dev/ttyUSB3', '860000000000017');
    r.add(a, source('path'));
    r.add(b, source('path'));
    r.remove(a);
    expect(forgotten).toEqual([]);
    r.remove(b);
    expect(forgotten).toEqual(['860000000000017']);
  });

  it('finds a modem by the name its source gave it when its label is a slot name', () => {
    const { r } = registry();
    const a = Object.assign(fakeModem('mdm0', 'A3', '860000000000025'), { baseLabel: 'EC25 @ 1-1.4' });
    r.add(a, source('discovered'));
    expect(r.findByLabel('EC25 @ 1-1.4')).toBe(a);
    expect(r.findByLabel('A3')).toBeUndefined();
    expect(r.find('A3')).toBe(a);
  });

  it('drops a modem whose IMEI is already on the bench (a second AT port of it), keeping the one there', () => {
    const { r, removed } = registry();
    const first = fakeModem('mdm0', '/dev/ttyUSB2', '860000000000001');
    const second = fakeModem('mdm1', '/dev/ttyUSB3', '860000000000001');
    const other = fakeModem('mdm2', '/dev/ttyUSB6', '860000000000002');
    const s = source('path');
    r.add(first, s);
    r.add(second, s);
    r.add(other, s);
    // Each modem is checked once it has answered: the later one of an IMEI is the one dropped.
    expect(r.dropIfAlreadyOnBench(second)).toBe(true);
    expect(r.dropIfAlreadyOnBench(first)).toBe(false);
    expect(r.dropIfAlreadyOnBench(other)).toBe(false);
    expect(r.values()).toEqual([first, other]);
    expect(second.disposed).toBe(1);
    expect(removed).toEqual(['mdm1']);
  });

  it('removeSource removes only that source\'s modems; clear disposes the rest silently', () => {
    const { r, removed } = registry();
    const sim = source('simulated');
    const real = source('discovered');
    const a = fakeModem('mdm0', 'sim0', null);
    const b = fakeModem('mdm1', 'EC25 @ 1-1.2', null);
    const c = fakeModem('mdm2', 'sim1', null);
    r.add(a, sim);
    r.add(b, real);
    r.add(c, sim);
    expect(r.sourceOf(b)).toBe(real);
    expect(r.removeSource(sim)).toBe(2);
    expect(r.values()).toEqual([b]);
    expect(removed).toEqual(['mdm0', 'mdm2']);
    r.clear();
    expect(b.disposed).toBe(1);
    expect(removed).toEqual(['mdm0', 'mdm2']);
    expect(r.size).toBe(0);
  });
});
