/**
 * What the batch compiler passes around (format.ts, format-steps.ts, format-includes.ts):
 * the state of one compilation, a compiled step list, and small shared helpers.
 */
import type { BatchFileProblem } from './errors';
import type { BatchLimits } from './limits';
import type { PlanSettings, PlanStep } from './plan';
import type { Doc } from './yaml-doc';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** `500ms`, `2s`, `1.5m`, `1h`, or a number of milliseconds. */
export function parseDuration(v: unknown): number {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return Math.round(v);
  const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)\s*$/.exec(v) : null;
  if (!m) throw new TypeError(`not a duration: ${String(v)}`);
  return Math.round(Number(m[1]) * UNITS[m[2]!]!);
}

/** An fs error in words, without anything read from the file. */
export function readError(err: unknown): string {
  const code = (err as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  if (code === 'ENOTREG') return 'not a regular file';
  return err instanceof Error ? err.message.slice(0, 200) : 'unreadable';
}

export const fmt = (n: number): string => (Number.isFinite(n) && n < 1e15 ? Math.round(n).toLocaleString('en-US') : `about ${n.toExponential(1)}`);

export interface Ctx {
  problems: BatchFileProblem[];
  settings: PlanSettings;
  steps: PlanStep[];
  known: Set<string>;
  limits: BatchLimits;
  read: (path: string, signal?: AbortSignal) => Promise<string>;
  real: (path: string) => Promise<string>;
  roots: string[];
  signal: AbortSignal | undefined;
  sources: { file: string; text: string }[];
  /** A repeat already said it unrolls too far; enclosing ones stay quiet. */
  stepsReported: boolean;
  /** Includes by real path, parsed once however often they are included. */
  docs: Map<string, { doc: Doc | null; shown: string }>;
  /** Bytes of the file and its distinct includes so far. */
  bytes: number;
  /** Step templates checked so far: past maxSteps the file is refused without checking more. */
  templates: number;
}

/** A template step, expanded once per iteration of its enclosing repeats. */
export type Emit = (iterations: number[], keyPrefix: string) => void;
/** `cost`: step instances once unrolled, counting an empty repeat iteration as one, so it also bounds the unrolling work. */
export interface Body {
  emit: Emit;
  cost: number;
}
