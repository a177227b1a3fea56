import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventMap } from '../../../src-preload/contract';
import { appClient } from '../../helpers/app-client';
import { AppService } from '../../../src-main/core/service';

/** Records in RFC 4180 CSV (quoted fields may hold line breaks). */
function csvRecords(text: string): number {
  let records = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\n' && !quoted) records++;
  }
  return text.endsWith('\n') ? records : records + 1;
}

const client = appClient;

describe('batch runs and metrics through the contract', () => {
  let app: AppService | null = null;
  afterEach(async () => {
    await app?.stop();
    app = null;
  });

  it('validates with line and column, runs on the simulated bench, stores, exports and compares; metrics count it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-app-runs-'));
    app = new AppService({
      version: 't',
      dataDir: null,
      logDir: '/x',
      logFile: null,
      logger: pino({ level: 'silent' }),
      simOptions: { latency: 0 },
      runsDb: join(dir, 'runs.db'),
      examplesDir: join(process.cwd(), 'examples'),
      eventIntervalMs: 20,
      metricsIntervalMs: 250,
    });
    await app.start();
    const api = client(app);
    await api.invoke('bench.startSimulated', { count: 4, seed: 5 });

    const { examples } = await api.invoke('batch.examples', {});
    const inventory = examples.find((e) => e.name === 'identity-inventory')!;
    expect(inventory.text).toContain('AT+CGSN');
    const ok = await api.invoke('batch.validate', { text: inventory.text });
    expect(ok).toMatchObject({ ok: true, selected: 4 });
    const bad = await api.invoke('batch.validate', { text: 'steps:\n  - send: AT\n    expect: [ok\n' });
    expect(bad.ok).toBe(false);
    expect(bad.problems[0]).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
    await expect(api.invoke('batch.start', { text: 'steps:\n  - sned: AT\n' })).rejects.toMatchObject({ code: 'invalid-input' });

    const run = async () => {
      const finished = new Promise<EventMap['batch.finished']>((r) => {
        const off = api.on('batch.finished', (f) => (off(), r(f)));
      });
      const { runId } = await api.invoke('batch.start', { text: inventory.text, name: 'inventory.yaml' });
      expect(await finished).toEqual({ runId, status: 'completed' });
      return runId;
    };
    const a = await run();
    const view = await api.invoke('runs.get', { runId: a });
    expect(view.modems).toHaveLength(4);
    expect(view.results).toHaveLength(4 * view.steps.length);
    expect(view.results.every((r) => r.status === 'pass')).toBe(true);
    const csv = await api.invoke('runs.export', { runId: a, format: 'csv' });
    expect(csvRecords(csv.content)).toBe(1 + 4 * view.steps.length);
    const junit = await api.invoke('runs.export', { runId: a, format: 'junit' });
    expect(junit.content.match(/<testsuite /g)).toHaveLength(4);
    const b = await run();
    const cmp = await api.invoke('runs.compare', { a, b });
    expect(cmp.steps.every((s) => s.a.passRate === 1 && s.b.passRate === 1)).toBe(true);
    expect((await api.invoke('runs.list', {})).runs.map((r) => r.id)).toEqual([b, a]);

    const m = await api.invoke('metrics.get', {});
    expect(m.total.commands).toBeGreaterThanOrEqual(2 * 4 * view.steps.length);
    expect(m.commands.map((c) => c.key)).toEqual(expect.arrayContaining(['AT+CGSN']));
    expect(m.modems).toHaveLength(4);
    await expect(api.invoke('runs.delete', { runIds: [a] })).resolves.toEqual({ deleted: 1 });
    await expect(api.invoke('runs.get', { runId: a })).rejects.toMatchObject({ code: 'invalid-input' });
  }, 60_000);
});
