/** Property names a JSON Schema allows at a path, for the batch editor's completion. */
import type { PathSeg } from './yaml-path';

export interface KeyOption {
  key: string;
  title: string;
  required: boolean;
}

type Schema = Record<string, unknown>;

function isObj(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deref(root: Schema, s: unknown, depth = 0): Schema | null {
  if (!isObj(s) || depth > 20) return null;
  const ref = s.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/')) {
    let cur: unknown = root;
    for (const part of ref.slice(2).split('/')) cur = isObj(cur) ? cur[part] : undefined;
    const target = deref(root, cur, depth + 1);
    return target ? { ...target, title: s.title ?? target.title } : null;
  }
  return s;
}

/** The schema and its anyOf/oneOf/allOf alternatives, dereferenced. */
function variants(root: Schema, s: unknown): Schema[] {
  const d = deref(root, s);
  if (!d) return [];
  const out = [d];
  for (const k of ['anyOf', 'oneOf', 'allOf']) {
    const list = d[k];
    if (Array.isArray(list)) for (const v of list) out.push(...variants(root, v));
  }
  return out;
}

function child(root: Schema, s: Schema[], seg: PathSeg): Schema[] {
  const out: Schema[] = [];
  for (const v of s) {
    if (seg === '[]') {
      if (v.items) out.push(...variants(root, v.items));
    } else if (isObj(v.properties) && v.properties[seg]) {
      out.push(...variants(root, v.properties[seg]));
    }
  }
  return out;
}

export function keysAt(schema: unknown, path: readonly PathSeg[]): KeyOption[] {
  if (!isObj(schema)) return [];
  let cur = variants(schema, schema);
  for (const seg of path) cur = child(schema, cur, seg);
  const seen = new Map<string, KeyOption>();
  for (const v of cur) {
    if (!isObj(v.properties)) continue;
    const req = Array.isArray(v.required) ? (v.required as string[]) : [];
    for (const [key, p] of Object.entries(v.properties)) {
      if (seen.has(key)) continue;
      const d = deref(schema, p);
      const title = String(d?.description ?? d?.title ?? (isObj(p) ? (p.title ?? '') : ''));
      seen.set(key, { key, title, required: req.includes(key) });
    }
  }
  return [...seen.values()];
}
