/**
 * Issue 16 (UI at 256 modems): a modem going busy and idle again with every
 * command is routine, not news. Flashing its row for it kept every visible
 * row animating (and a frame callback and a timer per modem per delta) while
 * a broadcast ran.
 */
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useBenchStore } from '../../../src-renderer/stores/bench';
import { benchStatus, fakeApi, modemView } from '../../helpers/renderer-api';

describe('bench store flash under load', () => {
  let frames = 0;
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
    frames = 0;
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => {
      frames++;
      return setTimeout(() => cb(performance.now()), 16);
    });
  });
  afterEach(() => {
    useBenchStore().stop();
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('does not flash rows for idle <-> busy, and still flashes a real change', async () => {
    const ids = Array.from({ length: 256 }, (_, i) => `m${i}`);
    const api = fakeApi({ 'bench.list': () => ({ modems: ids.map((id) => modemView(id)), status: benchStatus(256, 256) }) });
    const bench = useBenchStore();
    await bench.start();
    for (let k = 0; k < 10; k++) {
      api.emit('bench.delta', { upserted: ids.map((id) => modemView(id, { state: k % 2 === 0 ? 'busy' : 'idle' })), removed: [] });
      await vi.advanceTimersByTimeAsync(250);
    }
    expect(bench.flashing.size).toBe(0);
    expect(frames).toBe(0);
    api.emit('bench.delta', { upserted: [modemView('m3', { state: 'offline' })], removed: [] });
    await vi.advanceTimersByTimeAsync(16);
    expect([...bench.flashing]).toEqual(['m3']);
  });
});
