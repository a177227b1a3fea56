/**
 * One batch file's YAML: syntax (yaml's parser with a LineCounter, after the nesting bound),
 * then the JSON Schema (format-schema.ts); positions of nodes are format-positions.ts.
 * Problems are collected, never thrown, so a file gets all its problems listed at once.
 * Messages never quote the file's values: an include may point at a file that is not a
 * batch file, and its content stays out of the error.
 */
import { Composer, type Document, LineCounter, Parser } from 'yaml';
import type { BatchFileProblem } from './errors';
import { cstNestingOverflow, flowNestingOverflow } from './limits';
import { type SchemaChecked, schemaProblems } from './format-schema';

export { type Path, position, sortProblems } from './format-positions';

export interface Doc extends SchemaChecked {
  text: string;
  /** Instance paths (JSON pointers) the schema refused; the semantic pass skips what they cover. */
  bad: string[];
}

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
  const d: Doc = { file, data, doc, lc, text, bad: [] };
  const checked = schemaProblems(d);
  problems.push(...checked.problems);
  d.bad = checked.bad;
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
