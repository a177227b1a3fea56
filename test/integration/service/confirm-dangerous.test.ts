import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { AppService, createDispatcher } from '../../../src-main/core/service';

function newApp(runsDb: string | null = null): AppService {
  return new AppService({
    version: 'test',
    dataDir: null,
    runsDb,
    logDir: '/nonexistent',
    logFile: null,
    logger: pino({ level: 'silent' }),
    eventIntervalMs: 20,
    consoleIntervalMs: 10,
    simOptions: { latency: 0 },
  });
}

// Issue 13 item 2: modem.exec and broadcast.exec sent these with no confirmation.
const DANGEROUS = ['AT+QPOWD', 'AT+CFUN=0', 'AT&F', 'AT+QCFG="usbnet",1', 'AT+QFASTBOOT', 'AT+CFUN=1,1', 'AT+CSQ;+QPOWD', 'AT +CFUN =4', 'ATE0&F', 'AT;+QFASTBOOT'];

describe('dangerous commands over the API need confirm: true', () => {
  let app: AppService | null = null;
  afterEach(async () => {
    await app?.stop();
    app = null;
  });

  it('refuses them with confirmation-required, sends nothing, and sends once confirmed', async () => {
    app = newApp();
    await app.start();
    const d = createDispatcher(app);
    const started = await d.invoke('bench.startSimulated', { count: 2, seed: 1 });
    expect(started.ok ? null : started.error).toBeNull();
    const listed = await d.invoke('bench.list', {});
    const ids = (listed as { ok: true; value: { modems: { id: string }[] } }).value.modems.map((m) => m.id);
    expect(ids).toHaveLength(2);
    for (const command of DANGEROUS) {
      const one = await d.invoke('modem.exec', { modemId: ids[0], command });
      expect(one, command).toMatchObject({ ok: false, error: { code: 'confirmation-required', details: { command, modems: 1 } } });
      if (!one.ok) expect((one.error.details!.commands as unknown[]).length, command).toBeGreaterThan(0);
      const all = await d.invoke('broadcast.exec', { modemIds: ids, command, confirm: false });
      expect(all, command).toMatchObject({ ok: false, error: { code: 'confirmation-required', details: { modems: 2 } } });
    }
    // None of them reached either modem (health polls still run in the background).
    const sent = async (id: string): Promise<string[]> => {
      const tr = await d.invoke('modem.transcript', { modemId: id });
      return (tr as { ok: true; value: { entries: { kind: string; text: string }[] } }).value.entries.filter((e) => e.kind === 'tx').map((e) => e.text);
    };
    for (const id of ids) expect((await sent(id)).filter((t) => DANGEROUS.includes(t) || t === 'AT&W')).toEqual([]);
    // Harmless lines need nothing; a confirmed dangerous one is sent.
    expect(await d.invoke('modem.exec', { modemId: ids[0], command: 'AT+CFUN?' })).toMatchObject({ ok: true });
    expect(await d.invoke('broadcast.exec', { modemIds: ids, command: 'AT&W', confirm: true })).toMatchObject({ ok: true });
    expect((await sent(ids[1]!)).filter((t) => t === 'AT&W')).toEqual(['AT&W']);
  });

  it('batch.validate and batch.start refuse hostile files with positions instead of freezing the server (issue 13)', async () => {
    const data = mkdtempSync(join(tmpdir(), 'mb-hostile-svc-'));
    app = newApp(join(data, 'runs.db'));
    await app.start();
    const d = createDispatcher(app);
    const nested = 'steps:\n  - repeat: 100000\n    steps:\n      - repeat: 100000\n        steps:\n          - repeat: 100000\n            steps:\n              - include: ../../etc/passwd\n';
    const v = await d.invoke('batch.validate', { text: nested });
    expect(v).toMatchObject({ ok: true, value: { ok: false } });
    const problems = (v as { ok: true; value: { problems: { line: number; column: number; message: string }[] } }).value.problems;
    expect(problems.map((p) => `${p.line}:${p.column} ${p.message.slice(0, 30)}`)).toEqual(['4:17 more than 100,000 step instanc', '8:26 ../../etc/passwd is outside th']);
    const deep = await d.invoke('batch.validate', { text: 'steps: ' + '['.repeat(400_000) + ']'.repeat(400_000) });
    expect(deep).toMatchObject({ ok: true, value: { ok: false, problems: [{ line: 1, column: 72, message: 'YAML nested deeper than 64 levels' }] } });
    const regex = await d.invoke('batch.start', { text: "steps:\n  - send: AT\n    capture: { x: { match: '^(?=a)' } }\n" });
    expect(regex).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    await app.stop();
    app = null;
    rmSync(data, { recursive: true, force: true });
  });
});
