import type { AtResponse } from '../at/types';
import { isBenchError, toErrorInfo } from '../errors';
import { isFleetError } from '../fleet/errors';
import { type CommandOutcomeView, type CommandStatus, statusOfErrorCode } from '../../../src-preload/contract';

export type OutcomeStatus = CommandStatus;

/** The contract's outcome; in the core `damaged` is always said. */
export interface CommandOutcome extends CommandOutcomeView {
  damaged: boolean;
}

export function outcomeOf(command: string, result: { response: AtResponse } | { error: unknown }): CommandOutcome {
  if ('response' in result) {
    const r = result.response;
    return {
      command,
      status: r.final.success ? 'ok' : 'error',
      final: r.final.raw,
      lines: r.lines,
      urcs: r.urcs.map((u) => u.line),
      echo: r.echo,
      parsed: r.parsed,
      latencyMs: Math.round(r.latencyMs * 100) / 100,
      error: null,
      damaged: r.damaged === true,
    };
  }
  const info = toErrorInfo(result.error);
  // A remote modem's command lost with its host keeps its own code (host-unreachable: a lost link).
  const code = isBenchError(result.error) || isFleetError(result.error) ? result.error.code : info.code;
  const status = statusOfErrorCode(code);
  return { command, status, final: null, lines: [], urcs: [], echo: null, parsed: null, latencyMs: null, error: { code, message: info.message }, damaged: false };
}
