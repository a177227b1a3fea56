/**
 * Batch files: YAML in, a `BatchPlan` out, or a `BatchFileError` listing every
 * problem with its file, line, column and what was expected. Nothing about
 * the modems is touched here: a file is rejected before anything is sent.
 *
 * Passes: size and nesting bounds, YAML syntax (yaml-doc.ts) and the JSON Schema (format-schema.ts),
 * then semantics (one kind per step, conditions, regexes, variables, dangerous
 * commands, includes confined to the allowed folders, the unrolled step count as
 * a product; the steps are format-steps.ts, includes format-includes.ts). Steps the schema
 * refused are skipped by the semantic pass, so every problem of a file is listed at once.
 */
import { realpath } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { checkSafeRegex } from '../../../src-preload/contract/safe-regex';
import { throwIfAborted } from '../errors';
import { BatchFileError, type BatchFileProblem, isBatchFileError } from './errors';
import { type BatchLimits, DEFAULT_LIMITS, FileTooLargeError, readBounded } from './limits';
import { BUILTIN_VARS, type BatchPlan, DEFAULT_SETTINGS, type OnFailure, type PlanSettings, type PlanStep, type Selection } from './plan';
import { type Ctx, fmt, parseDuration, readError } from './format-context';
import { compileSteps } from './format-steps';
import { slashedRegex } from './select';
import { type Doc, type Path, hasBad, loadDoc, position, sortProblems } from './yaml-doc';

export { parseDuration };

export interface BatchLoadOptions extends Partial<BatchLimits> {
  /** Reads a file (the top-level one and includes). @default a bounded fs read as UTF-8 */
  readFile?: (path: string, signal?: AbortSignal) => Promise<string>;
  /**
   * Folders includes may come from; a relative include is looked up next to the including
   * file, then in each of these. @default [the top file's folder]
   */
  includeDirs?: string[];
  signal?: AbortSignal;
}


function limitsOf(o: BatchLoadOptions): BatchLimits {
  const l = { ...DEFAULT_LIMITS };
  for (const k of Object.keys(DEFAULT_LIMITS) as (keyof BatchLimits)[]) {
    const v = o[k];
    if (v === undefined) continue;
    if (!Number.isInteger(v) || v < (k === 'maxIncludeDepth' ? 0 : 1)) throw new TypeError(`${k} must be a whole number${k === 'maxIncludeDepth' ? ' >= 0' : ' >= 1'}, got ${v}`);
    l[k] = v;
  }
  return l;
}

const fileProblem = (file: string, message: string, expected: string): BatchFileError =>
  new BatchFileError([{ file, line: 1, column: 1, path: '', message, expected }]);

/** Reads and compiles a batch file (and its includes). The size is checked before reading. */
export async function loadBatchFile(file: string, options: BatchLoadOptions = {}): Promise<BatchPlan> {
  const limits = limitsOf(options);
  const read = options.readFile ?? ((p: string, signal?: AbortSignal) => readBounded(p, limits.maxFileBytes, signal));
  let text: string;
  try {
    text = await read(resolve(file), options.signal);
  } catch (err) {
    throwIfAborted(options.signal);
    if (err instanceof FileTooLargeError) throw fileProblem(file, err.message, `a batch file of at most ${limits.maxFileBytes} bytes`);
    throw fileProblem(file, `cannot read the file: ${readError(err)}`, 'a readable YAML file');
  }
  return parseBatch(text, file, options);
}


/** Compiles batch file text; `file` names it in errors and anchors relative includes. */
export async function parseBatch(text: string, file: string, options: BatchLoadOptions = {}): Promise<BatchPlan> {
  const limits = limitsOf(options);
  if (text.length > limits.maxFileBytes) throw fileProblem(file, `the file is larger than ${limits.maxFileBytes} bytes`, `a batch file of at most ${limits.maxFileBytes} bytes`);
  try {
    return await compile(text, file, options, limits);
  } catch (err) {
    throwIfAborted(options.signal);
    if (isBatchFileError(err) || err instanceof TypeError) throw err;
    // Whatever else a hostile file provokes (a stack overflow somewhere) is still a bad file, exit 2.
    throw fileProblem(file, `the file could not be checked: ${err instanceof RangeError ? 'it is nested too deeply' : (err as Error)?.name ?? 'error'}`, 'a smaller, flatter batch file');
  }
}

async function compile(text: string, file: string, options: BatchLoadOptions, limits: BatchLimits): Promise<BatchPlan> {
  const custom = options.readFile !== undefined;
  const read = options.readFile ?? ((p: string, signal?: AbortSignal) => readBounded(p, limits.maxFileBytes, signal));
  // With the real file system, symlinks are resolved before the folder check.
  const real = custom ? async (p: string) => p : (p: string) => realpath(p);
  const problems: BatchFileProblem[] = [];
  const sources: { file: string; text: string }[] = [];

  const top = loadDoc(text, file, problems, limits.maxNesting);
  sources.push({ file, text });
  if (!top) throw new BatchFileError(sortProblems(problems));
  const data = (top.data !== null && typeof top.data === 'object' && !Array.isArray(top.data) ? top.data : {}) as Record<string, unknown>;

  const settings = hasBad(top, '/settings') ? { ...DEFAULT_SETTINGS } : compileSettings(data.settings as Record<string, unknown> | undefined);
  const selection = hasBad(top, '/modems') ? compileSelection(undefined) : compileSelection(data.modems);
  checkSelection(top, data.modems, problems);
  const known = new Set<string>(BUILTIN_VARS);
  const steps: PlanStep[] = [];

  const topAbs = resolve(file);
  let roots: string[];
  try {
    roots = await Promise.all([dirname(topAbs), ...(options.includeDirs ?? [])].map(async (d) => real(resolve(d)).catch(() => resolve(d))));
  } catch {
    roots = [dirname(topAbs)];
  }
  const ctx: Ctx = { problems, settings, steps, known, limits, read, real, roots, signal: options.signal, sources, stepsReported: false, docs: new Map(), bytes: text.length, templates: 0 };
  if (Array.isArray(data.steps)) {
    const body = await compileSteps(ctx, top, data.steps as unknown[], ['steps'], '', [await real(topAbs).catch(() => topAbs)]);
    if (body.cost > limits.maxSteps && !ctx.stepsReported) {
      const { line, column } = position(top, ['steps']);
      problems.push({ file, line, column, path: '/steps', message: `more than ${fmt(limits.maxSteps)} step instances per modem once repeats are unrolled (${fmt(body.cost)})`, expected: 'fewer steps or repeats' });
    }
    // Unrolled only when the file is good, so the loops are bounded by maxSteps.
    if (problems.length === 0) body.emit([], '');
  }
  if (problems.length > 0) throw new BatchFileError(sortProblems(problems));
  return {
    planVersion: 1,
    name: typeof data.name === 'string' ? data.name : file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/i, ''),
    description: typeof data.description === 'string' ? data.description : null,
    file,
    selection,
    settings,
    steps,
    sources,
  };
}


function compileSettings(s: Record<string, unknown> | undefined): PlanSettings {
  const o = s ?? {};
  return {
    parallel: (o.parallel as number | undefined) ?? DEFAULT_SETTINGS.parallel,
    timeoutMs: o.timeout !== undefined ? parseDuration(o.timeout) : DEFAULT_SETTINGS.timeoutMs,
    retries: (o.retries as number | undefined) ?? DEFAULT_SETTINGS.retries,
    retryDelayMs: o.retry_delay !== undefined ? parseDuration(o.retry_delay) : DEFAULT_SETTINGS.retryDelayMs,
    onFailure: (o.on_failure as OnFailure | undefined) ?? DEFAULT_SETTINGS.onFailure,
    unavailableRetries: (o.unavailable_retries as number | undefined) ?? DEFAULT_SETTINGS.unavailableRetries,
    unavailableDelayMs: o.unavailable_delay !== undefined ? parseDuration(o.unavailable_delay) : DEFAULT_SETTINGS.unavailableDelayMs,
  };
}

function compileSelection(m: unknown): Selection {
  const list = (v: unknown): string[] => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String));
  if (m === undefined || m === 'all') return { all: true, imei: [], label: [], model: [], firmware: [], tag: [] };
  const o = m as Record<string, unknown>;
  return { all: false, imei: list(o.imei), label: list(o.label), model: list(o.model), firmware: list(o.firmware), tag: list(o.tag) };
}

/** `/regex/` selectors run on the safe engine: refused here when it cannot run them. */
function checkSelection(d: Doc, m: unknown, problems: BatchFileProblem[]): void {
  if (m === null || typeof m !== 'object' || Array.isArray(m)) return;
  for (const [key, v] of Object.entries(m as Record<string, unknown>)) {
    const items = Array.isArray(v) ? v : [v];
    items.forEach((p, i) => {
      const re = typeof p === 'string' ? slashedRegex(p) : null;
      const bad = re ? checkSafeRegex(re.source, re.flags) : null;
      if (!bad) return;
      const path: Path = Array.isArray(v) ? ['modems', key, i] : ['modems', key];
      const { line, column } = position(d, path, false, 1 + bad.position);
      problems.push({ file: d.file, line, column, path: '/' + path.join('/'), message: `bad regular expression: ${bad.message}`, expected: 'a regular expression without backreferences or lookaround (RE2 syntax)' });
    });
  }
}

