/**
 * One batch file's YAML: syntax (yaml's parser with a LineCounter, after the nesting bound),
 * the JSON Schema (ajv; instance paths mapped back to YAML nodes for positions), and the
 * positions of nodes for the semantic checks. Problems are collected, never thrown, so a file
 * gets all its problems listed at once. Messages never quote the file's values: an include
 * may point at a file that is not a batch file, and its content stays out of the error.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { Composer, type Document, LineCounter, Parser, type Node as YamlNode, isMap, isScalar, isSeq } from 'yaml';
import type { BatchFileProblem } from './errors';
import { cstNestingOverflow, flowNestingOverflow } from './limits';
import { BATCH_SCHEMA } from './schema';

export type Path = (string | number)[];

export interface Doc {
  file: string;
  data: unknown;
  root: unknown;
  lc: LineCounter;
  text: string;
  /** Instance paths (JSON pointers) the schema refused; the semantic pass skips what they cover. */
  bad: string[];
}

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
const validate = ajv.compile(BATCH_SCHEMA);

/** Parses and schema-checks one file; null when its YAML cannot be read at all. */
export function loadDoc(text: string, file: string, problems: BatchFileProblem[], maxNesting: number): Doc | null {
  const lc = new LineCounter();
  const tooDeep = (offset: number): null => {
    const { line, col } = lc.linePos(offset);
    problems.push({ file, line, column: col, path: '', message: `YAML nested deeper than ${maxNesting} levels`, expected: `at most ${maxNesting} levels of lists and maps` });
    return null;
  };
  const flat = flowNestingOverflow(text, maxNesting);
  if (flat >= 0) {
    // The line starts up to the offset, as the parser would have given them.
    lc.addNewLine(0);
    for (let i = text.indexOf('\n'); i >= 0 && i < flat; i = text.indexOf('\n', i + 1)) lc.addNewLine(i + 1);
    return tooDeep(flat);
  }
  // Parsed once: the CST is checked for depth before the (recursive) composer sees it.
  const tokens = [...new Parser(lc.addNewLine).parse(text)];
  const deep = cstNestingOverflow(tokens, maxNesting);
  if (deep >= 0) return tooDeep(deep);
  let doc: Document.Parsed | null = null;
  for (const d of new Composer({ uniqueKeys: true }).compose(tokens, true, text.length)) {
    if (doc === null) doc = d;
    else {
      const { line, col } = lc.linePos(d.range[0]);
      problems.push({ file, line, column: col, path: '', message: 'YAML: a second document (---) in one batch file', expected: 'one YAML document' });
      return null;
    }
  }
  if (doc === null) return null;
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const { line, col } = lc.linePos(e.pos[0]);
      // The first line only, without yaml's source excerpt.
      const msg = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').slice(0, 120);
      problems.push({ file, line, column: col, path: '', message: `YAML: ${msg}`, expected: 'valid YAML' });
    }
    return null;
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // yaml refuses aliases that expand exponentially ("billion laughs").
    if (!(err instanceof ReferenceError)) throw err;
    const at = text.search(/(^|[\s[{,:-])\*[^\s,\]}]/m);
    const { line, col } = lc.linePos(Math.max(0, at + (at > 0 || /^\s/.test(text) ? 1 : 0)));
    problems.push({ file, line, column: col, path: '', message: 'YAML: aliases (*name) expand too much', expected: 'at most 100 alias uses, without aliases of aliases' });
    return null;
  }
  const d: Doc = { file, data, root: doc.contents, lc, text, bad: [] };
  if (!validate(d.data)) {
    for (const e of pickErrors(validate.errors ?? [])) {
      problems.push(schemaProblem(d, e));
      d.bad.push(e.instancePath);
    }
  }
  return d;
}

/** Whether the schema refused something of the step at `pointer` itself (not of a step nested in it). */
export function isBroken(d: Doc, pointer: string): boolean {
  return d.bad.some((b) => b === pointer || (b.startsWith(`${pointer}/`) && !b.slice(pointer.length + 1).startsWith('steps/')));
}

/** Whether the schema refused anything at or under `pointer`. */
export function hasBad(d: Doc, pointer: string): boolean {
  return d.bad.some((b) => b === pointer || b.startsWith(`${pointer}/`));
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

/** What kind of value sits there; the value itself only when it looks like a mistyped keyword. */
function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  // A short keyword-like value is shown (a typo); anything else might be someone's data.
  if (typeof v === 'string') return /^[A-Za-z0-9_.-]{1,40}$/.test(v) ? `'${v}'` : 'this text';
  if (typeof v === 'boolean') return 'true/false';
  return String(v);
}

/** A key is shown when it looks like a (mistyped) keyword; anything else might be someone's data. */
function showKey(k: string): string {
  return /^[A-Za-z0-9_.-]{1,40}$/.test(k) ? `'${k}'` : 'this key';
}

const STEP_TITLE = 'a step with one of send, wait, repeat, poll, include, qmi';

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
      message = ps.title === STEP_TITLE ? 'a step needs one of send, wait, repeat, poll, include, qmi' : `missing '${String(p.missingProperty)}'`;
      expected = `'${String(p.missingProperty)}'`;
      break;
    case 'additionalProperties':
      at = [...path, String(p.additionalProperty)];
      key = true;
      message = `unknown key ${showKey(String(p.additionalProperty))}`;
      expected = ps.properties ? `one of ${Object.keys(ps.properties).join(', ')}` : null;
      break;
    case 'anyOf':
      if (ps.title === STEP_TITLE) {
        message = 'a step needs one of send, wait, repeat, poll, include, qmi';
        expected = 'one of send, wait, repeat, poll, include, qmi';
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

/** 1-based line and column of a data path (its key with `key`), `offset` characters into a scalar. */
export function position(d: Doc, path: Path, key = false, offset = 0): { line: number; column: number } {
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

/** Each problem once, file by file (in the order the files were met), by line and column. */
export function sortProblems(ps: BatchFileProblem[]): BatchFileProblem[] {
  const seen = new Set<string>();
  const fileOrder = new Map<string, number>();
  for (const p of ps) if (!fileOrder.has(p.file)) fileOrder.set(p.file, fileOrder.size);
  return ps
    .filter((p) => {
      const k = `${p.file}:${p.line}:${p.column}:${p.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => fileOrder.get(a.file)! - fileOrder.get(b.file)! || a.line - b.line || a.column - b.column);
}
