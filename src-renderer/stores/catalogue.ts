/** The AT command catalogue, for the console's completion and hints. */
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { CatalogueEntryView } from '../../src-preload/contract';
import { useApi } from '../api';
import { loadAndResync } from '../api/resync';

export const useCatalogueStore = defineStore('catalogue', () => {
  const entries = shallowRef<CatalogueEntryView[]>([]);
  let offs: (() => void)[] = [];

  const byUpperName = computed(() => new Map(entries.value.map((e) => [e.name.toUpperCase(), e])));

  /** Entries whose name extends what was typed; exact match first. Empty once parameters are typed. */
  function suggest(input: string, max = 8): CatalogueEntryView[] {
    const q = input.trim().toUpperCase();
    if (q.length < 2 || !q.startsWith('A')) return [];
    const hits = entries.value.filter((e) => e.name.toUpperCase().startsWith(q));
    hits.sort((a, b) => Number(a.name.toUpperCase() !== q) - Number(b.name.toUpperCase() !== q) || a.name.localeCompare(b.name));
    return hits.slice(0, max);
  }

  /** The most specific entry a full command line belongs to (AT+COPS=? -> AT+COPS). */
  function entryFor(line: string): CatalogueEntryView | null {
    const u = line.trim().toUpperCase();
    let best: CatalogueEntryView | null = null;
    for (const e of entries.value) {
      const n = e.name.toUpperCase();
      if (!u.startsWith(n)) continue;
      const rest = u.slice(n.length);
      // ATI must not claim ATI... only when the name ends at a parameter boundary.
      if (rest !== '' && !/^[=?]/.test(rest) && !/^\d/.test(rest)) continue;
      if (!best || n.length > best.name.length) best = e;
    }
    return best ?? byUpperName.value.get(u) ?? null;
  }

  function start(): Promise<void> {
    const { client, connection } = useApi();
    return new Promise((resolve) => {
      offs.push(
        loadAndResync(connection, async () => {
          try {
            entries.value = (await client.invoke('catalogue.list', {})).entries;
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

  return { entries, suggest, entryFor, start, stop };
});
