/**
 * Bounds on batch files (issue 13): one hostile file must be refused in milliseconds, before
 * anything is sent, whatever it holds. Sizes are checked before reading, YAML nesting before
 * the recursive parts of parsing, and the unrolled step count is computed as a product of
 * repeat counts, never by unrolling.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { CST } from 'yaml';

export interface BatchLimits {
  /** Largest batch file (and each include) in bytes. @default 1000000 */
  maxFileBytes: number;
  /** Most step instances per modem after repeats are unrolled (an empty repeat iteration counts as one). @default 100000 */
  maxSteps: number;
  /** Deepest include nesting. @default 16 */
  maxIncludeDepth: number;
  /** Deepest YAML nesting (maps and lists inside each other). @default 64 */
  maxNesting: number;
  /** Most bytes of the file and all its distinct includes together. @default 4000000 */
  maxTotalBytes: number;
  /** Most steps as written to check, each include counted where it is included (checking costs per written step). @default 20000 */
  maxWrittenSteps: number;
}

export const DEFAULT_LIMITS: Readonly<BatchLimits> = Object.freeze({ maxFileBytes: 1_000_000, maxSteps: 100_000, maxIncludeDepth: 16, maxNesting: 64, maxTotalBytes: 4_000_000, maxWrittenSteps: 20_000 });

/** A file larger than the limit; nothing past the limit was read. */
export class FileTooLargeError extends Error {
  constructor(readonly limit: number, readonly size: number | null) {
    super(`the file is larger than ${limit} bytes${size !== null ? ` (${size} bytes)` : ''}`);
    this.name = 'FileTooLargeError';
  }
}

/**
 * Reads a regular UTF-8 file, refusing it from its size before reading, and never reading
 * more than `maxBytes + 1` bytes (a file may grow while it is read). FIFOs and devices are refused.
 */
export async function readBounded(path: string, maxBytes: number, signal?: AbortSignal): Promise<string> {
  signal?.throwIfAborted();
  // Non-blocking, so a FIFO cannot hold the open forever; only regular files are read.
  const fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = await fh.stat();
    if (st.isDirectory()) throw Object.assign(new Error('it is a folder, not a file'), { code: 'EISDIR' });
    if (!st.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTREG' });
    if (st.size > maxBytes) throw new FileTooLargeError(maxBytes, st.size);
    const buf = Buffer.alloc(Math.min(maxBytes + 1, st.size + 1));
    let got = 0;
    for (;;) {
      signal?.throwIfAborted();
      const { bytesRead } = await fh.read(buf, got, buf.length - got, null);
      if (bytesRead === 0) break;
      got += bytesRead;
      if (got > maxBytes) throw new FileTooLargeError(maxBytes, null);
      if (got === buf.length) break;
    }
    return new TextDecoder('utf-8').decode(buf.subarray(0, got));
  } finally {
    await fh.close();
  }
}

/**
 * The offset of the first YAML collection in `tokens` (yaml's CST, from its iterative parser)
 * nested deeper than `max`, or -1. An explicit stack: a 100000-deep file costs no call stack.
 */
export function cstNestingOverflow(tokens: readonly CST.Token[], max: number): number {
  const stack: { tok: CST.Token; depth: number }[] = [];
  for (const tok of tokens) {
    if (tok.type === 'document' && tok.value) stack.push({ tok: tok.value, depth: 0 });
    while (stack.length > 0) {
      const { tok: t, depth } = stack.pop()!;
      if (t.type !== 'block-map' && t.type !== 'block-seq' && t.type !== 'flow-collection') continue;
      if (depth >= max) return t.offset;
      for (const it of t.items as { key?: CST.Token | null; value?: CST.Token }[]) {
        if (it.key) stack.push({ tok: it.key, depth: depth + 1 });
        if (it.value) stack.push({ tok: it.value, depth: depth + 1 });
      }
    }
  }
  return -1;
}

/**
 * A quick first pass for the cheapest attacks, `[[[[…` and `- - - …` (one or two bytes per
 * level): flow brackets outside quotes and comments, compact entries at the start of a line.
 * It can only overestimate when such text sits inside a scalar 64 deep, which a batch file
 * never needs; the exact CST pass catches the rest.
 */
export function flowNestingOverflow(text: string, max: number): number {
  let depth = 0;
  let quote = '';
  // Compact block entries (`- - - x`, `? ? x`) nest once each: a line with more than `max` of them is too deep.
  let atLineStart = true;
  let compact = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (atLineStart && quote === '') {
      if (c === 32) continue;
      if ((c === 45 || c === 63) /* - ? */ && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 10)) {
        if (++compact > max) return i;
        i++;
        continue;
      }
      atLineStart = false;
      compact = 0;
    }
    if (c === 10) {
      atLineStart = true;
      compact = 0;
    }
    if (quote !== '') {
      if (quote === '"' && c === 92 /* \\ */) i++;
      else if (text[i] === quote) quote = '';
      continue;
    }
    if (c === 34 /* " */ || c === 39 /* ' */) quote = text[i]!;
    else if (c === 35 /* # */ && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i < text.length && text.charCodeAt(i) !== 10) i++;
    } else if (c === 91 || c === 123 /* [ { */) {
      if (++depth > max) return i;
    } else if ((c === 93 || c === 125) /* ] } */ && depth > 0) depth--;
  }
  return -1;
}
