import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';

/** `soak --sample-interval` (issue 16): refused when not a whole number of seconds, before any modem is opened. */
describe('soak --sample-interval', () => {
  it.each([['x'], ['-1'], ['1.5'], ['3601']])('refuses %s with exit 2', async (v) => {
    const r = await runCli(['soak', '--sim', '1', '--duration', '1', '--sample-interval', v]);
    expect(r.code).toBe(2);
    expect(r.err.join(' ')).toMatch(/--sample-interval/);
  });

  it('documents it in the help', async () => {
    const r = await runCli(['soak', '--help']);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/--sample-interval S .*heap after a forced full GC/s);
  });
});
