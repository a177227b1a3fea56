import { describe, expect, it } from 'vitest';
import { classifyFinal, finalPrompt } from '../../../src-main/core/at/result-codes';

describe('classifyFinal, verbose', () => {
  it.each([
    ['OK', 'ok', true],
    ['ERROR', 'error', false],
    ['CONNECT', 'connect', true],
    ['CONNECT 150000000', 'connect', true],
    ['NO CARRIER', 'no-carrier', false],
    ['BUSY', 'busy', false],
    ['NO ANSWER', 'no-answer', false],
    ['NO DIALTONE', 'no-dialtone', false],
    ['COMMAND NOT SUPPORT', 'not-supported', false],
  ] as const)('%s -> %s', (line, kind, success) => {
    expect(classifyFinal(line, 'verbose')).toEqual({ kind, success, raw: line, code: null, text: null });
  });

  it('+CME ERROR with a number (CMEE=1) gets the text from the table', () => {
    expect(classifyFinal('+CME ERROR: 10', 'verbose')).toEqual({
      kind: 'cme-error',
      success: false,
      raw: '+CME ERROR: 10',
      code: 10,
      text: 'SIM not inserted',
    });
  });

  it('+CME ERROR with text (CMEE=2) gets the code from the table', () => {
    const f = classifyFinal('+CME ERROR: SIM not inserted', 'verbose');
    expect(f).toMatchObject({ kind: 'cme-error', code: 10, text: 'SIM not inserted' });
  });

  it('+CME ERROR with an unknown code or text keeps what it has', () => {
    expect(classifyFinal('+CME ERROR: 999', 'verbose')).toMatchObject({ code: 999, text: null });
    expect(classifyFinal('+CME ERROR: flux capacitor', 'verbose')).toMatchObject({ code: null, text: 'flux capacitor' });
    expect(classifyFinal('+CME ERROR:', 'verbose')).toMatchObject({ kind: 'cme-error', code: null, text: null });
  });

  it('+CMS ERROR: 350 (rejected by SMSC, [LUP]) and the text form', () => {
    expect(classifyFinal('+CMS ERROR: 350', 'verbose')).toMatchObject({ kind: 'cms-error', code: 350, text: 'Rejected by SMSC' });
    expect(classifyFinal('+CMS ERROR: SMSC address unknown', 'verbose')).toMatchObject({ kind: 'cms-error', code: 330 });
  });

  it('information lines are not final', () => {
    for (const l of ['+CSQ: 18,99', '013', '0', '4', 'OKAY', 'ok', 'Quectel', 'CONNECTED', '+CMEE: 2', 'RING', '> ', '>']) {
      expect(classifyFinal(l, 'verbose'), l).toBeNull();
    }
  });

  it('a bare `>` line is the prompt only when one is expected', () => {
    expect(classifyFinal('>', 'verbose', { expectPrompt: true })).toEqual(finalPrompt());
    expect(classifyFinal('>', 'verbose', { expectPrompt: false })).toBeNull();
  });
});

describe('classifyFinal, numeric (ATV0)', () => {
  it.each([
    ['0', 'ok'],
    ['1', 'connect'],
    ['3', 'no-carrier'],
    ['4', 'error'],
    ['6', 'no-dialtone'],
    ['7', 'busy'],
    ['8', 'no-answer'],
  ] as const)('%s -> %s', (line, kind) => {
    expect(classifyFinal(line, 'numeric')).toMatchObject({ kind, raw: line });
  });

  it('2 is RING (a URC), 5 and 9 are not codes', () => {
    for (const l of ['2', '5', '9']) expect(classifyFinal(l, 'numeric')).toBeNull();
  });

  it('multi-digit info (ATS3? -> 013) is not final', () => {
    expect(classifyFinal('013', 'numeric')).toBeNull();
    expect(classifyFinal('00', 'numeric')).toBeNull();
  });

  it('still accepts verbose finals and +CME/+CMS errors', () => {
    expect(classifyFinal('OK', 'numeric')?.kind).toBe('ok');
    expect(classifyFinal('+CME ERROR: 3', 'numeric')).toMatchObject({ kind: 'cme-error', code: 3, text: 'Operation not allowed' });
  });
});

describe('finalPrompt', () => {
  it('is a successful prompt final with raw `> `', () => {
    expect(finalPrompt()).toEqual({ kind: 'prompt', success: true, raw: '> ', code: null, text: null });
  });
});
