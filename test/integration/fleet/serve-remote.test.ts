/**
 * `serve --remote URL` (issue 17): the served bench includes the remote
 * host's modems with their host, and a client of the served bench drives
 * them through it (the contract end to end: client -> serve B -> serve A).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { RemoteBench } from '../../../src-main/core/fleet';
import type { BenchHostView, ModemView } from '../../../src-preload/contract';
import { runCli } from '../../helpers/cli';
import { startServe, stopAll } from './serve-process';

afterAll(stopAll, 60_000);

describe('serve --remote', () => {
  it('serves the remote host\'s modems beside its own, and forwards a console command to them', async () => {
    const a = await startServe(['--sim', '2', '--seed', '81', '--host', '127.0.0.1', '--token', 'token-of-host-a-000001']);
    const hostA = `127.0.0.1:${a.port}`;
    // The token separately, so the URL given has none.
    const b = await startServe(['--sim', '1', '--seed', '82', '--remote', `http://${hostA}/`, '--remote-token', 'token-of-host-a-000001']);
    expect(b.output()).not.toContain('token-of-host-a');
    const client = new RemoteBench({ url: b.openUrl });
    await client.connect();
    try {
      const hosts = await new Promise<BenchHostView[]>((resolve) => {
        const check = (h: BenchHostView[]): void => void (h[0]?.state === 'connected' && h[0].modems === 2 && resolve(h));
        client.on('benches.changed', (p) => check(p.hosts));
        void client.invoke('benches.list', {}).then((r) => check(r.hosts));
      });
      expect(hosts).toEqual([expect.objectContaining({ name: hostA, persisted: false, tokenMasked: '••••••••0001' })]);
      const { modems } = await client.invoke('bench.list', {});
      expect(modems.map((m: ModemView) => [m.label, m.host ?? 'local']).sort()).toEqual([
        ['sim0', 'local'],
        [`sim0@${hostA}`, hostA],
        [`sim1@${hostA}`, hostA],
      ]);
      const remote = modems.find((m: ModemView) => m.host === hostA)!;
      const r = await client.invoke('modem.exec', { modemId: remote.id, command: 'AT+CGSN' });
      expect(r).toMatchObject({ modemId: remote.id, status: 'ok', lines: [remote.identity.imei] });

      // The CLI's fleet over both: each host lists its own modems once (B's view of A's is not listed again).
      const listed = await runCli(['list', '--remote', b.openUrl, '--remote', a.openUrl, '--json']);
      expect(listed.code).toBe(0);
      const rows = JSON.parse(listed.out.join('\n')) as { host: string; id: string }[];
      expect(rows.map((x) => x.host).sort()).toEqual([hostA, hostA, `127.0.0.1:${b.port}`].sort());
    } finally {
      await client.close();
      await b.stop();
      await a.stop();
    }
  }, 120_000);

  it('refuses --remote-token without --remote, and a token count that does not match', async () => {
    const r1 = await runCli(['serve', '--remote-token', 'x'.repeat(16), '--no-build']);
    expect(r1.code).toBe(2);
    expect(r1.err.join('\n')).toMatch(/--remote-token and --remote-ca go with --remote/);
    const r2 = await runCli(['serve', '--remote', 'http://127.0.0.1:9/', '--remote', 'http://127.0.0.1:10/', '--remote-token', 'a', '--remote-token', 'b', '--remote-token', 'c', '--no-build']);
    expect(r2.code).toBe(2);
    expect(r2.err.join('\n')).toMatch(/one per --remote \(2\)/);
  });
});
