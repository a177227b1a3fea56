/**
 * The JSON Schema pass of a batch file: ajv checks the data, and each error
 * becomes one problem at the YAML node it is about. Messages a schema node
 * wants said its own way are in the schema (`errorMessage`, ajv-errors), so
 * editors that read the published schema say the same; the rest are built
 * here per keyword. Messages never quote the file's values beyond a short
 * keyword-like word (an include may point at someone's data).
 */
import { Ajv, type ErrorObject } from 'ajv';
import ajvErrors from 'ajv-errors';
import type { BatchFileProblem } from './errors';
import { type Located, type Path, position } from './format-positions';
import { BATCH_SCHEMA } from './schema';

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
ajvErrors(ajv);
const validate = ajv.compile(BATCH_SCHEMA);

export interface SchemaChecked extends Located {
  file: string;
  data: unknown;
}

/**
 * Checks `d.data` against the batch schema: the problems, and the instance paths
 * (JSON pointers) refused, which the semantic pass skips.
 */
export function schemaProblems(d: SchemaChecked): { problems: BatchFileProblem[]; bad: string[] } {
  if (validate(d.data)) return { problems: [], bad: [] };
  const errors = withOwnMessages(validate.errors ?? []);
  // A refused key gets one problem, the propertyNames one (at the key), not also its pattern's.
  const refusedKeys = new Set(errors.filter((e) => e.keyword === 'propertyNames').map((e) => `${e.instancePath}\0${String(e.params.propertyName)}`));
  const picked = pickErrors(errors.filter((e) => e.keyword === 'propertyNames' || !refusedKeys.has(`${e.instancePath}\0${String(e.propertyName)}`)));
  return { problems: picked.map((e) => schemaProblem(d, e)), bad: picked.map((e) => e.instancePath) };
}

/** An error to show; `fallback`: the title of the anyOf it was picked from; `own`: the schema's errorMessage for it. */
type Picked = ErrorObject & { fallback?: string; own?: string };

/**
 * ajv-errors folds the errors a schema has its own message for into one; they are unfolded
 * here, each carrying that message, so the choice of anyOf branch below sees every error.
 */
function withOwnMessages(errors: ErrorObject[]): Picked[] {
  return errors.flatMap((e): Picked[] =>
    e.keyword === 'errorMessage' ? ((e.params as { errors: ErrorObject[] }).errors ?? []).map((o) => ({ ...o, own: e.message })) : [e],
  );
}

type SchemaObject = Record<string, unknown>;
const DEFINITIONS = (BATCH_SCHEMA as unknown as { definitions: Record<string, SchemaObject> }).definitions;
/** Keywords whose subschemas check the same value as their schema. */
const SAME_VALUE = ['anyOf', 'allOf', 'oneOf', 'not', 'if', 'then', 'else', 'propertyNames'];
/** Keywords whose subschemas check values inside it. */
const INNER_VALUES = ['properties', 'patternProperties', 'items', 'additionalItems', 'additionalProperties', 'contains'];
const reach = { same: new WeakMap<object, Set<unknown>>(), all: new WeakMap<object, Set<unknown>>() };

/**
 * The schema objects a branch checks a value with: the branch, what it refers to and its
 * combinators (`same`), or also everything inside the value (`all`). ajv restarts an error's
 * schemaPath at a $ref, so an error is matched to a branch by the schema object it came from.
 */
function reachable(s: unknown, kind: 'same' | 'all'): Set<unknown> {
  if (!s || typeof s !== 'object') return new Set();
  const cached = reach[kind].get(s);
  if (cached) return cached;
  const acc = new Set<unknown>();
  const walk = (x: unknown): void => {
    if (!x || typeof x !== 'object' || acc.has(x)) return;
    acc.add(x);
    const o = x as SchemaObject;
    if (typeof o.$ref === 'string' && o.$ref.startsWith('#/definitions/')) walk(DEFINITIONS[o.$ref.slice('#/definitions/'.length)]);
    const subs = (k: string): unknown[] => {
      const v = o[k];
      if (Array.isArray(v)) return v;
      if (k === 'properties' || k === 'patternProperties') return v && typeof v === 'object' ? Object.values(v) : [];
      return [v];
    };
    for (const k of SAME_VALUE) subs(k).forEach(walk);
    if (kind === 'all') for (const k of INNER_VALUES) subs(k).forEach(walk);
  };
  walk(s);
  reach[kind].set(s, acc);
  return acc;
}

/** The errors of each branch of an anyOf: at its value from the branch itself, inside its value from anything the branch holds. */
function branchErrors(a: Picked, errors: Picked[]): Picked[][] {
  const branches = Array.isArray(a.schema) ? (a.schema as unknown[]) : [];
  return branches.map((b) => {
    const same = reachable(b, 'same');
    const all = reachable(b, 'all');
    return errors.filter(
      (e) => e !== a && (e.instancePath === a.instancePath ? same.has(e.parentSchema) : e.instancePath.startsWith(`${a.instancePath}/`) && all.has(e.parentSchema)),
    );
  });
}

/** From ajv's allErrors list, the errors worth showing: an anyOf is replaced by the errors of the one branch of the right type. */
function pickErrors(errors: Picked[]): Picked[] {
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf');
  const branchesOf = new Map(anyOfs.map((a) => [a, branchErrors(a, errors)] as const));
  const membersOf = new Map(anyOfs.map((a) => [a, new Set(branchesOf.get(a)!.flat())] as const));
  const covered = new Set<Picked>();
  const replaced = new Map<Picked, Picked[]>();
  /** Whether some branch of an anyOf takes a value of this type (its errors are then inside that branch). */
  const typeFits = new Map<Picked, boolean>();
  // Innermost first (an inner anyOf's errors are among the outer's): a deeper anyOf decides for its own branches.
  for (const a of [...anyOfs].sort((x, y) => membersOf.get(x)!.size - membersOf.get(y)!.size)) {
    membersOf.get(a)!.forEach((e) => covered.add(e));
    const title = (a.parentSchema as { title?: string } | undefined)?.title;
    // An inner anyOf's errors are its alternatives, not the branch's own: said by its picks.
    const own = branchesOf.get(a)!.map((es) => {
      const inner = new Set(es.filter((e) => e.keyword === 'anyOf').flatMap((x) => [...membersOf.get(x)!]));
      return es.filter((e) => !inner.has(e));
    });
    const fits = own.filter(
      (es) => !es.some((e) => e.instancePath === a.instancePath && (e.keyword === 'type' || e.keyword === 'const' || (e.keyword === 'anyOf' && !typeFits.get(e)))),
    );
    typeFits.set(a, fits.length > 0);
    const picks =
      fits.length === 1
        ? fits[0]!.flatMap((e) => (replaced.get(e) ?? [e]).map((p) => (p.fallback || (p.parentSchema as { title?: string } | undefined)?.title ? p : { ...p, fallback: title })))
        : [];
    replaced.set(a, picks.length > 0 ? picks : [{ ...a }]);
  }
  const out: Picked[] = [];
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

function schemaProblem(d: SchemaChecked, e: Picked): BatchFileProblem {
  const path = pointerPath(e.instancePath);
  const ps = (e.parentSchema ?? {}) as { title?: string; properties?: Record<string, unknown> };
  const title = ps.title ?? e.fallback ?? null;
  const p = e.params as Record<string, unknown>;
  let at = path;
  let key = false;
  let message: string;
  let expected: string | null = title;
  const refusedKey = e.keyword === 'propertyNames' ? e.params.propertyName : e.propertyName;
  if (typeof refusedKey === 'string') {
    // A key the map's propertyNames refused: the key itself is the problem.
    at = [...path, refusedKey];
    key = true;
  }
  if (e.own !== undefined) message = e.own;
  else {
    switch (e.keyword) {
      case 'required':
        message = `missing '${String(p.missingProperty)}'`;
        expected = `'${String(p.missingProperty)}'`;
        break;
      case 'additionalProperties':
        at = [...path, String(p.additionalProperty)];
        key = true;
        message = `unknown key ${showKey(String(p.additionalProperty))}`;
        expected = ps.properties ? `one of ${Object.keys(ps.properties).join(', ')}` : null;
        break;
      case 'enum':
        message = `${describe(e.data)} is not allowed here`;
        expected = title ?? `one of ${(p.allowedValues as unknown[]).join(', ')}`;
        break;
      case 'anyOf':
        message = `${describe(e.data)} is not allowed here`;
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
  }
  const { line, column } = position(d, at, key);
  return { file: d.file, line, column, path: e.instancePath, message, expected };
}
