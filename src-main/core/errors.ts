/**
 * One error class per failure mode (cockatiel style): a literal `code`, a brand
 * so guards survive duplicate module copies, and an `isXxx()` guard. Across the
 * bridge only `{ code, message, details }` travels (see `toErrorInfo`).
 */

import type { CoreErrorCode } from '../../src-preload/contract/result';

const BRAND = Symbol.for('modem-bench.error');

/** One code per error class below; the list itself is the contract's (`CORE_ERROR_CODES`). */
export type ErrorCode = CoreErrorCode;

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export abstract class BenchError extends Error {
  abstract readonly code: ErrorCode;
  /** Whether a retry policy may try the same operation again. */
  abstract readonly retryable: boolean;
  readonly details: Record<string, unknown>;
  readonly [BRAND] = true;

  constructor(message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.details = details;
    this.name = new.target.name;
  }

  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export function isBenchError(e: unknown): e is BenchError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}

function guard<T extends BenchError>(code: ErrorCode) {
  return (e: unknown): e is T => isBenchError(e) && e.code === code;
}

/** No final result code arrived within the command's timeout (counted from the end of the write). */
export class TimeoutError extends BenchError {
  readonly code = 'timeout' as const;
  readonly retryable = true;
  constructor(readonly command: string, readonly timeoutMs: number) {
    super(`No final result for ${command} within ${timeoutMs} ms`, { command, timeoutMs });
  }
}
export const isTimeoutError = guard<TimeoutError>('timeout');

/** The port went away under us (USB unplug, modem reset, driver error). */
export class DisconnectedError extends BenchError {
  readonly code = 'disconnected' as const;
  readonly retryable = true;
  constructor(readonly path: string, cause?: unknown) {
    super(`Port ${path} disconnected`, { path }, { cause });
  }
}
export const isDisconnectedError = guard<DisconnectedError>('disconnected');

/**
 * The modem answered with an error final (ERROR, +CME ERROR, +CMS ERROR, ...).
 * Syntax errors and unknown commands are never retried; other device errors are.
 */
export class ModemError extends BenchError {
  readonly code = 'modem-error' as const;
  readonly retryable: boolean;
  constructor(
    readonly command: string,
    readonly final: string,
    readonly cme: { kind: 'cme' | 'cms'; code: number | null; text: string | null } | null,
  ) {
    super(`${command} -> ${final}`, { command, final, cme });
    // A bare ERROR is what V.250 gives for an invalid command line: retrying cannot help.
    this.retryable = cme !== null && !NON_RETRYABLE_CME.has(cme.code ?? -1);
  }
}
export const isModemError = guard<ModemError>('modem-error');
/** +CME codes for "operation not allowed/supported" and "invalid characters/params": not worth a retry. */
const NON_RETRYABLE_CME = new Set([3, 4, 25, 50, 53, 58]);

/**
 * The modem rebooted (RDY) while a command was in flight: it will never answer it, and its
 * settings went back to the saved profile. Retryable: the session sets the modem up again first.
 */
export class ModemResetError extends BenchError {
  readonly code = 'modem-reset' as const;
  readonly retryable = true;
  constructor(readonly command: string, readonly urc: string) {
    super(`The modem restarted (${urc}) while ${command} was in flight; it will not answer it`, { command, urc });
  }
}
export const isModemResetError = guard<ModemResetError>('modem-reset');

/** Bytes that do not make sense in the AT protocol (garbage, a line too long, a reply with nothing in flight). */
export class ProtocolError extends BenchError {
  readonly code = 'protocol-error' as const;
  readonly retryable = true;
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, details);
  }
}
export const isProtocolError = guard<ProtocolError>('protocol-error');

/** Another owner holds the port: in this process (the pool) or another program (ModemManager, a terminal). */
export class PortBusyError extends BenchError {
  readonly code = 'port-busy' as const;
  readonly retryable = false;
  constructor(readonly path: string, readonly holder: string | null, cause?: unknown) {
    super(
      `Port ${path} is in use${holder ? ` by ${holder}` : ''}. Close the other program (a terminal, ModemManager) or tell it to ignore the modem.`,
      { path, holder },
      { cause },
    );
  }
}
export const isPortBusyError = guard<PortBusyError>('port-busy');

export class PermissionDeniedError extends BenchError {
  readonly code = 'permission-denied' as const;
  readonly retryable = false;
  constructor(readonly path: string, cause?: unknown) {
    super(
      process.platform === 'win32'
        ? `Access to ${path} was denied. Close other programs using it, or run as a user allowed to use the port.`
        : `Permission denied on ${path}. Add your user to the port's group (e.g. \`sudo usermod -aG dialout $USER\`, then log in again) or install the udev rule from build/.`,
      { path },
      { cause },
    );
  }
}
export const isPermissionDeniedError = guard<PermissionDeniedError>('permission-denied');

export class PortNotFoundError extends BenchError {
  readonly code = 'port-not-found' as const;
  readonly retryable = false;
  constructor(readonly path: string, cause?: unknown) {
    super(`Port ${path} does not exist (unplugged, or a different name on this OS). Run \`modem-bench list\`.`, { path }, { cause });
  }
}
export const isPortNotFoundError = guard<PortNotFoundError>('port-not-found');

/** An operation on a port or session that we closed ourselves. */
export class PortClosedError extends BenchError {
  readonly code = 'port-closed' as const;
  readonly retryable = false;
  constructor(readonly path: string) {
    super(`Port ${path} is closed`, { path });
  }
}
export const isPortClosedError = guard<PortClosedError>('port-closed');

export class QueueFullError extends BenchError {
  readonly code = 'queue-full' as const;
  readonly retryable = true;
  constructor(readonly key: string, readonly limit: number) {
    super(`Queue for ${key} is full (${limit} waiting). Slow down or raise the queue limit.`, { key, limit });
  }
}
export const isQueueFullError = guard<QueueFullError>('queue-full');

export class CircuitOpenError extends BenchError {
  readonly code = 'circuit-open' as const;
  readonly retryable = false;
  constructor(readonly modem: string, readonly retryAt: number | null) {
    super(`Circuit for modem ${modem} is open: too many recent errors. Commands resume after the cool-down.`, { modem, retryAt });
  }
}
export const isCircuitOpenError = guard<CircuitOpenError>('circuit-open');

/** Our own abort: a signal fired, a queue was cleared, the pool closed. */
export class CancelledError extends BenchError {
  readonly code = 'cancelled' as const;
  readonly retryable = false;
  constructor(reason = 'cancelled') {
    super(reason, {});
  }
}
export const isCancelledError = guard<CancelledError>('cancelled');

export class InvalidInputError extends BenchError {
  readonly code = 'invalid-input' as const;
  readonly retryable = false;
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, details);
  }
}
export const isInvalidInputError = guard<InvalidInputError>('invalid-input');

export class UnknownModemError extends BenchError {
  readonly code = 'unknown-modem' as const;
  readonly retryable = false;
  constructor(readonly modem: string) {
    super(`No modem ${modem} on this bench`, { modem });
  }
}
export const isUnknownModemError = guard<UnknownModemError>('unknown-modem');

/** The modem is recovering or its ports are gone; the command waited as long as its class allows. */
export class ModemUnavailableError extends BenchError {
  readonly code = 'modem-unavailable' as const;
  readonly retryable = true;
  constructor(readonly modem: string, readonly why: string) {
    super(`Modem ${modem} is not available (${why}). Commands resume when it is back.`, { modem, why });
  }
}
export const isModemUnavailableError = guard<ModemUnavailableError>('modem-unavailable');

/** The recovery ladder ran out of steps: the modem is left alone until someone intervenes. */
export class ModemFailedError extends BenchError {
  readonly code = 'modem-failed' as const;
  readonly retryable = false;
  constructor(readonly modem: string, readonly why: string) {
    super(`Modem ${modem} has failed (${why}). Check it by hand, power-cycle it, or reset it from its page.`, { modem, why });
  }
}
export const isModemFailedError = guard<ModemFailedError>('modem-failed');

export function toErrorInfo(e: unknown): ErrorInfo {
  if (isBenchError(e)) return e.toInfo();
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'protocol-error', message, details: { unexpected: true } };
}

/** Rejects with a CancelledError if the signal has already fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError(abortReason(signal));
}

export function abortReason(signal: AbortSignal): string {
  const r: unknown = signal.reason;
  if (r instanceof Error) return r.message;
  return typeof r === 'string' ? r : 'cancelled';
}
