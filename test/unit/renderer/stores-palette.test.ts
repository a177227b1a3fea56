/** The command palette: what it lists for a query, in which order, and running an item. */
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useBenchStore } from '../../../src-renderer/stores/bench';
import { useModemDetailStore } from '../../../src-renderer/stores/modem-detail';
import { usePaletteStore } from '../../../src-renderer/stores/palette';
import { useUiStore } from '../../../src-renderer/stores/ui';
import { benchStatus, fakeApi, modemView } from '../../helpers/renderer-api';

async function benchOf(...ids: string[]) {
  fakeApi({
    'bench.list': () => ({ modems: ids.map((id, i) => modemView(id, { label: `sim${i}`, state: id === 'dead' ? 'failed' : 'idle' })), status: benchStatus(ids.length, ids.length) }),
    'modem.timeline': () => ({ events: [] }),
    'console.subscribe': () => ({ modems: 0 }),
    'modem.transcript': () => ({ entries: [] }),
    'console.logFile': () => ({ path: null }),
  });
  const bench = useBenchStore();
  await bench.start();
  return bench;
}

describe('palette store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
  });
  afterEach(() => {
    useBenchStore().stop();
    vi.useRealTimers();
  });

  it('without a query lists the views and actions (not the column toggles); every token must match', async () => {
    await benchOf('860000000000001', '860000000000002');
    const p = usePaletteStore();
    p.open();
    expect(p.results[0]?.id).toBe('go.bench');
    expect(p.results.some((i) => i.group === 'Columns')).toBe(false);
    p.setQuery('column imei');
    expect(p.results.map((i) => i.id)).toEqual(['col.imei']);
    p.setQuery('sim1');
    expect(p.results.map((i) => i.id)).toContain('modem.860000000000002');
    expect(p.results.map((i) => i.id)).not.toContain('modem.860000000000001');
  });

  it('puts titles that start with the first word first and disabled items last', async () => {
    await benchOf('860000000000001');
    const p = usePaletteStore();
    p.open();
    p.setQuery('selection');
    // Nothing is selected: the selection actions are disabled; "Clear selection" (enabled) leads.
    expect(p.results[0]?.id).toBe('act.clearSel');
    expect(p.results.slice(1).every((i) => i.disabled)).toBe(true);
    // With a selection "Run a batch on selection" is enabled, but "Batch run history" starts with the word.
    useBenchStore().select(['860000000000001']);
    p.setQuery('batch');
    const ids = p.results.map((i) => i.id);
    expect(ids.indexOf('batch.history')).toBeLessThan(ids.indexOf('act.batchSel'));
  });

  it('moves round the list and runs the active item, never a disabled one', async () => {
    const bench = await benchOf('860000000000001');
    const p = usePaletteStore();
    const ui = useUiStore();
    p.open();
    p.setQuery('open consoles for selection');
    expect(p.results.map((i) => i.id)).toEqual(['act.consoles']);
    p.runActive();
    expect(p.isOpen).toBe(true);
    expect(ui.view).toBe('bench');
    bench.select(['860000000000001']);
    p.runActive();
    expect(p.isOpen).toBe(false);
    expect(ui.view).toBe('consoles');

    p.open();
    p.setQuery('performance');
    const n = p.results.length;
    expect(n).toBeGreaterThan(1);
    p.move(-1);
    expect(p.active).toBe(n - 1);
    p.move(1);
    expect(p.active).toBe(0);
  });

  it("offers the open modem page's ladder steps, revive only for a failed modem", async () => {
    await benchOf('860000000000001', 'dead');
    const p = usePaletteStore();
    const detail = useModemDetailStore();
    detail.open('860000000000001');
    p.open();
    p.setQuery('revive');
    expect(p.results.find((i) => i.id === 'page.revive')?.disabled).toBe(true);
    detail.open('dead');
    p.setQuery('revive');
    expect(p.results.find((i) => i.id === 'page.revive')?.disabled).toBe(false);
    p.setQuery('soft reset');
    p.runActive(p.results.findIndex((i) => i.id === 'page.soft-reset'));
    expect(detail.confirming).toEqual({ modemIds: ['dead'], action: 'soft-reset' });
  });
});
