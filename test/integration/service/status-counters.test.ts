/**
 * Issue 14 defect 3: the status bar's counters. A batch's traffic counts in
 * cmd/s, an ERROR / +CME ERROR final counts as an error (not only "no
 * final"), and "online" means the AT port is open and answering: a modem the
 * recovery ladder is working on, or one that failed, is not online.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventMap } from '../../../src-preload/contract';
import { appClient } from '../../helpers/app-client';
import { AppService } from '../../../src-main/core/service';

const client = appClient;

const BATCH = `version: 1
name: counters
modems: all
settings:
  parallel: 4
  timeout: 5s
  retries: 0
  on_failure: continue
steps:
  - send: AT+CGMM
    expect: ok
  - send: AT+CGMM
    expect: ok
  - send: AT+QNOSUCHCOMMAND
    expect: ok
`;

describe('bench status counters', () => {
  let app: AppService | null = null;
  afterEach(async () => {
    await app?.stop();
    app = null;
  });

  function newApp(): AppService {
    return new AppService({
      version: 't',
      dataDir: null,
      logDir: '/x',
      logFile: null,
      logger: pino({ level: 'silent' }),
      simOptions: { latency: 0 },
      runsDb: join(mkdtempSync(join(tmpdir(), 'mb-status-')), 'runs.db'),
      eventIntervalMs: 20,
      // No health polls during the test: every counted command is the batch's.
      metricsIntervalMs: 250,
    });
  }

  it("counts a batch's commands and its ERROR replies", async () => {
    app = newApp();
    await app.start();
    app.updateSettings({ healthPollMs: 3_600_000 });
    const api = client(app);
    await api.invoke('bench.startSimulated', { count: 4, seed: 3 });
    const before = app.status();
    const finished = new Promise<EventMap['batch.finished']>((r) => {
      const off = api.on('batch.finished', (f) => (off(), r(f)));
    });
    await api.invoke('batch.start', { text: BATCH, name: 'counters.yaml' });
    await finished;
    const after = app.status();
    // 12 batch commands went out in well under the 5 s window: at least 12/5 a second more than before.
    // Counted in whole commands per 5 s window: the rates are n/5, whose difference can round below 12/5.
    expect(Math.round((after.commandsPerSec - before.commandsPerSec) * 5)).toBeGreaterThanOrEqual(12);
    // Four modems answered ERROR to the unknown command: four errors, though each had a final.
    expect(after.errorsLastMinute - before.errorsLastMinute).toBeGreaterThanOrEqual(4);
  });

  it('does not count a modem as online while the ladder works on it', async () => {
    app = newApp();
    await app.start();
    const api = client(app);
    await api.invoke('bench.startSimulated', { count: 4, seed: 3 });
    expect(app.status()).toMatchObject({ modemsOnline: 4, modemsTotal: 4 });
    const { modems } = await api.invoke('bench.list', {});
    const recovering = app.recover(modems[1]!.id, 'reopen');
    expect(app.list().modems.find((m) => m.id === modems[1]!.id)?.state).toBe('recovering');
    expect(app.status()).toMatchObject({ modemsOnline: 3, modemsTotal: 4 });
    await recovering;
    expect(app.status()).toMatchObject({ modemsOnline: 4, modemsTotal: 4 });
  });
});
