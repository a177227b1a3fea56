import { describe, expect, it } from 'vitest';
import type { StepResultView } from '../../../src-preload/contract';
import { groupCell, matrixColumns } from '../../../src-renderer/lib/run-matrix';

const step = (seq: number, key: string, id: string, name: string) => ({ seq, key, id, name, kind: 'send' as const });
// 1, then a repeat of 3 iterations of two steps (4.1, 4.2), then 5.
const steps = [
  step(1, '1', '1', 'ATI'),
  step(2, '4[1].1', '4.1', 'CSQ'),
  step(3, '4[1].2', '4.2', 'CEREG'),
  step(4, '4[2].1', '4.1', 'CSQ'),
  step(5, '4[2].2', '4.2', 'CEREG'),
  step(6, '4[3].1', '4.1', 'CSQ'),
  step(7, '4[3].2', '4.2', 'CEREG'),
  step(8, '5', '5', 'CGSN'),
];
const res = (seq: number, status: StepResultView['status']) => ({ seq, status }) as StepResultView;

describe('matrixColumns', () => {
  it('rolls a repeated step into one column in run order, and expands it on demand', () => {
    expect(matrixColumns(steps, new Set()).map((c) => [c.id, c.steps.length, c.rolled])).toEqual([
      ['1', 1, false],
      ['4.1', 3, true],
      ['4.2', 3, true],
      ['5', 1, false],
    ]);
    const open = matrixColumns(steps, new Set(['4.1']));
    expect(open.map((c) => c.id)).toEqual(['1', '4[1].1', '4.2', '4[2].1', '4[3].1', '5']);
  });
});

describe('groupCell', () => {
  const [, csq] = matrixColumns(steps, new Set());
  it('counts passes, shows the worst outcome, and opens the first failure', () => {
    const m = new Map([res(2, 'pass'), res(4, 'fail'), res(6, 'fail')].map((r) => [r.seq, r]));
    expect(groupCell(csq!, (s) => m.get(s), false)).toEqual({ status: 'fail', done: 3, passed: 1, bad: 2, total: 3, pick: 4 });
  });
  it('is running where the modem is, partial where more iterations are to come, pending before', () => {
    const m = new Map([res(2, 'pass')].map((r) => [r.seq, r]));
    expect(groupCell(csq!, (s) => m.get(s), true).status).toBe('running');
    expect(groupCell(csq!, (s) => m.get(s), false).status).toBe('partial');
    expect(groupCell(csq!, () => undefined, false)).toMatchObject({ status: 'pending', pick: 2 });
    const all = new Map([res(2, 'pass'), res(4, 'pass'), res(6, 'pass')].map((r) => [r.seq, r]));
    expect(groupCell(csq!, (s) => all.get(s), false)).toMatchObject({ status: 'pass', passed: 3, pick: 6 });
  });
});
