/**
 * Remote bench hosts (issue 17): benches.list, then 'benches.changed'. An
 * address is checked with the contract's own schema before the round trip;
 * the server's refusals (invalid-input: malformed, already here) are shown
 * at the form. The renderer only ever holds a host's masked token.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import * as v from 'valibot';
import { ApiError, benchHostAdd, type BenchHostView } from '../../src-preload/contract';
import { useApi } from '../api';
import { loadAndResync } from '../api/resync';

export interface BenchHostDraft {
  url: string;
  token: string;
  ca: string;
}

export const useBenchesStore = defineStore('benches', () => {
  const hosts = shallowRef<BenchHostView[]>([]);
  const loaded = ref(false);
  /** Why the last add failed, shown at the form; null when it did not. */
  const addError = ref<string | null>(null);
  const adding = ref(false);
  /** Host name -> why removing it failed. */
  const removeErrors = ref<Record<string, string>>({});
  let offs: (() => void)[] = [];

  function message(err: unknown): string {
    return err instanceof ApiError ? err.message : String((err as Error)?.message ?? err);
  }

  /** Adds a host; true when the server took it (it then connects and reports its state). */
  async function add(draft: BenchHostDraft): Promise<boolean> {
    const input = { url: draft.url.trim(), ...(draft.token.trim() ? { token: draft.token.trim() } : {}), ...(draft.ca.trim() ? { ca: draft.ca } : {}) };
    const check = v.safeParse(benchHostAdd, input);
    if (!check.success) {
      addError.value = check.issues.map((i) => `${v.getDotPath(i) ?? 'address'}: ${i.message}`).join('; ');
      return false;
    }
    addError.value = null;
    adding.value = true;
    try {
      const view = await useApi().client.invoke('benches.add', check.output);
      if (!hosts.value.some((h) => h.name === view.name)) hosts.value = [...hosts.value, view];
      return true;
    } catch (err) {
      addError.value = message(err);
      return false;
    } finally {
      adding.value = false;
    }
  }

  async function remove(name: string): Promise<void> {
    const { [name]: _cleared, ...rest } = removeErrors.value;
    removeErrors.value = rest;
    try {
      await useApi().client.invoke('benches.remove', { name });
      hosts.value = hosts.value.filter((h) => h.name !== name);
    } catch (err) {
      removeErrors.value = { ...removeErrors.value, [name]: message(err) };
    }
  }

  function start(): Promise<void> {
    const { client, connection } = useApi();
    offs.push(client.on('benches.changed', (p) => (hosts.value = p.hosts)));
    return new Promise((resolve) => {
      offs.push(
        loadAndResync(connection, async () => {
          try {
            hosts.value = (await client.invoke('benches.list', {})).hosts;
            loaded.value = true;
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

  return { hosts, loaded, addError, adding, removeErrors, add, remove, start, stop };
});
