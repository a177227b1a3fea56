/**
 * What the renderer is pushed about the modems, paced so it is never
 * flooded: bench deltas and console lines coalesced, status and metrics
 * periodic (DESIGN: "Events are coalesced in the main process").
 */
import type { MetricsCollector } from '../metrics';
import type { BenchStatusView, EventMap, EventName, ModemView, TimelineEventView } from '../../../src-preload/contract';
import { EventCoalescer } from './event-coalescer';
import type { ManagedModem } from './modem-source';

export interface ModemFeedOptions {
  /** The modems on the bench now. */
  modems(): ManagedModem[];
  status(): BenchStatusView;
  metrics: Pick<MetricsCollector, 'snapshot'>;
  emit<E extends EventName>(channel: E, payload: EventMap[E]): void;
  /** Whether anyone listens: metrics snapshots are not taken for nobody. */
  listened(): boolean;
  /** Bench deltas and status (ms); status at most 4 a second. */
  eventIntervalMs: number;
  /** Console lines and timeline events (ms). */
  consoleIntervalMs: number;
  /** Metrics snapshots (ms), at least 250. */
  metricsIntervalMs: number;
  /**
   * An unchanged status is sent again after this long (ms), so an app following this bench
   * can tell a quiet bench from a hung one (it counts a host's traffic only while fresh). @default 2000 (or the status tick, if longer)
   */
  statusKeepaliveMs?: number;
}

/**
 * A modem is shown once its id is final (the IMEI read), or once setting it
 * up has failed, so the renderer never sees a row change its id under a click.
 */
export function announced(m: ManagedModem): boolean {
  return m.identity.imei !== null || m.state !== 'opening';
}

export class ModemFeed {
  readonly #o: ModemFeedOptions;
  readonly #pacing = new EventCoalescer();
  readonly #scheduleDelta: () => void;
  readonly #scheduleConsole: () => void;
  readonly #dirty = new Set<ManagedModem>();
  /** The id each modem was last shown under: a modem whose id changes (the IMEI read) is removed under the old one. */
  readonly #shownAs = new Map<ManagedModem, string>();
  readonly #removed = new Set<string>();
  readonly #pendingTimeline = new Map<ManagedModem, TimelineEventView[]>();
  #lastStatus = '';
  #lastStatusAt = 0;
  readonly #keepaliveMs: number;
  #metricsSince = 0;

  constructor(o: ModemFeedOptions) {
    this.#o = o;
    this.#keepaliveMs = o.statusKeepaliveMs ?? Math.max(2000, o.eventIntervalMs);
    if (!(this.#keepaliveMs >= Math.max(o.eventIntervalMs, 250))) throw new TypeError('statusKeepaliveMs must be at least the status tick (eventIntervalMs, 250 at least)');
    this.#scheduleDelta = this.#pacing.coalesced(o.eventIntervalMs, () => this.#flushDelta());
    this.#scheduleConsole = this.#pacing.coalesced(o.consoleIntervalMs, () => this.#flushConsole());
  }

  start(): void {
    this.#pacing.periodic(Math.max(this.#o.eventIntervalMs, 250), () => this.#emitStatus());
    this.#pacing.periodic(Math.max(this.#o.metricsIntervalMs, 250), () => this.#emitMetrics());
  }

  dispose(): void {
    this.#pacing.dispose();
  }

  /** Its view changed: it goes out in the next delta. */
  changed(m: ManagedModem): void {
    this.#dirty.add(m);
    this.#scheduleDelta();
  }

  /** A delta goes out soon even if no modem changed (one was removed). */
  schedule(): void {
    this.#scheduleDelta();
  }

  consoleChanged(): void {
    this.#scheduleConsole();
  }

  timeline(m: ManagedModem, ev: TimelineEventView): void {
    const q = this.#pendingTimeline.get(m) ?? [];
    q.push(ev);
    this.#pendingTimeline.set(m, q);
    this.#scheduleConsole();
  }

  /**
   * The modem left the bench: the renderer removes the row it was shown as (a modem
   * listed but not yet pushed is removed under its id), unless another modem shows under that id.
   */
  removed(m: ManagedModem): void {
    const id = this.#shownAs.get(m) ?? (announced(m) ? m.id : null);
    this.#dirty.delete(m);
    this.#shownAs.delete(m);
    this.#pendingTimeline.delete(m);
    if (id !== null && !this.#o.modems().some((o) => (this.#shownAs.get(o) ?? o.id) === id)) this.#removed.add(id);
    this.#scheduleDelta();
  }

  #flushDelta(): void {
    const upserted: ModemView[] = [];
    const here = new Set(this.#o.modems());
    for (const m of this.#dirty) {
      if (!here.has(m) || !announced(m)) continue;
      const v = m.view();
      const was = this.#shownAs.get(m);
      if (was !== undefined && was !== v.id) this.#removed.add(was);
      this.#shownAs.set(m, v.id);
      upserted.push(v);
    }
    this.#dirty.clear();
    const removed = [...this.#removed].filter((id) => !upserted.some((u) => u.id === id));
    this.#removed.clear();
    if (upserted.length || removed.length) this.#o.emit('bench.delta', { upserted, removed });
  }

  #flushConsole(): void {
    for (const m of this.#o.modems()) {
      if (!m.console.hasPending) continue;
      this.#o.emit('console.entries', { modemId: m.id, entries: m.console.takePending() });
    }
    for (const [m, events] of this.#pendingTimeline) this.#o.emit('modem.timeline', { modemId: m.id, events });
    this.#pendingTimeline.clear();
  }

  #emitStatus(): void {
    const s = this.#o.status();
    const key = JSON.stringify(s);
    const now = Date.now();
    if (key === this.#lastStatus && now - this.#lastStatusAt < this.#keepaliveMs) return;
    this.#lastStatus = key;
    this.#lastStatusAt = now;
    this.#o.emit('bench.status', s);
  }

  #emitMetrics(): void {
    if (!this.#o.listened()) return;
    const snap = this.#o.metrics.snapshot({ since: this.#metricsSince, modems: 'all', commands: 'all' });
    this.#metricsSince = snap.at;
    this.#o.emit('metrics.update', snap);
  }
}
