import { describe, expect, it } from 'vitest';
import { planFor } from '../../../src-main/core/at/plan';

describe('command plans: the prefixes a command may answer with', () => {
  it('lists every extended command of a line, quoted arguments left out', () => {
    expect(planFor('AT+CSQ;+CREG?').prefixes).toEqual(['+CSQ', '+CREG']);
    expect(planFor('ATE0+CMEE=2').prefixes).toEqual(['+CMEE']);
    expect(planFor('AT+QCFG="+QTEMP"').prefixes).toEqual(['+QCFG']);
    expect(planFor('at^sysinfo').prefixes).toEqual(['^SYSINFO']);
    expect(planFor('ATI').prefixes).toEqual([]);
  });

  it('adds the known reply forms with another prefix: +COLP for a dial, +QCFG for AT+QAUDCFG, the identity twins', () => {
    expect(planFor('ATD+31612345678;').prefixes).toEqual(['+COLP', '+CR', '+ILRR']);
    expect(planFor('AT+QAUDCFG="tonevolume"').prefixes).toEqual(['+QAUDCFG', '+QCFG']);
    expect(planFor('AT+GSN').prefixes).toEqual(['+GSN', '+CGSN']);
  });

  it('marks the commands whose answer carries free text (SMS bodies, socket data)', () => {
    expect(planFor('AT+CMGR=3').carriesText).toBe(true);
    expect(planFor('AT+CMGL="ALL"').carriesText).toBe(true);
    expect(planFor('AT+QIRD=0,1500').carriesText).toBe(true);
    expect(planFor('AT+CSQ').carriesText).toBe(false);
  });
});
