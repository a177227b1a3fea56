/**
 * The built-ins a step sees (`${modem.*}`, `${repeat.*}`, `${run.*}`) and the dangerous verdict,
 * now computed once per run (step-context.ts) instead of on every step: each step must still
 * see its own modem, its own iteration and the run. Fake time.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BatchRunner, parseBatch } from '../../../src-main/core/batch';
import { DangerVerdicts, RunBuiltins } from '../../../src-main/core/batch/step-context';
import { drive } from '../../helpers/batch-run';
import { scriptedTarget } from '../../helpers/scripted-target';

describe('step context: built-ins and verdicts computed once per run', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('every step sees its own modem, iteration (nested repeats too) and the run', async () => {
    const plan = await parseBatch(
      [
        'name: Ctx',
        'steps:',
        '  - send: AT+A=${modem.index},${modem.label},${repeat.index}',
        '  - repeat: 2',
        '    steps:',
        '      - send: AT+B=${repeat.index},${modem.index}',
        '      - repeat: 2',
        '        steps: [{ send: "AT+C=${repeat.index}" }]',
        '  - send: AT+D=${run.name},${modem.imei},${repeat.index}',
      ].join('\n'),
      'ctx.yaml',
    );
    const targets = ['m0', 'm1'].map((k) => scriptedTarget(k, () => ({})));
    const data = await drive(new BatchRunner({ plan, targets, runId: 7 }), 50, 100);
    expect(data.results.every((r) => r.status === 'pass')).toBe(true);
    const sent = (i: number): string[] => [
      `AT+A=${i},m${i},0`,
      `AT+B=1,${i}`,
      'AT+C=1',
      'AT+C=2',
      `AT+B=2,${i}`,
      'AT+C=1',
      'AT+C=2',
      `AT+D=Ctx,m${i},0`,
    ];
    expect(targets.map((t) => t.sent)).toEqual([sent(0), sent(1)]);
  });

  it('RunBuiltins: steps of one iteration share an object, another iteration gets its own', async () => {
    const plan = await parseBatch('steps:\n  - send: AT\n  - send: ATI\n  - repeat: 2\n    steps: [{ send: AT+CSQ }]\n', 'b.yaml');
    const t = scriptedTarget('a', () => ({}));
    const b = new RunBuiltins(plan, [t], null);
    const [s1, s2, r0, r1] = plan.steps;
    expect(b.of(t, s1!)).toBe(b.of(t, s2!));
    // Outside a repeat the index is 0; a repeat counts its iterations from 1.
    expect(b.of(t, s1!)).toMatchObject({ repeat: { index: 0 } });
    expect(b.of(t, r0!)).toMatchObject({ repeat: { index: 1 }, modem: { index: 0, label: 'a' }, run: { id: null } });
    expect(b.of(t, r1!)).toMatchObject({ repeat: { index: 2 } });
    expect(b.of(t, r0!)).not.toBe(b.of(t, r1!));
  });

  it('DangerVerdicts: the same verdict as the classifier, kept per command text', () => {
    const d = new DangerVerdicts();
    const first = d.of('AT+QPOWD');
    expect(first.dangerous).toBe(true);
    expect(d.of('AT+QPOWD')).toBe(first);
    expect(d.of('AT+CSQ').dangerous).toBe(false);
  });
});
