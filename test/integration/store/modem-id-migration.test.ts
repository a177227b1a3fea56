/**
 * Runs stored before the one ModemId (issue 12) keyed a modem without IMEI
 * given by port path by its label, the path. Such a database keeps working:
 * opening it rekeys those modems to their ModemId (`port:<path>`) in every
 * table, so their results, transcripts and timelines stay joined, and keys
 * that already were ModemIds (IMEIs) or cannot be derived stay as they were.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunModem, type StepResult, parseBatch } from '../../../src-main/core/batch';
import { MIGRATIONS, RunStore } from '../../../src-main/core/store';
import { modemIdOf } from '../../../src-preload/contract';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const modem = (key: string, imei: string | null): RunModem => ({ key, label: key, status: 'pending', identity: { imei, iccid: null, imsi: null, model: 'EC25', firmware: null, revision: null } });
const result = (modemKey: string): StepResult => ({ modemKey, seq: 0, stepKey: '1', stepId: '1', name: 's', kind: 'send', command: 'AT', status: 'pass', message: null, errorCode: null, final: 'OK', lines: [], parsed: null, captures: {}, latencyMs: 1, attempts: 1, startedAt: 1, endedAt: 2 });

describe('run store: legacy modem keys become ModemIds', () => {
  it('rekeys a path-keyed modem without IMEI in every table; IMEI and other keys stay', async () => {
    const d = mkdtempSync(join(tmpdir(), 'mb-store-id-'));
    dirs.push(d);
    const path = join(d, 'runs.db');
    const plan = await parseBatch('name: p\nsteps:\n  - send: AT\n', 'p.yaml');
    const keys = ['/dev/ttyUSB7', 'COM12', '861458030000010', 'EC25 @ 1-1.4'];
    const imeis = [null, null, '861458030000010', null];
    // A database as the previous version left it: schema 2, keys as that version made them.
    const s = RunStore.open({ path });
    const runId = s.createRun({ plan, modems: keys.map((k, i) => modem(k, imeis[i]!)) });
    const sink = s.sink(runId);
    for (const k of keys) {
      sink.stepCompleted(result(k), [{ at: 1, dir: 'tx', text: `AT ${k}` }]);
      sink.timeline!(k, { seq: 1, at: 3, kind: 'disconnect', detail: k });
    }
    s.finishRun(runId, 'interrupted', 10);
    s.close();
    const raw = new Database(path);
    raw.pragma('user_version = 2');
    raw.close();

    const again = RunStore.open({ path });
    expect(again.schemaVersion).toBe(MIGRATIONS.length);
    const run = again.getRun(runId);
    const want = ['port:/dev/ttyUSB7', 'port:COM12', '861458030000010', 'EC25 @ 1-1.4'];
    expect(want.slice(0, 3)).toEqual([modemIdOf({ imei: null, path: '/dev/ttyUSB7' }), modemIdOf({ imei: null, path: 'COM12' }), modemIdOf({ imei: '861458030000010' })]);
    expect(run.modems.map((m) => m.key)).toEqual(want);
    // Labels stay what people saw.
    expect(run.modems.map((m) => m.label)).toEqual(keys);
    expect(run.results.map((r) => r.modemKey)).toEqual(want);
    for (const [i, k] of want.entries()) {
      expect(run.transcripts![k]!.map((e) => e.text)).toEqual([`AT ${keys[i]}`]);
      expect(run.timelines![k]!.map((e) => e.detail)).toEqual([keys[i]]);
    }
    // A resume finds what is done under the new keys.
    const resumed = again.resumeRun(runId);
    expect([...resumed.done.keys()].sort()).toEqual([...want].sort());
    again.close();
  });
});
