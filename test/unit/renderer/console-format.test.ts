import { describe, expect, it } from 'vitest';
import { asciiOf, fmtStamp, hexColumn } from '../../../src-renderer/lib/console-format';

describe('console hex + ASCII', () => {
  it('shows the bytes and the same bytes as ASCII, non-printables as dots, a command with its CR', () => {
    expect(hexColumn({ kind: 'tx', text: 'AT' })).toBe('41 54 0D');
    expect(asciiOf({ kind: 'tx', text: 'AT' })).toBe('AT.');
    expect(asciiOf({ kind: 'garbage', text: '\xff\x1aOK' })).toBe('..OK');
    expect(hexColumn({ kind: 'rx', text: 'OK' }, 12)).toBe('4F 4B       ');
  });

  it('adds the date to the timestamp on demand', () => {
    const at = new Date(2026, 11, 6, 9, 5, 7, 42).getTime();
    expect(fmtStamp(at, false)).toBe('09:05:07.042');
    expect(fmtStamp(at, true)).toBe('2026-12-06 09:05:07.042');
  });
});
