/**
 * What crosses the bridge: `Result<T>` instead of thrown errors, because
 * Electron's IPC does not carry error classes. Codes mirror the core's
 * error taxonomy, plus `internal` for the unexpected.
 */
export const ERROR_CODES = [
  'timeout',
  'disconnected',
  'modem-error',
  'protocol-error',
  'port-busy',
  'permission-denied',
  'port-not-found',
  'port-closed',
  'queue-full',
  'circuit-open',
  'cancelled',
  'invalid-input',
  'unknown-modem',
  'modem-unavailable',
  'modem-failed',
  /** The modem restarted (RDY) while the command was in flight. */
  'modem-reset',
  'unknown-command',
  'unauthorized',
  /** A dangerous command (see `classifyCommandLine`) sent without `confirm: true`; details.commands lists them. */
  'confirmation-required',
  /** A remote bench host could not be reached, or went away with the command in flight (details.host). */
  'host-unreachable',
  /** A remote bench host refused us: wrong or missing token, or a certificate that does not match (details.host). */
  'host-refused',
  'internal',
] as const;

export type ApiErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorInfo {
  code: ApiErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiErrorInfo };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ApiErrorCode, message: string, details?: Record<string, unknown>): Result<never> {
  return { ok: false, error: details ? { code, message, details } : { code, message } };
}

/** Thrown by the client when a command answers `ok: false`. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(info: ApiErrorInfo) {
    super(info.message);
    this.name = 'ApiError';
    this.code = info.code;
    this.details = info.details;
  }
}
