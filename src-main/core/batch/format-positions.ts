/**
 * Where a problem is: 1-based line and column of a data path in the YAML
 * source, through yaml's own document lookup (`getIn` with `keepScalar`
 * gives the node, its `range` the offset) and the LineCounter the parser
 * filled. Problems are then listed file by file, line by line.
 */
import { type Document, type LineCounter, type Node as YamlNode, isMap, isNode, isScalar } from 'yaml';
import type { BatchFileProblem } from './errors';

export type Path = (string | number)[];

/** What a position needs of a parsed file. */
export interface Located {
  /** The parsed document (its nodes keep their source ranges). */
  doc: Document.Parsed;
  lc: LineCounter;
}

/** The node at `path`, or at the longest prefix of it that exists (a missing key points at its map). */
function nodeAt(doc: Document.Parsed, path: Path): YamlNode | null {
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node)) return node;
  }
  return null;
}

/** The key node of the last segment of `path` (an unknown or misplaced key), else its map. */
function keyAt(doc: Document.Parsed, path: Path): YamlNode | null {
  const parent = nodeAt(doc, path.slice(0, -1));
  const last = String(path[path.length - 1]);
  if (!isMap(parent)) return parent;
  // Compared as text: a JSON pointer says '1' where the YAML key is the number 1.
  const pair = parent.items.find((it) => (isScalar(it.key) ? String(it.key.value) : String(it.key)) === last);
  return isNode(pair?.key) ? pair.key : parent;
}

/** 1-based line and column of a data path (its key with `key`), `offset` characters into a scalar. */
export function position(d: Located, path: Path, key = false, offset = 0): { line: number; column: number } {
  const n = key && path.length > 0 ? keyAt(d.doc, path) : nodeAt(d.doc, path);
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
