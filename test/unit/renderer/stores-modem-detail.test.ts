/** The modem page's store: timelines (fetch, pushed events, restart, cap), ladder steps and revive by hand. */
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ManualStepOutcomeView, TimelineEventView } from '../../../src-preload/contract';
import { TIMELINE_CAP, useModemDetailStore } from '../../../src-renderer/stores/modem-detail';
import { apiError, deferred, fakeApi, type Handlers } from '../../helpers/renderer-api';

const ev = (seq: number, at = 1000 + seq, kind = 'step-started'): TimelineEventView => ({ seq, at, kind, step: null, cause: null, detail: null });

function detailApi(over: Handlers = {}) {
  const timelines: Record<string, TimelineEventView[]> = {};
  const api = fakeApi({
    'modem.timeline': ({ modemId, afterSeq = 0 }) => ({ events: (timelines[modemId] ?? []).filter((e) => e.seq > afterSeq) }),
    'modem.recover': () => ({ state: 'ready', result: 'ok', detail: null }),
    'modem.revive': () => ({ state: 'ready' }),
    'modem.recoverCancel': () => ({ cancelled: true }),
    ...over,
  });
  return { api, timelines };
}

describe('modem detail store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
  });
  afterEach(() => {
    useModemDetailStore().stop();
    vi.useRealTimers();
  });

  it('opening a modem loads its timeline; pushed events merge by seq; opening again fetches only what is new', async () => {
    const { api, timelines } = detailApi();
    timelines.a = [ev(1), ev(2)];
    const d = useModemDetailStore();
    await d.start();
    d.open('a');
    await vi.advanceTimersByTimeAsync(0);
    expect(d.openTimeline?.events.map((e) => e.seq)).toEqual([1, 2]);
    expect(d.openTimeline?.loaded).toBe(true);
    api.emit('modem.timeline', { modemId: 'a', events: [ev(2), ev(3)] });
    api.emit('modem.timeline', { modemId: 'b', events: [ev(1)] });
    expect(d.openTimeline?.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(d.timelines.has('b')).toBe(false);
    d.open('a');
    await vi.advanceTimersByTimeAsync(0);
    expect(api.inputs('modem.timeline').at(-1)).toEqual({ modemId: 'a', afterSeq: 3 });
  });

  it('a supervisor made anew (numbering from 1 again) replaces the old timeline', async () => {
    const { api, timelines } = detailApi();
    timelines.a = [ev(1), ev(2), ev(3)];
    const d = useModemDetailStore();
    await d.start();
    d.open('a');
    await vi.advanceTimersByTimeAsync(0);
    api.emit('modem.timeline', { modemId: 'a', events: [ev(1, 9000, 'opened')] });
    expect(d.openTimeline?.events).toEqual([ev(1, 9000, 'opened')]);
    api.emit('modem.timeline', { modemId: 'a', events: [ev(2, 9001)] });
    // The same first event again is no restart.
    api.emit('modem.timeline', { modemId: 'a', events: [ev(1, 9000, 'opened')] });
    expect(d.openTimeline?.events.map((e) => e.seq)).toEqual([1, 2]);
  });

  it(`keeps the last ${TIMELINE_CAP} events`, async () => {
    const { api, timelines } = detailApi();
    timelines.a = Array.from({ length: TIMELINE_CAP }, (_, i) => ev(i + 1));
    const d = useModemDetailStore();
    await d.start();
    d.open('a');
    await vi.advanceTimersByTimeAsync(0);
    api.emit('modem.timeline', { modemId: 'a', events: [ev(TIMELINE_CAP + 1)] });
    const events = d.openTimeline!.events;
    expect(events).toHaveLength(TIMELINE_CAP);
    expect(events[0]!.seq).toBe(2);
    expect(d.openTimeline!.lastSeq).toBe(TIMELINE_CAP + 1);
  });

  it('a failed timeline fetch shows its code; after a reconnect open timelines fetch again', async () => {
    let down = true;
    const { api, timelines } = detailApi({
      'modem.timeline': ({ modemId }) => {
        if (down) throw apiError('unknown-modem', `no modem ${modemId}`);
        return { events: timelines[modemId] ?? [] };
      },
    });
    timelines.a = [ev(1)];
    const d = useModemDetailStore();
    await d.start();
    d.open('a');
    await vi.advanceTimersByTimeAsync(0);
    expect(d.openTimeline?.error).toBe('unknown-modem: no modem a');
    expect(d.openTimeline?.loaded).toBe(false);
    down = false;
    api.reconnect();
    await vi.advanceTimersByTimeAsync(0);
    expect(d.openTimeline?.error).toBeNull();
    expect(d.openTimeline?.events).toEqual([ev(1)]);
  });

  it('runs a confirmed step on every modem named, each on its own, and says how each ended', async () => {
    const { api } = detailApi({
      'modem.recover': ({ modemId }): ManualStepOutcomeView => {
        if (modemId === 'c') throw apiError('modem-unavailable', 'not set up');
        return modemId === 'a' ? { state: 'ready', result: 'ok', detail: null } : { state: 'failed', result: 'failed', detail: 'no answer after reopen' };
      },
    });
    const d = useModemDetailStore();
    d.ask('reopen', ['a', 'b', 'c']);
    expect(api.inputs('modem.recover')).toEqual([]);
    await d.confirm();
    expect(api.inputs('modem.recover').map((x) => x.modemId)).toEqual(['a', 'b', 'c']);
    expect(api.inputs('modem.recover')[0]).toEqual({ modemId: 'a', step: 'reopen', confirm: true });
    expect(d.outcomes.a).toMatchObject({ ok: true, state: 'ready', result: 'ok' });
    expect(d.outcomes.b).toMatchObject({ ok: false, state: 'failed', result: 'failed', detail: 'no answer after reopen' });
    expect(d.outcomes.c).toMatchObject({ ok: false, state: null, error: 'modem-unavailable: not set up' });
    expect(d.confirming).toBeNull();
    expect(Object.keys(d.running)).toEqual([]);
  });

  it('revive is ok only when the modem is ready again; a step can be cancelled, a revive not from here', async () => {
    const gate = deferred<ManualStepOutcomeView>();
    const { api } = detailApi({ 'modem.revive': () => ({ state: 'failed' }), 'modem.recover': () => gate.promise });
    const d = useModemDetailStore();
    d.open('a');
    d.ask('revive');
    await d.confirm();
    expect(d.outcomes.a).toMatchObject({ action: 'revive', ok: false, state: 'failed' });
    d.ask('power-cycle');
    const running = d.confirm();
    await vi.advanceTimersByTimeAsync(0);
    expect(d.running.a?.action).toBe('power-cycle');
    await d.cancelRun('a');
    expect(d.running.a?.cancelling).toBe(true);
    expect(api.inputs('modem.recoverCancel')).toEqual([{ modemId: 'a' }]);
    gate.resolve({ state: 'failed', result: 'cancelled', detail: 'cancelled by the engineer' });
    await running;
    expect(d.outcomes.a).toMatchObject({ action: 'power-cycle', ok: false, result: 'cancelled' });
  });
});
