import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../src-main/core/at/session';
import { LabTagStore } from '../../../src-main/core/service/lab-tags';
import { LineFacts } from '../../../src-main/core/service/line-facts';

const t = (kind: TraceEvent['kind'], text: string): TraceEvent => ({ kind, text, at: 0, internal: false });

describe('LineFacts', () => {
  it('reads the LTE band from any QENG servingcell line and the SIM state from +CPIN', () => {
    const f = new LineFacts();
    expect(f.observe(t('tx', 'AT+QENG="servingcell"'))).toBe(false);
    expect(f.observe(t('info', '+QENG: "servingcell","NOCONN","LTE","FDD",262,01,1A2B3C,123,6300,20,5,5,1A2B,-95,-10,-60,12,40'))).toBe(true);
    expect(f.band).toBe(20);
    expect(f.observe(t('info', '+CPIN: READY'))).toBe(true);
    expect(f.simState).toBe('READY');
    expect(f.observe(t('info', '+CPIN: READY'))).toBe(false);
  });

  it('an error final to AT+CPIN? says the SIM is missing; to another command it says nothing', () => {
    const f = new LineFacts();
    f.observe(t('tx', 'AT+CSQ'));
    expect(f.observe(t('final', '+CME ERROR: 10'))).toBe(false);
    f.observe(t('tx', 'AT+CPIN?'));
    expect(f.observe(t('final', '+CME ERROR: 10'))).toBe(true);
    expect(f.simState).toBe('not inserted');
  });
});

describe('LabTagStore', () => {
  it('keeps tags per IMEI in a file, cleaned, and reads them back', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mb-tags-')), 'lab-tags.json');
    const a = new LabTagStore(file);
    expect(a.set('861458037506563', [' A3 ', 'shelf-2', 'A3'])).toEqual(['A3', 'shelf-2']);
    const b = new LabTagStore(file);
    expect(b.get('861458037506563')).toEqual(['A3', 'shelf-2']);
    expect(b.get(null)).toEqual([]);
    b.set('861458037506563', []);
    expect(new LabTagStore(file).get('861458037506563')).toEqual([]);
  });

  it('starts without tags, and says why, when the file is not JSON', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mb-tags-')), 'lab-tags.json');
    writeFileSync(file, '{nope');
    const s = new LabTagStore(file);
    expect(s.loadProblem).toMatch(/not readable/);
    expect(s.get('1')).toEqual([]);
  });
});
