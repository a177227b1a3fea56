/**
 * QMI failure modes. They reuse the bench's error codes (protocol-error,
 * modem-error, ...) so the bridge and the retry policies need nothing new;
 * `reason` / `qmiError` say which QMI failure it was.
 */
import { BenchError, isBenchError } from '../errors';
import { ERROR_NAMES } from './names';

export type QmiFrameProblem =
  /** Bytes that are not inside any frame (before a 0x01 marker, or between frames). */
  | 'junk'
  /** The QMUX length cannot hold the headers, or the QMUX flags byte is neither 0x00 nor 0x80. */
  | 'bad-header'
  /** The QMUX length and the QMI header's TLV length disagree. */
  | 'length-mismatch'
  /** A TLV's length runs past the end of its message. */
  | 'tlv-overrun';

/** Bytes on a QMI stream that do not form a message; the framer skips them and resyncs. */
export class QmiFrameError extends BenchError {
  readonly code = 'protocol-error' as const;
  readonly retryable = true;
  constructor(
    readonly problem: QmiFrameProblem,
    message: string,
    /** The bytes skipped because of this problem. */
    readonly bytes: Buffer,
    details: Record<string, unknown> = {},
  ) {
    super(`QMI ${problem}: ${message}`, { problem, length: bytes.length, ...details });
  }
}
export function isQmiFrameError(e: unknown): e is QmiFrameError {
  return isBenchError(e) && e.code === 'protocol-error' && 'problem' in e && e.details.problem !== undefined;
}

export function qmiErrorName(code: number): string {
  return ERROR_NAMES[code] ?? `unknown-${code}`;
}

/** The modem answered with a result TLV saying failure (e.g. client-ids-exhausted, no-sim). */
export class QmiResultError extends BenchError {
  readonly code = 'modem-error' as const;
  readonly retryable = false;
  readonly qmiError: string;
  constructor(
    readonly request: string,
    readonly errorCode: number,
  ) {
    const name = qmiErrorName(errorCode);
    super(`${request} -> QMI error ${name} (${errorCode})`, { request, qmiError: name, errorCode });
    this.qmiError = name;
  }
}
export function isQmiResultError(e: unknown): e is QmiResultError {
  return isBenchError(e) && e.code === 'modem-error' && typeof (e as { qmiError?: unknown }).qmiError === 'string';
}

/** A response we asked for came back without the fields it must carry. */
export class QmiProtocolError extends BenchError {
  readonly code = 'protocol-error' as const;
  readonly retryable = true;
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, details);
  }
}
