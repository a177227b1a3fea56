/**
 * The command palette (Ctrl+K): every action and every modem, found by
 * IMEI tail, model, port, label or tag.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { COLUMNS, haystack, portShort } from '../lib/columns';
import { imeiTail } from '../lib/format';
import { useActions } from './actions';
import { useBatchesStore } from './batches';
import { useBenchStore } from './bench';
import { useMetricsStore } from './metrics';
import { useConsolesStore } from './consoles';
import { useModemDetailStore } from './modem-detail';
import { LADDER_STEPS } from '../lib/health';
import { RAIL, useUiStore } from './ui';

export interface PaletteItem {
  id: string;
  group: 'Go to' | 'Action' | 'Modem' | 'Columns';
  title: string;
  detail?: string;
  shortcut?: string;
  disabled?: boolean;
  keywords: string;
  run: () => void;
}

const MAX_SHOWN = 60;

export const usePaletteStore = defineStore('palette', () => {
  const isOpen = ref(false);
  const query = ref('');
  const active = ref(0);

  const ui = useUiStore();
  const bench = useBenchStore();
  const consoles = useConsolesStore();
  const actions = useActions();
  const detail = useModemDetailStore();
  const batches = useBatchesStore();
  const metrics = useMetricsStore();

  /** Ladder steps, revive and console for the modem whose page is open. */
  const pageItems = computed<PaletteItem[]>(() => {
    const id = detail.openId;
    const m = id ? bench.modems.get(id) : undefined;
    if (!id || !m) return [];
    const busy = !!detail.running[id];
    return [
      ...LADDER_STEPS.map((s) => ({
        id: `page.${s.step}`,
        group: 'Action' as const,
        title: `${m.label}: ${s.label}…`,
        detail: s.summary,
        disabled: busy,
        keywords: `ladder recover recovery step ${s.step} ${s.label} ${m.label}`,
        run: () => {
          ui.go('bench');
          detail.ask(s.step);
        },
      })),
      { id: 'page.revive', group: 'Action', title: `${m.label}: Revive…`, detail: m.state === 'failed' ? 'back into service' : 'only a failed modem', disabled: busy || m.state !== 'failed', keywords: `revive failed recover ${m.label}`, run: () => detail.ask('revive') },
      { id: 'page.console', group: 'Action', title: `${m.label}: Open console`, keywords: `console terminal ${m.label}`, run: () => actions.openConsoles([id]) },
      { id: 'page.close', group: 'Action', title: 'Close modem page', shortcut: 'Esc', keywords: 'close modem page panel', run: () => detail.close() },
    ];
  });

  const actionItems = computed<PaletteItem[]>(() => {
    const n = bench.selectedModems.length;
    const sel = n === 1 ? '1 selected modem' : `${n} selected modems`;
    const items: PaletteItem[] = [
      ...RAIL.map((r) => ({ id: `go.${r.view}`, group: 'Go to' as const, title: r.label, shortcut: `Ctrl+${r.key}`, keywords: `go view ${r.label}`, run: () => ui.go(r.view) })),
      { id: 'act.consoles', group: 'Action', title: 'Open consoles for selection', detail: sel, disabled: n === 0, keywords: 'open console terminal selection', run: () => actions.openConsoles() },
      {
        id: 'act.page',
        group: 'Action',
        title: 'Open modem page',
        detail: n === 1 ? bench.selectedModems[0]!.label : n === 0 ? 'select a modem' : 'select one modem',
        shortcut: 'Enter',
        disabled: n !== 1,
        keywords: 'modem page details health timeline',
        run: () => actions.openModem(bench.selectedModems[0]!.id),
      },
      ...pageItems.value,
      { id: 'act.broadcast', group: 'Action', title: 'Broadcast a command to selection', detail: sel, disabled: n === 0, keywords: 'broadcast send all selection', run: () => actions.broadcastTo() },
      { id: 'act.batchSel', group: 'Action', title: 'Run a batch on selection…', detail: sel, disabled: n === 0, keywords: 'batch run start selection steps', run: () => actions.batchForSelection() },
      ...batches.examples.map((ex) => ({ id: `batch.ex.${ex.file}`, group: 'Action' as const, title: `Batch: load example ${ex.file}`, keywords: `batch example load ${ex.name}`, run: () => { batches.loadExample(ex.file); ui.go('batches'); } })),
      { id: 'batch.history', group: 'Action', title: 'Batch run history', keywords: 'batch runs history past export', run: () => actions.openBatchTab('history') },
      { id: 'batch.compare', group: 'Action', title: 'Compare two batch runs', keywords: 'batch runs compare diff', run: () => actions.openBatchTab('compare') },
      ...(batches.isLive
        ? [
            { id: 'batch.pause', group: 'Action' as const, title: batches.paused ? 'Resume batch run' : 'Pause batch run', keywords: 'batch run pause resume', run: () => void batches.control(batches.paused ? 'resume' : 'pause') },
            { id: 'batch.cancel', group: 'Action' as const, title: 'Cancel batch run', keywords: 'batch run cancel stop abort', run: () => void batches.control('cancel') },
          ]
        : []),
      ...[1, 5, 15].map((m) => ({ id: `perf.win${m}`, group: 'Action' as const, title: `Performance: last ${m} min`, keywords: `performance metrics charts window ${m} min`, run: () => { metrics.setWindow(m * 60_000); ui.go('performance'); } })),
      { id: 'act.selectAll', group: 'Action', title: 'Select all modems', shortcut: 'Ctrl+A', keywords: 'select all', run: () => { bench.selectAll(); ui.go('bench'); } },
      { id: 'act.clearSel', group: 'Action', title: 'Clear selection', keywords: 'deselect clear selection none', run: () => bench.clearSelection() },
      { id: 'act.simStart', group: 'Action', title: `Start simulated bench (${bench.sim.lastCount} modems)`, keywords: 'simulated simulator start bench sim', run: () => void bench.startSimulated(bench.sim.lastCount) },
      { id: 'act.simStop', group: 'Action', title: 'Stop simulated bench', keywords: 'simulated simulator stop bench sim', run: () => void bench.stopSimulated() },
      { id: 'act.clear', group: 'Action', title: 'Clear console view', shortcut: 'Ctrl+L', disabled: !consoles.focusedModem, keywords: 'clear console transcript', run: () => actions.clearFocusedConsole() },
      { id: 'act.hex', group: 'Action', title: 'Toggle raw / hex in console', disabled: !consoles.focusedModem, keywords: 'hex raw bytes console', run: () => consoles.focusedModem && consoles.toggleHex(consoles.focusedModem) },
      ...([1, 2, 4] as const).map((k) => ({ id: `act.split${k}`, group: 'Action' as const, title: `Consoles: ${k === 1 ? 'single pane' : `split in ${k}`}`, keywords: `split panes layout ${k}`, run: () => actions.split(k) })),
      ...(['system', 'light', 'dark'] as const).map((t) => ({ id: `act.theme.${t}`, group: 'Action' as const, title: `Theme: ${t}`, keywords: `theme appearance colour ${t}`, run: () => actions.setTheme(t) })),
      { id: 'act.logs', group: 'Action', title: 'Reveal log file', keywords: 'logs reveal open file folder', run: () => void actions.revealLogs() },
      ...COLUMNS.map((c) => ({
        id: `col.${c.key}`,
        group: 'Columns' as const,
        title: `${bench.hidden.includes(c.key) ? 'Show' : 'Hide'} column: ${c.label}`,
        keywords: `column show hide ${c.label}`,
        run: () => bench.toggleColumn(c.key),
      })),
    ];
    return items;
  });

  const modemItems = computed<PaletteItem[]>(() =>
    bench.rows.map((m) => ({
      id: `modem.${m.id}`,
      group: 'Modem' as const,
      title: `${m.label} · ${m.identity.model ?? 'unknown model'}${m.identity.imei ? ` · IMEI …${imeiTail(m.identity.imei, 6)}` : ''}`,
      detail: `${m.state}${m.health ? ` · ${m.health.state}` : ''} · ${m.ports.map((p) => portShort(p.path)).join(' ')}`,
      keywords: haystack(m),
      run: () => actions.openModem(m.id),
    })),
  );

  const results = computed<PaletteItem[]>(() => {
    const tokens = query.value.toLowerCase().split(/\s+/).filter(Boolean);
    const all = [...actionItems.value, ...modemItems.value];
    if (tokens.length === 0) return all.filter((i) => i.group !== 'Columns').slice(0, MAX_SHOWN);
    const scored: { item: PaletteItem; score: number }[] = [];
    for (const item of all) {
      const title = item.title.toLowerCase();
      const hay = `${title} ${item.keywords}`;
      if (!tokens.every((t) => hay.includes(t))) continue;
      const score = (title.startsWith(tokens[0]!) ? 0 : 1) + (tokens.every((t) => title.includes(t)) ? 0 : 2) + (item.disabled ? 4 : 0);
      scored.push({ item, score });
    }
    scored.sort((a, b) => a.score - b.score);
    return scored.slice(0, MAX_SHOWN).map((s) => s.item);
  });

  function open(): void {
    query.value = '';
    active.value = 0;
    isOpen.value = true;
  }
  function close(): void {
    isOpen.value = false;
  }
  function move(delta: number): void {
    const n = results.value.length;
    if (n === 0) return;
    active.value = (active.value + delta + n) % n;
  }
  function runActive(index = active.value): void {
    const item = results.value[index];
    if (!item || item.disabled) return;
    close();
    item.run();
  }
  function setQuery(q: string): void {
    query.value = q;
    active.value = 0;
  }

  function start(): Promise<void> {
    return Promise.resolve();
  }
  function stop(): void {}

  return { isOpen, query, active, results, open, close, move, runActive, setQuery, start, stop };
});
