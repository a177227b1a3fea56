/**
 * The bench in the Prometheus text exposition format, for the lab's own
 * monitoring (no aggregator of ours). Values are read when scraped, from the
 * metrics collector (commands, latency, process figures) and the modem list
 * (signal, temperature, health, queue); recoveries are counted off each
 * modem's timeline. A dedicated prom-client Registry: nothing lands in the
 * library's global one, so two benches in one process (tests) stay apart.
 */
import { hostname } from 'node:os';
import { Counter, Gauge, type Metric, Registry, collectDefaultMetrics } from 'prom-client';
import type { BenchStatusView, HealthState, ModemView, TimelineEventView } from '../../../../src-preload/contract';
import type { MetricsCollector } from '../collector';
import { LatencyBuckets } from './latency';

/** What the exporter reads; `AppService` has all of it. */
export interface ExpositionSource {
  readonly metrics: MetricsCollector;
  list(): { modems: ModemView[]; status: BenchStatusView };
  timeline(modemId: string, afterSeq?: number): { events: TimelineEventView[] };
}

export interface PrometheusExporterOptions {
  /** The `host` label on every modem series: which bench PC. @default os.hostname() */
  host?: string;
  /** prom-client's default Node process series (CPU, RSS, heap, event-loop lag, GC). @default true */
  defaultMetrics?: boolean;
}

export interface PrometheusExporter {
  readonly registry: Registry;
  readonly contentType: string;
  /** Reads the bench now and formats every series. */
  render(): Promise<string>;
  dispose(): void;
}

const MODEM_LABELS = ['imei', 'label', 'model', 'firmware', 'host'] as const;
const HEALTH_STATES: readonly HealthState[] = ['healthy', 'degraded', 'recovering', 'failed', 'offline'];
const STEP_OUTCOMES: Record<string, string> = { 'step-start': 'started', 'step-ok': 'ok', 'step-failed': 'failed', 'step-skipped': 'skipped' };
/** Timelines read per scrape and modem at most; a timeline is itself bounded. */
const TIMELINE_PAGE = 10_000;

type ModemLabels = Record<(typeof MODEM_LABELS)[number], string>;

export function createPrometheusExporter(source: ExpositionSource, options: PrometheusExporterOptions = {}): PrometheusExporter {
  if (options.host !== undefined && typeof options.host !== 'string') throw new TypeError('host must be a string');
  const host = options.host ?? hostname();
  const registry = new Registry();
  const r = [registry];
  const gauge = (name: string, help: string, extra: string[] = []) => new Gauge({ name, help, labelNames: [...MODEM_LABELS, ...extra], registers: r });
  const counter = (name: string, help: string, extra: string[]) => new Counter({ name, help, labelNames: [...MODEM_LABELS, ...extra], registers: r });

  const commands = counter('modem_bench_commands_total', 'AT command attempts by final status (ok, or the error code: timeout, modem-error, disconnected...)', ['status']);
  const retries = counter('modem_bench_command_retries_total', 'Attempts beyond the first (retry policy)', []);
  const latency = new LatencyBuckets('modem_bench_command_latency_seconds', 'AT command latency from the write to the final result code');
  registry.registerMetric(latency as unknown as Metric);
  const rsrp = gauge('modem_bench_signal_rsrp_dbm', 'LTE reference signal received power of the serving cell (dBm)');
  const rsrq = gauge('modem_bench_signal_rsrq_db', 'LTE reference signal received quality (dB)');
  const sinr = gauge('modem_bench_signal_sinr_db', 'Signal to interference plus noise ratio (dB)');
  const rssi = gauge('modem_bench_signal_rssi_dbm', 'Received signal strength from AT+CSQ (dBm)');
  const temperature = gauge('modem_bench_temperature_celsius', 'Modem temperature (AT+QTEMP)');
  const health = gauge('modem_bench_health_state', 'Health state of the modem: 1 for the current state, 0 for the others', ['state']);
  const queue = gauge('modem_bench_queue_depth', 'Commands waiting in the modem queue');
  const recoveries = counter('modem_bench_recovery_steps_total', 'Recovery ladder steps by step and outcome (started, ok, failed, skipped)', ['step', 'outcome']);
  const online = new Gauge({ name: 'modem_bench_modems_online', help: 'Modems whose AT port is open and answering', registers: r });
  const total = new Gauge({ name: 'modem_bench_modems', help: 'Modems on the bench', registers: r });
  const inFlight = new Gauge({ name: 'modem_bench_commands_in_flight', help: 'Commands sent and not yet answered, bench-wide', registers: r });
  const queued = new Gauge({ name: 'modem_bench_commands_queued', help: 'Commands waiting, bench-wide', registers: r });
  const loopDelay = new Gauge({ name: 'modem_bench_event_loop_delay_seconds', help: 'Event-loop delay over the last sample interval', labelNames: ['stat'], registers: r });
  const heap = new Gauge({ name: 'modem_bench_heap_used_bytes', help: 'V8 heap in use', registers: r });
  const rss = new Gauge({ name: 'modem_bench_resident_memory_bytes', help: 'Resident set size of the process', registers: r });
  const cpu = new Gauge({ name: 'modem_bench_cpu_ratio', help: 'CPU time over wall time in the last sample interval (1 = one core)', registers: r });
  if (options.defaultMetrics ?? true) {
    collectDefaultMetrics({ register: registry });
    // prom-client 15 names these gauges `_total`, which promtool's lint refuses (a counter suffix);
    // the handle and request counts are not what a bench dashboard watches.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) registry.removeSingleMetric(name);
  }

  // Collector keys are ModemIds; the labels of a series (label, IMEI, model...) are read off the modem list at scrape time.
  let byKey = new Map<string, ModemLabels>();
  latency.labelsOf = (key) => byKey.get(key) ?? null;
  const untap = source.metrics.onRecord((key, ms) => {
    if (ms !== null) latency.observe(key, ms);
  });
  const recoveryCounts = new Map<string, { seq: number; counts: Map<string, number> }>();

  const refresh = (): void => {
    const listed = source.list();
    const status = listed.status;
    // A remote bench host's modems (issue 17) are that host's to export: Prometheus scrapes each bench.
    const modems = listed.modems.filter((m) => m.host === undefined);
    const snap = source.metrics.snapshot({ modems: 'none', commands: 'none' });
    const next = new Map<string, ModemLabels>();
    for (const m of modems) {
      next.set(m.id, { imei: m.identity.imei ?? '', label: m.label, model: m.identity.model ?? '', firmware: m.identity.revision ?? m.identity.firmware ?? '', host });
    }
    byKey = next;
    for (const metric of [commands, retries, rsrp, rsrq, sinr, rssi, temperature, health, queue, recoveries]) metric.reset();

    for (const s of snap.modems) {
      const l = next.get(s.key);
      if (!l) continue;
      commands.inc({ ...l, status: 'ok' }, s.commands - s.errors);
      for (const [code, n] of Object.entries(s.errorsByCode)) commands.inc({ ...l, status: code }, n);
      retries.inc(l, s.retries);
    }
    for (const m of modems) {
      const l = next.get(m.id)!;
      const sig = m.signal;
      if (sig?.rsrp != null) rsrp.set(l, sig.rsrp);
      if (sig?.rsrq != null) rsrq.set(l, sig.rsrq);
      if (sig?.sinr != null) sinr.set(l, sig.sinr);
      if (sig?.rssiDbm != null) rssi.set(l, sig.rssiDbm);
      if (m.temperatureC !== null) temperature.set(l, m.temperatureC);
      const state = m.health?.state ?? (m.state === 'offline' ? 'offline' : null);
      if (state) for (const h of HEALTH_STATES) health.set({ ...l, state: h }, h === state ? 1 : 0);
      queue.set(l, m.queueDepth);
      for (const [k, n] of countRecoveries(m.id)) {
        const [step, outcome] = k.split('|') as [string, string];
        recoveries.inc({ ...l, step, outcome }, n);
      }
    }
    online.set(status.modemsOnline);
    total.set(status.modemsTotal);
    inFlight.set(status.inFlight);
    queued.set(status.queued);
    const p = snap.process;
    if (p) {
      for (const stat of ['mean', 'p99', 'max'] as const) {
        const v = p.eventLoopDelayMs[stat];
        if (v !== null) loopDelay.set({ stat }, v / 1000);
      }
      heap.set(p.heapUsedMB * 1024 * 1024);
      rss.set(p.rssMB * 1024 * 1024);
      cpu.set(p.cpuPercent / 100);
    }
  };

  /** Steps seen so far on one modem's timeline, read on from where the last scrape stopped. */
  const countRecoveries = (modemId: string): Map<string, number> => {
    let c = recoveryCounts.get(modemId);
    if (!c) {
      c = { seq: 0, counts: new Map() };
      recoveryCounts.set(modemId, c);
    }
    let events: TimelineEventView[];
    try {
      events = source.timeline(modemId, c.seq).events;
    } catch {
      return c.counts; // removed between the list and now
    }
    for (const ev of events.slice(0, TIMELINE_PAGE)) {
      c.seq = Math.max(c.seq, ev.seq);
      const outcome = STEP_OUTCOMES[ev.kind];
      if (outcome && ev.step) {
        const k = `${ev.step}|${outcome}`;
        c.counts.set(k, (c.counts.get(k) ?? 0) + 1);
      }
    }
    return c.counts;
  };

  return {
    registry,
    contentType: registry.contentType,
    render: async () => {
      refresh();
      return registry.metrics();
    },
    dispose: () => {
      untap();
      registry.clear();
    },
  };
}
