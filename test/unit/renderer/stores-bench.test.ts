/** The bench store: the modem map from bench.list and 'bench.delta', the table's view state, lab tags, the simulated bench. */
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ModemView } from '../../../src-preload/contract';
import { useAppStore } from '../../../src-renderer/stores/app';
import { useBenchStore } from '../../../src-renderer/stores/bench';
import { apiError, benchStatus, fakeApi, modemView } from '../../helpers/renderer-api';

const three = () => [modemView('c', { label: 'sim2' }), modemView('a', { label: 'sim0' }), modemView('b', { label: 'sim1', state: 'failed' })];

describe('bench store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
    // Node has no animation frames; the flash waits for one to restart its CSS animation.
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => setTimeout(() => cb(performance.now()), 16));
  });
  afterEach(() => {
    useBenchStore().stop();
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('loads bench.list, hands the status to the app store, then follows bench.delta', async () => {
    const api = fakeApi({ 'bench.list': () => ({ modems: three(), status: benchStatus(2, 3) }) });
    const bench = useBenchStore();
    await bench.start();
    expect(bench.loaded).toBe(true);
    expect([...bench.modems.keys()]).toEqual(['c', 'a', 'b']);
    expect(useAppStore().status?.modemsTotal).toBe(3);
    expect(bench.online).toBe(2);

    api.emit('bench.delta', { upserted: [modemView('d', { label: 'sim3' })], removed: ['c'] });
    expect([...bench.modems.keys()].sort()).toEqual(['a', 'b', 'd']);
  });

  it('a failed load says why and a reconnect loads again, dropping modems that left meanwhile', async () => {
    let answer: () => { modems: ModemView[]; status: ReturnType<typeof benchStatus> } = () => {
      throw apiError('internal', 'bench not ready');
    };
    const api = fakeApi({ 'bench.list': () => answer() });
    const bench = useBenchStore();
    await bench.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(bench.loaded).toBe(false);
    expect(bench.loadError).toBe('bench not ready');

    answer = () => ({ modems: three(), status: benchStatus(3, 3) });
    api.reconnect();
    await vi.advanceTimersByTimeAsync(0);
    expect(bench.loadError).toBeNull();
    expect(bench.modems.size).toBe(3);
    bench.select(['a', 'c']);

    answer = () => ({ modems: [modemView('a', { label: 'sim0' })], status: benchStatus(1, 1) });
    api.reconnect();
    await vi.advanceTimersByTimeAsync(0);
    expect([...bench.modems.keys()]).toEqual(['a']);
    expect([...bench.selected]).toEqual(['a']);
  });

  it('filters and sorts the rows; sorting the same column again reverses it', async () => {
    fakeApi({ 'bench.list': () => ({ modems: three(), status: benchStatus(2, 3) }) });
    const bench = useBenchStore();
    await bench.start();
    expect(bench.rows.map((m) => m.label)).toEqual(['sim0', 'sim1', 'sim2']);
    bench.sortBy('label');
    expect(bench.sortDir).toBe(-1);
    expect(bench.rows.map((m) => m.label)).toEqual(['sim2', 'sim1', 'sim0']);
    bench.sortBy('state');
    expect(bench.sortDir).toBe(1);
    bench.filter = 'sim1';
    expect(bench.rows.map((m) => m.id)).toEqual(['b']);
    bench.toggleColumn('iccid');
    expect(bench.visibleColumns.some((c) => c.key === 'iccid')).toBe(true);
    bench.toggleColumn('iccid');
    expect(bench.visibleColumns.some((c) => c.key === 'iccid')).toBe(false);
  });

  it('selects like a file manager: click replaces, toggle adds, shift extends from the anchor', async () => {
    fakeApi({ 'bench.list': () => ({ modems: three(), status: benchStatus(2, 3) }) });
    const bench = useBenchStore();
    await bench.start();
    const sel = () => [...bench.selected].sort();
    bench.clickRow('a', { shift: false, toggle: false });
    expect(sel()).toEqual(['a']);
    bench.clickRow('c', { shift: true, toggle: false });
    expect(sel()).toEqual(['a', 'b', 'c']);
    bench.clickRow('b', { shift: false, toggle: true });
    expect(sel()).toEqual(['a', 'c']);
    // The anchor moved to b: shift from b to a, added to what was selected.
    bench.clickRow('a', { shift: true, toggle: true });
    expect(sel()).toEqual(['a', 'b', 'c']);
    expect(bench.selectedModems.map((m) => m.id)).toEqual(['a', 'b', 'c']);
    bench.clearSelection();
    expect(sel()).toEqual([]);
    bench.selectAll();
    expect(sel()).toEqual(['a', 'b', 'c']);
  });

  it('flashes a row whose state changed, for 900 ms', async () => {
    const api = fakeApi({ 'bench.list': () => ({ modems: three(), status: benchStatus(2, 3) }) });
    const bench = useBenchStore();
    await bench.start();
    api.emit('bench.delta', { upserted: [modemView('a', { label: 'sim0', operator: 'X' })], removed: [] });
    await vi.advanceTimersByTimeAsync(20);
    expect(bench.flashing.has('a')).toBe(false);
    api.emit('bench.delta', { upserted: [modemView('a', { label: 'sim0', state: 'recovering' })], removed: [] });
    // One frame (16 ms here), then 900 ms lit.
    await vi.advanceTimersByTimeAsync(16);
    expect(bench.flashing.has('a')).toBe(true);
    await vi.advanceTimersByTimeAsync(899);
    expect(bench.flashing.has('a')).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(bench.flashing.has('a')).toBe(false);
  });

  it('adds lab tags to what a modem has, and names the modems whose tags were refused', async () => {
    const tags: Record<string, string[]> = { a: ['rack1'] };
    const api = fakeApi({
      'bench.list': () => ({ modems: [modemView('a', { label: 'sim0', labTags: ['rack1'] }), modemView('b', { label: 'sim1' })], status: benchStatus(2, 2) }),
      'modem.setTags': ({ modemId, tags: t }) => {
        if (modemId === 'b') throw apiError('invalid-input', 'tag too long');
        tags[modemId] = t;
        return modemView(modemId, { label: 'sim0', labTags: t });
      },
    });
    const bench = useBenchStore();
    await bench.start();
    expect(await bench.setTags(['a'], ['slot3'], 'add')).toBe(true);
    expect(api.inputs('modem.setTags')).toEqual([{ modemId: 'a', tags: ['rack1', 'slot3'] }]);
    expect(bench.modems.get('a')?.labTags).toEqual(['rack1', 'slot3']);
    expect(await bench.setTags(['a', 'b'], ['x'], 'replace')).toBe(false);
    expect(tags.a).toEqual(['x']);
    expect(bench.tagError).toBe('sim1: tag too long');
    expect(bench.tagging).toBe(false);
  });

  it('starts and stops the simulated bench, showing the server error with its code', async () => {
    let refuse = true;
    const api = fakeApi({
      'bench.list': () => ({ modems: [], status: benchStatus(0, 0) }),
      'bench.startSimulated': ({ count }) => {
        if (refuse) throw apiError('invalid-input', 'a real bench is attached');
        return { count };
      },
      'bench.stopSimulated': () => ({ stopped: 4 }),
    });
    const bench = useBenchStore();
    await bench.start();
    await bench.startSimulated(4);
    expect(bench.sim).toEqual({ busy: false, error: 'invalid-input: a real bench is attached', lastCount: 4 });
    refuse = false;
    await bench.startSimulated(4);
    expect(bench.sim.error).toBeNull();
    await bench.stopSimulated();
    expect(bench.sim).toEqual({ busy: false, error: null, lastCount: 4 });
    expect(api.inputs('bench.startSimulated')).toEqual([{ count: 4 }, { count: 4 }]);
  });
});
