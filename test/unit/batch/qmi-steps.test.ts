import { describe, expect, it } from 'vitest';
import { isBatchFileError, loadBatchFile, parseBatch, type BatchFileError, type BatchFileProblem } from '../../../src-main/core/batch';
import { qmiAsResponse } from '../../../src-main/core/batch/qmi-step';

async function problems(text: string, file = 'q.yaml'): Promise<BatchFileProblem[]> {
  try {
    await parseBatch(text, file);
  } catch (err) {
    if (isBatchFileError(err)) return (err as BatchFileError).problems;
    throw err;
  }
  throw new Error('the file was accepted');
}

describe('qmi: steps in batch files', () => {
  it('compiles a qmi step with its expectations, captures, timeout and retries', async () => {
    const plan = await parseBatch(
      ['settings: { retries: 1 }', 'steps:', '  - qmi: nas-get-signal-info', '    expect: [ok, "rsrp > -110"]', '    capture: { rsrp: lte.rsrp }', '    timeout: 3s', '  - send: AT+CSQ', '    expect: { match: "${rsrp}" }'].join('\n'),
      'q.yaml',
    );
    expect(plan.steps[0]).toMatchObject({
      kind: 'qmi',
      request: 'nas-get-signal-info',
      name: 'qmi nas-get-signal-info',
      expect: [{ kind: 'ok' }, { kind: 'cond', source: 'rsrp > -110' }],
      capture: [{ name: 'rsrp', field: 'lte.rsrp' }],
      timeoutMs: 3000,
      retries: 1,
      line: 3,
    });
    expect(plan.steps[1]).toMatchObject({ kind: 'send' });
  });

  it('defaults to expect ok, and the shipped example compiles', async () => {
    const plan = await parseBatch('steps:\n  - qmi: dms-get-ids\n', 'q.yaml');
    expect(plan.steps[0]).toMatchObject({ kind: 'qmi', expect: [{ kind: 'ok' }], capture: [] });
    const ex = await loadBatchFile('examples/qmi-signal.yaml');
    expect(ex.steps.map((s) => s.kind)).toEqual(['qmi', 'send', 'qmi', 'qmi']);
  });

  it('refuses an unknown request name at its line and column, listing the known ones', async () => {
    const p = await problems('steps:\n  - send: AT\n  - qmi: nas-get-signal-infoo\n');
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ file: 'q.yaml', line: 3, column: 10, path: '/steps/1/qmi', message: "unknown QMI request 'nas-get-signal-infoo'" });
    expect(p[0]!.expected).toContain('nas-get-signal-info');
  });

  it('refuses a bad argument, a second kind, keys that do not go with qmi, and a non-name', async () => {
    expect((await problems('steps:\n  - qmi: wds-stop-network=abc\n'))[0]).toMatchObject({ line: 2, message: expect.stringContaining('packet data handle') });
    expect((await problems('steps:\n  - qmi: dms-get-ids\n    send: AT\n'))[0]!.message).toMatch(/a step has one kind/);
    expect((await problems('steps:\n  - qmi: dms-get-ids\n    allow_dangerous: true\n'))[0]!.message).toBe("'allow_dangerous' does not go with 'qmi'");
    expect((await problems('steps:\n  - qmi: "two words"\n'))[0]).toMatchObject({ line: 2, path: '/steps/0/qmi' });
  });

  it('shows the answer to the checks: the QMI result as the final, fields as parsed and as path=value lines', () => {
    const ok = qmiAsResponse('nas-get-signal-info', { request: 'nas-get-signal-info', ok: true, message: 'Get Signal Info', latencyMs: 12, fields: { lte: { rsrp: -104, snr: 10 } }, error: null });
    expect(ok.final).toMatchObject({ success: true, raw: 'OK' });
    expect(ok.lines).toEqual(['lte.rsrp=-104', 'lte.snr=10']);
    expect(ok.parsed).toEqual({ lte: { rsrp: -104, snr: 10 } });
    const err = qmiAsResponse('dms-get-msisdn', { request: 'dms-get-msisdn', ok: false, message: null, latencyMs: 3, fields: {}, error: { code: 'qmi-error', message: 'no number', qmiError: 'NotProvisioned' } });
    expect(err.final).toMatchObject({ success: false, raw: 'QMI error NotProvisioned' });
  });
});
