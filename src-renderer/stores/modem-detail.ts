/**
 * The modem page: which modem is open, each viewed modem's timeline
 * (modem.timeline on open, then the 'modem.timeline' event), manual ladder
 * steps and revive with their confirmation, and what they are doing now.
 */
import { defineStore } from 'pinia';
import { computed, markRaw, reactive, ref, shallowReactive } from 'vue';
import { ApiError, type ManualStepResult, type TimelineEventView } from '../../src-preload/contract';
import { useApi } from '../api';
import { loadAndResync } from '../api/resync';
import type { RecoverAction } from '../lib/health';

/** Entries kept per modem (the main side keeps 500); older ones drop off the front. */
export const TIMELINE_CAP = 300;

export interface TimelineBuffer {
  modemId: string;
  /** Oldest first. markRaw: replaced on merge; `version` is what views watch. */
  events: TimelineEventView[];
  version: number;
  lastSeq: number;
  loading: boolean;
  /** The first fetch answered. */
  loaded: boolean;
  error: string | null;
}

export interface RecoverRun {
  action: RecoverAction;
  startedAt: number;
  cancelling: boolean;
}

export interface RecoverOutcome {
  action: RecoverAction;
  ok: boolean;
  /** The supervisor's state after the run ('ready', 'failed', ...); null when the call failed. */
  state: string | null;
  /** The error when the call failed. */
  error: string | null;
  /** How a ladder step run by hand ended, and why (null for revive and failed calls). */
  result: ManualStepResult | null;
  detail: string | null;
  at: number;
}

export interface PendingConfirm {
  modemIds: string[];
  action: RecoverAction;
}

export const useModemDetailStore = defineStore('modemDetail', () => {
  const openId = ref<string | null>(null);
  const timelines = shallowReactive(new Map<string, TimelineBuffer>());
  const running = reactive<Record<string, RecoverRun>>({});
  const outcomes = reactive<Record<string, RecoverOutcome>>({});
  const confirming = ref<PendingConfirm | null>(null);
  let offs: (() => void)[] = [];

  const openTimeline = computed(() => (openId.value ? (timelines.get(openId.value) ?? null) : null));

  function merge(buf: TimelineBuffer, incoming: readonly TimelineEventView[]): void {
    if (incoming.length === 0) return;
    // A supervisor made anew (the modem was set up again) numbers from 1 again.
    const restarted = incoming[0]!.seq === 1 && buf.lastSeq > 0 && !buf.events.some((e) => e.seq === 1 && e.at === incoming[0]!.at);
    const base = restarted ? [] : buf.events;
    const bySeq = new Map<number, TimelineEventView>();
    for (const e of base) bySeq.set(e.seq, e);
    for (const e of incoming) bySeq.set(e.seq, e);
    const all = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
    buf.events = markRaw(all.length > TIMELINE_CAP ? all.slice(all.length - TIMELINE_CAP) : all);
    buf.lastSeq = all[all.length - 1]?.seq ?? 0;
    buf.version++;
  }

  async function fetchTimeline(buf: TimelineBuffer): Promise<void> {
    buf.loading = true;
    try {
      const input = buf.lastSeq > 0 ? { modemId: buf.modemId, afterSeq: buf.lastSeq } : { modemId: buf.modemId };
      const r = await useApi().client.invoke('modem.timeline', input);
      merge(buf, r.events);
      buf.loaded = true;
      buf.error = null;
    } catch (err) {
      buf.error = err instanceof ApiError ? `${err.code}: ${err.message}` : String(err);
    } finally {
      buf.loading = false;
    }
  }

  function ensureTimeline(modemId: string): TimelineBuffer {
    let buf = timelines.get(modemId);
    if (!buf) {
      buf = reactive({ modemId, events: markRaw([] as TimelineEventView[]), version: 0, lastSeq: 0, loading: false, loaded: false, error: null }) as TimelineBuffer;
      timelines.set(modemId, buf);
    }
    return buf;
  }

  /** Shows a modem's page and loads its timeline (again, from the last seen entry). */
  function open(modemId: string): void {
    openId.value = modemId;
    void fetchTimeline(ensureTimeline(modemId));
  }

  function close(): void {
    openId.value = null;
    confirming.value = null;
  }

  function reload(modemId: string): Promise<void> {
    const buf = ensureTimeline(modemId);
    buf.events = markRaw([]);
    buf.lastSeq = 0;
    buf.version++;
    return fetchTimeline(buf);
  }

  // ---- ladder steps and revive --------------------------------------------

  function ask(action: RecoverAction, modemIds: string[] = openId.value ? [openId.value] : []): void {
    if (modemIds.length === 0) return;
    confirming.value = { modemIds: [...modemIds], action };
  }

  function cancelAsk(): void {
    confirming.value = null;
  }

  async function runOne(modemId: string, action: RecoverAction): Promise<void> {
    if (running[modemId]) return;
    running[modemId] = { action, startedAt: Date.now(), cancelling: false };
    delete outcomes[modemId];
    const { client } = useApi();
    try {
      if (action === 'revive') {
        const r = await client.invoke('modem.revive', { modemId, confirm: true });
        outcomes[modemId] = { action, ok: r.state === 'ready', state: r.state, error: null, result: null, detail: null, at: Date.now() };
      } else {
        const r = await client.invoke('modem.recover', { modemId, step: action, confirm: true });
        outcomes[modemId] = { action, ok: r.result === 'ok' && r.state === 'ready', state: r.state, error: null, result: r.result, detail: r.detail, at: Date.now() };
      }
    } catch (err) {
      outcomes[modemId] = { action, ok: false, state: null, error: err instanceof ApiError ? `${err.code}: ${err.message}` : String(err), result: null, detail: null, at: Date.now() };
    } finally {
      delete running[modemId];
    }
  }

  /** Stops the step running by hand on a modem (the call that started it then reports "cancelled"). */
  async function cancelRun(modemId: string): Promise<void> {
    const r = running[modemId];
    if (!r || r.action === 'revive') return;
    r.cancelling = true;
    try {
      await useApi().client.invoke('modem.recoverCancel', { modemId });
    } catch {
      // The recover call says how it ended.
    }
  }

  /** The confirmation said yes: runs the action on every modem it named, each on its own. */
  function confirm(): Promise<void> {
    const c = confirming.value;
    confirming.value = null;
    if (!c) return Promise.resolve();
    return Promise.allSettled(c.modemIds.map((id) => runOne(id, c.action))).then(() => undefined);
  }

  // ---- lifecycle -------------------------------------------------------------

  function start(): Promise<void> {
    const { client, connection } = useApi();
    offs.push(
      client.on('modem.timeline', (ev) => {
        const buf = timelines.get(ev.modemId);
        if (buf) merge(buf, ev.events);
      }),
    );
    // After a reconnect, fetch what the open timelines missed.
    return new Promise((resolve) => {
      offs.push(
        loadAndResync(connection, async () => {
          try {
            await Promise.allSettled([...timelines.values()].map((b) => fetchTimeline(b)));
          } finally {
            resolve();
          }
        }),
      );
    });
  }

  function stop(): void {
    for (const off of offs) off();
    offs = [];
  }

  return { openId, timelines, running, outcomes, confirming, openTimeline, open, close, reload, ask, cancelAsk, confirm, cancelRun, start, stop };
});
