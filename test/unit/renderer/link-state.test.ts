/**
 * The page's claim about the bench while the link is down: stale from the
 * moment an open link drops, and fresh again only once the bench has been
 * read again over the new link (not merely when the socket reopens).
 */
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { install } from '../../../src-renderer/api';
import { useAppStore } from '../../../src-renderer/stores/app';
import { useBenchStore } from '../../../src-renderer/stores/bench';
import { benchStatus as status, createMemoryTransport, fakeConnection, modemView as modem } from '../../helpers/renderer-api';

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
