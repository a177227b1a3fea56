/**
 * Evaluating a condition (see condition-syntax.ts for the language): walks the
 * parsed tree against a step's scope. Kept apart from the lexer and parser
 * because the plan holds only the tree: parsing happens once at load time,
 * evaluation on every check while the batch runs.
 */

import { parseGeneric } from '../at/parsers/generic';
import type { CondNode } from './condition-syntax';

export { parseCondition, ConditionSyntaxError, type CmpOp, type CondNode } from './condition-syntax';

/** The data a condition is evaluated against. */
export interface ConditionScope {
  /** The command's parsed response (null when no parser covers it). */
  parsed: unknown;
  /** Variables captured by earlier steps. */
  vars: Readonly<Record<string, unknown>>;
  /** Built-ins: `modem.label`, `modem.imei`, ...; `response.final`, `response.lines`. */
  builtins: Readonly<Record<string, unknown>>;
}

export interface ConditionResult {
  ok: boolean;
  /** Why it failed (or what it saw), for the results matrix. */
  reason: string;
}

type Found = { found: true; value: unknown; parent: Record<string, unknown> | null; key: string } | { found: false };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function walk(root: unknown, path: readonly string[]): Found {
  let cur: unknown = root;
  let parent: Record<string, unknown> | null = null;
  for (const k of path) {
    if (Array.isArray(cur) && /^\d+$/.test(k) && Number(k) < cur.length) {
      parent = null;
      cur = cur[Number(k)];
      continue;
    }
    if (!isObj(cur) || !Object.prototype.hasOwnProperty.call(cur, k)) return { found: false };
    parent = cur;
    cur = cur[k];
  }
  return { found: true, value: cur, parent, key: path[path.length - 1] ?? '' };
}

/**
 * Resolves a dotted name: `vars.x`, `parsed.a.b`, a built-in (`modem.imei`),
 * else a parsed field (top level, then one level down: `rsrp` finds `cell.rsrp`),
 * else a captured variable.
 */
export function resolveRef(path: readonly string[], scope: ConditionScope): Found {
  const [head, ...rest] = path;
  if (head === 'vars') return walk(scope.vars, rest);
  if (head === 'parsed') return walk(scope.parsed, rest);
  if (head !== undefined && Object.prototype.hasOwnProperty.call(scope.builtins, head)) return walk(scope.builtins, path);
  const direct = walk(scope.parsed, path);
  if (direct.found) return direct;
  // Positional values of any reply (`fields[3]`, `rows[1][2]`), also where a specific parser named them.
  if (head === 'fields' || head === 'rows') {
    const lines = (scope.builtins['response'] as { lines?: unknown } | undefined)?.lines;
    if (Array.isArray(lines)) return walk(parseGeneric(lines as string[]), path);
  }
  if (isObj(scope.parsed)) {
    for (const v of Object.values(scope.parsed)) {
      const nested = walk(v, path);
      if (nested.found) return nested;
    }
  }
  return walk(scope.vars, path);
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  return typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
}

/** Evaluates a parsed condition. Never throws: a missing field makes the comparison false, with the reason. */
export function evaluateCondition(node: CondNode, scope: ConditionScope): ConditionResult {
  const missing: string[] = [];
  const seen: string[] = [];

  // A ref on the right of a comparison or in a list may be a bare word (`home`).
  const value = (n: CondNode, bareword: boolean): { v: unknown; ref: Found | null } => {
    switch (n.t) {
      case 'lit':
        return { v: n.value, ref: null };
      case 'list':
        return { v: n.items.map((i) => value(i, true).v), ref: null };
      case 'ref': {
        const f = resolveRef(n.path, scope);
        if (f.found) {
          seen.push(`${n.text} = ${show(f.value)}`);
          return { v: f.value, ref: f };
        }
        if (bareword) return { v: n.text, ref: null };
        missing.push(n.text);
        return { v: undefined, ref: null };
      }
      default:
        return { v: test(n), ref: null };
    }
  };

  // A number compared with a word: use the `<key>Name` sibling (stat 1 -> statName "home").
  const named = (l: { v: unknown; ref: Found | null }, other: unknown): unknown => {
    const wordy = (x: unknown): boolean => typeof x === 'string' && !/^-?\d+(\.\d+)?$/.test(x);
    const wants = Array.isArray(other) ? other.some(wordy) : wordy(other);
    if (typeof l.v === 'number' && wants && l.ref?.found && l.ref.parent) {
      const alt = l.ref.parent[`${l.ref.key}Name`];
      if (typeof alt === 'string') return alt;
    }
    return l.v;
  };

  const eq = (a: unknown, b: unknown): boolean => {
    if (typeof a === 'number' && typeof b === 'string' && b.trim() !== '' && !Number.isNaN(Number(b))) return a === Number(b);
    if (typeof b === 'number' && typeof a === 'string' && a.trim() !== '' && !Number.isNaN(Number(a))) return b === Number(a);
    if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
    return a === b;
  };

  function test(n: CondNode): boolean {
    switch (n.t) {
      case 'and':
        return n.items.every(test);
      case 'or':
        return n.items.some(test);
      case 'not':
        return !test(n.item);
      case 'exists':
      {
        const f: Found = n.ref.t === 'ref' ? resolveRef(n.ref.path, scope) : { found: false };
        return f.found && f.value != null;
      }
      case 'matches': {
        const l = value(n.left, false).v;
        if (l === undefined || l === null) return false;
        return n.re.test(typeof l === 'string' ? l : String(l));
      }
      case 'in': {
        const listV = value(n.list, true).v;
        const list = Array.isArray(listV) ? listV : [listV];
        const lr = value(n.left, false);
        if (lr.v === undefined) return false;
        const l = named(lr, list);
        const hit = list.some((x) => eq(l, x));
        return n.negate ? !hit : hit;
      }
      case 'cmp': {
        const lr = value(n.left, false);
        const rr = value(n.right, true);
        if (lr.v === undefined || rr.v === undefined) return false;
        const l = named(lr, rr.v);
        const r = named(rr, lr.v);
        if (n.op === '==') return eq(l, r);
        if (n.op === '!=') return !eq(l, r);
        const a = typeof l === 'string' && l.trim() !== '' ? Number(l) : l;
        const b = typeof r === 'string' && r.trim() !== '' ? Number(r) : r;
        if (typeof a !== 'number' || typeof b !== 'number' || Number.isNaN(a) || Number.isNaN(b)) return false;
        return n.op === '<' ? a < b : n.op === '<=' ? a <= b : n.op === '>' ? a > b : a >= b;
      }
      default: {
        const v = value(n, false).v;
        return v !== undefined && v !== null && v !== false && v !== 0 && v !== '';
      }
    }
  }

  const ok = test(node);
  const unique = [...new Set(missing)];
  const reason = unique.length > 0 ? `no field ${unique.join(', ')} in the response` : [...new Set(seen)].join(', ');
  return { ok, reason };
}
