/**
 * Metrics: the latest tables and alerts, and bounded time series (last 15
 * min) built from one 'metrics.get' then the 'metrics.update' deltas. Queue
 * depth and in-flight come from 'bench.status' (this app's own, as every
 * other series). Buffers are plain arrays outside Vue's reactivity;
 * `version` says when they changed, and charts redraw on it at their own pace.
 */
import { defineStore } from 'pinia';
import { markRaw, ref, shallowRef } from 'vue';
import type { AlertView, CellSeriesView, MetricsSnapshotView, ModemSeriesView, ModemView, PointView } from '../../src-preload/contract';
import { useApi } from '../api';
import { loadAndResync } from '../api/resync';

export const RETAIN_MS = 15 * 60_000;
/** How far past the retention a series' oldest point may be before it is trimmed (charts cut at their window anyway). */
export const TRIM_SLACK_MS = 60_000;
const MAX_ALERTS = 200;

/** One series: timestamps and values, oldest first, appended in order only. */
export class PointBuffer {
  t: number[] = [];
  v: (number | null)[] = [];

  append(points: readonly PointView[]): void {
    const last = this.t.length ? this.t[this.t.length - 1]! : -Infinity;
    for (const [t, v] of points) {
      if (t <= last) continue;
      this.t.push(t);
      this.v.push(v);
    }
  }

  push(t: number, v: number | null): void {
    if (this.t.length && t <= this.t[this.t.length - 1]!) return;
    this.t.push(t);
    this.v.push(v);
  }

  /**
   * Drops the points before `cutoff`, once the oldest is TRIM_SLACK_MS past
   * it: a splice per update of every buffer of every modem cost the page more
   * than drawing at 256 modems; a minute of slack makes it one splice a minute.
   */
  trim(cutoff: number): void {
    if (this.t.length === 0 || this.t[0]! >= cutoff - TRIM_SLACK_MS) return;
    let i = 0;
    while (i < this.t.length && this.t[i]! < cutoff) i++;
    if (i > 0) {
      this.t.splice(0, i);
      this.v.splice(0, i);
    }
  }

  get lastT(): number | null {
    return this.t.length ? this.t[this.t.length - 1]! : null;
  }
}

export type CellKey = keyof CellSeriesView;
export type ModemKeyM = keyof ModemSeriesView;
const CELL_KEYS: CellKey[] = ['throughput', 'latencyP50', 'latencyP99', 'errorRate'];
const MODEM_KEYS: ModemKeyM[] = [...CELL_KEYS, 'rssiDbm', 'rsrp', 'rsrq', 'sinr'];
/** Sampled in the renderer from the modems' views: CSQ's raw value, QTEMP's hottest sensor, queue depth. */
export const FIELD_KEYS = ['csq', 'temperatureC', 'queueDepth'] as const;
export type FieldKey = (typeof FIELD_KEYS)[number];
const PROCESS_KEYS = ['eventLoopDelayP99', 'eventLoopDelayMean', 'heapUsedMB', 'rssMB', 'cpuPercent'] as const;
export type ProcessKey = (typeof PROCESS_KEYS)[number];

function buffers<K extends string>(keys: readonly K[]): Record<K, PointBuffer> {
  return Object.fromEntries(keys.map((k) => [k, markRaw(new PointBuffer())])) as Record<K, PointBuffer>;
}

export const useMetricsStore = defineStore('metrics', () => {
  /** The latest snapshot's tables and figures; its series are not kept here. */
  const snapshot = shallowRef<Omit<MetricsSnapshotView, 'series'> | null>(null);
  const alerts = shallowRef<AlertView[]>([]);
  const windowMs = ref(5 * 60_000);
  const version = ref(0);
  const loadError = ref<string | null>(null);

  // markRaw: the store is reactive and would otherwise proxy every array push.
  const total = markRaw(buffers(CELL_KEYS));
  const process = markRaw(buffers(PROCESS_KEYS));
  const queue = markRaw(buffers(['queued', 'inFlight', 'commandsPerSec'] as const));
  const modems = markRaw(new Map<string, Record<ModemKeyM, PointBuffer>>());
  /** Fields of each modem's health poll the server keeps no series of, sampled here from 'bench.delta' (by ModemId, from page load). */
  const fields = markRaw(new Map<string, Record<FieldKey, PointBuffer>>());
  /** The newest sample time seen: charts end their window here, whatever the two clocks say. */
  const latest = ref(0);

  let offs: (() => void)[] = [];
  /**
   * Views showing per-modem series (the Performance page). Without one the
   * store keeps none: at 256 modems they were 2k appends per update and
   * ~1.6 MB a minute of heap (up to the 15-min retention) in every page,
   * the Bench and consoles included. The server keeps 15 min of them; the
   * first viewer loads them back (issue 16).
   */
  let modemViewers = 0;
  /** The server's time minus ours, from the snapshots; bench.status carries no time. */
  let skew = 0;

  function ingest(s: MetricsSnapshotView): void {
    const { series, ...rest } = s;
    snapshot.value = rest;
    skew = s.at - Date.now();
    for (const k of CELL_KEYS) total[k].append(series.total[k]);
    for (const k of PROCESS_KEYS) process[k].append(series.process[k]);
    // Per-modem series only while a view shows them (see watchModems).
    if (modemViewers > 0) for (const [key, ms] of Object.entries(series.modems)) {
      let b = modems.get(key);
      if (!b) modems.set(key, (b = markRaw(buffers(MODEM_KEYS))));
      for (const k of MODEM_KEYS) b[k].append(ms[k]);
    }
    latest.value = Math.max(latest.value, total.throughput.lastT ?? 0, process.cpuPercent.lastT ?? 0, s.at);
    trim();
    version.value++;
  }

  function sampleFields(m: ModemView): void {
    const at = m.signal?.at;
    if (at == null) return;
    let b = fields.get(m.id);
    if (!b) fields.set(m.id, (b = markRaw(buffers(FIELD_KEYS))));
    if (b.csq.lastT === at) return;
    b.csq.push(at, m.signal?.csq ?? null);
    b.temperatureC.push(at, m.temperatureC);
    b.queueDepth.push(at, m.queueDepth);
  }

  function mergeAlerts(list: readonly AlertView[]): void {
    if (list.length === 0) return;
    const seen = new Set(alerts.value.map((a) => `${a.kind}|${a.scope}|${a.state}|${a.at}`));
    const fresh = list.filter((a) => !seen.has(`${a.kind}|${a.scope}|${a.state}|${a.at}`));
    if (fresh.length) alerts.value = [...fresh, ...alerts.value].sort((a, b) => b.at - a.at).slice(0, MAX_ALERTS);
  }

  function trim(): void {
    const cutoff = latest.value - RETAIN_MS;
    for (const b of Object.values(total)) b.trim(cutoff);
    for (const b of Object.values(process)) b.trim(cutoff);
    for (const b of Object.values(queue)) b.trim(cutoff);
    // A modem that left keeps its series for the retention, then its entry (and heatmap row) goes.
    for (const [key, m] of modems) {
      for (const b of Object.values(m)) b.trim(cutoff);
      if (Object.values(m).every((b) => b.t.length === 0)) modems.delete(key);
    }
    for (const [key, m] of fields) {
      for (const b of Object.values(m)) b.trim(cutoff);
      if (Object.values(m).every((b) => b.t.length === 0)) fields.delete(key);
    }
  }

  /** `since`: only newer points (what a returning viewer missed). Per-modem series only when a view shows them. */
  async function load(since = 0): Promise<void> {
    try {
      const s = await useApi().client.invoke('metrics.get', { ...(since > 0 ? { since } : {}), modems: modemViewers > 0 ? 'all' : 'none', commands: 'none' });
      ingest(s);
      mergeAlerts(s.alerts);
      loadError.value = null;
    } catch (err) {
      loadError.value = err instanceof Error ? err.message : String(err);
      throw err;
    }
  }

  function start(): Promise<void> {
    const { client, connection } = useApi();
    offs.push(
      client.on('metrics.update', (s) => {
        ingest(s);
        mergeAlerts(s.alerts);
      }),
      client.on('metrics.alert', (a) => mergeAlerts([a])),
      client.on('bench.delta', (d) => {
        for (const m of d.upserted) sampleFields(m);
      }),
      client.on('bench.status', (st) => {
        const t = Date.now() + skew;
        // This app's own queue, like every other chart's series (the status bar shows the fleet's sum).
        const q = st.own ?? st;
        queue.queued.push(t, q.queued);
        queue.inFlight.push(t, q.inFlight);
        queue.commandsPerSec.push(t, q.commandsPerSec);
      }),
    );
    return new Promise((resolve) => {
      offs.push(loadAndResync(connection, () => load().finally(resolve)));
    });
  }

  function stop(): void {
    for (const off of offs) off();
    offs = [];
  }

  /**
   * A view that shows per-modem series calls this while it is open; the
   * returned function ends it. What it kept stays (trimmed as ever); the
   * first viewer loads what is missing since the oldest of its newest points.
   */
  function watchModems(): () => void {
    modemViewers++;
    if (modemViewers === 1) {
      let since = Infinity;
      for (const m of modems.values()) since = Math.min(since, m.latencyP99.lastT ?? 0);
      void load(Number.isFinite(since) ? since : 0).catch(() => undefined);
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      modemViewers--;
    };
  }

  function setWindow(ms: number): void {
    windowMs.value = ms;
  }

  return { snapshot, alerts, windowMs, version, latest, loadError, total, process, queue, modems, fields, sampleFields, watchModems, start, stop, load, setWindow };
});
