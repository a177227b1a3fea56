/**
 * Semantic checks of one step's parts that the schema cannot make: commands (variables,
 * dangerous commands through the shared classifier), expectations (keywords, conditions,
 * regexes on RE2 semantics) and captures. Each reports through a callback with an offset
 * into the scalar, so problems carry exact positions.
 */
import { classifyCommandLine } from '../../../src-preload/contract/dangerous';
import { checkSafeRegex } from '../../../src-preload/contract/safe-regex';
import { type CondNode, ConditionSyntaxError, parseCondition } from './condition';
import { BUILTIN_VARS, type CaptureSpec, type ExpectSpec } from './plan';
import type { Path } from './yaml-doc';

export const VAR_RE = /\$\{([^}]*)\}/g;

const KEYWORDS = ['ok', 'error', 'any'] as const;

type Report = (message: string, expected: string, offset: number) => void;
export type SubProblem = (sub: Path, message: string, expected: string, offset: number) => void;

export function checkVars(text: string, known: Set<string>, problem: Report): void {
  for (const m of text.matchAll(VAR_RE)) {
    const v = m[1]!.trim();
    if (!known.has(v)) problem(`unknown variable \${${v}}`, `a built-in (${BUILTIN_VARS.join(', ')}) or a variable captured by an earlier step`, m.index ?? 0);
  }
}

/** Variables, and dangerous commands anywhere in the line unless the step allows them. */
export function checkCommand(command: string, known: Set<string>, allowDangerous: boolean, problem: Report): void {
  checkVars(command, known, problem);
  if (allowDangerous) return;
  const c = classifyCommandLine(command.replace(VAR_RE, '0'));
  if (c.dangerous) {
    const list = c.commands.map((d) => `${d.text}: ${d.reason}`).join('; ');
    problem(`${command} is a dangerous command (${list})`, "'allow_dangerous: true' on this step", 0);
  }
}

/** Levenshtein distance up to 3 (short words only). */
function near(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 2 || a.length > 12) return false;
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]! <= 2;
}

/**
 * A bare word is a keyword (ok, error, any), never a field tested for truth: `expect: okk`
 * must not pass validation and fail every modem at run time (issue 14). A boolean field is
 * tested as `registered == true`. Keywords inside a condition (`ok and rssi > 5`) are refused too.
 */
function bareWordProblems(node: CondNode, top: boolean, out: { pos: number; message: string; expected: string }[]): void {
  const flag = (n: CondNode & { t: 'ref' }): void => {
    const w = n.text.toLowerCase();
    if ((KEYWORDS as readonly string[]).includes(w)) {
      out.push({ pos: n.pos, message: `'${w}' is an expectation of its own, not part of a condition`, expected: `a list: [${w}, "…"]` });
    } else if (top && n.path.length === 1) {
      const guess = KEYWORDS.find((k) => near(w, k));
      out.push({
        pos: n.pos,
        message: `unknown expectation '${n.text.slice(0, 40)}'${guess ? ` (did you mean '${guess}'?)` : ''}`,
        expected: `ok, error, any, a condition such as "rsrp > -110", or "${n.text.slice(0, 40)} == true" for a true/false field`,
      });
    }
  };
  if (node.t === 'ref') flag(node);
  else if (node.t === 'and' || node.t === 'or') node.items.forEach((i) => bareWordProblems(i, top, out));
  else if (node.t === 'not') bareWordProblems(node.item, top, out);
}

/** Conditions repeat (an include used many times, the same check on every step): parsed once. */
const CONDITIONS = new Map<string, CondNode | ConditionSyntaxError>();
function parseCached(src: string): CondNode {
  let c = CONDITIONS.get(src);
  if (c === undefined) {
    try {
      c = parseCondition(src);
    } catch (err) {
      if (!(err instanceof ConditionSyntaxError)) throw err;
      c = err;
    }
    if (CONDITIONS.size >= 1000) CONDITIONS.clear();
    CONDITIONS.set(src, c);
  }
  if (c instanceof ConditionSyntaxError) throw c;
  return c;
}

export function compileExpect(raw: unknown, problem: SubProblem, known: Set<string>): ExpectSpec[] {
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
        const node = parseCached(item);
        const bare: { pos: number; message: string; expected: string }[] = [];
        bareWordProblems(node, true, bare);
        for (const b of bare) problem(sub, b.message, b.expected, b.pos);
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
    const bad = checkSafeRegex(regex.replace(VAR_RE, 'x'));
    if (bad) problem([...sub, key], `bad regular expression: ${bad.message}`, 'a regular expression without backreferences or lookaround (RE2 syntax)', bad.position);
    else out.push({ kind: 'match', regex, negate: o.match === undefined });
  });
  return out;
}

export function compileCapture(raw: unknown, problem: SubProblem): CaptureSpec[] {
  if (raw === undefined) return [];
  if (typeof raw === 'string') return [{ name: raw.split('.').pop()!, field: raw }];
  const out: CaptureSpec[] = [];
  for (const [name, v] of Object.entries(raw as Record<string, unknown>)) {
    if ((BUILTIN_VARS as readonly string[]).includes(name)) problem([name], `${name} is a built-in variable`, 'another variable name', 0);
    if (typeof v === 'string') out.push({ name, field: v });
    else {
      const regex = (v as { match: string }).match;
      const bad = checkSafeRegex(regex);
      if (bad) problem([name, 'match'], `bad regular expression: ${bad.message}`, 'a regular expression without backreferences or lookaround (RE2 syntax)', bad.position);
      else out.push({ name, regex });
    }
  }
  return out;
}
