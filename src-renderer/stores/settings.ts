/**
 * Settings: settings.get, then 'settings.changed'. Patches are checked with
 * the contract's own schema first so errors show at the field before the
 * round trip; the server's invalid-input is shown too.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import * as v from 'valibot';
import { ApiError, settingsPatch, type SettingsPatch, type SettingsView } from '../../src-preload/contract';
import { useApi } from '../api';
import { loadAndResync } from '../api/resync';

export const useSettingsStore = defineStore('settings', () => {
  const settings = shallowRef<SettingsView | null>(null);
  /** Field path (e.g. "timeouts.cops") -> message; "" for errors without a path. */
  const errors = ref<Record<string, string>>({});
  const saving = ref(false);
  const savedAt = ref<number | null>(null);
  let offs: (() => void)[] = [];

  /** Says what is wanted rather than what was wrong ("at least 100", not "Expected >=100"). */
  function explain(i: v.BaseIssue<unknown>): string {
    const req = (i as { requirement?: unknown }).requirement;
    if (i.type === 'min_value') return `Must be at least ${String(req)}.`;
    if (i.type === 'max_value') return `Must be at most ${String(req)}.`;
    if (i.type === 'integer') return 'Must be a whole number.';
    if (i.type === 'number') return 'Must be a number.';
    return i.message;
  }

  function issuesToErrors(issues: readonly v.BaseIssue<unknown>[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const i of issues) {
      const path = v.getDotPath(i) ?? '';
      out[path] ??= explain(i);
    }
    return out;
  }

  function fieldsOf(patch: SettingsPatch): string[] {
    const out: string[] = [];
    for (const [k, val] of Object.entries(patch)) {
      if (val && typeof val === 'object') for (const sub of Object.keys(val)) out.push(`${k}.${sub}`);
      else out.push(k);
    }
    return out;
  }

  /** Applies a patch live. Returns true when the server took it. */
  async function update(patch: SettingsPatch): Promise<boolean> {
    const fields = fieldsOf(patch);
    const cleared = { ...errors.value };
    for (const f of fields) delete cleared[f];
    delete cleared[''];
    const check = v.safeParse(settingsPatch, patch);
    if (!check.success) {
      errors.value = { ...cleared, ...issuesToErrors(check.issues) };
      return false;
    }
    errors.value = cleared;
    saving.value = true;
    try {
      settings.value = await useApi().client.invoke('settings.update', patch);
      savedAt.value = Date.now();
      return true;
    } catch (err) {
      const msg = err instanceof ApiError ? err.message : String(err);
      const path = err instanceof ApiError && typeof err.details?.path === 'string' ? err.details.path : (fields.length === 1 ? fields[0]! : '');
      errors.value = { ...errors.value, [path]: msg };
      return false;
    } finally {
      saving.value = false;
    }
  }

  function start(): Promise<void> {
    const { client, connection } = useApi();
    offs.push(client.on('settings.changed', (s) => (settings.value = s)));
    return new Promise((resolve) => {
      offs.push(
        loadAndResync(connection, async () => {
          try {
            settings.value = await client.invoke('settings.get', {});
          } finally {
            resolve();
          }
        }),
      );
    });
  }

  function stop(): void {
    for (const off of offs) off();
    offs = [];
  }

  return { settings, errors, saving, savedAt, update, start, stop };
});
