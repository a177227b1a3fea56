/**
 * The bench: every modem by id, from bench.list then 'bench.delta'. Also the
 * table's view state (filter, sort, columns, selection) because the toolbar,
 * the palette and the table all act on it.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowReactive, shallowRef } from 'vue';
import { ApiError, type ModemView } from '../../src-preload/contract';
import { useApi } from '../api';
import { loadAndResync } from '../api/resync';
import { COLUMNS, DEFAULT_HIDDEN, compareBy, filterTokens, matchesFilter, type ColumnKey } from '../lib/columns';
import { useAppStore } from './app';

const FLASH_MS = 900;

export const useBenchStore = defineStore('bench', () => {
  /** Modem objects are replaced whole on every upsert, so they stay unproxied. */
  const modems = shallowReactive(new Map<string, ModemView>());
  const flashing = shallowReactive(new Set<string>());
  const loaded = ref(false);
  const loadError = ref<string | null>(null);

  const filter = ref('');
  const sortKey = ref<ColumnKey>('label');
  const sortDir = ref<1 | -1>(1);
  const hidden = ref<ColumnKey[]>([...DEFAULT_HIDDEN]);
  const selected = shallowRef<ReadonlySet<string>>(new Set());
  const anchor = ref<string | null>(null);

  const sim = ref({ busy: false, error: null as string | null, lastCount: 16 });

  let offs: (() => void)[] = [];
  const flashTimers = new Map<string, ReturnType<typeof setTimeout>>();

  const all = computed(() => [...modems.values()]);
  // The host column appears once a remote bench's modems are on the list (issue 17).
  const hasRemote = computed(() => all.value.some((m) => m.host !== undefined));
  const visibleColumns = computed(() => COLUMNS.filter((c) => !hidden.value.includes(c.key) && (c.key !== 'host' || hasRemote.value)));
  const rows = computed(() => {
    const tokens = filterTokens(filter.value);
    const col = COLUMNS.find((c) => c.key === sortKey.value) ?? COLUMNS[0]!;
    return all.value.filter((m) => matchesFilter(m, tokens)).sort(compareBy(col, sortDir.value));
  });
  const selectedModems = computed(() => rows.value.filter((m) => selected.value.has(m.id)));
  /** Answering modems (idle or busy), as the status bar counts them when the core has not said. */
  const online = computed(() => all.value.filter((m) => m.state === 'idle' || m.state === 'busy').length);

  function flash(id: string): void {
    flashing.delete(id);
    const old = flashTimers.get(id);
    if (old) clearTimeout(old);
    // Re-adding on the next frame restarts the CSS animation.
    requestAnimationFrame(() => {
      flashing.add(id);
      flashTimers.set(
        id,
        setTimeout(() => {
          flashing.delete(id);
          flashTimers.delete(id);
        }, FLASH_MS),
      );
    });
  }

  /** Idle and busy alternate with every command: only other changes of state are news worth a flash. */
  const routine = (a: ModemView['state'], b: ModemView['state']): boolean => (a === 'idle' || a === 'busy') && (b === 'idle' || b === 'busy');

  function upsert(list: ModemView[]): void {
    for (const m of list) {
      const prev = modems.get(m.id);
      if (prev && ((prev.state !== m.state && !routine(prev.state, m.state)) || prev.health?.state !== m.health?.state || prev.health?.breaker !== m.health?.breaker)) flash(m.id);
      modems.set(m.id, m);
    }
  }

  function remove(ids: string[]): void {
    if (ids.length === 0) return;
    for (const id of ids) modems.delete(id);
    const next = new Set(selected.value);
    let changed = false;
    for (const id of ids) changed = next.delete(id) || changed;
    if (changed) selected.value = next;
  }

  async function load(): Promise<void> {
    const { client } = useApi();
    try {
      const r = await client.invoke('bench.list', {});
      const ids = new Set(r.modems.map((m) => m.id));
      remove([...modems.keys()].filter((id) => !ids.has(id)));
      upsert(r.modems);
      const app = useAppStore();
      app.setStatus(r.status);
      app.markSynced();
      loaded.value = true;
      loadError.value = null;
    } catch (err) {
      loadError.value = err instanceof Error ? err.message : String(err);
      throw err;
    }
  }

  function start(): Promise<void> {
    const { client, connection } = useApi();
    offs.push(
      client.on('bench.delta', (d) => {
        upsert(d.upserted);
        remove(d.removed);
      }),
    );
    return new Promise((resolve) => {
      offs.push(loadAndResync(connection, () => load().finally(resolve)));
    });
  }

  function stop(): void {
    for (const off of offs) off();
    offs = [];
    for (const t of flashTimers.values()) clearTimeout(t);
    flashTimers.clear();
  }

  // ---- view state -------------------------------------------------------

  function sortBy(key: ColumnKey): void {
    if (sortKey.value === key) sortDir.value = sortDir.value === 1 ? -1 : 1;
    else {
      sortKey.value = key;
      sortDir.value = 1;
    }
  }

  function toggleColumn(key: ColumnKey): void {
    hidden.value = hidden.value.includes(key) ? hidden.value.filter((k) => k !== key) : [...hidden.value, key];
  }

  /** Click semantics of a file manager: plain replaces, Ctrl/Cmd toggles, Shift extends from the anchor. */
  function clickRow(id: string, mods: { shift: boolean; toggle: boolean }): void {
    const order = rows.value.map((m) => m.id);
    if (mods.shift && anchor.value && order.includes(anchor.value)) {
      const a = order.indexOf(anchor.value);
      const b = order.indexOf(id);
      const range = order.slice(Math.min(a, b), Math.max(a, b) + 1);
      const next = mods.toggle ? new Set(selected.value) : new Set<string>();
      for (const r of range) next.add(r);
      selected.value = next;
      return;
    }
    if (mods.toggle) {
      const next = new Set(selected.value);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      selected.value = next;
    } else {
      selected.value = new Set([id]);
    }
    anchor.value = id;
  }

  function selectAll(): void {
    selected.value = new Set(rows.value.map((m) => m.id));
  }

  function clearSelection(): void {
    selected.value = new Set();
    anchor.value = null;
  }

  function select(ids: string[]): void {
    selected.value = new Set(ids);
    anchor.value = ids[0] ?? null;
  }

  // ---- lab tags -----------------------------------------------------------

  const tagging = ref(false);
  const tagError = ref<string | null>(null);

  /** Sets (replace) or adds to (add) the lab tags of these modems; true when all were saved. */
  async function setTags(ids: string[], tags: string[], mode: 'replace' | 'add'): Promise<boolean> {
    tagging.value = true;
    tagError.value = null;
    const { client } = useApi();
    const problems: string[] = [];
    for (const id of ids) {
      const m = modems.get(id);
      const next = mode === 'add' ? [...new Set([...(m?.labTags ?? []), ...tags])] : tags;
      try {
        upsert([await client.invoke('modem.setTags', { modemId: id, tags: next })]);
      } catch (err) {
        problems.push(`${m?.label ?? id}: ${err instanceof ApiError ? err.message : String(err)}`);
      }
    }
    tagging.value = false;
    tagError.value = problems.length ? problems.join('; ') : null;
    return problems.length === 0;
  }

  // ---- simulated bench ----------------------------------------------------

  async function startSimulated(count: number): Promise<void> {
    sim.value = { busy: true, error: null, lastCount: count };
    try {
      await useApi().client.invoke('bench.startSimulated', { count });
      sim.value = { ...sim.value, busy: false };
    } catch (err) {
      sim.value = { ...sim.value, busy: false, error: err instanceof ApiError ? `${err.code}: ${err.message}` : String(err) };
    }
  }

  async function stopSimulated(): Promise<void> {
    sim.value = { ...sim.value, busy: true, error: null };
    try {
      await useApi().client.invoke('bench.stopSimulated', {});
      sim.value = { ...sim.value, busy: false };
    } catch (err) {
      sim.value = { ...sim.value, busy: false, error: err instanceof ApiError ? `${err.code}: ${err.message}` : String(err) };
    }
  }

  return {
    modems,
    flashing,
    loaded,
    loadError,
    filter,
    sortKey,
    sortDir,
    hidden,
    selected,
    anchor,
    sim,
    visibleColumns,
    all,
    rows,
    selectedModems,
    online,
    start,
    stop,
    load,
    sortBy,
    toggleColumn,
    clickRow,
    selectAll,
    clearSelection,
    select,
    startSimulated,
    stopSimulated,
    tagging,
    tagError,
    setTags,
  };
});
