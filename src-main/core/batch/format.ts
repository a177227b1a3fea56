/**
 * Batch files: YAML in, a `BatchPlan` out, or a `BatchFileError` listing every
 * problem with its file, line, column and what was expected. Nothing about
 * the modems is touched here: a file is rejected before anything is sent.
 *
 * Three passes: YAML syntax (yaml's parser with a LineCounter), the JSON
 * Schema (ajv; instance paths are mapped back to YAML nodes for positions),
 * then semantics (one kind per step, conditions, regexes, variables,
 * dangerous commands, includes with cycle checks).
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { LineCounter, type Node as YamlNode, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { isDangerous } from '../at/catalogue';
import { throwIfAborted } from '../errors';
import { ConditionSyntaxError, parseCondition } from './condition';
import { BatchFileError, type BatchFileProblem } from './errors';
import { BATCH_SCHEMA } from './schema';
import {
  BUILTIN_VARS,
  type BatchPlan,
  type CaptureSpec,
  DEFAULT_SETTINGS,
  type ExpectSpec,
  type OnFailure,
  type PlanSettings,
  type PlanStep,
  type Selection,
} from './plan';

export interface BatchLoadOptions {
  /** Reads a file (the top-level one and includes). @default fs.readFile as UTF-8 */
  readFile?: (path: string, signal?: AbortSignal) => Promise<string>;
  /** Most step instances per modem after repeats are unrolled. @default 100000 */
  maxSteps?: number;
  /** Deepest include nesting. @default 16 */
  maxIncludeDepth?: number;
  signal?: AbortSignal;
}

type Path = (string | number)[];

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
const validate = ajv.compile(BATCH_SCHEMA);

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** `500ms`, `2s`, `1.5m`, `1h`, or a number of milliseconds. */
export function parseDuration(v: unknown): number {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return Math.round(v);
  const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)\s*$/.exec(v) : null;
  if (!m) throw new TypeError(`not a duration: ${String(v)}`);
  return Math.round(Number(m[1]) * UNITS[m[2]!]!);
}

/** Reads and compiles a batch file (and its includes). */
export async function loadBatchFile(file: string, options: BatchLoadOptions = {}): Promise<BatchPlan> {
  const read = options.readFile ?? ((p: string, signal?: AbortSignal) => readFile(p, { encoding: 'utf8', signal }));
  let text: string;
  try {
    text = await read(resolve(file), options.signal);
  } catch (err) {
    throwIfAborted(options.signal);
    throw new BatchFileError([{ file, line: 1, column: 1, path: '', message: `cannot read the file: ${(err as Error).message}`, expected: 'a readable YAML file' }]);
  }
  return parseBatch(text, file, options);
}

/** Compiles batch file text; `file` names it in errors and anchors relative includes. */
export async function parseBatch(text: string, file: string, options: BatchLoadOptions = {}): Promise<BatchPlan> {
  const maxSteps = options.maxSteps ?? 100_000;
  const maxDepth = options.maxIncludeDepth ?? 16;
  if (!Number.isInteger(maxSteps) || maxSteps < 1) throw new TypeError(`maxSteps must be a positive whole number, got ${maxSteps}`);
  if (!Number.isInteger(maxDepth) || maxDepth < 0) throw new TypeError(`maxIncludeDepth must be a whole number >= 0, got ${maxDepth}`);
  const read = options.readFile ?? ((p: string, signal?: AbortSignal) => readFile(p, { encoding: 'utf8', signal }));
  const problems: BatchFileProblem[] = [];
  const sources: { file: string; text: string }[] = [];

  const top = loadDoc(text, file, problems);
  sources.push({ file, text });
  if (!top) throw new BatchFileError(sortProblems(problems));
  const data = top.data as Record<string, unknown>;

  const settings = compileSettings(data.settings as Record<string, unknown> | undefined);
  const selection = compileSelection(data.modems);
  const known = new Set<string>(BUILTIN_VARS);
  const steps: PlanStep[] = [];

  const ctx: Ctx = { problems, settings, steps, known, maxSteps, maxDepth, read, signal: options.signal, sources, overflow: false };
  await compileSteps(ctx, top, data.steps as unknown[], ['steps'], '', true, [resolve(file)]);
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

// ---- YAML + schema ---------------------------------------------------------

interface Doc {
  file: string;
  data: unknown;
  root: unknown;
  lc: LineCounter;
  text: string;
}

function loadDoc(text: string, file: string, problems: BatchFileProblem[]): Doc | null {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const { line, col } = lc.linePos(e.pos[0]);
      problems.push({ file, line, column: col, path: '', message: `YAML: ${e.message.split('\n')[0]}`, expected: 'valid YAML' });
    }
    return null;
  }
  const d: Doc = { file, data: doc.toJS({ maxAliasCount: 100 }), root: doc.contents, lc, text };
  if (!validate(d.data)) {
    for (const e of pickErrors(validate.errors ?? [])) problems.push(schemaProblem(d, e));
    return null;
  }
  return d;
}

type Picked = ErrorObject & { fallback?: string };

/** From ajv's allErrors list, the errors worth showing: an anyOf is replaced by the errors of the one branch of the right type. */
function pickErrors(errors: ErrorObject[]): Picked[] {
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf');
  const covered = new Set<ErrorObject>();
  const out: Picked[] = [];
  // Innermost first: a deeper anyOf decides for its own branches.
  anyOfs.sort((a, b) => b.schemaPath.length - a.schemaPath.length || b.instancePath.length - a.instancePath.length);
  const replaced = new Map<ErrorObject, Picked[]>();
  for (const a of anyOfs) {
    const prefix = `${a.schemaPath}/`;
    const inBranch = errors.filter((e) => e !== a && e.schemaPath.startsWith(prefix) && (e.instancePath === a.instancePath || e.instancePath.startsWith(`${a.instancePath}/`)));
    const byBranch = new Map<string, ErrorObject[]>();
    for (const e of inBranch) {
      const b = e.schemaPath.slice(prefix.length).split('/')[0]!;
      byBranch.set(b, [...(byBranch.get(b) ?? []), e]);
    }
    inBranch.forEach((e) => covered.add(e));
    const title = (a.parentSchema as { title?: string } | undefined)?.title;
    const fits = [...byBranch.values()].filter((es) => !es.some((e) => (e.keyword === 'type' || e.keyword === 'const') && e.instancePath === a.instancePath));
    if (fits.length === 1 && fits[0]!.length > 0) {
      const inner = fits[0]!.flatMap((e) => replaced.get(e) ?? (e.keyword === 'anyOf' ? [] : [{ ...e, fallback: title }]));
      replaced.set(a, inner.length > 0 ? inner : [{ ...a }]);
    } else replaced.set(a, [{ ...a }]);
  }
  for (const e of errors) {
    if (covered.has(e)) continue;
    if (e.keyword === 'anyOf') out.push(...(replaced.get(e) ?? [e]));
    else out.push(e);
  }
  return out;
}

function pointerPath(instancePath: string): Path {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'string') return `'${v.length > 40 ? v.slice(0, 40) + '…' : v}'`;
  return String(v);
}

function schemaProblem(d: Doc, e: Picked): BatchFileProblem {
  const path = pointerPath(e.instancePath);
  const ps = (e.parentSchema ?? {}) as { title?: string; properties?: Record<string, unknown> };
  const title = ps.title ?? e.fallback ?? null;
  const p = e.params as Record<string, unknown>;
  let at = path;
  let key = false;
  let message: string;
  let expected: string | null = title;
  switch (e.keyword) {
    case 'required':
      message = `missing '${String(p.missingProperty)}'`;
      if (ps.title === 'a step with one of send, wait, repeat, poll, include') message = 'a step needs one of send, wait, repeat, poll, include';
      expected = `'${String(p.missingProperty)}'`;
      break;
    case 'additionalProperties':
      at = [...path, String(p.additionalProperty)];
      key = true;
      message = `unknown key '${String(p.additionalProperty)}'`;
      expected = ps.properties ? `one of ${Object.keys(ps.properties).join(', ')}` : null;
      break;
    case 'anyOf':
      if (ps.title === 'a step with one of send, wait, repeat, poll, include') {
        message = 'a step needs one of send, wait, repeat, poll, include';
        expected = 'one of send, wait, repeat, poll, include';
      } else message = `${describe(e.data)} is not allowed here`;
      break;
    case 'enum':
      message = `${describe(e.data)} is not allowed here`;
      expected = title ?? `one of ${(p.allowedValues as unknown[]).join(', ')}`;
      break;
    case 'type':
      message = `${describe(e.data)} is not allowed here`;
      expected = title ?? `${String(p.type)}`;
      break;
    case 'pattern':
    case 'const':
    case 'minimum':
    case 'maximum':
    case 'minLength':
      message = `${describe(e.data)} is not valid here`;
      break;
    case 'minItems':
      message = 'the list is empty';
      expected = title ?? 'at least one item';
      break;
    default:
      message = `${describe(e.data)}: ${e.message ?? 'not valid'}`;
  }
  const { line, column } = position(d, at, key);
  return { file: d.file, line, column, path: e.instancePath, message, expected };
}

// ---- positions -------------------------------------------------------------

/** The YAML node at a data path (the key node when `key`), or the deepest one that exists. */
function nodeAt(root: unknown, path: Path, key = false): YamlNode | null {
  let node = root as YamlNode | null;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (isMap(node)) {
      const pair = node.items.find((it) => (isScalar(it.key) ? String(it.key.value) : String(it.key)) === String(seg));
      if (!pair) return node;
      if (key && i === path.length - 1) return (pair.key as YamlNode) ?? node;
      node = (pair.value as YamlNode | null) ?? (pair.key as YamlNode);
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as YamlNode | undefined;
      if (!item) return node;
      node = item;
    } else return node;
  }
  return node;
}

function position(d: Doc, path: Path, key = false, offset = 0): { line: number; column: number } {
  const n = nodeAt(d.root, path, key);
  let start = n?.range?.[0] ?? 0;
  if (offset > 0 && n && isScalar(n)) {
    // Inside a quoted scalar the text starts one character later.
    const quoted = n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE';
    start += offset + (quoted ? 1 : 0);
  }
  const { line, col } = d.lc.linePos(start);
  return { line, column: col };
}

function sortProblems(ps: BatchFileProblem[]): BatchFileProblem[] {
  const seen = new Set<string>();
  return ps.filter((p) => {
    const k = `${p.file}:${p.line}:${p.column}:${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// ---- semantics -------------------------------------------------------------

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

interface Ctx {
  problems: BatchFileProblem[];
  settings: PlanSettings;
  steps: PlanStep[];
  known: Set<string>;
  maxSteps: number;
  maxDepth: number;
  read: (path: string, signal?: AbortSignal) => Promise<string>;
  signal: AbortSignal | undefined;
  sources: { file: string; text: string }[];
  overflow: boolean;
}

const KINDS = ['send', 'wait', 'repeat', 'poll', 'include'] as const;
type Kind = (typeof KINDS)[number];
const ALLOWED: Record<Kind, string[]> = {
  send: ['name', 'send', 'expect', 'capture', 'timeout', 'retries', 'on_failure', 'allow_dangerous'],
  wait: ['name', 'wait'],
  repeat: ['name', 'repeat', 'steps'],
  poll: ['name', 'poll', 'capture', 'on_failure', 'allow_dangerous'],
  include: ['name', 'include'],
};

/** A template step, expanded once per iteration of its enclosing repeats. */
type Emit = (iterations: number[], keyPrefix: string) => void;

/**
 * Checks a list of steps and returns a function that appends their instances.
 * Checking happens once per template (errors are not repeated per iteration).
 */
async function compileSteps(ctx: Ctx, d: Doc, list: unknown[], path: Path, idPrefix: string, top: boolean, stack: string[]): Promise<Emit> {
  const emits: Emit[] = [];
  for (const [i, raw] of list.entries()) {
    const s = raw as Record<string, unknown>;
    const here: Path = [...path, i];
    const id = idPrefix === '' ? String(i + 1) : `${idPrefix}.${i + 1}`;
    const line = position(d, here).line;
    const problem = (sub: Path, message: string, expected: string | null, key = false, offset = 0): void => {
      const { line: l, column } = position(d, [...here, ...sub], key, offset);
      ctx.problems.push({ file: d.file, line: l, column, path: '/' + [...here, ...sub].join('/'), message, expected });
    };
    const kinds = KINDS.filter((k) => k in s);
    if (kinds.length > 1) {
      problem([kinds[1]!], `a step has one kind, this one has ${kinds.join(' and ')}`, 'one of send, wait, repeat, poll, include per step', true);
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

    switch (kind) {
      case 'send': {
        const command = (s.send as string).trim();
        checkCommand(ctx, command, allowDangerous, (m, e, off) => problem(['send'], m, e, false, off));
        const expect = compileExpect(s.expect ?? 'ok', (sub, m, e, off) => problem(['expect', ...sub], m, e, false, off), ctx.known);
        const capture = compileCapture(s.capture, (sub, m, e) => problem(['capture', ...sub], m, e));
        for (const c of capture) ctx.known.add(c.name);
        const timeoutMs = s.timeout !== undefined ? parseDuration(s.timeout) : ctx.settings.timeoutMs;
        const retries = (s.retries as number | undefined) ?? ctx.settings.retries;
        emits.push((iterations, kp) =>
          push(ctx, { kind: 'send', seq: 0, key: `${kp}${i + 1}`, id, name: name ?? command, file, line, iterations, command, expect, capture, timeoutMs, retries, onFailure, allowDangerous }),
        );
        break;
      }
      case 'wait': {
        const waitMs = parseDuration(s.wait);
        emits.push((iterations, kp) => push(ctx, { kind: 'wait', seq: 0, key: `${kp}${i + 1}`, id, name: name ?? `wait ${String(s.wait)}`, file, line, iterations, waitMs }));
        break;
      }
      case 'poll': {
        const p = s.poll as Record<string, unknown>;
        const command = (p.send as string).trim();
        checkCommand(ctx, command, allowDangerous, (m, e, off) => problem(['poll', 'send'], m, e, false, off));
        const until = compileExpect(p.until, (sub, m, e, off) => problem(['poll', 'until', ...sub], m, e, false, off), ctx.known);
        const capture = compileCapture(s.capture, (sub, m, e) => problem(['capture', ...sub], m, e));
        for (const c of capture) ctx.known.add(c.name);
        const everyMs = p.every !== undefined ? parseDuration(p.every) : 2000;
        const budgetMs = p.timeout !== undefined ? parseDuration(p.timeout) : 60_000;
        if (everyMs <= 0) problem(['poll', 'every'], 'a poll interval of 0 would spin', 'a duration above 0');
        emits.push((iterations, kp) =>
          push(ctx, {
            kind: 'poll',
            seq: 0,
            key: `${kp}${i + 1}`,
            id,
            name: name ?? `poll ${command}`,
            file,
            line,
            iterations,
            command,
            until,
            capture,
            everyMs,
            budgetMs,
            timeoutMs: ctx.settings.timeoutMs,
            onFailure,
            allowDangerous,
          }),
        );
        break;
      }
      case 'repeat': {
        const n = s.repeat as number;
        if (!Array.isArray(s.steps)) {
          problem(['repeat'], "a repeat needs 'steps'", "'steps': the block to repeat", true);
          break;
        }
        const body = await compileSteps(ctx, d, s.steps, [...here, 'steps'], id, false, stack);
        emits.push((iterations, kp) => {
          for (let k = 1; k <= n && !ctx.overflow; k++) body([...iterations, k], `${kp}${i + 1}[${k}].`);
        });
        break;
      }
      case 'include': {
        const rel = s.include as string;
        if (isAbsolute(rel)) {
          problem(['include'], 'include paths are relative to the including file', 'a relative path');
          break;
        }
        const shown = join(dirname(d.file), rel);
        const abs = resolve(dirname(stack[stack.length - 1]!), rel);
        if (stack.includes(abs)) {
          problem(['include'], `include cycle: ${[...stack.slice(stack.indexOf(abs)), abs].map((p) => p.replace(/^.*[\\/]/, '')).join(' -> ')}`, 'a file that does not include itself');
          break;
        }
        if (stack.length > ctx.maxDepth) {
          problem(['include'], `includes nested deeper than ${ctx.maxDepth}`, 'fewer levels of include');
          break;
        }
        let text: string;
        try {
          text = await ctx.read(abs, ctx.signal);
        } catch (err) {
          throwIfAborted(ctx.signal);
          problem(['include'], `cannot read ${shown}: ${(err as Error).message}`, 'a readable batch file');
          break;
        }
        ctx.sources.push({ file: shown, text });
        const sub = loadDoc(text, shown, ctx.problems);
        if (!sub) break;
        const body = await compileSteps(ctx, sub, (sub.data as { steps: unknown[] }).steps, ['steps'], id, false, [...stack, abs]);
        emits.push((iterations, kp) => body(iterations, `${kp}${i + 1}.`));
        break;
      }
    }
  }
  const emit: Emit = (iterations, kp) => {
    for (const e of emits) e(iterations, kp);
  };
  if (top) {
    emit([], '');
    if (ctx.overflow) {
      const { line, column } = position(d, ['steps']);
      ctx.problems.push({ file: d.file, line, column, path: '/steps', message: `more than ${ctx.maxSteps} step instances per modem once repeats are unrolled`, expected: 'fewer repeats' });
    }
  }
  return emit;
}

function push(ctx: Ctx, step: PlanStep): void {
  if (ctx.steps.length >= ctx.maxSteps) {
    ctx.overflow = true;
    return;
  }
  step.seq = ctx.steps.length;
  ctx.steps.push(step);
}

const VAR_RE = /\$\{([^}]*)\}/g;

function checkVars(text: string, known: Set<string>, problem: (m: string, e: string, offset: number) => void): void {
  for (const m of text.matchAll(VAR_RE)) {
    const v = m[1]!.trim();
    if (!known.has(v)) problem(`unknown variable \${${v}}`, `a built-in (${BUILTIN_VARS.join(', ')}) or a variable captured by an earlier step`, m.index ?? 0);
  }
}

function checkCommand(ctx: Ctx, command: string, allowDangerous: boolean, problem: (m: string, e: string, offset: number) => void): void {
  checkVars(command, ctx.known, problem);
  if (!allowDangerous && isDangerous(command.replace(VAR_RE, '0'))) {
    problem(`${command} is a dangerous command (it reboots or disconnects the modem, or changes saved settings)`, "'allow_dangerous: true' on this step", 0);
  }
}

type SubProblem = (sub: Path, message: string, expected: string, offset: number) => void;

function compileExpect(raw: unknown, problem: SubProblem, known: Set<string>): ExpectSpec[] {
  const items = Array.isArray(raw) ? raw : [raw];
  const multi = Array.isArray(raw);
  const out: ExpectSpec[] = [];
  items.forEach((item, i) => {
    const sub: Path = multi ? [i] : [];
    if (typeof item === 'string') {
      const word = item.trim().toLowerCase();
      if (word === 'ok' || word === 'error' || word === 'any') {
        out.push({ kind: word });
        return;
      }
      try {
        const node = parseCondition(item);
        void node;
        for (const m of item.matchAll(/\bvars\.([A-Za-z_][A-Za-z0-9_]*)/g)) {
          if (!known.has(m[1]!)) problem(sub, `unknown variable vars.${m[1]}`, 'a variable captured by an earlier step', m.index ?? 0);
        }
        out.push({ kind: 'cond', source: item });
      } catch (err) {
        if (!(err instanceof ConditionSyntaxError)) throw err;
        problem(sub, `condition: ${err.message}`, err.expected, err.pos);
      }
      return;
    }
    const o = item as { match?: string; not_match?: string };
    const regex = (o.match ?? o.not_match)!;
    const key = o.match !== undefined ? 'match' : 'not_match';
    checkVars(regex, known, (m, e, off) => problem([...sub, key], m, e, off));
    try {
      new RegExp(regex.replace(VAR_RE, 'x'));
      out.push({ kind: 'match', regex, negate: o.match === undefined });
    } catch (err) {
      problem([...sub, key], `bad regular expression: ${(err as Error).message}`, 'a valid regular expression', 0);
    }
  });
  return out;
}

function compileCapture(raw: unknown, problem: (sub: Path, m: string, e: string) => void): CaptureSpec[] {
  if (raw === undefined) return [];
  if (typeof raw === 'string') return [{ name: raw.split('.').pop()!, field: raw }];
  const out: CaptureSpec[] = [];
  for (const [name, v] of Object.entries(raw as Record<string, unknown>)) {
    if ((BUILTIN_VARS as readonly string[]).includes(name)) problem([name], `${name} is a built-in variable`, 'another variable name');
    if (typeof v === 'string') out.push({ name, field: v });
    else {
      const regex = (v as { match: string }).match;
      try {
        new RegExp(regex);
        out.push({ name, regex });
      } catch (err) {
        problem([name, 'match'], `bad regular expression: ${(err as Error).message}`, 'a valid regular expression');
      }
    }
  }
  return out;
}
