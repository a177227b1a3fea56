/** Which view is showing. No router: the views are few and all live in one window. */
import { defineStore } from 'pinia';
import { ref } from 'vue';

export type ViewName = 'bench' | 'consoles' | 'broadcast' | 'batches' | 'performance' | 'logs' | 'settings' | 'benches';

export interface RailItem {
  view: ViewName;
  label: string;
  /** Ctrl+<n> */
  key: number;
}

export const RAIL: readonly RailItem[] = [
  { view: 'bench', label: 'Bench', key: 1 },
  { view: 'consoles', label: 'Consoles', key: 2 },
  { view: 'batches', label: 'Batches', key: 3 },
  { view: 'performance', label: 'Performance', key: 4 },
  { view: 'logs', label: 'Logs', key: 5 },
  { view: 'settings', label: 'Settings', key: 6 },
  { view: 'benches', label: 'Benches', key: 7 },
];

export const useUiStore = defineStore('ui', () => {
  const view = ref<ViewName>('bench');
  function go(v: ViewName): void {
    view.value = v;
  }
  function start(): Promise<void> {
    return Promise.resolve();
  }
  function stop(): void {}
  return { view, go, start, stop };
});
