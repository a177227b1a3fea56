/**
 * Run history and comparison for the batches store: the list of past runs,
 * export, delete, and the A/B comparison. Called once inside the store's
 * setup; what it returns is part of the batches store (state and actions).
 */
import type { Ref } from 'vue';
import { ref, shallowRef } from 'vue';
import { ApiError, type RunComparisonView, type RunSummaryView } from '../../src-preload/contract';
import { useApi } from '../api';
import { downloadText } from '../lib/download';

export type ExportFormat = 'json' | 'csv' | 'junit';
export type BatchTab = 'editor' | 'run' | 'history' | 'compare';

export function message(err: unknown): string {
  return err instanceof ApiError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
}

/** What the history needs of the rest of the store. */
export interface RunHistoryHost {
  tab: Ref<BatchTab>;
  openRunId: Ref<number | null>;
  runError: Ref<string | null>;
  /** Closes the open run (it was deleted). */
  close: () => void;
}

export function useRunHistory(host: RunHistoryHost) {
  const { tab, openRunId, runError, close } = host;
  const runs = shallowRef<RunSummaryView[]>([]);
  const runsError = ref<string | null>(null);
  const exporting = ref<ExportFormat | null>(null);
  const compareA = ref<number | null>(null);
  const compareB = ref<number | null>(null);
  const comparison = shallowRef<RunComparisonView | null>(null);
  const comparing = ref(false);
  const compareError = ref<string | null>(null);

  async function loadRuns(): Promise<void> {
    try {
      runs.value = (await useApi().client.invoke('runs.list', { limit: 200 })).runs;
      runsError.value = null;
    } catch (err) {
      runsError.value = message(err);
    }
  }

  async function exportRun(runId: number, format: ExportFormat): Promise<void> {
    exporting.value = format;
    try {
      const f = await useApi().client.invoke('runs.export', { runId, format });
      downloadText(f.filename, f.content, f.mime);
    } catch (err) {
      runError.value = message(err);
    } finally {
      exporting.value = null;
    }
  }

  async function deleteRuns(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    let refused: string | null = null;
    try {
      await useApi().client.invoke('runs.delete', { runIds: ids });
      if (openRunId.value != null && ids.includes(openRunId.value)) close();
      if (compareA.value != null && ids.includes(compareA.value)) compareA.value = null;
      if (compareB.value != null && ids.includes(compareB.value)) compareB.value = null;
    } catch (err) {
      refused = message(err);
    }
    await loadRuns();
    // The reload clears the list's error: why the delete was refused must outlast it.
    if (refused) runsError.value = refused;
  }

  async function compare(a = compareA.value, b = compareB.value): Promise<void> {
    if (a == null || b == null) return;
    compareA.value = a;
    compareB.value = b;
    comparing.value = true;
    compareError.value = null;
    tab.value = 'compare';
    try {
      comparison.value = await useApi().client.invoke('runs.compare', { a, b });
    } catch (err) {
      compareError.value = message(err);
      comparison.value = null;
    } finally {
      comparing.value = false;
    }
  }
  return { runs, runsError, exporting, compareA, compareB, comparison, comparing, compareError, loadRuns, exportRun, deleteRuns, compare };
}
