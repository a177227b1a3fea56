/**
 * The page's claim about the bench while the link is down: stale from the
 * moment an open link drops, and fresh again only once the bench has been
 * read again over the new link (not merely when the socket reopens).
 */
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BenchStatusView, ModemView } from '../../../src-preload/contract';
import { install, type Connection, type ConnectionInfo } from '../../../src-renderer/api';
import { createMemoryTransport } from '../../../src-renderer/api/memory-transport';
import { useAppStore } from '../../../src-renderer/stores/app';
import { useBenchStore } from '../../../src-renderer/stores/bench';

function fakeConnection(): Connection & { set(c: Partial<ConnectionInfo>): void } {
  let current: ConnectionInfo = { state: 'open', attempt: 0, retryAt: null, opens: 1 };
  const ls = new Set<(c: ConnectionInfo) => void>();
  return {
    get current() {
      return { ...current };
    },
    onChange(l) {
      ls.add(l);
      return () => ls.delete(l);
    },
    retryNow() {},
    set(c) {
      current = { ...current, ...c };
      for (const l of ls) l({ ...current });
    },
  };
}

const status = (online: number, total: number): BenchStatusView => ({ modemsOnline: online, modemsTotal: total, commandsPerSec: 0, errorsLastMinute: 0, inFlight: 0, queued: 0, simulated: true });
const modem = (id: string): ModemView =>
  ({ id, label: id, simulated: true, state: 'idle', reason: null, identity: { imei: id, manufacturer: null, model: null, firmware: null, revision: null, iccid: null, imsi: null }, ports: [], usb: null, signal: null, operator: null, rat: null, temperatureC: null, band: null, simState: null, queueDepth: 0, health: null, lastSeen: null, tags: [], labTags: [] }) as ModemView;

describe('link state', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
  });

  it('is stale from the drop until the bench has been read again', async () => {
    let bench = { modems: [modem('a'), modem('b')], status: status(2, 2) };
    const t = createMemoryTransport({ 'bench.list': () => bench, 'app.info': () => ({ version: 't', platform: 'linux', dataDir: '', logDir: '', logFile: '' }) });
    const conn = fakeConnection();
    install(t, conn);
    const app = useAppStore();
    const benchStore = useBenchStore();
    await Promise.all([app.start(), benchStore.start()]);
    expect(app.stale).toBe(false);
    expect(benchStore.modems.size).toBe(2);

    vi.setSystemTime(new Date('2026-12-06T12:00:00Z'));
    conn.set({ state: 'closed', attempt: 1, retryAt: Date.now() + 500 });
    expect(app.stale).toBe(true);
    expect(app.lostAt).toBe(Date.parse('2026-12-06T12:00:00Z'));

    // A different bench behind the new link: what the page shows must come from it.
    bench = { modems: [modem('c')], status: status(1, 1) };
    conn.set({ state: 'connecting' });
    expect(app.stale).toBe(true);
    conn.set({ state: 'open', attempt: 0, retryAt: null, opens: 2 });
    await vi.runAllTimersAsync();
    expect([...benchStore.modems.keys()]).toEqual(['c']);
    expect(app.status?.modemsOnline).toBe(1);
    expect(app.stale).toBe(false);
  });

  it('a first connect that has not opened yet is not "lost"', async () => {
    const t = createMemoryTransport({ 'bench.list': () => ({ modems: [], status: status(0, 0) }), 'app.info': () => ({}) });
    const conn = fakeConnection();
    conn.set({ state: 'connecting', opens: 0 });
    install(t, conn);
    const app = useAppStore();
    void app.start();
    conn.set({ state: 'closed', attempt: 1 });
    expect(app.stale).toBe(false);
  });
});
