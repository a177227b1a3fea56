/**
 * What crosses the bridge: `Result<T>` instead of thrown errors, because
 * Electron's IPC does not carry error classes. Codes mirror the core's
 * error taxonomy, plus `internal` for the unexpected.
 */
/** The core's error classes (src-main/core/errors.ts): one class per code. */
export const CORE_ERROR_CODES = [
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
] as const;

/** Batch files, runs and the run store (src-main/core/batch/errors.ts). */
export const BATCH_ERROR_CODES = [
  /** The batch file cannot run; details.problems lists where and why. */
  'batch-file-invalid',
  /** The run store could not do what was asked; details.reason says which way. */
  'store-error',
] as const;

/** Remote bench hosts (src-main/core/fleet/errors.ts). */
export const FLEET_ERROR_CODES = [
  /** A remote bench host could not be reached, or went away with the command in flight (details.host). */
  'host-unreachable',
  /** A remote bench host refused us: wrong or missing token, or a certificate that does not match (details.host). */
  'host-refused',
] as const;

export const ERROR_CODES = [
  ...CORE_ERROR_CODES,
  ...BATCH_ERROR_CODES,
  ...FLEET_ERROR_CODES,
  'unknown-command',
  'unauthorized',
  /** A dangerous command (see `classifyCommandLine`) sent without `confirm: true`; details.commands lists them. */
  'confirmation-required',
  'internal',
] as const;

export type CoreErrorCode = (typeof CORE_ERROR_CODES)[number];
export type BatchErrorCode = (typeof BATCH_ERROR_CODES)[number];
export type FleetErrorCode = (typeof FLEET_ERROR_CODES)[number];
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
