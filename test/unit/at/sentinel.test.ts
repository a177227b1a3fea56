import { describe, expect, it } from 'vitest';
import { emptyObservations, registerValue, resyncFailureMessage, sentinelFor } from '../../../src-main/core/at/sentinel';
import { foreignLineName } from '../../../src-main/core/at/urc';

describe('resync sentinel', () => {
  it('spells its nonce in S3/S4 reads, and consecutive nonces never share a pattern', () => {
    expect(sentinelFor(5)).toEqual({ command: 'ATS3?S4?S3?S4?', expect: [13, 10, 13, 10] });
    const seen = new Set<string>();
    for (let n = 1; n <= 16; n++) seen.add(sentinelFor(n).command);
    expect(seen.size).toBe(16);
    for (let n = 1; n < 40; n++) expect(sentinelFor(n).command).not.toBe(sentinelFor(n + 1).command);
  });

  it('skips the pattern of the command that timed out', () => {
    const same = sentinelFor(5).command;
    expect(sentinelFor(5, same.toLowerCase()).command).not.toBe(same);
  });

  it('reads S-parameter values with or without leading zeros, and nothing else', () => {
    expect(['013', '13', '010', '0', '255'].map(registerValue)).toEqual([13, 13, 10, 0, 255]);
    expect(['', '0130', '+CSQ', '1a', ' 13'].map(registerValue)).toEqual([-1, -1, -1, -1, -1]);
  });

  it('says what is wrong from what it saw', () => {
    const s = ['ATS3?S3?S3?S4?'];
    expect(resyncFailureMessage('p', s, 2000, emptyObservations())).toMatchObject({ reason: 'silent', message: expect.stringMatching(/nothing at all came back in 2 s/) });
    expect(resyncFailureMessage('p', s, 2000, { ...emptyObservations(), received: 3, lastOther: 'Call Ready' })).toMatchObject({
      reason: 'no-answer',
      message: expect.stringMatching(/echo off and no answer to ATS3\?S3\?S3\?S4\?.*Call Ready/),
    });
    expect(resyncFailureMessage('p', s, 2000, { ...emptyObservations(), received: 1, sawEcho: true })).toMatchObject({ reason: 'echo-only' });
    expect(resyncFailureMessage('p', s, 2000, { ...emptyObservations(), received: 5, sawAnswerWithoutFinal: true })).toMatchObject({
      reason: 'no-result-codes',
      message: expect.stringMatching(/ATQ1/),
    });
  });
});

describe('foreignLineName', () => {
  it('names a prefixed line whose prefix is not the command\'s, and an NMEA sentence', () => {
    expect(foreignLineName('^MODE: 5,4', ['+CSQ'])).toBe('^MODE');
    expect(foreignLineName('$GPGGA,1,2*47', ['+CSQ'])).toBe('$GPGGA');
    expect(foreignLineName('+qgpsurc: "x"', [])).toBe('+QGPSURC');
  });

  it('leaves the command\'s own prefix (any case), error finals and unprefixed text alone', () => {
    expect(foreignLineName('+CSQ: 23,99', ['+CSQ'])).toBeNull();
    expect(foreignLineName('+csq: 23,99', ['+CSQ'])).toBeNull();
    expect(foreignLineName('+CREG: 0,1', ['+CSQ', '+CREG'])).toBeNull();
    expect(foreignLineName('+CME ERROR: 10', ['+CSQ'])).toBeNull();
    expect(foreignLineName('Revision: EC25', [])).toBeNull();
    expect(foreignLineName('+', [])).toBeNull();
    expect(foreignLineName('+CGSM,+DS', [])).toBeNull();
  });
});
