/**
 * `run --remote`'s run targets: a step's command goes to its host as the app
 * forwards one (execOn), so the run's cancel (Ctrl-C, SIGTERM) cancels it on
 * the host at once instead of waiting for a long command (a scan, a poll) to
 * end there.
 */
import { describe, expect, it } from 'vitest';
import type { CommandResultView, ModemView } from '../../../src-preload/contract';
import type { Fleet, FleetModem } from '../../../src-main/core/fleet';
import { remoteRunTargets } from '../../../src-main/core/fleet';

describe('remoteRunTargets', () => {
  it("a run's cancel cancels the step's command on its host, by its name", async () => {
    const sent: { channel: string; input: Record<string, unknown> }[] = [];
    let answer: (r: CommandResultView) => void = () => undefined;
    const bench = {
      invoke: (channel: string, input: Record<string, unknown>) => {
        sent.push({ channel, input });
        if (channel === 'modem.cancel') {
          answer({ modemId: 'imei1', command: 'AT+COPS=?', status: 'cancelled', final: null, lines: [], urcs: [], echo: null, parsed: null, latencyMs: null, error: { code: 'cancelled', message: 'cancelled' } });
          return Promise.resolve({ cancelled: true });
        }
        return new Promise((resolve) => (answer = resolve));
      },
    };
    const fleet = { host: () => bench } as unknown as Fleet;
    const modem = { host: 'h1:7800', id: 'imei1', key: 'h1:7800/imei1', conflict: false, online: true, modem: { label: 'sim0', tags: [], identity: { imei: 'imei1', iccid: null, imsi: null, model: 'EC25', firmware: null, revision: null } } as unknown as ModemView } satisfies FleetModem;
    const [target] = remoteRunTargets(fleet, [modem]);
    const ac = new AbortController();
    const step = target!.exec('AT+COPS=?', { cls: 'batch', signal: ac.signal });
    await new Promise((r) => setImmediate(r));
    ac.abort();
    await expect(step).rejects.toMatchObject({ code: 'cancelled' });
    const exec = sent.find((x) => x.channel === 'modem.exec')!;
    expect(sent.filter((x) => x.channel === 'modem.cancel').map((x) => x.input)).toEqual([{ modemId: 'imei1', requestId: exec.input.requestId }]);
  });
});
