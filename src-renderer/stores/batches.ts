/**
 * Batch runs: the editor's file and its validation, starting a run, the live
 * run's progress and results matrix (from 'batch.progress' / 'batch.results'),
 * a past run opened into the same matrix; run history, export and comparison
 * are batch-history.ts.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import {
  type BatchValidationView,
  type ModemProgressView,
  type RunProgressView,
  type RunTranscriptEntryView,
  type RunView,
  type StepResultView,
} from '../../src-preload/contract';
import { useApi } from '../api';
import { loadAndResync } from '../api/resync';
import { type BatchTab, type ExportFormat, message, useRunHistory } from './batch-history';
import { useBenchStore } from './bench';
import { useUiStore } from './ui';

export interface BatchExample {
  name: string;
  file: string;
  text: string;
}

export type { BatchTab, ExportFormat };

const VALIDATE_DEBOUNCE_MS = 250;
const cellKey = (modemKey: string, seq: number) => `${modemKey}\u0000${seq}`;

export const useBatchesStore = defineStore('batches', () => {
  const tab = ref<BatchTab>('editor');

  // ---- editor -------------------------------------------------------------
  const schema = shallowRef<unknown>(null);
  const examples = shallowRef<BatchExample[]>([]);
  const text = ref('');
  const fileName = ref('batch.yaml');
  const validation = shallowRef<BatchValidationView | null>(null);
  const validating = ref(false);
  /** The editor asks to put its cursor at this line/column (a clicked problem). */
  const cursorRequest = ref<{ line: number; column: number; n: number } | null>(null);
  let validateTimer: ReturnType<typeof setTimeout> | null = null;
  let validateSeq = 0;

  // ---- start ----------------------------------------------------------------
  const target = ref<'file' | 'selection'>('file');
  const parallel = ref<number | null>(null);
  const starting = ref(false);
  const startError = ref<string | null>(null);

  // ---- the open run (live or past) -----------------------------------------
  const run = shallowRef<RunView | null>(null);
  const openRunId = ref<number | null>(null);
  /** Results by modem and step seq. A plain Map behind a shallowRef: one trigger per batch of results. */
  const results = shallowRef(new Map<string, StepResultView>());
  const progress = shallowRef(new Map<string, ModemProgressView>());
  const overall = shallowRef<RunProgressView['overall'] | null>(null);
  const overallAt = ref(0);
  const paused = ref(false);
  const controlBusy = ref(false);
  /** A resume of the open (interrupted) run is on its way; what it said about modems not on the bench. */
  const continuing = ref(false);
  const continueNote = ref<string | null>(null);
  const runError = ref<string | null>(null);
  const cell = ref<{ modemKey: string; seq: number } | null>(null);
  const transcript = shallowRef<{ modemKey: string; entries: RunTranscriptEntryView[] } | null>(null);
  const transcriptLoading = ref(false);

  // ---- history and comparison (batch-history.ts) ------------------------------
  const history = useRunHistory({ tab, openRunId, runError, close });
  const { loadRuns } = history;

  let offs: (() => void)[] = [];
  /** Runs this app saw finish. */
  const finished = new Set<number>();

  const isLive = computed(() => !!run.value && run.value.status === 'running');
  /** An interrupted or cancelled run picks up where it stopped (runs.resume); a finished or failed one does not. */
  const canContinue = computed(() => !!run.value && (run.value.status === 'interrupted' || run.value.status === 'cancelled'));
  const selectedCell = computed(() => (cell.value ? (results.value.get(cellKey(cell.value.modemKey, cell.value.seq)) ?? null) : null));

  /** Counts from the results matrix; the server's overall figures when they are newer. */
  const counts = computed(() => {
    const r = run.value;
    const o = overall.value;
    if (o && r?.status === 'running') return o;
    const c = { total: (r?.steps.length ?? 0) * (r?.modems.length ?? 0), done: 0, passed: 0, failed: 0, errors: 0, skipped: 0, modemsDone: 0, modems: r?.modems.length ?? 0, elapsedMs: r ? (r.endedAt ?? Date.now()) - r.startedAt : 0, etaMs: null as number | null };
    for (const x of results.value.values()) {
      c.done++;
      if (x.status === 'pass') c.passed++;
      else if (x.status === 'fail') c.failed++;
      else if (x.status === 'error') c.errors++;
      else c.skipped++;
    }
    c.modemsDone = r?.modems.filter((m) => m.status !== 'pending' && m.status !== 'running').length ?? 0;
    if (o && o.total > c.total) c.total = o.total;
    return c;
  });

  // ---- editor -------------------------------------------------------------

  function setText(t: string): void {
    text.value = t;
    scheduleValidate();
  }

  function scheduleValidate(): void {
    if (validateTimer) clearTimeout(validateTimer);
    validateTimer = setTimeout(() => void validate(), VALIDATE_DEBOUNCE_MS);
  }

  async function validate(): Promise<void> {
    validateTimer = null;
    const seq = ++validateSeq;
    if (!text.value.trim()) {
      validation.value = { ok: false, problems: [{ file: fileName.value, line: 1, column: 1, path: '', message: 'the file is empty', expected: 'a batch file with steps' }], steps: [], selected: 0 };
      return;
    }
    validating.value = true;
    try {
      const v = await useApi().client.invoke('batch.validate', { text: text.value, name: fileName.value });
      if (seq === validateSeq) validation.value = v;
    } catch (err) {
      if (seq === validateSeq) validation.value = { ok: false, problems: [{ file: fileName.value, line: 1, column: 1, path: '', message: message(err), expected: null }], steps: [], selected: 0 };
    } finally {
      if (seq === validateSeq) validating.value = false;
    }
  }

  function loadExample(file: string): void {
    const ex = examples.value.find((e) => e.file === file);
    if (!ex) return;
    fileName.value = ex.file;
    setText(ex.text);
    tab.value = 'editor';
  }

  function goTo(line: number, column: number): void {
    cursorRequest.value = { line, column, n: (cursorRequest.value?.n ?? 0) + 1 };
  }

  // ---- start and control ----------------------------------------------------

  async function startRun(): Promise<void> {
    if (starting.value) return;
    const bench = useBenchStore();
    const ids = bench.selectedModems.map((m) => m.id);
    if (target.value === 'selection' && ids.length === 0) {
      startError.value = 'No modems selected on the Bench.';
      return;
    }
    starting.value = true;
    startError.value = null;
    try {
      const r = await useApi().client.invoke('batch.start', {
        text: text.value,
        name: fileName.value,
        ...(target.value === 'selection' ? { modemIds: ids } : {}),
        ...(parallel.value ? { parallel: parallel.value } : {}),
      });
      await open(r.runId);
      tab.value = 'run';
      void loadRuns();
    } catch (err) {
      startError.value = message(err);
    } finally {
      starting.value = false;
    }
  }

  async function control(action: 'pause' | 'resume' | 'cancel'): Promise<void> {
    const id = openRunId.value;
    if (id == null || controlBusy.value) return;
    controlBusy.value = true;
    try {
      await useApi().client.invoke('batch.control', { runId: id, action });
      if (action !== 'cancel') paused.value = action === 'pause';
    } catch (err) {
      runError.value = message(err);
    } finally {
      controlBusy.value = false;
    }
  }

  /** Continues the open interrupted run (its steps not done, on its modems on the bench now). */
  async function continueRun(): Promise<void> {
    const id = openRunId.value;
    if (id == null || continuing.value) return;
    continuing.value = true;
    continueNote.value = null;
    runError.value = null;
    try {
      const r = await useApi().client.invoke('runs.resume', { runId: id });
      // Live again: its events count again.
      finished.delete(id);
      if (r.missing.length) continueNote.value = `Resumed on ${r.modems} modem${r.modems === 1 ? '' : 's'}. Not on the bench now, their steps stay undone: ${r.missing.join(', ')}`;
      await open(id);
      void loadRuns();
    } catch (err) {
      runError.value = message(err);
    } finally {
      continuing.value = false;
    }
  }

  // ---- the open run -----------------------------------------------------------

  function mergeResults(list: readonly StepResultView[]): void {
    const map = results.value;
    for (const r of list) map.set(cellKey(r.modemKey, r.seq), r);
    triggerRef(results);
  }

  async function open(runId: number): Promise<void> {
    if (openRunId.value !== runId) {
      continueNote.value = null;
      results.value = new Map();
      progress.value = new Map();
      overall.value = null;
      cell.value = null;
      transcript.value = null;
      run.value = null;
    }
    openRunId.value = runId;
    runError.value = null;
    try {
      const r = await useApi().client.invoke('runs.get', { runId });
      if (openRunId.value !== runId) return;
      run.value = r;
      paused.value = r.paused;
      if (r.status !== 'running') {
        // A finished run: the stored modem statuses and results are the truth; drop the live figures.
        progress.value = new Map();
        overall.value = null;
      }
      mergeResults(r.results);
    } catch (err) {
      runError.value = message(err);
    }
  }

  function close(): void {
    openRunId.value = null;
    run.value = null;
    results.value = new Map();
    progress.value = new Map();
    overall.value = null;
    cell.value = null;
    transcript.value = null;
  }

  function resultAt(modemKey: string, seq: number): StepResultView | undefined {
    return results.value.get(cellKey(modemKey, seq));
  }

  async function selectCell(modemKey: string, seq: number): Promise<void> {
    cell.value = { modemKey, seq };
    const id = openRunId.value;
    if (id == null || transcript.value?.modemKey === modemKey) return;
    transcriptLoading.value = true;
    try {
      const t = await useApi().client.invoke('runs.transcript', { runId: id, modemKey });
      if (cell.value?.modemKey === modemKey) transcript.value = { modemKey, entries: t.entries };
    } catch (err) {
      transcript.value = { modemKey, entries: [{ at: Date.now(), dir: 'note', text: message(err) }] };
    } finally {
      transcriptLoading.value = false;
    }
  }

  function closeCell(): void {
    cell.value = null;
  }

  // ---- lifecycle ----------------------------------------------------------------

  function start(): Promise<void> {
    const { client, connection } = useApi();
    offs.push(
      // Desktop: a .mbatch.yaml opened from the file manager (or by a second launch) lands in the editor.
      client.on('app.openFile', (f) => {
        fileName.value = f.name;
        setText(f.text);
        tab.value = 'editor';
        useUiStore().go('batches');
      }),
      client.on('batch.progress', (e) => {
        // Progress coalesced before the end can arrive after it: a finished run takes no more.
        if (e.runId !== openRunId.value || finished.has(e.runId)) return;
        const next = new Map(progress.value);
        next.set(e.progress.modem.key, e.progress.modem);
        progress.value = next;
        overall.value = e.progress.overall;
        overallAt.value = Date.now();
        paused.value = e.paused;
      }),
      client.on('batch.results', (e) => {
        if (e.runId === openRunId.value) mergeResults(e.results);
      }),
      client.on('batch.finished', (e) => {
        finished.add(e.runId);
        if (e.runId === openRunId.value) {
          progress.value = new Map();
          overall.value = null;
        }
        void loadRuns();
        if (e.runId === openRunId.value) void open(e.runId);
      }),
    );
    const loads = (async () => {
      const [s, ex] = await Promise.allSettled([client.invoke('batch.schema', {}), client.invoke('batch.examples', {})]);
      if (s.status === 'fulfilled') schema.value = s.value.schema;
      if (ex.status === 'fulfilled') {
        examples.value = ex.value.examples;
        if (!text.value && ex.value.examples[0]) loadExample(ex.value.examples.find((e) => e.file.startsWith('identity'))?.file ?? ex.value.examples[0].file);
      }
    })();
    return new Promise((resolve) => {
      offs.push(
        loadAndResync(connection, async () => {
          await Promise.allSettled([loads, loadRuns()]);
          if (openRunId.value != null) await open(openRunId.value);
          resolve();
        }),
      );
    });
  }

  function stop(): void {
    for (const off of offs) off();
    offs = [];
    if (validateTimer) clearTimeout(validateTimer);
    validateTimer = null;
  }

  return {
    tab,
    schema,
    examples,
    text,
    fileName,
    validation,
    validating,
    cursorRequest,
    target,
    parallel,
    starting,
    startError,
    run,
    openRunId,
    results,
    progress,
    overall,
    overallAt,
    paused,
    controlBusy,
    continuing,
    continueNote,
    canContinue,
    runError,
    cell,
    transcript,
    transcriptLoading,
    ...history,
    isLive,
    selectedCell,
    counts,
    setText,
    validate,
    loadExample,
    goTo,
    startRun,
    control,
    continueRun,
    open,
    close,
    resultAt,
    selectCell,
    closeCell,
    start,
    stop,
  };
});
