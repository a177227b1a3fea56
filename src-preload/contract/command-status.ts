import type { CommandStatus } from './domain';

/**
 * A failed command's status by its error code, the one table the bridge, the
 * CLI and the console read (a closed port is a lost link, like an unplug).
 * Codes not listed are `error`.
 */
export const STATUS_BY_ERROR_CODE: Readonly<Record<string, Exclude<CommandStatus, 'ok'>>> = {
  timeout: 'timeout',
  cancelled: 'cancelled',
  disconnected: 'disconnected',
  'port-closed': 'disconnected',
  // Its bench host went away: the link to the modem is lost, as with an unplug.
  'host-unreachable': 'disconnected',
};

export function statusOfErrorCode(code: string): Exclude<CommandStatus, 'ok'> {
  return Object.hasOwn(STATUS_BY_ERROR_CODE, code) ? STATUS_BY_ERROR_CODE[code]! : 'error';
}
