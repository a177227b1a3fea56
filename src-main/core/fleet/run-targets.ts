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
import { execOn } from './remote-exec';
import type { Fleet, FleetModem } from './fleet';

/**
 * `onLost`: told each time a modem's command finds its host gone (or refusing us). The error
 * goes on to the runner, which waits for the host with the step unrecorded, sends the step again
 * when the host is back, and, once only such modems are left (after the plan's bounded waits),
 * ends their part of the run interrupted, so a resume picks up at that step.
 */
export function remoteRunTargets(fleet: Fleet, modems: FleetModem[], onLost?: (key: string, err: Error) => void): RunTarget[] {
  let sent = 0;
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
          // The run's cancel cancels this one command on its host.
          r = await execOn(host, m.id, command, `b${++sent}`, { timeoutMs: o.timeoutMs, signal: o.signal });
        } catch (err) {
          if (isFleetError(err)) onLost?.(m.key, err);
          throw err;
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
