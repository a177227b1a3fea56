/** The run's data lists results by modem key (locale order) then step, whatever order they ended in. Fake time. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BatchRunner, parseBatch } from '../../../src-main/core/batch';
import { drive } from '../../helpers/batch-run';
import { scriptedTarget } from '../../helpers/scripted-target';

describe('BatchRunner.data: results in order', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('by modem key in locale order, then seq, resumed results included', async () => {
    const plan = await parseBatch('steps:\n  - send: AT\n  - send: ATI\n  - send: AT+CSQ\n', 'o.yaml');
    // Slower modems first in the list: they end last, so the results matrix is out of order.
    const keys = ['b', 'A', 'a', '10', '9', 'Z'];
    const targets = keys.map((k, i) => scriptedTarget(k, () => ({}), 60 - i * 10));
    const prior = (await drive(new BatchRunner({ plan, targets: [scriptedTarget('a', () => ({}))] }), 10, 100)).results.slice(0, 1);
    const data = await drive(new BatchRunner({ plan, targets, resume: new Map([['a', prior]]) }), 10, 100);
    const got = data.results.map((r) => `${r.modemKey}/${r.seq}`);
    const want = keys
      .slice()
      .sort((x, y) => x.localeCompare(y))
      .flatMap((k) => [0, 1, 2].map((seq) => `${k}/${seq}`));
    expect(got).toEqual(want);
    expect(new Set(keys).size).toBe(6);
  });
});
