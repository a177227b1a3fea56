import { describe, expect, it } from 'vitest';
import { normalizeCommand } from '../../../src-main/core/at/command';

describe('normalizeCommand', () => {
  it.each([
    ['AT+CREG?', { base: 'AT+CREG', form: 'read', args: '', prefix: '+CREG' }],
    ['at+creg?', { base: 'AT+CREG', form: 'read', args: '', prefix: '+CREG' }],
    ['AT+CREG=?', { base: 'AT+CREG', form: 'test', args: '', prefix: '+CREG' }],
    ['AT+CREG=2', { base: 'AT+CREG', form: 'write', args: '2', prefix: '+CREG' }],
    ['AT+CSQ', { base: 'AT+CSQ', form: 'exec', args: '', prefix: '+CSQ' }],
    ['  AT+CSQ\r\n', { base: 'AT+CSQ', form: 'exec', args: '', prefix: '+CSQ' }],
    ['AT+QCFG="Band",0x260', { base: 'AT+QCFG', form: 'write', args: '"Band",0x260', prefix: '+QCFG' }],
    ['AT+CMGS="+491701234567"', { base: 'AT+CMGS', form: 'write', args: '"+491701234567"', prefix: '+CMGS' }],
    ['AT$QCRMCALL=1,1', { base: 'AT$QCRMCALL', form: 'write', args: '1,1', prefix: '$QCRMCALL' }],
    ['AT+CSQ;+CREG?', { base: 'AT+CSQ', form: 'exec', args: ';+CREG?', prefix: '+CSQ' }],
    ['AT', { base: 'AT', form: 'exec', args: '', prefix: null }],
    ['ATE0', { base: 'ATE', form: 'exec', args: '0', prefix: null }],
    ['ate1', { base: 'ATE', form: 'exec', args: '1', prefix: null }],
    ['ATV0', { base: 'ATV', form: 'exec', args: '0', prefix: null }],
    ['ATI', { base: 'ATI', form: 'exec', args: '', prefix: null }],
    ['ATE0V1', { base: 'ATE', form: 'exec', args: '0V1', prefix: null }],
    ['AT&F', { base: 'AT&F', form: 'exec', args: '', prefix: null }],
    ['at&f0', { base: 'AT&F', form: 'exec', args: '0', prefix: null }],
    ['AT&V', { base: 'AT&V', form: 'exec', args: '', prefix: null }],
    ['ATS3?', { base: 'ATS3', form: 'read', args: '', prefix: null }],
    ['ATS3=13', { base: 'ATS3', form: 'write', args: '13', prefix: null }],
    ['ATS0=?', { base: 'ATS0', form: 'test', args: '', prefix: null }],
    ['ATD+491701234567;', { base: 'ATD', form: 'exec', args: '+491701234567;', prefix: null }],
    ['+CSQ', { base: '+CSQ', form: 'exec', args: '', prefix: null }],
    ['', { base: '', form: 'exec', args: '', prefix: null }],
    ['A', { base: 'A', form: 'exec', args: '', prefix: null }],
  ] as const)('%j', (cmd, expected) => {
    expect(normalizeCommand(cmd)).toEqual(expected);
  });
});
