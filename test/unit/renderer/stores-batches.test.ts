/** The batches store: the editor's validation, starting a run, the open run's live matrix and its end. */
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BatchValidationView, RunView } from '../../../src-preload/contract';
import { useBatchesStore } from '../../../src-renderer/stores/batches';
import { useBenchStore } from '../../../src-renderer/stores/bench';
import { useUiStore } from '../../../src-renderer/stores/ui';
import { apiError, benchStatus, deferred, fakeApi, modemView, type Handlers } from '../../helpers/renderer-api';
import { progressOf, runView, stepResult } from '../../helpers/renderer-runs';

const valid = (selected: number): BatchValidationView => ({ ok: true, problems: [], steps: [{ id: '1', name: 's1', kind: 'send' }], selected });

function batchApi(over: Handlers = {}) {
  const runs = new Map<number, RunView>();
  const api = fakeApi({
    'batch.schema': () => ({ schema: { title: 'batch' } }),
    'batch.examples': () => ({
      examples: [
        { name: 'a-first', file: 'a-first.yaml', text: 'name: a' },
        { name: 'identity-inventory', file: 'identity-inventory.yaml', text: 'name: identity' },
      ],
    }),
    'batch.validate': ({ text }) => valid(text.length),
    'runs.list': () => ({ runs: [] }),
    'runs.get': ({ runId }) => {
      const r = runs.get(runId);
      if (!r) throw apiError('invalid-input', `No run ${runId} in the run history`);
      return r;
    },
    'batch.start': () => ({ runId: 7 }),
    'batch.control': ({ action }) => ({ state: action === 'pause' ? 'paused' : 'running' }),
    'bench.list': () => ({ modems: [modemView('A'), modemView('B')], status: benchStatus(2, 2) }),
    ...over,
  });
  return { api, runs };
}

describe('batches store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
  });
  afterEach(() => {
    useBatchesStore().stop();
    vi.useRealTimers();
  });

  it('starts with the schema, the examples and the identity example in the editor', async () => {
    batchApi();
    const b = useBatchesStore();
    await b.start();
    expect(b.schema).toEqual({ title: 'batch' });
    expect(b.examples.map((e) => e.file)).toEqual(['a-first.yaml', 'identity-inventory.yaml']);
    expect(b.fileName).toBe('identity-inventory.yaml');
    expect(b.text).toBe('name: identity');
  });

  it('validates 250 ms after the last edit; an older answer never replaces a newer one; empty text is refused here', async () => {
    const first = deferred<BatchValidationView>();
    const { api } = batchApi({ 'batch.validate': ({ text }) => (text === 'slow' ? first.promise : valid(text.length)) });
    const b = useBatchesStore();
    b.setText('x');
    await vi.advanceTimersByTimeAsync(200);
    b.setText('slow');
    await vi.advanceTimersByTimeAsync(249);
    expect(api.inputs('batch.validate')).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(api.inputs('batch.validate').map((x) => x.text)).toEqual(['slow']);
    expect(b.validating).toBe(true);
    b.setText('newer');
    await vi.advanceTimersByTimeAsync(250);
    expect(b.validation?.selected).toBe(5);
    first.resolve(valid(99));
    await vi.advanceTimersByTimeAsync(0);
    expect(b.validation?.selected).toBe(5);
    expect(b.validating).toBe(false);

    b.setText('   ');
    await vi.advanceTimersByTimeAsync(250);
    expect(api.inputs('batch.validate')).toHaveLength(2);
    expect(b.validation).toMatchObject({ ok: false, problems: [{ line: 1, message: 'the file is empty' }] });
  });

  it('runs on the bench selection only when asked to, and refuses an empty selection without a call', async () => {
    const { api, runs } = batchApi();
    runs.set(7, runView(7, ['A'], 2));
    const bench = useBenchStore();
    await bench.start();
    const b = useBatchesStore();
    b.setText('name: t');
    b.target = 'selection';
    await b.startRun();
    expect(b.startError).toBe('No modems selected on the Bench.');
    expect(api.inputs('batch.start')).toEqual([]);

    bench.select(['B']);
    b.parallel = 4;
    await b.startRun();
    expect(api.inputs('batch.start')).toEqual([{ text: 'name: t', name: 'batch.yaml', modemIds: ['B'], parallel: 4 }]);
    expect(b.openRunId).toBe(7);
    expect(b.tab).toBe('run');
    expect(b.run?.id).toBe(7);

    b.target = 'file';
    b.parallel = null;
    await b.startRun();
    expect(api.inputs('batch.start')[1]).toEqual({ text: 'name: t', name: 'batch.yaml' });
    bench.stop();
  });

  it('shows why a run could not start', async () => {
    batchApi({
      'batch.start': () => {
        throw apiError('invalid-input', 'The batch file selects no modem on this bench');
      },
    });
    const b = useBatchesStore();
    await b.startRun();
    expect(b.startError).toBe('invalid-input: The batch file selects no modem on this bench');
    expect(b.starting).toBe(false);
  });

  it('fills the open run from its events, ignores other runs, and takes nothing after it finished', async () => {
    const { api, runs } = batchApi();
    runs.set(7, runView(7, ['A', 'B'], 2));
    const b = useBatchesStore();
    await b.start();
    await b.open(7);
    api.emit('batch.results', { runId: 7, results: [stepResult('A', 0), stepResult('B', 0, 'fail')] });
    api.emit('batch.results', { runId: 8, results: [stepResult('A', 1)] });
    expect(b.resultAt('A', 0)?.status).toBe('pass');
    expect(b.resultAt('B', 0)?.status).toBe('fail');
    expect(b.resultAt('A', 1)).toBeUndefined();

    api.emit('batch.progress', { runId: 7, paused: true, progress: progressOf('A', 1, 4) });
    expect(b.progress.get('A')?.done).toBe(1);
    expect(b.paused).toBe(true);
    expect(b.counts.total).toBe(4);
    api.emit('batch.progress', { runId: 9, paused: false, progress: progressOf('A', 3, 4) });
    expect(b.progress.get('A')?.done).toBe(1);

    // The end: the stored run is the truth, and late progress is dropped.
    runs.set(7, runView(7, ['A', 'B'], 2, { status: 'completed', endedAt: 5_000, live: false, results: [stepResult('A', 0), stepResult('B', 0, 'fail'), stepResult('A', 1), stepResult('B', 1, 'error')] }));
    api.emit('batch.finished', { runId: 7, status: 'completed' });
    await vi.advanceTimersByTimeAsync(0);
    expect(b.progress.size).toBe(0);
    expect(b.run?.status).toBe('completed');
    expect(b.counts).toMatchObject({ total: 4, done: 4, passed: 2, failed: 1, errors: 1, skipped: 0, elapsedMs: 4_000 });
    api.emit('batch.progress', { runId: 7, paused: false, progress: progressOf('A', 2, 4) });
    expect(b.progress.size).toBe(0);
  });

  it('pause and resume say so at once; a refused control shows its error', async () => {
    const { runs } = batchApi({
      'batch.control': ({ action }) => {
        if (action === 'cancel') throw apiError('invalid-input', 'Run 7 is not running in this app');
        return { state: action === 'pause' ? 'paused' : 'running' };
      },
    });
    runs.set(7, runView(7, ['A'], 1));
    const b = useBatchesStore();
    await b.open(7);
    await b.control('pause');
    expect(b.paused).toBe(true);
    await b.control('resume');
    expect(b.paused).toBe(false);
    await b.control('cancel');
    expect(b.runError).toBe('invalid-input: Run 7 is not running in this app');
    expect(b.controlBusy).toBe(false);
  });

  it('resumes an interrupted run: live again, its events taken again, the modems not on the bench named; a refusal shows', async () => {
    const { api, runs } = batchApi({
      'runs.resume': ({ runId }) => {
        if (runId === 8) throw apiError('store-error', 'run 8 is completed; only interrupted or cancelled runs can be resumed');
        runs.set(7, runView(7, ['A', 'B'], 2, { results: [stepResult('A', 0)] }));
        return { runId, modems: 1, missing: ['B'] };
      },
    });
    runs.set(7, runView(7, ['A', 'B'], 2, { status: 'interrupted', endedAt: 3_000, live: false, results: [stepResult('A', 0)] }));
    runs.set(8, runView(8, ['A'], 1, { status: 'completed', endedAt: 3_000, live: false }));
    const b = useBatchesStore();
    await b.start();
    // It ended once (in this window): its later events were dropped until it is resumed.
    api.emit('batch.finished', { runId: 7, status: 'interrupted' });
    await b.open(7);
    expect(b.canContinue).toBe(true);
    await b.continueRun();
    expect(api.inputs('runs.resume')).toEqual([{ runId: 7 }]);
    expect(b.run?.status).toBe('running');
    expect(b.isLive).toBe(true);
    expect(b.canContinue).toBe(false);
    expect(b.continueNote).toBe('Resumed on 1 modem. Not on the bench now, their steps stay undone: B');
    api.emit('batch.progress', { runId: 7, paused: false, progress: progressOf('A', 1, 2) });
    expect(b.progress.get('A')?.done).toBe(1);

    await b.open(8);
    expect(b.canContinue).toBe(false);
    await b.continueRun();
    expect(b.runError).toBe('store-error: run 8 is completed; only interrupted or cancelled runs can be resumed');
    expect(b.continuing).toBe(false);
  });

  it('a cell loads its modem transcript once; a failed load shows as a note', async () => {
    let fail = false;
    const { api, runs } = batchApi({
      'runs.transcript': ({ modemKey }) => {
        if (fail) throw apiError('invalid-input', 'No run 7');
        return { entries: [{ at: 1, dir: 'tx', text: `AT ${modemKey}` }] };
      },
    });
    runs.set(7, runView(7, ['A', 'B'], 2));
    const b = useBatchesStore();
    await b.open(7);
    await b.selectCell('A', 0);
    await b.selectCell('A', 1);
    expect(api.inputs('runs.transcript')).toEqual([{ runId: 7, modemKey: 'A' }]);
    expect(b.transcript?.entries[0]?.text).toBe('AT A');
    fail = true;
    await b.selectCell('B', 0);
    expect(b.transcript).toMatchObject({ modemKey: 'B', entries: [{ dir: 'note', text: 'invalid-input: No run 7' }] });
  });

  it('a file opened from the desktop lands in the editor and shows the batches view', async () => {
    const { api } = batchApi();
    const b = useBatchesStore();
    await b.start();
    b.tab = 'history';
    api.emit('app.openFile', { name: 'x.mbatch.yaml', path: '/tmp/x.mbatch.yaml', text: 'name: x' });
    expect(b.fileName).toBe('x.mbatch.yaml');
    expect(b.text).toBe('name: x');
    expect(b.tab).toBe('editor');
    expect(useUiStore().view).toBe('batches');
  });
});
