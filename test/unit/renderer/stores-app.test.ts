/** The app store: app info (and why it failed), the status bar's figures from 'bench.status', the connection. */
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppInfoView } from '../../../src-preload/contract';
import { useAppStore } from '../../../src-renderer/stores/app';
import { apiError, benchStatus, fakeApi } from '../../helpers/renderer-api';

const info: AppInfoView = { version: '1.2.3', platform: 'linux', dataDir: '/d', logDir: '/l', logFile: '/l/m.log', powerCycleHook: null };

describe('app store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
  });
  afterEach(() => {
    useAppStore().stop();
    vi.useRealTimers();
  });

  it('reads app info, takes the status from bench.status, and stops listening on stop()', async () => {
    const api = fakeApi({ 'app.info': () => info });
    const app = useAppStore();
    await app.start();
    expect(app.info).toEqual(info);
    expect(app.transport).toBe('memory');
    api.emit('bench.status', benchStatus(3, 4));
    expect(app.status?.modemsOnline).toBe(3);
    app.stop();
    api.emit('bench.status', benchStatus(0, 4));
    expect(app.status?.modemsOnline).toBe(3);
  });

  it('says why app info failed, and reads it again after a reconnect', async () => {
    let up = false;
    const api = fakeApi({
      'app.info': () => {
        if (!up) throw apiError('internal', 'not ready');
        return info;
      },
    });
    const app = useAppStore();
    await app.start();
    expect(app.infoError).toBe('not ready');
    expect(app.info).toBeNull();
    up = true;
    api.reconnect();
    await vi.advanceTimersByTimeAsync(0);
    expect(app.infoError).toBeNull();
    expect(app.info?.version).toBe('1.2.3');
  });

  it('follows the connection state and asks it to retry now', async () => {
    const api = fakeApi({ 'app.info': () => info });
    const retry = vi.spyOn(api.connection, 'retryNow');
    const app = useAppStore();
    await app.start();
    api.connection.set({ state: 'closed', attempt: 2, retryAt: Date.now() + 4000 });
    expect(app.connection).toMatchObject({ state: 'closed', attempt: 2 });
    app.retryNow();
    expect(retry).toHaveBeenCalledTimes(1);
  });
});
