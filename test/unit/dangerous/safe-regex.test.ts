import { describe, expect, it } from 'vitest';
import { SafeRegexError, checkSafeRegex, compileSafeRegex, escapeRegex } from '../../../src-preload/contract/safe-regex';

describe('compileSafeRegex (RE2 semantics, linear time)', () => {
  it('runs catastrophic-backtracking patterns in linear time (issue 13: ^(.+)+Z$ on a QENG reply)', () => {
    const qeng = '+QENG: "servingcell","NOCONN","LTE","FDD",262,01,1A2B3C4,123,6300,20,5,5,1A2B,-95,-10,-65,12,40';
    expect(qeng.length).toBeGreaterThan(85);
    // JavaScript's engine takes exponential time on these; the test timeout would catch a regression.
    expect(compileSafeRegex('^(.+)+Z$').test(qeng.repeat(50))).toBe(false);
    expect(compileSafeRegex('^(a|a?)+$').test('a'.repeat(20_000) + 'b')).toBe(false);
    expect(compileSafeRegex('(x+x+)+y').test('x'.repeat(20_000))).toBe(false);
  });

  it('behaves like RegExp for ordinary patterns: flags, groups, named groups, \\u escapes', () => {
    const m = compileSafeRegex('\\+CSQ: (\\d+),(?<ber>\\d+)').exec('junk +CSQ: 23,99');
    expect(m?.[1]).toBe('23');
    expect(m?.groups?.ber).toBe('99');
    expect(m?.index).toBe(5);
    expect(compileSafeRegex('ec25', 'i').test('Quectel EC25')).toBe(true);
    expect(compileSafeRegex('^b$', 'm').test('a\nb')).toBe(true);
    expect(compileSafeRegex('^b$').test('a\nb')).toBe(false);
    expect(compileSafeRegex('\\u0041/').test('xA/')).toBe(true);
  });

  it.each([
    ['(a)\\1', 'backreferences', 3],
    ['x(?<n>a)\\k<n>', 'backreferences', 8],
    ['ab(?=c)', 'lookahead and lookbehind', 2],
    ['(?!c)', 'lookahead and lookbehind', 0],
    ['a(?<=a)b', 'lookahead and lookbehind', 1],
    ['(?<!a)b', 'lookahead and lookbehind', 0],
    ['ab[', 'missing closing ]', 2],
    ['(a{1000}){1000}', 'repeat count', 2],
  ])('refuses %j with a clear message and its position', (pattern, words, position) => {
    const e = checkSafeRegex(pattern);
    expect(e).toBeInstanceOf(SafeRegexError);
    expect(e!.message).toContain(words);
    expect(e!.position).toBe(position);
  });

  it('refuses patterns too long or too large, and unknown flags', () => {
    expect(checkSafeRegex('a'.repeat(1001))?.message).toContain('longer than 1000');
    expect(checkSafeRegex('a{1000}b{1000}c{1000}d{1000}e{1000}f{1000}g{1000}h{1000}i{1000}j{1000}k{1000}')?.message).toContain('too large');
    expect(checkSafeRegex('a', 'g')?.message).toContain("unknown flag 'g'");
    expect(checkSafeRegex('a', 'imsu')).toBeNull();
  });

  it('escapeRegex makes any text literal', () => {
    const text = 'a.b*c+(d)[e]{f}|g^h$i\\j/k-l?';
    expect(compileSafeRegex(`^${escapeRegex(text)}$`).test(text)).toBe(true);
    expect(compileSafeRegex(`^${escapeRegex(text)}$`).test(text.replace('.', 'x'))).toBe(false);
  });
});
