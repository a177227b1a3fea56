import { Emitter } from '../util/emitter';
import { AlertEngine, type AlertEvent } from './alerts';
import { CELL_COLUMNS, StatsCell } from './cell';
import { OTHER, commandBase } from './command-base';
import { resolveMetricsOptions, type MetricsOptions, type ResolvedMetricsOptions } from './options';
import { ProcessSampler, type ProcessSample } from './process';
import { SeriesRing } from './ring';
import type { CellSeries, MetricsSnapshot, ModemSeries, ModemStatsView, ProcessSeries, SignalPointView, SnapshotQuery, StatsView } from './types';

/** What a health snapshot says about the radio (HealthSnapshot has these fields). */
export interface SignalReading {
  rssiDbm: number | null;
  rsrp: number | null;
  rsrq: number | null;
  sinr: number | null;
}

/** One recorded attempt as `record()` took it (latency null: none to count; code null: OK). */
export type RecordTap = (modemKey: string, latencyMs: number | null, code: string | null) => void;

interface ModemCell {
  stats: StatsCell;
  signal: SeriesRing;
}

const PROC = { elP99: 0, elMean: 1, heap: 2, rss: 3, cpu: 4 } as const;
const SIG = { rssi: 0, rsrp: 1, rsrq: 2, sinr: 3 } as const;

type Tables = Omit<MetricsSnapshot, 'series'>;

/**
 * Command metrics per modem, per command base and overall (latency HDR
 * histograms, sliding-window throughput, errors by code, timeouts, retries),
 * the process's event-loop delay, memory and CPU, signal series per modem,
 * and threshold alerts with hysteresis. Every structure is fixed-size or
 * capped, so memory does not grow with the length of a run.
 *
 * `record()` is the hot path: no allocation beyond the first sight of a key.
 * One timer (the sample tick) runs from construction to `dispose()`.
 */
export class MetricsCollector {
  readonly options: ResolvedMetricsOptions;
  readonly startedAt: number;
  readonly #total: StatsCell;
  readonly #modems = new Map<string, ModemCell>();
  readonly #commands = new Map<string, StatsCell>();
  readonly #sampler: ProcessSampler | null;
  readonly #processSeries: SeriesRing;
  readonly #alerts: AlertEngine;
  readonly #alertEmitter = new Emitter<AlertEvent>();
  readonly #taps = new Set<RecordTap>();
  #lastProcess: ProcessSample | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;
  #lastTick: number;
  #tables: Tables | null = null;
  #disposed = false;

  constructor(options: MetricsOptions = {}) {
    this.options = resolveMetricsOptions(options);
    const o = this.options;
    this.startedAt = Date.now();
    this.#lastTick = this.startedAt;
    this.#total = new StatsCell('all', o.seriesLength);
    this.#processSeries = new SeriesRing(o.seriesLength, 5);
    this.#sampler = o.processMetrics ? new ProcessSampler(o.eventLoopResolutionMs) : null;
    this.#alerts = new AlertEngine({ raiseAfterMs: o.raiseAfterMs, clearAfterMs: o.clearAfterMs, clearRatio: o.clearRatio });
    this.#timer = setInterval(() => this.tick(), o.sampleIntervalMs);
    // Metrics never keep a process (the CLI, a test) alive on their own.
    (this.#timer as { unref?: () => void }).unref?.();
  }

  /**
   * One command attempt. `code` is null when the modem answered OK, else the
   * error code (`modem-error` for an error final, `timeout`, `disconnected`...).
   * `latencyMs` null: no latency to count (cancelled before the write).
   * `attempt` > 1 counts a retry.
   */
  record(modemKey: string, command: string, latencyMs: number | null, code: string | null, attempt = 1): void {
    if (this.#disposed) return;
    const sec = Math.floor(Date.now() / 1000);
    const retry = attempt > 1;
    this.#total.record(sec, latencyMs, code, retry);
    this.#modemCell(modemKey).stats.record(sec, latencyMs, code, retry);
    this.#commandCell(command).record(sec, latencyMs, code, retry);
    // Exporters that keep buckets of their own (Prometheus histograms) see each attempt once.
    if (this.#taps.size > 0) for (const tap of this.#taps) tap(modemKey, latencyMs, code);
  }

  /** Every attempt `record()` counts, for an exporter with buckets of its own. Returns the unsubscribe. */
  onRecord(tap: RecordTap): () => void {
    this.#taps.add(tap);
    return () => this.#taps.delete(tap);
  }

  /** One health reading of a modem's radio (one point per poll). All-null readings are skipped. */
  recordSignal(modemKey: string, s: SignalReading, at = Date.now()): void {
    if (this.#disposed) return;
    if (s.rssiDbm === null && s.rsrp === null && s.rsrq === null && s.sinr === null) return;
    this.#modemCell(modemKey).signal.push(at, [s.rssiDbm, s.rsrp, s.rsrq, s.sinr]);
  }

  /** Alerts as they are raised and cleared (for the UI and the log). Returns the unsubscribe. */
  onAlert(listener: (e: AlertEvent) => void): () => void {
    return this.#alertEmitter.on(listener);
  }

  /** Forgets a modem removed from the bench; its raised alerts are cleared. */
  forget(modemKey: string): void {
    const m = this.#modems.get(modemKey);
    if (!m) return;
    this.#modems.delete(modemKey);
    m.stats.destroy();
    for (const e of this.#alerts.forgetScope(`modem:${modemKey}`, Date.now())) this.#alertEmitter.emit(e);
    this.#tables = null;
  }

  /** Starts the counters and lifetime percentiles over (series and signal history stay). */
  reset(): void {
    this.#total.reset();
    for (const m of this.#modems.values()) m.stats.reset();
    for (const c of this.#commands.values()) c.reset();
    this.#tables = null;
  }

  /**
   * The tables (recomputed at most every `minSnapshotIntervalMs`) and the
   * series the query asks for. Plain data; do not mutate it.
   */
  snapshot(query: SnapshotQuery = {}): MetricsSnapshot {
    const now = Date.now();
    let tables = this.#tables;
    if (!tables || now - tables.at >= this.options.minSnapshotIntervalMs || this.#disposed) {
      tables = this.#computeTables(now);
      this.#tables = tables;
    }
    const since = query.since ?? 0;
    const wantModems = query.modems ?? 'none';
    const wantCommands = query.commands ?? 'all';
    const commands: Record<string, CellSeries> = {};
    for (const [base, cell] of this.#commands) {
      if (wantCommands === 'all' || (wantCommands !== 'none' && wantCommands.includes(base))) commands[base] = cellSeries(cell, since);
    }
    const modems: Record<string, ModemSeries> = {};
    for (const [key, m] of this.#modems) {
      if (wantModems === 'all' || (wantModems !== 'none' && wantModems.includes(key))) {
        modems[key] = {
          ...cellSeries(m.stats, since),
          rssiDbm: m.signal.series(SIG.rssi, since),
          rsrp: m.signal.series(SIG.rsrp, since),
          rsrq: m.signal.series(SIG.rsrq, since),
          sinr: m.signal.series(SIG.sinr, since),
        };
      }
    }
    const p = this.#processSeries;
    const process: ProcessSeries = {
      eventLoopDelayP99: p.series(PROC.elP99, since),
      eventLoopDelayMean: p.series(PROC.elMean, since),
      heapUsedMB: p.series(PROC.heap, since),
      rssMB: p.series(PROC.rss, since),
      cpuPercent: p.series(PROC.cpu, since),
    };
    return { ...tables, series: { since, total: cellSeries(this.#total, since), process, commands, modems } };
  }

  /** Alerts raised and not cleared. */
  get alerts(): AlertEvent[] {
    return this.#alerts.active();
  }

  /** Sizes of every structure, for the boundedness tests and the benchmark. */
  get footprint(): { modems: number; commands: number; alertRules: number; bytes: number; webAssembly: boolean } {
    let bytes = this.#total.bytes + this.#processSeries.bytes;
    for (const m of this.#modems.values()) bytes += m.stats.bytes + m.signal.bytes;
    for (const c of this.#commands.values()) bytes += c.bytes;
    return { modems: this.#modems.size, commands: this.#commands.size, alertRules: this.#alerts.size, bytes, webAssembly: StatsCell.webAssembly };
  }

  /** Timers still held (0 after dispose). */
  get pendingTimers(): number {
    return this.#timer ? 1 : 0;
  }

  /**
   * One sample: process metrics, a point on every series, alert evaluation.
   * The timer calls it every `sampleIntervalMs`; public for tests and tools.
   */
  tick(now = Date.now()): void {
    if (this.#disposed) return;
    const elapsedSec = Math.max(0, (now - this.#lastTick) / 1000);
    this.#lastTick = now;
    if (this.#sampler) {
      const s = this.#sampler.sample(now);
      this.#lastProcess = s;
      this.#processSeries.push(now, [s.eventLoopDelayMs.p99, s.eventLoopDelayMs.mean, s.heapUsedMB, s.rssMB, s.cpuPercent]);
    }
    this.#total.tick(now, elapsedSec);
    for (const c of this.#commands.values()) c.tick(now, elapsedSec);
    for (const m of this.#modems.values()) m.stats.tick(now, elapsedSec);
    this.#evaluateAlerts(now);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#sampler?.dispose();
    this.#total.destroy();
    for (const m of this.#modems.values()) m.stats.destroy();
    for (const c of this.#commands.values()) c.destroy();
    this.#modems.clear();
    this.#commands.clear();
    this.#alertEmitter.clear();
    this.#taps.clear();
    this.#tables = null;
  }

  // ---- internals ----------------------------------------------------------

  #modemCell(key: string): ModemCell {
    let m = this.#modems.get(key);
    if (m) return m;
    if (this.#modems.size >= this.options.maxModems - 1) {
      key = OTHER;
      m = this.#modems.get(key);
      if (m) return m;
    }
    m = { stats: new StatsCell(key, this.options.seriesLength), signal: new SeriesRing(this.options.signalLength, 4) };
    this.#modems.set(key, m);
    return m;
  }

  #commandCell(command: string): StatsCell {
    let base = commandBase(command);
    let c = this.#commands.get(base);
    if (c) return c;
    if (this.#commands.size >= this.options.maxCommands - 1) {
      base = OTHER;
      c = this.#commands.get(base);
      if (c) return c;
    }
    c = new StatsCell(base, this.options.seriesLength);
    this.#commands.set(base, c);
    return c;
  }

  /** Rate over the `window` complete seconds before now (the current second is still filling). */
  #rate(cell: StatsCell, window: number, now: number): number {
    const nowSec = Math.floor(now / 1000);
    const ran = Math.floor((now - this.startedAt) / 1000);
    const span = Math.min(window, Math.max(1, ran));
    const { count } = cell.window(span, nowSec - 1);
    return Math.round((count / span) * 100) / 100;
  }

  #statsView(cell: StatsCell, now: number): StatsView {
    const w = cell.window(60, Math.floor(now / 1000) - 1);
    return {
      key: cell.key,
      commands: cell.commands,
      errors: cell.errors,
      timeouts: cell.timeouts,
      retries: cell.retries,
      errorsByCode: Object.fromEntries(cell.errorsByCode),
      latency: cell.latency(),
      throughput: { s1: this.#rate(cell, 1, now), s10: this.#rate(cell, 10, now), s60: this.#rate(cell, 60, now) },
      last60s: {
        errorRate: w.count > 0 ? Math.round((w.errors / w.count) * 10000) / 10000 : null,
        avgLatencyMs: w.latencyCount > 0 ? Math.round((w.latencySum / w.latencyCount) * 1000) / 1000 : null,
      },
    };
  }

  #computeTables(now: number): Tables {
    const modems: ModemStatsView[] = [];
    for (const [, m] of this.#modems) {
      const last = m.signal.size > 0 ? m.signal : null;
      let signal: SignalPointView | null = null;
      if (last) {
        const r = last.last(SIG.rssi)!;
        signal = { t: r[0], rssiDbm: r[1], rsrp: last.last(SIG.rsrp)![1], rsrq: last.last(SIG.rsrq)![1], sinr: last.last(SIG.sinr)![1] };
      }
      modems.push({ ...this.#statsView(m.stats, now), signal });
    }
    const commands: StatsView[] = [];
    for (const c of this.#commands.values()) commands.push(this.#statsView(c, now));
    commands.sort((a, b) => b.commands - a.commands);
    return {
      at: now,
      startedAt: this.startedAt,
      sampleIntervalMs: this.options.sampleIntervalMs,
      total: this.#statsView(this.#total, now),
      modems,
      commands,
      process: this.#lastProcess,
      alerts: this.#alerts.active(),
    };
  }

  #evaluateAlerts(now: number): void {
    const o = this.options;
    const t = o.thresholds;
    const w = o.alertWindowSec;
    const endSec = Math.floor(now / 1000) - 1;
    const events: AlertEvent[] = [];
    const judge = (cell: StatsCell, scope: string): void => {
      const s = cell.window(w, endSec);
      const enough = s.count >= o.alertMinSamples;
      const avg = enough && s.latencyCount > 0 ? s.latencySum / s.latencyCount : null;
      const rate = enough ? s.errors / s.count : null;
      push(this.#alerts.observe('latency-high', scope, avg, t.avgLatencyMs, false, now));
      push(this.#alerts.observe('error-rate-high', scope, rate, t.errorRate, false, now));
    };
    const push = (e: AlertEvent | null): void => {
      if (e) events.push(e);
    };
    judge(this.#total, 'process');
    if (o.perModemAlerts) for (const [key, m] of this.#modems) judge(m.stats, `modem:${key}`);
    const loaded = o.load ? safeLoad(o.load) > 0 : false;
    push(this.#alerts.observe('throughput-low', 'process', loaded ? this.#rate(this.#total, w, now) : null, t.minOpsPerSec, true, now));
    const p = this.#lastProcess;
    if (p) {
      push(this.#alerts.observe('heap-high', 'process', p.heapUsedMB, t.heapUsedMB, false, now));
      push(this.#alerts.observe('event-loop-delay-high', 'process', p.eventLoopDelayMs.mean, t.eventLoopDelayMs, false, now));
    }
    if (events.length > 0) this.#tables = null;
    for (const e of events) this.#alertEmitter.emit(e);
  }
}

function safeLoad(load: () => number): number {
  try {
    const n = load();
    return typeof n === 'number' && Number.isFinite(n) ? n : 0;
  } catch {
    return 0;
  }
}

function cellSeries(cell: StatsCell, since: number): CellSeries {
  const s = cell.series;
  return {
    throughput: s.series(CELL_COLUMNS.throughput, since),
    latencyP50: s.series(CELL_COLUMNS.latencyP50, since),
    latencyP99: s.series(CELL_COLUMNS.latencyP99, since),
    errorRate: s.series(CELL_COLUMNS.errorRate, since),
  };
}
