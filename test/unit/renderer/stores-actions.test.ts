/** Actions that span stores (toolbar, palette, shortcuts): each goes to its view with the right state. */
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useActions } from '../../../src-renderer/stores/actions';
import { useBatchesStore } from '../../../src-renderer/stores/batches';
import { useBenchStore } from '../../../src-renderer/stores/bench';
import { useBroadcastStore } from '../../../src-renderer/stores/broadcast';
import { useConsolesStore } from '../../../src-renderer/stores/consoles';
import { useModemDetailStore } from '../../../src-renderer/stores/modem-detail';
import { useUiStore } from '../../../src-renderer/stores/ui';
import { apiError, benchStatus, fakeApi, modemView } from '../../helpers/renderer-api';

describe('actions', () => {
  let logsRefused = false;
  beforeEach(async () => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
    logsRefused = false;
    fakeApi({
      'bench.list': () => ({ modems: [modemView('a', { label: 'sim0' }), modemView('b', { label: 'sim1' })], status: benchStatus(2, 2) }),
      'console.subscribe': ({ modemIds }) => ({ modems: modemIds.length }),
      'modem.transcript': () => ({ entries: [] }),
      'console.logFile': () => ({ path: null }),
      'modem.timeline': () => ({ events: [] }),
      'logs.reveal': () => {
        if (logsRefused) throw apiError('internal', 'no file manager');
        return { path: '/l/m.log', opened: true };
      },
    });
    await useBenchStore().start();
  });
  afterEach(() => {
    useBenchStore().stop();
    vi.useRealTimers();
  });

  it('opens consoles and broadcasts for the selection, and nothing without one', () => {
    const act = useActions();
    const ui = useUiStore();
    act.openConsoles();
    expect(ui.view).toBe('bench');
    expect(useConsolesStore().tabs).toEqual([]);
    useBenchStore().select(['a', 'b']);
    act.openConsoles();
    expect(ui.view).toBe('consoles');
    expect(useConsolesStore().panes).toEqual(['a', 'b']);
    act.broadcastTo();
    expect(ui.view).toBe('broadcast');
    expect(useBroadcastStore().targets).toEqual(['a', 'b']);
  });

  it('opens the modem page beside the bench, and the batch editor on the selection or the file', () => {
    const act = useActions();
    const ui = useUiStore();
    const batches = useBatchesStore();
    ui.go('logs');
    act.openModem('b');
    expect(useModemDetailStore().openId).toBe('b');
    expect(ui.view).toBe('bench');
    act.batchForSelection();
    expect([batches.target, batches.tab, ui.view]).toEqual(['file', 'editor', 'batches']);
    useBenchStore().select(['a']);
    act.batchForSelection();
    expect(batches.target).toBe('selection');
    act.openBatchTab('history');
    expect(batches.tab).toBe('history');
  });

  it('splits the consoles, clears the focused one, and reveals the log file (null when refused)', async () => {
    const act = useActions();
    const consoles = useConsolesStore();
    consoles.open(['a']);
    act.split(2);
    expect(consoles.split).toBe(2);
    expect(useUiStore().view).toBe('consoles');
    const buf = consoles.buffers.get('a')!;
    buf.entries.push({ seq: 1, at: 1, kind: 'rx', text: 'OK' });
    act.clearFocusedConsole();
    expect(buf.entries).toHaveLength(0);
    expect(await act.revealLogs()).toEqual({ path: '/l/m.log', opened: true });
    logsRefused = true;
    expect(await act.revealLogs()).toBeNull();
  });
});
