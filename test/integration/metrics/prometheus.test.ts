/**
 * GET /metrics of the headless server: the exposition is checked by Debian's
 * `promtool check metrics` and scraped by a real Prometheus server started
 * here on loopback (temporary config and storage), then queried back over
 * its HTTP API. Every process started here is ended in afterAll.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrometheusExporter, type PrometheusExporter } from '../../../src-main/core/metrics/exposition';
import { AppService, createDispatcher } from '../../../src-main/core/service';
import { type RunningServer, startServer } from '../../../src-main/headless/server';

const logger = pino({ level: 'silent' });
const TOKEN = 'metrics-test-token-0123456789';

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** Polls until `probe` returns a value, at most `attempts` times `everyMs` apart (a process outside this test's clock). */
async function until<T>(what: string, probe: () => Promise<T | null>, attempts = 120, everyMs = 250): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const v = await probe().catch(() => null);
    if (v !== null) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function sample(text: string, name: string, labels: Record<string, string>): number | null {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return null;
}

describe('GET /metrics (Prometheus exposition)', () => {
  let app: AppService;
  let server: RunningServer;
  let exporter: PrometheusExporter;
  let prom: ChildProcess | null = null;
  const tmp = mkdtempSync(join(tmpdir(), 'mb-prom-'));
  let ids: string[] = [];

  beforeAll(async () => {
    app = new AppService({ version: 't', dataDir: null, logDir: tmp, logFile: null, logger, simOptions: { latency: 0 } });
    await app.start();
    await app.startSimulated(3);
    writeFileSync(join(tmp, 'index.html'), '<!doctype html>');
    exporter = createPrometheusExporter(app, { host: 'bench-a' });
    server = await startServer({ port: 0, token: TOKEN, rendererDir: tmp, dispatcher: createDispatcher(app), app, logger, version: 't', metrics: exporter });
    ids = app.list().modems.map((m) => m.id);
    for (const id of ids) {
      await app.exec(id, 'ATI');
      await app.exec(id, 'AT+CSQ');
      await app.refresh(id);
    }
    await app.exec(ids[0]!, 'AT+NOSUCHCMD');
    await app.recover(ids[1]!, 'resync');
  }, 60_000);

  afterAll(async () => {
    if (prom && prom.exitCode === null) {
      const exited = new Promise((r) => prom!.once('exit', r));
      prom.kill('SIGTERM');
      await exited;
    }
    await server?.close();
    exporter?.dispose();
    await app?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }, 30_000);

  it('needs the token like every other route, as a bearer header or ?token=', async () => {
    expect((await get(server.port, '/metrics')).status).toBe(401);
    expect((await get(server.port, '/metrics', { authorization: 'Bearer wrong-token-wrong-token' })).status).toBe(401);
    expect((await get(server.port, `/metrics?token=${TOKEN}`)).status).toBe(200);
    const ok = await get(server.port, '/metrics', { authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
    expect(ok.type).toContain('text/plain; version=0.0.4');
  });

  it('has per-modem series labelled imei, label, model, firmware and host, read at scrape time', async () => {
    const { body } = await get(server.port, '/metrics', { authorization: `Bearer ${TOKEN}` });
    const m0 = app.list().modems.find((m) => m.id === ids[0])!;
    expect(m0.identity.imei).toMatch(/^\d{15}$/);
    const l = { imei: m0.identity.imei!, label: m0.label, model: m0.identity.model!, host: 'bench-a' };
    // ATI, AT+CSQ and the refresh's polls answered OK; AT+NOSUCHCMD got ERROR.
    expect(sample(body, 'modem_bench_commands_total', { ...l, status: 'ok' })).toBeGreaterThanOrEqual(2);
    expect(sample(body, 'modem_bench_commands_total', { ...l, status: 'modem-error' })).toBe(1);
    const count = sample(body, 'modem_bench_command_latency_seconds_count', l)!;
    expect(count).toBeGreaterThanOrEqual(3);
    expect(sample(body, 'modem_bench_command_latency_seconds_bucket', { ...l, le: '+Inf' })).toBe(count);
    expect(body).toMatch(/modem_bench_command_latency_seconds_bucket\{[^}]*firmware="[^"]+"[^}]*le="0\.01"\}/);
    expect(sample(body, 'modem_bench_signal_rsrp_dbm', l)).toBe(m0.signal!.rsrp);
    expect(sample(body, 'modem_bench_signal_rssi_dbm', l)).toBe(m0.signal!.rssiDbm);
    expect(sample(body, 'modem_bench_temperature_celsius', l)).toBe(m0.temperatureC);
    expect(sample(body, 'modem_bench_health_state', { ...l, state: m0.health!.state })).toBe(1);
    expect(sample(body, 'modem_bench_queue_depth', l)).toBe(0);
    const m1 = app.list().modems.find((m) => m.id === ids[1])!;
    expect(sample(body, 'modem_bench_recovery_steps_total', { imei: m1.identity.imei!, step: 'resync', outcome: 'started' })).toBe(1);
    expect(sample(body, 'modem_bench_modems', {})).toBe(3);
    expect(sample(body, 'process_resident_memory_bytes', {})).toBeGreaterThan(0);
    expect(body).toContain('nodejs_eventloop_lag_seconds');
    // A second scrape counts on from the first, it does not double the recovery counter.
    const again = (await get(server.port, '/metrics', { authorization: `Bearer ${TOKEN}` })).body;
    expect(sample(again, 'modem_bench_recovery_steps_total', { imei: m1.identity.imei!, step: 'resync', outcome: 'started' })).toBe(1);
  });

  it('passes promtool check metrics', async () => {
    const { body } = await get(server.port, '/metrics', { authorization: `Bearer ${TOKEN}` });
    const r = spawnSync('promtool', ['check', 'metrics'], { input: body, encoding: 'utf8', timeout: 30_000 });
    expect(r.error).toBeUndefined();
    expect(`${r.stdout}${r.stderr}`.trim()).toBe('');
    expect(r.status).toBe(0);
  });

  it('is scraped by a real Prometheus server and queried back', async () => {
    const port = await freePort();
    const config = join(tmp, 'prometheus.yml');
    writeFileSync(
      config,
      [
        'global:',
        '  scrape_interval: 1s',
        'scrape_configs:',
        '  - job_name: bench',
        '    authorization:',
        '      type: Bearer',
        `      credentials: ${TOKEN}`,
        '    static_configs:',
        `      - targets: ['127.0.0.1:${server.port}']`,
        '',
      ].join('\n'),
    );
    prom = spawn('prometheus', [`--config.file=${config}`, `--storage.tsdb.path=${join(tmp, 'tsdb')}`, `--web.listen-address=127.0.0.1:${port}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    prom.stderr!.on('data', (c) => (log += String(c)));
    const query = async (q: string): Promise<{ metric: Record<string, string>; value: [number, string] }[] | null> => {
      const r = await get(port, `/api/v1/query?query=${encodeURIComponent(q)}`);
      if (r.status !== 200) return null;
      const res = (JSON.parse(r.body) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } }).data.result;
      return res.length > 0 ? res : null;
    };
    try {
      const up = await until('the bench scraped up', () => query('up{job="bench"} == 1'), 160);
      expect(up[0]!.metric.instance).toBe(`127.0.0.1:${server.port}`);
      const errors = await until('commands by status', () => query('modem_bench_commands_total{status="modem-error"}'));
      expect(errors).toHaveLength(1);
      expect(errors[0]!.metric).toMatchObject({ host: 'bench-a', imei: app.list().modems.find((m) => m.id === ids[0])!.identity.imei });
      const perModem = await until('latency histogram', () => query('sum by (imei) (modem_bench_command_latency_seconds_count)'));
      expect(perModem).toHaveLength(3);
      const p99 = await until('histogram_quantile', () => query('histogram_quantile(0.99, sum by (le) (rate(modem_bench_command_latency_seconds_bucket[1m]))) >= 0 or vector(0)'));
      expect(Number.isFinite(Number(p99[0]!.value[1]))).toBe(true);
      // Every query of the shipped Grafana dashboard parses and evaluates on this server.
      const dash = JSON.parse(readFileSync(join(__dirname, '../../../examples/grafana-dashboard.json'), 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };
      const exprs = dash.panels.flatMap((p) => p.targets.map((t) => t.expr.replaceAll('$host', '.*').replaceAll('$imei', '.*')));
      expect(exprs.length).toBeGreaterThanOrEqual(12);
      for (const e of exprs) {
        const r = await get(port, `/api/v1/query?query=${encodeURIComponent(e)}`);
        expect({ e, status: r.status }).toEqual({ e, status: 200 });
      }
      const rsrp = await until('a dashboard panel with data', () => query(dash.panels.find((p) => p.title === 'RSRP per modem')!.targets[0]!.expr.replaceAll('$host', '.*').replaceAll('$imei', '.*')));
      expect(rsrp).toHaveLength(3);
    } catch (err) {
      throw new Error(`${(err as Error).message}\nprometheus log:\n${log.slice(-2000)}`);
    }
  }, 90_000);
});
