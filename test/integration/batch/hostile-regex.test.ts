import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BatchRunner, type RunData, parseBatch } from '../../../src-main/core/batch';
import { drive, scriptedTarget } from '../../helpers/batch-run';

// A QENG reply of 90+ characters, as in issue 13.
const QENG = '+QENG: "servingcell","NOCONN","LTE","FDD",262,01,1A2B3C4,123,6300,20,5,5,1A2B,-95,-10,-65,12,40';

/** A run is short here: 100 ms ticks, 10 s at most. */
const driveShort = (runner: BatchRunner): Promise<RunData> => drive(runner, 100, 100);

describe('user regexes in a run cannot freeze the process (issue 13)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a catastrophic-backtracking expect match and capture finish (RE2 semantics) and fail cleanly', async () => {
    const plan = await parseBatch(
      [
        'steps:',
        '  - send: AT+QENG="servingcell"',
        "    expect: [ok, { match: '^(.+)+Z$' }]",
        '  - send: AT+QENG="servingcell"',
        "    capture: { x: { match: '^(\\+.+)+Z$' } }",
        '  - send: AT+QENG="servingcell"',
        '    expect: [ok, "fields.0 matches ^(.+)+Z$"]',
      ].join('\n'),
      'x.yaml',
    );
    expect(QENG.length).toBeGreaterThan(89);
    const target = scriptedTarget('m1', () => ({ lines: [QENG] }));
    const runner = new BatchRunner({ plan, targets: [target], sink: { stepCompleted: () => {} }, parallel: 1 });
    // With JavaScript's RegExp this never returns (2^90 paths); the test timeout would fail it.
    const data = await driveShort(runner);
    expect(data.results.map((r) => r.status)).toEqual(['fail', 'fail', 'fail']);
    expect(data.results[0]!.message).toContain('no line matches');
  });

  it('a stored plan (resume) with a pattern RE2 refuses fails that step instead of the run', async () => {
    const plan = await parseBatch('steps:\n  - send: ATI\n    expect: [ok, "fields.0 matches ^Q"]\n    capture: { v: { match: "(Q)" } }\n  - send: ATI\n', 'x.yaml');
    const step = plan.steps[0]!;
    if (step.kind !== 'send') throw new Error('send step expected');
    // As an older version stored it: JavaScript syntax RE2 cannot run.
    step.expect = [{ kind: 'ok' }, { kind: 'cond', source: 'fields.0 matches (?=Q)' }];
    const target = scriptedTarget('m1', () => ({ lines: ['Quectel'] }));
    const data = await driveShort(new BatchRunner({ plan, targets: [target], sink: { stepCompleted: () => {} }, parallel: 1 }));
    expect(data.results.map((r) => r.status)).toEqual(['fail', 'pass']);
    expect(data.results[0]!.message).toContain('lookahead and lookbehind are not supported');
  });
});
