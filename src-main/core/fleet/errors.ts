/**
 * Failures that belong to a remote bench host rather than to a modem. Same
 * shape as the core's errors (literal `code`, brand, guard); their codes are
 * in the contract's ERROR_CODES, so they cross the bridge as they are.
 */
import type { FleetErrorCode } from '../../../src-preload/contract/result';

export type { FleetErrorCode };

const BRAND = Symbol.for('modem-bench.fleet-error');

export abstract class FleetError extends Error {
  abstract readonly code: FleetErrorCode;
  readonly host: string;
  readonly details: Record<string, unknown>;
  readonly [BRAND] = true;

  constructor(host: string, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.host = host;
    this.details = { host, ...details };
    this.name = new.target.name;
  }

  toInfo(): { code: FleetErrorCode; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** The host could not be reached, or went away with commands in flight (they never got an answer). */
export class HostUnreachableError extends FleetError {
  readonly code = 'host-unreachable' as const;
}

/** The host answered but refused us: a wrong or missing token, or a certificate that does not match. */
export class HostRefusedError extends FleetError {
  readonly code = 'host-refused' as const;
}

function isFleetError(e: unknown): e is FleetError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}

export const isHostUnreachableError = (e: unknown): e is HostUnreachableError => isFleetError(e) && e.code === 'host-unreachable';
export const isHostRefusedError = (e: unknown): e is HostRefusedError => isFleetError(e) && e.code === 'host-refused';
export { isFleetError };
