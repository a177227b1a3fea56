/**
 * Prometheus exposition of a bench: `createPrometheusExporter(app)` gives a
 * dedicated prom-client registry and `render()` (collect on scrape), served
 * by `modem-bench serve` at GET /metrics.
 */
export { createPrometheusExporter, type ExpositionSource, type PrometheusExporter, type PrometheusExporterOptions } from './exporter';
export { LATENCY_BUCKETS_S } from './latency';
