/**
 * A host that goes away and comes back (issue 17): its modems are shown
 * offline while it is away, the fleet reconnects it when it answers again on
 * its address, and the other host's modems are never touched.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Fleet, type HostEvent } from '../../../src-main/core/fleet';
import { startServe, stopAll } from './serve-process';

afterAll(stopAll, 60_000);

describe('fleet rejoin', () => {
  it('shows the gone host offline, rejoins it when it is back, leaves the other host alone', async () => {
    const [flaky, steady] = await Promise.all([startServe(['--sim', '2', '--seed', '31']), startServe(['--sim', '2', '--seed', '32'])]);
    const fleet = new Fleet([{ url: flaky.openUrl }, { url: steady.openUrl }], { rejoin: { minMs: 100, maxMs: 400 } });
    const events: HostEvent[] = [];
    const next = (state: 'up' | 'down') =>
      new Promise<void>((resolve) => {
        const off = fleet.onHost((e) => {
          if (e.state === state) {
            off();
            resolve();
          }
        });
      });
    fleet.onHost((e) => events.push(e));
    try {
      expect(await fleet.connect()).toEqual([]);
      const before = await fleet.list();
      expect(before.modems).toHaveLength(4);
      const flakyHost = `127.0.0.1:${flaky.port}`;
      const steadyIds = before.modems.filter((m) => m.host !== flakyHost).map((m) => m.key);

      const down = next('down');
      flaky.child.kill('SIGKILL');
      await down;
      const away = await fleet.list();
      expect(away.modems.filter((m) => m.host === flakyHost).map((m) => [m.online, m.modem.state])).toEqual([
        [false, 'offline'],
        [false, 'offline'],
      ]);
      expect(away.modems.filter((m) => m.online).map((m) => m.key)).toEqual(steadyIds);

      await flaky.exited;
      const up = next('up');
      const back = await startServe(['--sim', '2', '--seed', '31', '--port', String(flaky.port)]);
      expect(back.port).toBe(flaky.port);
      await up;
      const again = await fleet.list();
      expect(again.unreachable).toEqual([]);
      expect(again.modems.map((m) => m.key).sort()).toEqual(before.modems.map((m) => m.key).sort());
      expect(again.modems.every((m) => m.online && m.modem.state !== 'offline')).toBe(true);
      const r = await fleet.host(flakyHost).invoke('modem.exec', { modemId: again.modems.find((m) => m.host === flakyHost)!.id, command: 'AT' });
      expect(r.final).toBe('OK');
      expect(events.map((e) => [e.host, e.state])).toEqual([
        [flakyHost, 'down'],
        [flakyHost, 'up'],
      ]);
    } finally {
      await fleet.close();
    }
  }, 120_000);
});
