/**
 * Where the cursor is in a block-style YAML document, by indentation alone:
 * enough for key completion while the file is half typed (a real parser
 * gives up on exactly the text being edited).
 */

export type PathSeg = string | '[]';

export interface KeyContext {
  /** Keys from the root to the mapping the cursor's line belongs to; '[]' for a list item. */
  path: PathSeg[];
  /** Keys already present in that mapping. */
  siblings: string[];
  /** What is typed of the key so far. */
  prefix: string;
  /** Offset in the text where the typed key starts (replace from here to the cursor). */
  from: number;
}

interface LineInfo {
  /** Column where the key (or value) starts; a `- ` counts as indentation. */
  col: number;
  key: string | null;
  /** Column of the `- ` when the line opens a list item, else -1. */
  dash: number;
}

const KEY_RE = /^([A-Za-z_][\w-]*)\s*:(\s|$)/;

function info(line: string): LineInfo | null {
  const m = /^(\s*)(-\s+)?(.*)$/.exec(line);
  if (!m) return null;
  const body = m[3] ?? '';
  if ((!body.trim() && !m[2]) || body.trimStart().startsWith('#')) return null;
  const lead = m[1]!.length;
  const k = KEY_RE.exec(body);
  return { col: lead + (m[2]?.length ?? 0), key: k ? k[1]! : null, dash: m[2] ? lead : -1 };
}

/** The path of the list whose items have their dash at `dash`, looking up from line `i`. */
function listPath(lines: (LineInfo | null)[], i: number, dash: number): PathSeg[] {
  for (let j = i - 1; j >= 0; j--) {
    const li = lines[j];
    if (!li) continue;
    if (li.col < dash || (li.col === dash && li.dash < 0)) {
      if (!li.key) return ['[]'];
      return [...mapping(lines, j, li.col, li.dash).path, li.key, '[]'];
    }
  }
  return ['[]'];
}

/** The path of the mapping holding a key at column `col` on line `i`, and the keys already in it. */
function mapping(lines: (LineInfo | null)[], i: number, col: number, dash: number): { path: PathSeg[]; siblings: string[] } {
  if (dash >= 0) return { path: listPath(lines, i, dash), siblings: [] };
  const siblings: string[] = [];
  for (let j = i - 1; j >= 0; j--) {
    const li = lines[j];
    if (!li || li.col > col) continue;
    if (li.col === col) {
      if (li.key) siblings.push(li.key);
      if (li.dash >= 0) return { path: listPath(lines, j, li.dash), siblings };
      continue;
    }
    if (!li.key) break;
    return { path: [...mapping(lines, j, li.col, li.dash).path, li.key], siblings };
  }
  return { path: [], siblings };
}

/** Line and column (1-based) of an offset. */
export function lineColAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i + 1;
    }
  }
  return { line, column: offset - last + 1 };
}

/** Offset of a 1-based line and column, clamped to the line. */
export function offsetOf(text: string, line: number, column: number): number {
  let off = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', off);
    if (nl < 0) return text.length;
    off = nl + 1;
  }
  const end = text.indexOf('\n', off);
  const lineLen = (end < 0 ? text.length : end) - off;
  return off + Math.max(0, Math.min(column - 1, lineLen));
}

/**
 * The key context at `offset`, or null when the cursor is not where a key
 * goes (after a colon, inside a flow value, in a comment).
 */
export function keyContextAt(text: string, offset: number): KeyContext | null {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const m = /^(\s*)(-\s+)?([A-Za-z_][\w-]*)?$/.exec(before);
  if (!m) return null;
  const prefix = m[3] ?? '';
  const col = m[1]!.length + (m[2]?.length ?? 0);
  const dash = m[2] ? m[1]!.length : -1;
  const lines = lineStart === 0 ? [] : text.slice(0, lineStart - 1).split('\n').map(info);
  const { path, siblings } = mapping(lines, lines.length, col, dash);
  return { path, siblings, prefix, from: offset - prefix.length };
}
