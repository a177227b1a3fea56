import { describe, expect, it } from 'vitest';
import { modemTally } from '../../../src-renderer/lib/run-matrix';

const m = (key: string, status: string) => ({ key, status }) as { key: string; status: 'done' };

describe('modemTally', () => {
  it('counts as done only the modems that ran to their end; interrupted, cancelled and lost ones are told apart (the view said "3/3 modems done" with 2 interrupted)', () => {
    const t = modemTally([m('a', 'done'), m('b', 'interrupted'), m('c', 'interrupted')], new Map());
    expect(t).toEqual({ done: 1, modems: 3, cut: [{ status: 'interrupted', n: 2 }] });
    expect(modemTally([m('a', 'stopped'), m('b', 'lost'), m('c', 'cancelled'), m('d', 'running')], new Map())).toEqual({
      done: 1,
      modems: 4,
      cut: [
        { status: 'lost', n: 1 },
        { status: 'cancelled', n: 1 },
      ],
    });
  });
  it('takes a live modem\'s status from its latest progress over the stored one', () => {
    const live = new Map([['b', { status: 'interrupted' as const }], ['a', { status: 'done' as const }]]);
    expect(modemTally([m('a', 'running'), m('b', 'running')], live)).toEqual({ done: 1, modems: 2, cut: [{ status: 'interrupted', n: 1 }] });
  });
});
