/**
 * The Benches page's store (issue 17): benches.list then 'benches.changed';
 * an address the contract's schema refuses never leaves the renderer; the
 * server's refusal is shown at the form; the bench table's host column
 * appears only once a remote modem is listed.
 */
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BenchHostView } from '../../../src-preload/contract';
import { useBenchStore } from '../../../src-renderer/stores/bench';
import { useBenchesStore } from '../../../src-renderer/stores/benches';
import { apiError, benchStatus, fakeApi, modemView } from '../../helpers/renderer-api';

const host = (name: string, over: Partial<BenchHostView> = {}): BenchHostView => ({
  name,
  url: `http://${name}/`,
  tokenMasked: null,
  ca: false,
  state: 'connected',
  message: null,
  modems: 4,
  persisted: true,
  ...over,
});

describe('benches store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
  });
  afterEach(() => {
    useBenchesStore().stop();
    useBenchStore().stop();
    vi.useRealTimers();
  });

  it('loads the hosts, follows benches.changed, adds and removes through the contract', async () => {
    const api = fakeApi({
      'benches.list': () => ({ hosts: [host('10.0.0.2:7800')] }),
      'benches.add': (i) => host('10.0.0.3:7800', { state: 'connecting', tokenMasked: (i as { token?: string }).token ? '••••••••abcd' : null }),
      'benches.remove': () => ({ removed: true }),
    });
    const s = useBenchesStore();
    await s.start();
    expect(s.hosts.map((h) => h.name)).toEqual(['10.0.0.2:7800']);

    expect(await s.add({ url: ' http://10.0.0.3:7800/ ', token: 'xyz-token-abcd', ca: '' })).toBe(true);
    expect(api.inputs('benches.add')).toEqual([{ url: 'http://10.0.0.3:7800/', token: 'xyz-token-abcd' }]);
    expect(s.hosts.map((h) => [h.name, h.state])).toEqual([
      ['10.0.0.2:7800', 'connected'],
      ['10.0.0.3:7800', 'connecting'],
    ]);
    api.emit('benches.changed', { hosts: [host('10.0.0.2:7800', { state: 'unreachable', message: 'went away' }), host('10.0.0.3:7800')] });
    expect(s.hosts.map((h) => h.state)).toEqual(['unreachable', 'connected']);

    await s.remove('10.0.0.2:7800');
    expect(api.inputs('benches.remove')).toEqual([{ name: '10.0.0.2:7800' }]);
    expect(s.hosts.map((h) => h.name)).toEqual(['10.0.0.3:7800']);
  });

  it('refuses a malformed address before the round trip, and shows the server\'s refusal', async () => {
    const api = fakeApi({
      'benches.list': () => ({ hosts: [] }),
      'benches.add': () => {
        throw apiError('invalid-input', '10.0.0.2:7800 is already a bench here');
      },
    });
    const s = useBenchesStore();
    await s.start();
    expect(await s.add({ url: 'ftp://x', token: '', ca: '' })).toBe(false);
    expect(s.addError).toMatch(/http\(s\):\/\//);
    expect(api.inputs('benches.add')).toEqual([]);
    expect(await s.add({ url: 'http://10.0.0.2:7800/', token: '', ca: '' })).toBe(false);
    expect(s.addError).toBe('10.0.0.2:7800 is already a bench here');
    expect(s.hosts).toEqual([]);
  });

  it('the bench table shows its host column once a remote modem is listed', async () => {
    const api = fakeApi({ 'bench.list': () => ({ modems: [modemView('a')], status: benchStatus(1, 1) }) });
    const bench = useBenchStore();
    await bench.start();
    expect(bench.visibleColumns.some((c) => c.key === 'host')).toBe(false);
    api.emit('bench.delta', { upserted: [modemView('b', { host: '10.0.0.2:7800', label: 'sim0@10.0.0.2:7800' })], removed: [] });
    expect(bench.visibleColumns.some((c) => c.key === 'host')).toBe(true);
    api.emit('bench.delta', { upserted: [], removed: ['b'] });
    expect(bench.visibleColumns.some((c) => c.key === 'host')).toBe(false);
  });
});
