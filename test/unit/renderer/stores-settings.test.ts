/** The settings store: settings.get then 'settings.changed'; patches checked here first, the server's refusal shown at its field. */
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SettingsView } from '../../../src-preload/contract';
import { useSettingsStore } from '../../../src-renderer/stores/settings';
import { apiError, fakeApi } from '../../helpers/renderer-api';

const base = (): SettingsView => ({ timeouts: { short: 300, cfun: 15_000, cops: 180_000, cgatt: 140_000, long: 60_000 }, healthPollMs: 30_000, recovery: { resetsPerHour: 4 }, theme: 'system' });

function settingsApi(refuse?: () => never) {
  let current = base();
  return fakeApi({
    'settings.get': () => current,
    'settings.update': (patch) => {
      refuse?.();
      current = { ...current, ...patch, timeouts: { ...current.timeouts, ...patch.timeouts }, recovery: { ...current.recovery, ...patch.recovery } } as SettingsView;
      return current;
    },
  });
}

describe('settings store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
  });
  afterEach(() => {
    useSettingsStore().stop();
    vi.useRealTimers();
  });

  it('loads the settings and follows settings.changed from other windows', async () => {
    const api = settingsApi();
    const s = useSettingsStore();
    await s.start();
    expect(s.settings?.healthPollMs).toBe(30_000);
    api.emit('settings.changed', { ...base(), theme: 'dark' });
    expect(s.settings?.theme).toBe('dark');
  });

  it('refuses a bad value at its field before any call, saying what is wanted', async () => {
    const api = settingsApi();
    const s = useSettingsStore();
    expect(await s.update({ healthPollMs: 10 })).toBe(false);
    expect(s.errors).toEqual({ healthPollMs: 'Must be at least 1000.' });
    expect(await s.update({ timeouts: { cops: 1.5 } })).toBe(false);
    expect(s.errors['timeouts.cops']).toBe('Must be a whole number.');
    expect(api.inputs('settings.update')).toEqual([]);
    // A good value for a field clears that field's error only.
    expect(await s.update({ healthPollMs: 5_000 })).toBe(true);
    expect(s.errors).toEqual({ 'timeouts.cops': 'Must be a whole number.' });
    expect(s.settings?.healthPollMs).toBe(5_000);
    expect(s.savedAt).toBe(Date.now());
    expect(s.saving).toBe(false);
  });

  it("shows the server's refusal at the field it names, else at the one field sent", async () => {
    let path: string | undefined = 'recovery.resetsPerHour';
    settingsApi(() => {
      throw apiError('invalid-input', 'too many resets for this bench', path ? { path } : undefined);
    });
    const s = useSettingsStore();
    expect(await s.update({ recovery: { resetsPerHour: 60 }, theme: 'dark' })).toBe(false);
    expect(s.errors).toEqual({ 'recovery.resetsPerHour': 'too many resets for this bench' });
    path = undefined;
    expect(await s.update({ theme: 'light' })).toBe(false);
    expect(s.errors.theme).toBe('too many resets for this bench');
    expect(await s.update({ theme: 'light', healthPollMs: 2_000 })).toBe(false);
    expect(s.errors['']).toBe('too many resets for this bench');
  });
});
