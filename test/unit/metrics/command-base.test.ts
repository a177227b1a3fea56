import { describe, expect, it } from 'vitest';
import { commandBase } from '../../../src-main/core/metrics';

describe('commandBase', () => {
  it.each([
    ['AT+CSQ', 'AT+CSQ'],
    ['at+csq', 'AT+CSQ'],
    ['AT+CEREG?', 'AT+CEREG'],
    ['AT+CEREG=2', 'AT+CEREG'],
    ['AT+CEREG=?', 'AT+CEREG'],
    ['AT+QENG="servingcell"', 'AT+QENG'],
    ['AT$QCPDPP=1', 'AT$QCPDPP'],
    ['ATE0V1', 'ATE'],
    ['ATI', 'ATI'],
    ['AT&F', 'AT&F'],
    ['AT', 'AT'],
    ['  AT+CGSN', 'AT+CGSN'],
    ['hello', '(other)'],
    ['AT+', '(other)'],
    ['AT&', '(other)'],
  ])('%s -> %s', (cmd, base) => {
    expect(commandBase(cmd)).toBe(base);
  });

  it('keeps its cache bounded whatever the arguments', () => {
    for (let i = 0; i < 5000; i++) expect(commandBase(`AT+CMGR=${i}`)).toBe('AT+CMGR');
  });
});
