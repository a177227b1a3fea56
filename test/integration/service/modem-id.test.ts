/**
 * One ModemId per modem (issue 12): the bench row, the metrics, the run
 * results and the console all carry the same id, and stay joined when the
 * modem's label changes (the engineer names its slot with a lab tag).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventMap } from '../../../src-preload/contract';
import { AppService } from '../../../src-main/core/service';
import { appClient as client } from '../../helpers/app-client';

const BATCH = 'version: 1\nsteps:\n  - send: AT\n    expect: ok\n  - send: AT+CSQ\n    expect: ok\n';

describe('one ModemId from the controller to the screen', () => {
  let app: AppService | null = null;
  afterEach(async () => {
    await app?.stop();
    app = null;
    vi.useRealTimers();
  });

  /** The collector recomputes its tables at most every 250 ms: step the clock past that instead of waiting. */
  const later = () => vi.setSystemTime(Date.now() + 1000);

  it('metrics, runs and console lines of a modem stay under its id across a label change', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const dir = mkdtempSync(join(tmpdir(), 'mb-modem-id-'));
    app = new AppService({
      version: 't',
      dataDir: null,
      logDir: '/x',
      logFile: null,
      logger: pino({ level: 'silent' }),
      simOptions: { latency: 0 },
      runsDb: join(dir, 'runs.db'),
      eventIntervalMs: 20,
      consoleIntervalMs: 10,
    });
    await app.start();
    const api = client(app);
    await api.invoke('bench.startSimulated', { count: 2, seed: 7 });
    const before = (await api.invoke('bench.list', {})).modems;
    expect(before).toHaveLength(2);
    const m = before[1]!;
    // Its id is its IMEI (DESIGN: IMEI, else USB serial + topology), not a bench key or a label.
    expect(m.identity.imei).toMatch(/^\d{15}$/);
    expect(m.id).toBe(m.identity.imei);
    const oldLabel = m.label;

    const consoleIds = new Set<string>();
    const offConsole = api.on('console.entries', (e) => consoleIds.add(e.modemId));
    const consoleLines = (id: string) => new Promise<void>((r) => {
      const off = api.on('console.entries', (e) => e.modemId === id && e.entries.some((x) => x.text.includes('AT+CGMR')) && (off(), r()));
    });
    const run = async () => {
      const finished = new Promise<EventMap['batch.finished']>((r) => {
        const off = api.on('batch.finished', (f) => (off(), r(f)));
      });
      const { runId } = await api.invoke('batch.start', { text: BATCH, name: 'id.yaml', modemIds: [m.id] });
      expect(await finished).toEqual({ runId, status: 'completed' });
      return api.invoke('runs.get', { runId });
    };

    let seen = consoleLines(m.id);
    expect((await api.invoke('modem.exec', { modemId: m.id, command: 'AT+CGMR' })).modemId).toBe(m.id);
    await seen;
    const runA = await run();
    later();
    const statsA = await api.invoke('metrics.get', { modems: [m.id] });
    const rowA = statsA.modems.find((s) => s.key === m.id);
    expect(rowA?.commands).toBeGreaterThanOrEqual(3);
    expect(Object.keys(statsA.series.modems)).toEqual([m.id]);

    // The label changes: the engineer names the slot.
    const renamed = await api.invoke('modem.setTags', { modemId: m.id, tags: ['A3', 'shelf-2'] });
    expect(renamed.label).toBe('A3');
    expect(renamed.label).not.toBe(oldLabel);
    expect(renamed.id).toBe(m.id);

    seen = consoleLines(m.id);
    expect((await api.invoke('modem.exec', { modemId: m.id, command: 'AT+CGMR' })).modemId).toBe(m.id);
    await seen;
    const runB = await run();
    later();
    const statsB = await api.invoke('metrics.get', { modems: 'all' });
    // One row per modem, keyed by id: the same row kept counting; no row under either label.
    expect(statsB.modems.map((s) => s.key).sort()).toEqual(before.map((x) => x.id).sort());
    expect(statsB.modems.find((s) => s.key === m.id)!.commands).toBeGreaterThanOrEqual(rowA!.commands + 3);
    expect(Object.keys(statsB.series.modems).sort()).toEqual(before.map((x) => x.id).sort());

    // Both runs keyed the modem by its id; their labels are what people saw then.
    for (const r of [runA, runB]) {
      expect(r.modems.map((x) => x.key)).toEqual([m.id]);
      expect(new Set(r.results.map((x) => x.modemKey))).toEqual(new Set([m.id]));
    }
    expect(runA.modems[0]!.label).toBe(oldLabel);
    expect(runB.modems[0]!.label).toBe('A3');
    const cmp = await api.invoke('runs.compare', { a: runA.id, b: runB.id });
    expect(cmp.changed).toEqual([]);
    expect(cmp.steps.every((s) => s.a.count === 1 && s.b.count === 1)).toBe(true);

    // The console went to the same id all along, and its transcript is found by it.
    offConsole();
    expect(consoleIds.has(m.id)).toBe(true);
    expect([...consoleIds].every((id) => before.some((x) => x.id === id))).toBe(true);
    const t = await api.invoke('modem.transcript', { modemId: m.id });
    expect(t.entries.filter((e) => e.kind === 'tx' && e.text === 'AT+CGMR')).toHaveLength(2);
  });
});
