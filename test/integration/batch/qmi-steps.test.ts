import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BatchRunner, type RunTarget, loadBatchFile, parseBatch } from '../../../src-main/core/batch';
import { qmiRequest } from '../../../src-main/core/service/qmi-request';
import type { QmiResultView } from '../../../src-preload/contract/qmi';
import { drive, scriptedTarget, simTargets } from '../../helpers/batch-run';


describe('qmi: steps on the simulator (fake time)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('asks each modem its QMI port, judges and captures the decoded fields; a modem without QMI gets no-qmi-port, its AT steps still run', async () => {
    const t = await simTargets({ count: 3 });
    try {
      // Modems 0 and 1 reach their simulated QMI endpoint the way the app does; modem 2 has no QMI port.
      const asked: string[] = [];
      const targets: RunTarget[] = t.targets.map((x, i) =>
        i === 2 ? x : { ...x, qmi: (request, o) => (asked.push(`${i}:${request}`), qmiRequest({ simulated: true, simIndex: i, ports: [] }, request, t.sim, o.timeoutMs)) },
      );
      const plan = await loadBatchFile('examples/qmi-signal.yaml');
      const data = await drive(new BatchRunner({ plan, targets }));
      expect(data.status).toBe('completed');
      const by = (i: number) => data.results.filter((r) => r.modemKey === t.targets[i]!.key);
      for (const i of [0, 1]) {
        expect(by(i).map((r) => `${r.kind} ${r.status} ${r.message ?? ''}`.trim()).every((s) => / pass/.test(s)), JSON.stringify(by(i))).toBe(true);
        const [ids, , sig] = by(i);
        // The QMI IMEI is the AT one (step 2 matched it against AT+CGSN, and the identity agrees).
        expect(ids!.captures).toEqual({ qmi_imei: t.targets[i]!.identity.imei });
        expect(sig).toMatchObject({ kind: 'qmi', command: 'qmi nas-get-signal-info', attempts: 1, final: 'OK' });
        expect(typeof sig!.captures.rsrp).toBe('number');
        expect(sig!.captures.rsrp).toBeGreaterThan(-110);
        expect(sig!.lines).toContain(`lte.rsrp=${String(sig!.captures.rsrp)}`);
        expect(sig!.message).toMatch(/rsrp/);
      }
      expect(asked.filter((a) => a.startsWith('0:'))).toEqual(['0:dms-get-ids', '0:nas-get-signal-info', '0:nas-get-serving-system']);
      const none = by(2);
      expect(none.map((r) => [r.kind, r.status, r.errorCode])).toEqual([
        ['qmi', 'error', 'no-qmi-port'],
        // ${qmi_imei} was never captured: the AT step whose match needs it fails and says so.
        ['send', 'fail', null],
        ['qmi', 'error', 'no-qmi-port'],
        ['qmi', 'error', 'no-qmi-port'],
      ]);
      expect(none[0]!.message).toMatch(/sim2 has no QMI port/);
      expect(none[1]!.message).toMatch(/qmi_imei/);
      expect(data.transcripts![t.targets[2]!.key]!.some((e) => e.dir === 'note' && e.text.startsWith('no-qmi-port'))).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('a condition the fields do not meet fails the step with what was seen', async () => {
    const t = await simTargets({ count: 1 });
    try {
      const target: RunTarget = { ...t.targets[0]!, qmi: (request, o) => qmiRequest({ simulated: true, simIndex: 0, ports: [] }, request, t.sim, o.timeoutMs) };
      const plan = await parseBatch('steps:\n  - qmi: nas-get-signal-info\n    expect: "rsrp > -50"\n  - qmi: nas-get-signal-info\n    capture: { x: lte.nothing }\n', 'q.yaml');
      const data = await drive(new BatchRunner({ plan, targets: [target] }));
      expect(data.results.map((r) => r.status)).toEqual(['fail', 'fail']);
      expect(data.results[0]!.message).toMatch(/^rsrp > -50: /);
      expect(data.results[1]!.message).toBe('capture x: no field lte.nothing in the response');
    } finally {
      await t.close();
    }
  });

  it('retries a timed-out request after retry_delay (fake time); a QMI error is an answer `expect: error` takes; a port that vanished is no-qmi-port, not retried', async () => {
    const target = scriptedTarget('861458037500001', () => ({}));
    let n = 0;
    const calls: number[] = [];
    const answers: ((r: string) => QmiResultView)[] = [
      (r) => ({ request: r, ok: false, message: null, latencyMs: null, fields: {}, error: { code: 'timeout', message: 'no answer in 10 s' } }),
      (r) => ({ request: r, ok: true, message: 'Get Signal Info', latencyMs: 5, fields: { lte: { rsrp: -95 } }, error: null }),
      (r) => ({ request: r, ok: false, message: null, latencyMs: 4, fields: {}, error: { code: 'qmi-error', message: 'QMI error NotProvisioned', qmiError: 'NotProvisioned' } }),
      (r) => ({ request: r, ok: false, message: null, latencyMs: null, fields: {}, error: { code: 'port-not-found', message: 'No QMI port found for this modem' } }),
    ];
    const q: RunTarget = {
      ...target,
      qmi: (request) => {
        calls.push(Date.now());
        return Promise.resolve(answers[n++]!(request));
      },
    };
    const plan = await parseBatch(
      'settings: { retry_delay: 5s }\nsteps:\n  - qmi: nas-get-signal-info\n    retries: 2\n    expect: "rsrp > -100"\n  - qmi: dms-get-msisdn\n    expect: error\n  - qmi: dms-get-ids\n    retries: 3\n',
      'q.yaml',
    );
    const data = await drive(new BatchRunner({ plan, targets: [q] }));
    expect(data.results.map((r) => [r.status, r.attempts, r.errorCode])).toEqual([
      ['pass', 2, null],
      ['pass', 1, null],
      ['error', 1, 'no-qmi-port'],
    ]);
    expect(calls[1]! - calls[0]!).toBe(5000);
    expect(data.results[1]!.final).toBe('QMI error NotProvisioned');
    expect(n).toBe(4);
  });
});

describe('modem-bench run with qmi: steps (child process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mb-qmi-steps-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cli = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx/esm', 'test/fixtures/batch/run-child.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it('an unknown request name: exit 2 with file:line:col before any modem is asked; the example passes on --sim 2', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'steps:\n  - send: AT\n  - qmi: nas-get-signal-infoo\n    expect: "rsrp > -110"\n');
    const r = cli('run', bad, '--sim', '2', '--db', join(dir, 'runs.db'));
    expect(r.code).toBe(2);
    expect(r.err.trim()).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:10: unknown QMI request 'nas-get-signal-infoo' \\(expected one of .*nas-get-signal-info,`));
    const ok = cli('run', 'examples/qmi-signal.yaml', '--sim', '2', '--db', join(dir, 'runs.db'));
    expect(ok.err).toBe('');
    expect(ok.out).toContain('passed 8  failed 0  errors 0  skipped 0  not run 0');
    expect(ok.code).toBe(0);
  }, 60_000);
});
