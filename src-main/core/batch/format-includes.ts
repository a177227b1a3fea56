/**
 * `include:` steps: a path resolves next to the including file, then in each include
 * folder, and only inside the allowed folders (after symlinks); each file is read and
 * parsed once however often it is included, within the size bounds. Its steps are
 * compiled by the caller's `compileSteps` (format-steps.ts), which is what includes this.
 */
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { throwIfAborted } from '../errors';
import { type Body, type Ctx, readError } from './format-context';
import { FileTooLargeError } from './limits';
import { type Doc, type Path, loadDoc } from './yaml-doc';

type CompileSteps = (ctx: Ctx, d: Doc, list: unknown[], path: Path, idPrefix: string, stack: string[]) => Promise<Body>;

const inside = (root: string, p: string): boolean => {
  const r = relative(root, p);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r) && !r.startsWith(sep));
};

/**
 * An include resolves next to the including file, then in each include folder, and only
 * inside the allowed folders (after symlinks). Errors name the path, never what was read.
 */
export async function compileInclude(
  ctx: Ctx,
  d: Doc,
  rel: string,
  stack: string[],
  id: string,
  problem: (m: string, e: string) => void,
  compileSteps: CompileSteps,
): Promise<Body | null> {
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

