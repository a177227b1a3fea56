import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BATCH_SCHEMA, isBatchFileError, loadBatchFile, parseBatch, parseDuration, type BatchFileError, type BatchFileProblem } from '../../../src-main/core/batch';

const FIX = 'test/fixtures/batch';

async function problems(text: string, file = 'x.yaml'): Promise<BatchFileProblem[]> {
  try {
    await parseBatch(text, file);
  } catch (err) {
    if (isBatchFileError(err)) return (err as BatchFileError).problems;
    throw err;
  }
  throw new Error('the file was accepted');
}

describe('batch file format', () => {
  it('compiles every shipped example', async () => {
    for (const f of ['identity-inventory', 'registration-signal', 'band-config-audit', 'soak-loop']) {
      const plan = await loadBatchFile(`examples/${f}.yaml`);
      expect(plan.steps.length, f).toBeGreaterThan(4);
    }
    const soak = await loadBatchFile('examples/soak-loop.yaml');
    // 6 included identity steps, then 100 x 5.
    expect(soak.steps).toHaveLength(6 + 500);
    expect(soak.steps[6]).toMatchObject({ key: '2[1].1', id: '2.1', kind: 'send', command: 'AT+CSQ', iterations: [1] });
    expect(soak.steps[505]).toMatchObject({ key: '2[100].5', id: '2.5', kind: 'wait', waitMs: 200 });
    expect(soak.steps[0]).toMatchObject({ key: '1.1', file: 'examples/identity-inventory.yaml' });
    expect(soak.settings).toMatchObject({ parallel: 64, timeoutMs: 5000, retries: 2, retryDelayMs: 500 });
    expect(soak.sources.map((s) => s.file)).toEqual(['examples/soak-loop.yaml', 'examples/identity-inventory.yaml']);
  });

  it('the published schema file is the schema the loader uses', () => {
    expect(JSON.parse(readFileSync('examples/batch.schema.json', 'utf8'))).toEqual(BATCH_SCHEMA);
  });

  it('settings, selection, defaults and step kinds', async () => {
    const plan = await parseBatch(
      [
        'modems:',
        '  model: "EC25*"',
        '  imei: [861458037506563, "/^8678/"]',
        'settings: { parallel: 3, on_failure: stop-run, unavailable_delay: 1.5s }',
        'steps:',
        '  - send: AT+CSQ',
        '  - poll: { send: AT+CEREG?, until: "stat in [home, roaming]" }',
        '    on_failure: stop-modem',
        '  - wait: 250',
      ].join('\n'),
      'sel.yaml',
    );
    expect(plan.selection).toEqual({ all: false, imei: ['861458037506563', '/^8678/'], label: [], model: ['EC25*'], firmware: [], tag: [] });
    expect(plan.settings).toMatchObject({ parallel: 3, onFailure: 'stop-run', unavailableDelayMs: 1500, timeoutMs: null });
    expect(plan.steps[0]).toMatchObject({ kind: 'send', expect: [{ kind: 'ok' }], onFailure: 'stop-run', retries: 0 });
    expect(plan.steps[1]).toMatchObject({ kind: 'poll', everyMs: 2000, budgetMs: 60000, onFailure: 'stop-modem', until: [{ kind: 'cond', source: 'stat in [home, roaming]' }] });
    expect(plan.steps[2]).toMatchObject({ kind: 'wait', waitMs: 250 });
    expect(plan.name).toBe('sel');
  });

  it('durations', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('2s')).toBe(2000);
    expect(parseDuration('1.5m')).toBe(90_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration(42)).toBe(42);
    expect(() => parseDuration('2 sec')).toThrow(TypeError);
  });

  it('YAML syntax errors carry line and column', async () => {
    const p = await problems('steps:\n  - send: AT\n    expect: [ok\n');
    expect(p[0]).toMatchObject({ file: 'x.yaml', line: 4 });
    expect(p[0]!.message).toMatch(/^YAML:/);
  });

  it('schema errors point at the offending node, with what was expected', async () => {
    const text = ['name: t', 'settings:', '  parallel: 0', '  timeout: 2 sec', 'steps:', '  - send: AT', '    colour: red', '  - {}', '  - send: 42'].join('\n');
    const p = await problems(text);
    const at = (line: number) => p.find((x) => x.line === line);
    expect(at(3)).toMatchObject({ column: 13, path: '/settings/parallel', expected: 'a whole number from 1 to 1024' });
    expect(at(4)).toMatchObject({ column: 12, path: '/settings/timeout' });
    expect(at(4)!.expected).toMatch(/duration/);
    expect(at(7)).toMatchObject({ column: 5, message: "unknown key 'colour'" });
    expect(at(7)!.expected).toMatch(/^one of name, send, expect/);
    expect(at(8)).toMatchObject({ column: 5, message: 'a step needs one of send, wait, repeat, poll, include, qmi' });
    expect(at(9)).toMatchObject({ column: 11 });
    expect(at(9)!.expected).toMatch(/AT command/);
  });

  it('a missing steps list is reported at the top', async () => {
    expect(await problems('name: nothing\n')).toEqual([expect.objectContaining({ line: 1, column: 1, message: "missing 'steps'" })]);
  });

  it('semantic errors: conditions, regexes, variables, mixed kinds, dangerous commands', async () => {
    const text = [
      'steps:',
      '  - send: AT+CSQ',
      '    expect: [ok, "rssiDbm >= -100 and"]',
      '  - send: AT+X=${later}',
      '  - send: AT+CGSN',
      '    capture: { later: imei }',
      '  - send: AT+CFUN=0',
      '  - send: AT+CFUN=1,1',
      '    allow_dangerous: true',
      '  - send: AT',
      '    wait: 1s',
      '  - send: ATI',
      '    expect: { match: "([a-z" }',
      '  - wait: 1s',
      '    retries: 2',
      '  - send: AT+QCFG="usbnet",1',
    ].join('\n');
    const p = await problems(text);
    const at = (line: number) => p.filter((x) => x.line === line);
    expect(at(3)[0]).toMatchObject({ column: 38, message: 'condition: the condition ends too early' });
    expect(at(4)[0]).toMatchObject({ column: 16, message: 'unknown variable ${later}' });
    expect(at(7)[0]!.message).toMatch(/AT\+CFUN=0 is a dangerous command/);
    expect(at(7)[0]!.expected).toBe("'allow_dangerous: true' on this step");
    expect(at(8)).toEqual([]);
    expect(at(11)[0]).toMatchObject({ column: 5, message: 'a step has one kind, this one has send and wait' });
    expect(at(13)[0]!.message).toMatch(/bad regular expression/);
    expect(at(15)[0]).toMatchObject({ message: "'retries' does not go with 'wait'" });
    expect(at(16)[0]!.message).toMatch(/dangerous/);
  });

  it('includes: relative paths, captures across files, unrolled repeats', async () => {
    const plan = await loadBatchFile(join(FIX, 'with-include.yaml'));
    expect(plan.steps.map((s) => s.key)).toEqual(['1.1', '2[1].1', '2[1].2', '2[2].1', '2[2].2']);
    expect(plan.steps[1]).toMatchObject({ expect: [{ kind: 'match', regex: '^${imei}$', negate: false }] });
  });

  it('include cycles are rejected with the chain', async () => {
    const err = await loadBatchFile(join(FIX, 'cycle-a.yaml')).catch((e: unknown) => e);
    expect(isBatchFileError(err)).toBe(true);
    const p = (err as BatchFileError).problems[0]!;
    expect(p).toMatchObject({ file: join(FIX, 'cycle-b.yaml'), line: 3, column: 14 });
    expect(p.message).toBe('include cycle: cycle-a.yaml -> cycle-b.yaml -> cycle-a.yaml');
  });

  it('problems inside an included file name that file', async () => {
    const err = (await loadBatchFile(join(FIX, 'bad-include.yaml')).catch((e: unknown) => e)) as BatchFileError;
    expect(err.problems[0]).toMatchObject({ file: join(FIX, 'bad-inner.yaml'), line: 3, column: 20 });
    expect(err.message).toMatch(/^test\/fixtures\/batch\/bad-inner\.yaml:3:20: condition/);
  });

  it('a missing file and a missing include', async () => {
    const e1 = (await loadBatchFile('nope.yaml').catch((e: unknown) => e)) as BatchFileError;
    expect(e1.problems[0]).toMatchObject({ file: 'nope.yaml', line: 1, column: 1 });
    const e2 = (await parseBatch('steps:\n  - include: nowhere.yaml\n', join(FIX, 'x.yaml')).catch((e: unknown) => e)) as BatchFileError;
    expect(e2.problems[0]).toMatchObject({ line: 2, column: 14 });
    expect(e2.problems[0]!.message).toMatch(/cannot read/);
  });

  it('repeats that unroll past the limit are refused', async () => {
    const p = await parseBatch('steps:\n  - repeat: 1000\n    steps:\n      - send: AT\n', 'big.yaml', { maxSteps: 500 }).catch((e: unknown) => e);
    expect((p as BatchFileError).problems[0]!.message).toMatch(/more than 500 step instances/);
    await expect(parseBatch('steps: [{send: AT}]', 'x.yaml', { maxSteps: 0 })).rejects.toThrow(/maxSteps/);
  });
});
