/**
 * The condition mini language of `expect`, `until` and friends, its lexer and
 * parser (the evaluator is condition.ts): comparisons
 * on parsed response fields, with `and`/`or`/`not`, `in [..]`, `matches`.
 * Parsed once when the batch file loads (syntax errors point at a column),
 * evaluated by walking the tree: no eval, no Function, no property access
 * beyond plain data.
 *
 *   rsrp > -110 and sinr >= 0
 *   rssiDbm >= -100
 *   imei matches ^86
 *   stat in [home, roaming]        (a numeric field compared with words uses its `<field>Name` sibling)
 *   not (registered == false)
 *   modem.imei == vars.imei
 */

import { compileSafeRegex, isSafeRegexError, type SafeRegex } from '../../../src-preload/contract/safe-regex';

export type CmpOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

export type CondNode =
  | { t: 'lit'; value: Value }
  | { t: 'ref'; path: string[]; text: string; pos: number }
  | { t: 'list'; items: CondNode[] }
  | { t: 'cmp'; op: CmpOp; left: CondNode; right: CondNode }
  | { t: 'in'; negate: boolean; left: CondNode; list: CondNode }
  | { t: 'matches'; left: CondNode; re: SafeRegex; source: string }
  | { t: 'exists'; ref: CondNode }
  | { t: 'and' | 'or'; items: CondNode[] }
  | { t: 'not'; item: CondNode };

type Value = string | number | boolean | null;

/** A syntax error at `pos` (0-based offset in the condition text). */
export class ConditionSyntaxError extends Error {
  override name = 'ConditionSyntaxError';
  constructor(
    message: string,
    readonly pos: number,
    readonly expected: string,
  ) {
    super(message);
  }
}

interface Tok {
  k: 'num' | 'str' | 'id' | 'op' | 'punct' | 'raw' | 'end';
  v: string;
  pos: number;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'matches', 'exists', 'true', 'false', 'null']);

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    const prev = out[out.length - 1];
    // After `matches`, the regex is a quoted string or a bare run up to the next blank.
    if (prev?.k === 'id' && prev.v === 'matches' && c !== '"' && c !== "'") {
      const start = i;
      while (i < n && src[i] !== ' ' && src[i] !== '\t') i++;
      out.push({ k: 'raw', v: src.slice(start, i), pos: start });
      continue;
    }
    if (c === '"' || c === "'") {
      const start = i++;
      let s = '';
      while (i < n && src[i] !== c) {
        if (src[i] === '\\' && i + 1 < n) {
          s += src[i + 1];
          i += 2;
        } else s += src[i++];
      }
      if (i >= n) throw new ConditionSyntaxError('unterminated string', start, `a closing ${c}`);
      i++;
      out.push({ k: 'str', v: s, pos: start });
      continue;
    }
    const num = /^-?(?:\d+\.?\d*|\.\d+)/.exec(src.slice(i));
    if (num && (c !== '-' || /\d|\./.test(src[i + 1] ?? ''))) {
      out.push({ k: 'num', v: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    // `fields[3]` indexes the generic parser's positional values (same as `fields.3`).
    const id = /^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+|\[\d+\])*/.exec(src.slice(i));
    if (id) {
      // `in[1]` is the keyword and a list, not an index.
      const b = id[0].indexOf('[');
      const v = b > 0 && KEYWORDS.has(id[0].slice(0, b)) ? id[0].slice(0, b) : id[0];
      out.push({ k: 'id', v, pos: i });
      i += v.length;
      continue;
    }
    const op = /^(==|!=|<=|>=|&&|\|\||<|>|=|!)/.exec(src.slice(i));
    if (op) {
      out.push({ k: 'op', v: op[0] === '=' ? '==' : op[0], pos: i });
      i += op[0].length;
      continue;
    }
    if ('()[],'.includes(c)) {
      out.push({ k: 'punct', v: c, pos: i++ });
      continue;
    }
    throw new ConditionSyntaxError(`unexpected character '${c}'`, i, 'a field name, a number, a quoted string or an operator');
  }
  out.push({ k: 'end', v: '', pos: n });
  return out;
}

/** Parses a condition; throws ConditionSyntaxError with the offset of the problem. */
export function parseCondition(src: string): CondNode {
  const toks = lex(src);
  let p = 0;
  const peek = (): Tok => toks[p]!;
  const next = (): Tok => toks[p++]!;
  const isKw = (t: Tok, w: string): boolean => t.k === 'id' && t.v === w;
  const fail = (t: Tok, expected: string): never => {
    throw new ConditionSyntaxError(t.k === 'end' ? 'the condition ends too early' : `unexpected '${t.v}'`, t.pos, expected);
  };

  const operand = (): CondNode => {
    const t = next();
    if (t.k === 'num') return { t: 'lit', value: Number(t.v) };
    if (t.k === 'str') return { t: 'lit', value: t.v };
    if (t.k === 'punct' && t.v === '(') {
      const e = orExpr();
      const c = next();
      if (c.v !== ')') fail(c, "')'");
      return e;
    }
    if (t.k === 'punct' && t.v === '[') {
      const items: CondNode[] = [];
      if (peek().v === ']') {
        next();
        return { t: 'list', items };
      }
      for (;;) {
        items.push(operand());
        const c = next();
        if (c.v === ']') break;
        if (c.v !== ',') fail(c, "',' or ']'");
      }
      return { t: 'list', items };
    }
    if (t.k === 'id') {
      if (t.v === 'true' || t.v === 'false') return { t: 'lit', value: t.v === 'true' };
      if (t.v === 'null') return { t: 'lit', value: null };
      if (KEYWORDS.has(t.v)) fail(t, 'a field name or a value');
      return { t: 'ref', path: t.v.replace(/\[(\d+)\]/g, '.$1').split('.'), text: t.v, pos: t.pos };
    }
    return fail(t, 'a field name, a number, a quoted string, a list or (');
  };

  const cmp = (): CondNode => {
    const left = operand();
    const t = peek();
    if (t.k === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(t.v)) {
      next();
      return { t: 'cmp', op: t.v as CmpOp, left, right: operand() };
    }
    if (isKw(t, 'in') || (isKw(t, 'not') && isKw(toks[p + 1]!, 'in'))) {
      const negate = t.v === 'not';
      p += negate ? 2 : 1;
      const list = operand();
      if (list.t !== 'list' && list.t !== 'ref') fail(toks[p - 1]!, 'a list like [home, roaming]');
      return { t: 'in', negate, left, list };
    }
    if (isKw(t, 'matches')) {
      next();
      const r = next();
      if (r.k !== 'raw' && r.k !== 'str') fail(r, 'a regular expression');
      let source = r.v;
      let flags = '';
      const slashed = r.k === 'raw' ? /^\/(.*)\/([imsu]*)$/.exec(r.v) : null;
      if (slashed) {
        source = slashed[1]!;
        flags = slashed[2]!;
      }
      // RE2 semantics: linear time whatever the pattern (issue 13).
      try {
        return { t: 'matches', left, re: compileSafeRegex(source, flags), source: r.v };
      } catch (err) {
        if (!isSafeRegexError(err)) throw err;
        const at = r.pos + (slashed ? 1 : r.k === 'str' ? 1 : 0) + err.position;
        throw new ConditionSyntaxError(`bad regular expression: ${err.message}`, at, 'a regular expression without backreferences or lookaround (RE2 syntax)');
      }
    }
    if (isKw(t, 'exists')) {
      next();
      if (left.t !== 'ref') fail(t, 'a field name before exists');
      return { t: 'exists', ref: left };
    }
    return left;
  };

  const notExpr = (): CondNode => {
    const t = peek();
    if ((isKw(t, 'not') && !isKw(toks[p + 1]!, 'in')) || (t.k === 'op' && t.v === '!')) {
      next();
      return { t: 'not', item: notExpr() };
    }
    return cmp();
  };
  const andExpr = (): CondNode => {
    const items = [notExpr()];
    while (isKw(peek(), 'and') || peek().v === '&&') {
      next();
      items.push(notExpr());
    }
    return items.length === 1 ? items[0]! : { t: 'and', items };
  };
  function orExpr(): CondNode {
    const items = [andExpr()];
    while (isKw(peek(), 'or') || peek().v === '||') {
      next();
      items.push(andExpr());
    }
    return items.length === 1 ? items[0]! : { t: 'or', items };
  }

  const root = orExpr();
  if (peek().k !== 'end') fail(peek(), "'and', 'or' or the end of the condition");
  return root;
}
