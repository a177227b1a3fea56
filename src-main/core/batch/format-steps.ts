/**
 * The `steps` section of a batch file, apart from the file-level passes in format.ts:
 * one kind per step, conditions, captures, dangerous commands, repeats and polls,
 * and includes (confined to the allowed folders, each parsed once). Steps are checked
 * once per written template and unrolled only when the whole file is good.
 */
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { throwIfAborted } from '../errors';
import { parseRequest, REQUEST_NAMES } from '../qmi/requests';
import { checkCommand, compileCapture, compileExpect } from './checks';
import type { BatchFileProblem } from './errors';
import { type BatchLimits, FileTooLargeError } from './limits';
import { type OnFailure, type PlanSettings, type PlanStep } from './plan';
import { type Doc, type Path, isBroken, loadDoc, position } from './yaml-doc';

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

const KINDS = ['send', 'wait', 'repeat', 'poll', 'include', 'qmi'] as const;
type Kind = (typeof KINDS)[number];
const ALLOWED: Record<Kind, string[]> = {
  send: ['name', 'send', 'expect', 'capture', 'timeout', 'retries', 'on_failure', 'allow_dangerous'],
  wait: ['name', 'wait'],
  repeat: ['name', 'repeat', 'steps'],
  poll: ['name', 'poll', 'capture', 'on_failure', 'allow_dangerous'],
  include: ['name', 'include'],
  qmi: ['name', 'qmi', 'expect', 'capture', 'timeout', 'retries', 'on_failure'],
};

/** A template step, expanded once per iteration of its enclosing repeats. */
type Emit = (iterations: number[], keyPrefix: string) => void;
/** `cost`: step instances once unrolled, counting an empty repeat iteration as one, so it also bounds the unrolling work. */
interface Body {
  emit: Emit;
  cost: number;
}

const inside = (root: string, p: string): boolean => {
  const r = relative(root, p);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r) && !r.startsWith(sep));
};

/** Why a `qmi:` request would be refused (unknown name, bad argument), or null: checked here so a typo fails before any modem is asked. */
function checkQmiRequest(request: string): string | null {
  try {
    parseRequest(request);
    return null;
  } catch (err) {
    return (err as Error).message.replace(/ \(known: .*\)$/, '');
  }
}

/**
 * Checks a list of steps and returns a function that appends their instances, and their cost.
 * Checking happens once per template (errors are not repeated per iteration).
 */
export async function compileSteps(ctx: Ctx, d: Doc, list: unknown[], path: Path, idPrefix: string, stack: string[]): Promise<Body> {
  const emits: Emit[] = [];
  let cost = 0;
  for (const [i, raw] of list.entries()) {
    const here: Path = [...path, i];
    if (isBroken(d, '/' + here.join('/')) || raw === null || typeof raw !== 'object' || Array.isArray(raw)) continue;
    // Checking costs per written step: a file that includes a large file a thousand times stops here.
    if (++ctx.templates > ctx.limits.maxWrittenSteps) {
      if (!ctx.stepsReported) {
        ctx.stepsReported = true;
        const { line, column } = position(d, here);
        ctx.problems.push({ file: d.file, line, column, path: '/' + here.join('/'), message: `more than ${fmt(ctx.limits.maxWrittenSteps)} steps written in the file and its includes (each include counted where it is included)`, expected: 'fewer steps or includes' });
      }
      return { emit: () => {}, cost: Infinity };
    }
    const s = raw as Record<string, unknown>;
    const id = idPrefix === '' ? String(i + 1) : `${idPrefix}.${i + 1}`;
    const line = position(d, here).line;
    const problem = (sub: Path, message: string, expected: string | null, key = false, offset = 0): void => {
      const { line: l, column } = position(d, [...here, ...sub], key, offset);
      ctx.problems.push({ file: d.file, line: l, column, path: '/' + [...here, ...sub].join('/'), message, expected });
    };
    const kinds = KINDS.filter((k) => k in s);
    if (kinds.length !== 1) {
      if (kinds.length > 1) problem([kinds[1]!], `a step has one kind, this one has ${kinds.join(' and ')}`, 'one of send, wait, repeat, poll, include, qmi per step', true);
      continue;
    }
    const kind = kinds[0]!;
    for (const k of Object.keys(s)) {
      if (!ALLOWED[kind].includes(k)) problem([k], `'${k}' does not go with '${kind}'`, `one of ${ALLOWED[kind].join(', ')}`, true);
    }
    const name = typeof s.name === 'string' ? s.name : null;
    const onFailure = (s.on_failure as OnFailure | undefined) ?? ctx.settings.onFailure;
    const allowDangerous = s.allow_dangerous === true;
    const file = d.file;
    const push = (step: PlanStep): void => {
      step.seq = ctx.steps.length;
      ctx.steps.push(step);
    };

    switch (kind) {
      case 'send': {
        const command = (s.send as string).trim();
        checkCommand(command, ctx.known, allowDangerous, (m, e, off) => problem(['send'], m, e, false, off));
        const expect = compileExpect(s.expect ?? 'ok', (sub, m, e, off) => problem(['expect', ...sub], m, e, false, off), ctx.known);
        const capture = compileCapture(s.capture, (sub, m, e, off) => problem(['capture', ...sub], m, e, false, off));
        for (const c of capture) ctx.known.add(c.name);
        const timeoutMs = s.timeout !== undefined ? parseDuration(s.timeout) : ctx.settings.timeoutMs;
        const retries = (s.retries as number | undefined) ?? ctx.settings.retries;
        cost += 1;
        emits.push((iterations, kp) =>
          push({ kind: 'send', seq: 0, key: `${kp}${i + 1}`, id, name: name ?? command, file, line, iterations, command, expect, capture, timeoutMs, retries, onFailure, allowDangerous }),
        );
        break;
      }
      case 'qmi': {
        const request = (s.qmi as string).trim();
        const bad = checkQmiRequest(request);
        if (bad) problem(['qmi'], bad, bad.startsWith('unknown QMI request') ? `one of ${REQUEST_NAMES.join(', ')}` : 'the request with a valid argument after =');
        const expect = compileExpect(s.expect ?? 'ok', (sub, m, e, off) => problem(['expect', ...sub], m, e, false, off), ctx.known);
        const capture = compileCapture(s.capture, (sub, m, e, off) => problem(['capture', ...sub], m, e, false, off));
        for (const c of capture) ctx.known.add(c.name);
        const timeoutMs = s.timeout !== undefined ? parseDuration(s.timeout) : ctx.settings.timeoutMs;
        const retries = (s.retries as number | undefined) ?? ctx.settings.retries;
        cost += 1;
        emits.push((iterations, kp) =>
          push({ kind: 'qmi', seq: 0, key: `${kp}${i + 1}`, id, name: name ?? `qmi ${request}`, file, line, iterations, request, expect, capture, timeoutMs, retries, onFailure }),
        );
        break;
      }
      case 'wait': {
        const waitMs = parseDuration(s.wait);
        cost += 1;
        emits.push((iterations, kp) => push({ kind: 'wait', seq: 0, key: `${kp}${i + 1}`, id, name: name ?? `wait ${String(s.wait)}`, file, line, iterations, waitMs }));
        break;
      }
      case 'poll': {
        const p = s.poll as Record<string, unknown>;
        const command = (p.send as string).trim();
        checkCommand(command, ctx.known, allowDangerous, (m, e, off) => problem(['poll', 'send'], m, e, false, off));
        const until = compileExpect(p.until, (sub, m, e, off) => problem(['poll', 'until', ...sub], m, e, false, off), ctx.known);
        const capture = compileCapture(s.capture, (sub, m, e, off) => problem(['capture', ...sub], m, e, false, off));
        for (const c of capture) ctx.known.add(c.name);
        const everyMs = p.every !== undefined ? parseDuration(p.every) : 2000;
        const budgetMs = p.timeout !== undefined ? parseDuration(p.timeout) : 60_000;
        if (everyMs <= 0) problem(['poll', 'every'], 'a poll interval of 0 would spin', 'a duration above 0');
        const timeoutMs = ctx.settings.timeoutMs;
        cost += 1;
        emits.push((iterations, kp) =>
          push({ kind: 'poll', seq: 0, key: `${kp}${i + 1}`, id, name: name ?? `poll ${command}`, file, line, iterations, command, until, capture, everyMs, budgetMs, timeoutMs, onFailure, allowDangerous }),
        );
        break;
      }
      case 'repeat': {
        const n = s.repeat as number;
        if (!Array.isArray(s.steps)) {
          problem(['repeat'], "a repeat needs 'steps'", "'steps': the block to repeat", true);
          break;
        }
        const body = await compileSteps(ctx, d, s.steps, [...here, 'steps'], id, stack);
        const c = n * Math.max(1, body.cost);
        if (c > ctx.limits.maxSteps && !ctx.stepsReported) {
          ctx.stepsReported = true;
          problem(['repeat'], `more than ${fmt(ctx.limits.maxSteps)} step instances per modem once repeats are unrolled (this repeat makes ${fmt(c)})`, 'fewer repeats (nested repeats multiply)');
        }
        cost += c;
        emits.push((iterations, kp) => {
          for (let k = 1; k <= n; k++) body.emit([...iterations, k], `${kp}${i + 1}[${k}].`);
        });
        break;
      }
      case 'include': {
        const body = await compileInclude(ctx, d, s.include as string, stack, id, (m, e) => problem(['include'], m, e));
        cost += Math.max(1, body?.cost ?? 1);
        if (body) emits.push((iterations, kp) => body.emit(iterations, `${kp}${i + 1}.`));
        break;
      }
    }
  }
  const emit: Emit = (iterations, kp) => {
    for (const e of emits) e(iterations, kp);
  };
  return { emit, cost };
}

/**
 * An include resolves next to the including file, then in each include folder, and only
 * inside the allowed folders (after symlinks). Errors name the path, never what was read.
 */
async function compileInclude(ctx: Ctx, d: Doc, rel: string, stack: string[], id: string, problem: (m: string, e: string) => void): Promise<Body | null> {
  if (isAbsolute(rel)) {
    problem('include paths are relative to the including file', 'a relative path');
    return null;
  }
  if (stack.length > ctx.limits.maxIncludeDepth) {
    problem(`includes nested deeper than ${ctx.limits.maxIncludeDepth}`, 'fewer levels of include');
    return null;
  }
  const here = dirname(stack[stack.length - 1]!);
  const candidates = [...new Set([resolve(here, rel), ...ctx.roots.slice(1).map((r) => resolve(r, rel))])];
  let abs: string | null = null;
  let shown = rel;
  let text: string | null = null;
  let lastError: string | null = null;
  let outside = 0;
  for (const c of candidates) {
    let real: string;
    try {
      real = await ctx.real(c);
    } catch (err) {
      lastError = readError(err);
      continue;
    }
    if (!ctx.roots.some((r) => inside(r, real))) {
      outside++;
      continue;
    }
    if (stack.includes(real)) {
      problem(`include cycle: ${[...stack.slice(stack.indexOf(real)), real].map((p) => p.replace(/^.*[\\/]/, '')).join(' -> ')}`, 'a file that does not include itself');
      return null;
    }
    const seen = ctx.docs.get(real);
    if (seen) {
      const steps = (seen.doc?.data as { steps?: unknown } | null | undefined)?.steps;
      if (!seen.doc || !Array.isArray(steps)) return null;
      return compileSteps(ctx, seen.doc, steps, ['steps'], id, [...stack, real]);
    }
    try {
      text = await ctx.read(real, ctx.signal);
      abs = real;
      // Named as the including file names it when found next to it.
      shown = c === candidates[0] ? join(dirname(d.file), rel) : relative(process.cwd(), real) || real;
      break;
    } catch (err) {
      throwIfAborted(ctx.signal);
      lastError = err instanceof FileTooLargeError ? err.message : readError(err);
    }
  }
  if (abs === null || text === null) {
    if (outside > 0 && lastError === null) problem(`${rel} is outside the batch file's folder`, "a file in the batch file's folder or an include folder (--include-dir)");
    else problem(`cannot read ${rel}: ${lastError ?? 'no such file'}`, 'a readable batch file');
    return null;
  }
  if (text.length > ctx.limits.maxFileBytes) {
    problem(`${rel} is larger than ${ctx.limits.maxFileBytes} bytes`, `a batch file of at most ${ctx.limits.maxFileBytes} bytes`);
    return null;
  }
  ctx.bytes += text.length;
  if (ctx.bytes > ctx.limits.maxTotalBytes) {
    problem(`the file and its includes are larger than ${ctx.limits.maxTotalBytes} bytes together`, 'fewer or smaller includes');
    ctx.docs.set(abs, { doc: null, shown });
    return null;
  }
  ctx.sources.push({ file: shown, text });
  const sub = loadDoc(text, shown, ctx.problems, ctx.limits.maxNesting);
  ctx.docs.set(abs, { doc: sub, shown });
  const steps = (sub?.data as { steps?: unknown } | null | undefined)?.steps;
  if (!sub || !Array.isArray(steps)) return null;
  return compileSteps(ctx, sub, steps, ['steps'], id, [...stack, abs]);
}

