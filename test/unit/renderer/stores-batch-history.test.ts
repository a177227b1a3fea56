/** The run history of the batches store (batch-history.ts): list, delete, compare, export errors. */
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunComparisonView, RunSummaryView } from '../../../src-preload/contract';
import { useBatchesStore } from '../../../src-renderer/stores/batches';
import { apiError, fakeApi } from '../../helpers/renderer-api';
import { runSummary, runView } from '../../helpers/renderer-runs';

const comparison = (a: number, b: number): RunComparisonView => ({
  a: { label: `run${a}`, runId: a, modems: 1 },
  b: { label: `run${b}`, runId: b, modems: 1 },
  steps: [],
  changed: [],
  byFirmware: { a: [], b: [] },
});

/** A history of runs 1..3 the handlers keep; runs.delete refuses run 3 (still running). */
function historyApi() {
  let stored: RunSummaryView[] = [runSummary(1), runSummary(2), runSummary(3, { status: 'running' })];
  const api = fakeApi({
    'runs.list': () => ({ runs: stored }),
    'runs.get': ({ runId }) => runView(runId, ['A'], 1, { status: 'completed', live: false }),
    'runs.delete': ({ runIds }) => {
      if (runIds.includes(3)) throw apiError('invalid-input', 'Cancel run 3 before deleting it');
      stored = stored.filter((r) => !runIds.includes(r.id));
      return { deleted: runIds.length };
    },
    'runs.compare': ({ a, b }) => {
      if (a === b) throw apiError('invalid-input', 'the same run twice');
      return comparison(a, b);
    },
    'runs.export': () => {
      throw apiError('invalid-input', 'No run 9 in the run history');
    },
  });
  return api;
}

describe('batches store: run history', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
  });
  afterEach(() => {
    useBatchesStore().stop();
    vi.useRealTimers();
  });

  it('lists the runs; deleting the open run closes it and clears it from the comparison', async () => {
    const api = historyApi();
    const b = useBatchesStore();
    await b.loadRuns();
    expect(b.runs.map((r) => r.id)).toEqual([1, 2, 3]);
    expect(api.inputs('runs.list')).toEqual([{ limit: 200 }]);
    await b.open(2);
    b.compareA = 2;
    b.compareB = 1;
    await b.deleteRuns([2]);
    expect(b.openRunId).toBeNull();
    expect(b.run).toBeNull();
    expect(b.compareA).toBeNull();
    expect(b.compareB).toBe(1);
    expect(b.runs.map((r) => r.id)).toEqual([1, 3]);
  });

  it('a refused delete shows why and keeps the list as the server has it', async () => {
    historyApi();
    const b = useBatchesStore();
    await b.open(1);
    await b.deleteRuns([3]);
    // The reload after it must not wipe the reason (it did: the history showed nothing).
    expect(b.runsError).toBe('invalid-input: Cancel run 3 before deleting it');
    expect(b.runs.map((r) => r.id)).toEqual([1, 2, 3]);
    expect(b.openRunId).toBe(1);
  });

  it('compares two runs on the compare tab; a refused comparison says why and shows none', async () => {
    historyApi();
    const b = useBatchesStore();
    await b.compare(1, 2);
    expect(b.tab).toBe('compare');
    expect(b.comparison?.a.runId).toBe(1);
    expect([b.compareA, b.compareB]).toEqual([1, 2]);
    await b.compare(2, 2);
    expect(b.comparison).toBeNull();
    expect(b.compareError).toBe('invalid-input: the same run twice');
    expect(b.comparing).toBe(false);
  });

  it('an export that fails reports on the run and ends the busy state', async () => {
    historyApi();
    const b = useBatchesStore();
    await b.exportRun(9, 'csv');
    expect(b.runError).toBe('invalid-input: No run 9 in the run history');
    expect(b.exporting).toBeNull();
  });
});
