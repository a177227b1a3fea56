/**
 * Regular expressions written by users (batch `expect: {match}`, `capture`, `matches` in
 * conditions, `/regex/` modem selectors, console find) run on RE2 semantics through re2js,
 * a pure-JS port of RE2: matching time is linear in the input whatever the pattern, so
 * `^(.+)+Z$` against a long reply cannot freeze the process as JavaScript's backtracking
 * engine did (issue 13). What RE2 cannot run in linear time (backreferences, lookaround)
 * is refused when the pattern is compiled, with the position of the offending part.
 * Isomorphic (no node, no DOM): the renderer imports it from the contract too.
 */
import { RE2JS } from 're2js';

/** Bounds on one user pattern: matching is linear in input x program size, so the program is capped too. */
export const SAFE_REGEX_LIMITS = Object.freeze({ maxLength: 1000, maxProgramSize: 10_000 });

/** A pattern the safe engine refuses; `position` is a 0-based offset into the pattern as written. */
export class SafeRegexError extends Error {
  readonly code = 'unsafe-regex' as const;
  constructor(
    message: string,
    readonly pattern: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'SafeRegexError';
  }
}

export function isSafeRegexError(e: unknown): e is SafeRegexError {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'unsafe-regex' && typeof (e as { position?: unknown }).position === 'number';
}

/** What JavaScript's RegExp offers that callers use: test, and exec with groups and index. */
export interface SafeRegex {
  readonly source: string;
  readonly flags: string;
  /** Whether the pattern matches anywhere in `input`. */
  test(input: string): boolean;
  /** The first match: `[whole, group1, …]` with `index` and named `groups`, or null. */
  exec(input: string): (string[] & { index: number; groups?: Record<string, string> }) | null;
}

const FLAG_BITS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL, u: 0 };

const BACKREF = 'backreferences are not supported (they need a backtracking engine that can take forever)';
const LOOKAROUND = 'lookahead and lookbehind are not supported (they need a backtracking engine that can take forever)';

/** Why RE2 refused, in the engineer's words, from re2js's message. */
function explain(message: string, fragment: string): string {
  if (/^\\[1-9k]/.test(fragment)) return BACKREF;
  if (/^\(\?<?[=!]/.test(fragment)) return LOOKAROUND;
  if (/repeat count/.test(message)) return 'a repeat count above 1000 (or nested repeats above 1000 in all) is not supported';
  return message.replace(/^error parsing regexp: /, '');
}

/**
 * Finds what RE2 lacks before translation, which would otherwise turn `\k<n>` into a
 * literal `k<n>` silently; positions are exact this way.
 */
function prescan(pattern: string): SafeRegexError | null {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const n = pattern[i + 1] ?? '';
      if (/[1-9]/.test(n) || (n === 'k' && !inClass)) return new SafeRegexError(BACKREF, pattern, i);
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') inClass = true;
    else if (c === '(' && /^\(\?<?[=!]/.test(pattern.slice(i, i + 4))) return new SafeRegexError(LOOKAROUND, pattern, i);
  }
  return null;
}

const CACHE = new Map<string, SafeRegex>();
const CACHE_MAX = 256;

/**
 * Compiles a user pattern (JavaScript syntax; `\uXXXX` and `(?<name>…)` are translated) with
 * JavaScript flag letters `i`, `m`, `s` (`u` is accepted and implied). Throws SafeRegexError.
 */
export function compileSafeRegex(pattern: string, flags = ''): SafeRegex {
  const key = `${flags}/${pattern}`;
  const hit = CACHE.get(key);
  if (hit !== undefined) return hit;
  if (pattern.length > SAFE_REGEX_LIMITS.maxLength) {
    throw new SafeRegexError(`the pattern is longer than ${SAFE_REGEX_LIMITS.maxLength} characters`, pattern, SAFE_REGEX_LIMITS.maxLength);
  }
  let bits = 0;
  for (const f of flags) {
    const b = FLAG_BITS[f];
    if (b === undefined) throw new SafeRegexError(`unknown flag '${f}' (use i, m, s)`, pattern, 0);
    bits |= b;
  }
  const pre = prescan(pattern);
  if (pre) throw pre;
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(pattern), bits);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const fragment = (err as { getPattern?: () => string | null }).getPattern?.() ?? '';
    const at = fragment ? pattern.indexOf(fragment) : -1;
    throw new SafeRegexError(explain(message, fragment), pattern, Math.max(0, at));
  }
  if (re.programSize() > SAFE_REGEX_LIMITS.maxProgramSize) {
    throw new SafeRegexError(`the pattern is too large (program size ${re.programSize()} > ${SAFE_REGEX_LIMITS.maxProgramSize}); use fewer or smaller repeats`, pattern, 0);
  }
  const safe: SafeRegex = {
    source: pattern,
    flags,
    test: (input) => re.test(input),
    exec: (input) => re.exec(input) as ReturnType<SafeRegex['exec']>,
  };
  if (CACHE.size >= CACHE_MAX) CACHE.delete(CACHE.keys().next().value!);
  CACHE.set(key, safe);
  return safe;
}

/** The problem with a pattern, or null when the safe engine can run it. */
export function checkSafeRegex(pattern: string, flags = ''): SafeRegexError | null {
  try {
    compileSafeRegex(pattern, flags);
    return null;
  } catch (err) {
    if (isSafeRegexError(err)) return err;
    throw err;
  }
}

/** A pattern matching `text` literally (for plain-text find and interpolated values). */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
