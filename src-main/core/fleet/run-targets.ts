/**
 * Remote modems as batch run targets: the runner and the run database stay
 * on this machine, each step's command goes to the modem's host through
 * modem.exec. The run key is host/id, so results name their host and an
 * IMEI on two hosts stays two rows.
 */
import type { CommandResultView } from '../../../src-preload/contract';
import { classifyFinal } from '../at/result-codes';
import type { AtResponse, FinalResult } from '../at/types';
import type { RunTarget } from '../batch';
import { CancelledError, DisconnectedError, ModemUnavailableError, TimeoutError } from '../errors';
import { isFleetError } from './errors';
import type { Fleet, FleetModem } from './fleet';

/**
 * `onLost`: a modem's host went away with a step in flight. That step then waits, unrecorded,
 * until the run is cancelled (the caller does so once only such modems are left), so the run
 * can be marked interrupted and resumed from that step. Without `onLost` (or without a signal)
 * the modem is unavailable to the runner: bounded waits, then lost.
 */
export function remoteRunTargets(fleet: Fleet, modems: FleetModem[], onLost?: (key: string, err: Error) => void): RunTarget[] {
  return modems.map((m) => {
    const host = fleet.host(m.host);
    const id = m.modem.identity;
    return {
      key: m.key,
      label: `${m.modem.label}@${m.host}`,
      identity: { imei: id.imei, iccid: id.iccid, imsi: id.imsi, model: id.model, firmware: id.firmware, revision: id.revision },
      tags: [...m.modem.tags, `host:${m.host}`],
      exec: async (command, o) => {
        if (o.signal?.aborted) throw new CancelledError();
        let r: CommandResultView;
        try {
          // The batch file's own dangerous-command rule ran before this (allow_dangerous): the host need not ask again.
          r = await host.invoke('modem.exec', { modemId: m.id, command, confirm: true, ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}) });
        } catch (err) {
          if (!isFleetError(err)) throw err;
          const signal = o.signal;
          if (!onLost || !signal) throw new ModemUnavailableError(m.key, err.message);
          onLost(m.key, err);
          await new Promise<never>((_, reject) => {
            const stop = (): void => reject(new CancelledError(`${m.host} went away`));
            if (signal.aborted) stop();
            else signal.addEventListener('abort', stop, { once: true });
          });
          throw err; // not reached: the wait above only ends by the run's cancel
        }
        return toResponse(r, m.key, o.timeoutMs);
      },
    } satisfies RunTarget;
  });
}

export function toResponse(r: CommandResultView, key: string, timeoutMs: number | undefined): AtResponse {
  if (r.final !== null) {
    const final: FinalResult = classifyFinal(r.final, 'verbose') ?? { kind: 'error', success: r.status === 'ok', raw: r.final, code: null, text: null };
    return {
      command: r.command,
      echo: r.echo,
      lines: r.lines,
      final,
      parsed: r.parsed,
      urcs: r.urcs.map((line) => ({ line, name: /^[+^]?[A-Z]+/.exec(line)?.[0] ?? line, parsed: null, at: Date.now() })),
      latencyMs: r.latencyMs ?? 0,
      damaged: r.damaged ?? false,
    };
  }
  if (r.status === 'timeout') throw new TimeoutError(r.command, timeoutMs ?? 0);
  if (r.status === 'cancelled') throw new CancelledError(r.error?.message);
  if (r.status === 'disconnected') throw new DisconnectedError(key);
  throw new ModemUnavailableError(key, r.error?.message ?? r.status);
}
