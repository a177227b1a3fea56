/** Actions that span stores, shared by the toolbar, the palette and the shortcuts. */
import type { Theme } from '../../src-preload/contract';
import { useApi } from '../api';
import { useBatchesStore } from './batches';
import { useBenchStore } from './bench';
import { useBroadcastStore } from './broadcast';
import { useConsolesStore, type Split } from './consoles';
import { useModemDetailStore } from './modem-detail';
import { useSettingsStore } from './settings';
import { useUiStore } from './ui';

export function useActions() {
  const ui = useUiStore();
  const bench = useBenchStore();
  const consoles = useConsolesStore();
  const broadcast = useBroadcastStore();
  const settings = useSettingsStore();
  const detail = useModemDetailStore();
  const batches = useBatchesStore();

  return {
    openConsoles(ids: string[] = bench.selectedModems.map((m) => m.id)): void {
      if (ids.length === 0) return;
      consoles.open(ids);
      ui.go('consoles');
    },
    /** The modem page: identity, health, timeline, ladder steps. It lives beside the bench table. */
    openModem(id: string): void {
      detail.open(id);
      ui.go('bench');
    },
    broadcastTo(ids: string[] = bench.selectedModems.map((m) => m.id)): void {
      if (ids.length === 0) return;
      broadcast.setTargets(ids);
      ui.go('broadcast');
    },
    /** The batch editor, set to run on the bench selection. */
    batchForSelection(): void {
      batches.target = bench.selectedModems.length ? 'selection' : 'file';
      batches.tab = 'editor';
      ui.go('batches');
    },
    openBatchTab(tab: 'editor' | 'run' | 'history' | 'compare'): void {
      batches.tab = tab;
      ui.go('batches');
    },
    clearFocusedConsole(): void {
      const id = consoles.focusedModem;
      if (id) consoles.clear(id);
    },
    split(n: Split): void {
      consoles.setSplit(n);
      ui.go('consoles');
    },
    setTheme(theme: Theme): void {
      void settings.update({ theme });
    },
    async revealLogs(): Promise<{ path: string; opened: boolean } | null> {
      try {
        return await useApi().client.invoke('logs.reveal', {});
      } catch {
        return null;
      }
    },
  };
}
