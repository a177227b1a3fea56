/**
 * Errors of batch files, runs and the run store. They follow the core's
 * pattern (a literal `code`, a brand, an `isXxx()` guard) with a brand of
 * their own, because the core's `ErrorCode` union is closed; `toInfo()`
 * gives the same `{ code, message, details }` shape for the bridge.
 */

import type { BatchProblemView } from '../../../src-preload/contract/batch';
import type { BatchErrorCode } from '../../../src-preload/contract/result';

const BRAND = Symbol.for('modem-bench.batch-error');

export type { BatchErrorCode };

export abstract class BatchError extends Error {
  abstract readonly code: BatchErrorCode;
  readonly retryable = false;
  readonly details: Record<string, unknown>;
  readonly [BRAND] = true;

  constructor(message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.details = details;
    this.name = new.target.name;
  }

  toInfo(): { code: BatchErrorCode; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export function isBatchError(e: unknown): e is BatchError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}

/** One problem in a batch file: the contract's shape (the UI shows them as they are). */
export type BatchFileProblem = BatchProblemView;

/** A batch file that cannot run: rejected before any command is sent. */
export class BatchFileError extends BatchError {
  readonly code = 'batch-file-invalid' as const;
  readonly problems: BatchFileProblem[];

  constructor(problems: BatchFileProblem[]) {
    const first = problems[0];
    super(first ? formatProblem(first) + (problems.length > 1 ? ` (and ${problems.length - 1} more)` : '') : 'invalid batch file', { problems });
    this.problems = problems;
  }

  get file(): string {
    return this.problems[0]?.file ?? '';
  }
  get line(): number {
    return this.problems[0]?.line ?? 1;
  }
  get column(): number {
    return this.problems[0]?.column ?? 1;
  }
  get expected(): string | null {
    return this.problems[0]?.expected ?? null;
  }
}
export const isBatchFileError = (e: unknown): e is BatchFileError => isBatchError(e) && e.code === 'batch-file-invalid';

/** `file:line:col: message (expected ...)`, the way compilers say it. */
export function formatProblem(p: BatchFileProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}${p.expected ? ` (expected ${p.expected})` : ''}`;
}

export type StoreErrorReason = 'open-failed' | 'schema-too-new' | 'not-found' | 'not-resumable' | 'write-failed';

/** The run store could not do what was asked; `reason` says which way. */
export class StoreError extends BatchError {
  readonly code = 'store-error' as const;
  constructor(
    readonly reason: StoreErrorReason,
    message: string,
    details: Record<string, unknown> = {},
    cause?: unknown,
  ) {
    super(message, { reason, ...details }, { cause });
  }
}
export const isStoreError = (e: unknown): e is StoreError => isBatchError(e) && e.code === 'store-error';
