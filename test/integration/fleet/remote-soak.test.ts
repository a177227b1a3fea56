/**
 * `soak --remote` (issue 17): a fixed-rate read-only mix over two hosts'
 * modems through their servers; every command comes back (nothing lost),
 * both hosts get their share, and the summary carries the hosts' health.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src-main/headless/cli';
import { type ServeProcess, startServe, stopAll } from './serve-process';
import { memoryIo } from '../../helpers/cli';

describe('soak --remote', () => {
  let a: ServeProcess;
  let b: ServeProcess;
  beforeAll(async () => {
    [a, b] = await Promise.all([startServe(['--sim', '3', '--seed', '41']), startServe(['--sim', '3', '--seed', '42', '--faults', 'cme:0.2'])]);
  }, 120_000);
  afterAll(stopAll, 60_000);

  it('sends the mix to both hosts, loses nothing, and reports failures by code and health by state', async () => {
    const io = memoryIo();
    const code = await main(['soak', '--remote', a.openUrl, '--remote', b.openUrl, '--duration', '2', '--rate', '60', '--json'], io);
    expect(io.stderr).toEqual([]);
    const s = JSON.parse(io.stdout[0]!) as {
      modems: number;
      submitted: number;
      completed: number;
      lost: number;
      failed: Record<string, number>;
      health: Record<string, number>;
      byHost: Record<string, { submitted: number; completed: number }>;
    };
    expect(code).toBe(0);
    expect(s.modems).toBe(6);
    expect(s.submitted).toBe(120);
    expect(s.completed).toBe(120);
    expect(s.lost).toBe(0);
    expect(Object.keys(s.byHost).sort()).toEqual([`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`].sort());
    for (const h of Object.values(s.byHost)) expect(h).toEqual({ submitted: 60, completed: 60 });
    // The faulty host answers some commands with +CME ERROR: errors with a final, not failures to answer.
    expect(s.failed['host-unreachable']).toBeUndefined();
    expect(Object.values(s.health).reduce((x, y) => x + y, 0)).toBe(6);
  }, 90_000);

  it('refuses --faults with --remote (faults are set on each host)', async () => {
    const io = memoryIo();
    expect(await main(['soak', '--remote', a.openUrl, '--duration', '1', '--faults', 'all'], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/set on each host/);
  });
});
