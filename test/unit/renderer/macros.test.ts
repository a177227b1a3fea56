import { describe, expect, it } from 'vitest';
import { loadMacros, parseMacro, saveMacros } from '../../../src-renderer/lib/macros';

describe('parseMacro', () => {
  it('reads commands and waits in order, skips comments and blank lines', () => {
    const p = parseMacro('# look\nATI\n\nwait 500ms\nAT+CSQ\ndelay 2s\nsleep 250\n');
    expect(p.steps).toEqual([
      { kind: 'send', command: 'ATI' },
      { kind: 'wait', ms: 500 },
      { kind: 'send', command: 'AT+CSQ' },
      { kind: 'wait', ms: 2000 },
      { kind: 'wait', ms: 250 },
    ]);
    expect(p.problems).toEqual([]);
    expect(p.dangerous).toEqual([]);
  });

  it('names bad lines and the dangerous ones (by the shared classifier)', () => {
    const p = parseMacro('ATI\nhello\nwait 20min\nAT+CSQ;+QPOWD\n');
    expect(p.problems).toEqual([
      { line: 2, message: 'an AT command or "wait 500ms"' },
      { line: 3, message: 'an AT command or "wait 500ms"' },
    ]);
    expect(p.dangerous).toEqual(['AT+CSQ;+QPOWD']);
    expect(parseMacro('wait 700s').problems).toEqual([{ line: 1, message: 'a wait of at most 10 min' }]);
    expect(parseMacro('  \n# only a comment').problems).toEqual([{ line: 1, message: 'no commands' }]);
  });

  it('keeps macros in storage and ignores what is not one', () => {
    const mem = new Map<string, string>();
    const storage = { getItem: (k: string) => mem.get(k) ?? null, setItem: (k: string, v: string) => void mem.set(k, v) };
    saveMacros([{ name: 'Look', text: 'ATI' }], storage);
    expect(loadMacros(storage)).toEqual([{ name: 'Look', text: 'ATI' }]);
    mem.set('modem-bench.macros', '[{"name":1},{"name":"x","text":"AT"}]');
    expect(loadMacros(storage)).toEqual([{ name: 'x', text: 'AT' }]);
    mem.set('modem-bench.macros', 'not json');
    expect(loadMacros(storage)).toEqual([]);
  });
});
