/**
 * The per-modem command latency as a Prometheus histogram. The collector's
 * HDR histograms answer percentiles, not "how many at or below 250 ms", so
 * the exporter keeps fixed buckets of its own, fed by the collector's record
 * tap, and lets prom-client's registry format them (a metric object in the
 * shape prom-client's own Histogram returns from `get()`).
 */
import type { MetricType } from 'prom-client';

/** One line of a metric as prom-client's registry formats it. */
export interface MetricValue {
  metricName?: string;
  labels: Record<string, string | number>;
  value: number;
}

/** Upper bounds (s): AT answers take 10 ms to minutes (AT+COPS=?, 180 s). */
export const LATENCY_BUCKETS_S: readonly number[] = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 180];

/** More distinct modem keys than this share one bucket row, so a long soak cannot grow the exporter. */
const MAX_KEYS = 4096;
const OVERFLOW = '(other)';

interface Row {
  /** Per bucket, not cumulative; the last slot counts what is above every bound. */
  counts: Float64Array;
  sum: number;
  count: number;
}

export class LatencyBuckets {
  readonly name: string;
  readonly help: string;
  // prom-client declares MetricType as an enum but does not export it at run time.
  readonly type = 'histogram' as unknown as MetricType;
  readonly aggregator = 'sum' as const;
  readonly #rows = new Map<string, Row>();
  /** Modem key -> labels, set before each `get()`; keys without labels are not shown. */
  labelsOf: (key: string) => Record<string, string> | null = () => null;

  constructor(name: string, help: string) {
    this.name = name;
    this.help = help;
  }

  observe(key: string, latencyMs: number): void {
    if (!(latencyMs >= 0)) return;
    let row = this.#rows.get(key);
    if (!row) {
      if (this.#rows.size >= MAX_KEYS) key = OVERFLOW;
      row = this.#rows.get(key);
      if (!row) {
        row = { counts: new Float64Array(LATENCY_BUCKETS_S.length + 1), sum: 0, count: 0 };
        this.#rows.set(key, row);
      }
    }
    const s = latencyMs / 1000;
    let i = 0;
    while (i < LATENCY_BUCKETS_S.length && s > LATENCY_BUCKETS_S[i]!) i++;
    row.counts[i]!++;
    row.sum += s;
    row.count++;
  }

  forget(key: string): void {
    this.#rows.delete(key);
  }

  get(): { name: string; help: string; type: MetricType; values: MetricValue[]; aggregator: 'sum' } {
    const values: MetricValue[] = [];
    for (const [key, row] of this.#rows) {
      const labels = this.labelsOf(key);
      if (!labels) continue;
      let cum = 0;
      for (let i = 0; i < LATENCY_BUCKETS_S.length; i++) {
        cum += row.counts[i]!;
        values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le: LATENCY_BUCKETS_S[i]! }, value: cum });
      }
      values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le: '+Inf' }, value: row.count });
      values.push({ metricName: `${this.name}_sum`, labels, value: Math.round(row.sum * 1e6) / 1e6 });
      values.push({ metricName: `${this.name}_count`, labels, value: row.count });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  /** prom-client's `registry.resetMetrics()` calls this. */
  reset(): void {
    this.#rows.clear();
  }
}
