import { describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../../src-main/core/log';
import { Mutex } from '../../../src-main/core/recovery';
import { ModemRegistry } from '../../../src-main/core/service/modem-registry';
import type { ManagedModem, ModemSource, ModemSourceContext, QueueStats } from '../../../src-main/core/service/modem-source';
import { ModemSources } from '../../../src-main/core/service/modem-sources';

const logger = { warn: vi.fn(), info: vi.fn(), error: vi.fn(), debug: vi.fn() } as unknown as Logger;

function setup() {
  const registry = new ModemRegistry({ metrics: { forget: () => undefined }, onRemoved: () => undefined, logger });
  const ctx: ModemSourceContext = {
    registry,
    hooks: { changed: vi.fn(), console: vi.fn(), timeline: vi.fn(), attempt: vi.fn(), healthSample: vi.fn() },
    logger,
    timeouts: {} as ModemSourceContext['timeouts'],
    settings: () => ({ healthPollMs: 1000, resetsPerHour: 4 }),
    labTags: () => [],
    hookMutex: new Mutex(1),
  };
  const closedNotices = vi.fn();
  const sources = new ModemSources(ctx, { realBinding: null, onSourceClosed: closedNotices });
  return { registry, sources, closedNotices };
}

const queue = (inFlight: number, queued: number): QueueStats => ({ stats: () => ({ inFlight, queued }) });
const modem = (key: string) => ({ key, label: key, id: key, identity: { imei: null }, dispose: vi.fn() }) as unknown as ManagedModem;

describe('ModemSources', () => {
  it('the status figures count a controller shared by two sources once', () => {
    const { sources } = setup();
    const shared = queue(2, 5);
    sources.use(() => ({ kind: 'discovered', queue: shared, close: async () => undefined }));
    sources.use(() => ({ kind: 'path', queue: shared, close: async () => undefined }));
    sources.use(() => ({ kind: 'remote', queue: queue(1, 1), close: async () => undefined }));
    sources.use(() => ({ kind: 'quiet', queue: null, close: async () => undefined }));
    expect(sources.queueStats()).toEqual({ inFlight: 3, queued: 6 });
  });

  it('removing a source takes its modems off the bench first, then closes it, once', async () => {
    const { registry, sources, closedNotices } = setup();
    const order: string[] = [];
    const a = modem('mdm-a');
    const b = modem('mdm-b');
    const source = sources.use((ctx): ModemSource => {
      const s: ModemSource = {
        kind: 'remote',
        queue: null,
        close: async () => {
          order.push(`close with ${registry.size} on the bench`);
        },
      };
      ctx.registry.add(a, s);
      return s;
    });
    registry.add(b, sources.use(() => ({ kind: 'other', queue: null, close: async () => undefined })));
    expect(await sources.remove(source)).toBe(1);
    expect(order).toEqual(['close with 1 on the bench']);
    expect(registry.values()).toEqual([b]);
    expect(closedNotices).toHaveBeenCalledTimes(1);
    expect(await sources.remove(source)).toBe(0);
    expect(order).toHaveLength(1);
  });

  it('close disposes every modem and closes every source; discovery without a real binding finds nothing', async () => {
    const { registry, sources } = setup();
    const close = vi.fn(async () => undefined);
    const a = modem('mdm-a');
    sources.use((ctx) => {
      const s: ModemSource = { kind: 'remote', queue: null, close };
      ctx.registry.add(a, s);
      return s;
    });
    expect(await sources.startDiscovery()).toEqual({ found: 0 });
    await sources.close();
    expect(close).toHaveBeenCalledTimes(1);
    expect(a.dispose).toHaveBeenCalledTimes(1);
    expect(registry.size).toBe(0);
    await expect(sources.startSimulated(1, 1, undefined)).rejects.toMatchObject({ code: 'invalid-input' });
  });
});
