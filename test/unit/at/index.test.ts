import { describe, expect, it } from 'vitest';
import * as at from '../../../src-main/core/at';

describe('at/index', () => {
  it('offers the whole AT layer from one import', () => {
    for (const name of [
      'AtFramer',
      'classifyFinal',
      'finalPrompt',
      'cmeText',
      'cmeCode',
      'cmsText',
      'cmsCode',
      'normalizeCommand',
      'UrcRegistry',
      'timeoutFor',
      'lookupCommand',
      'completeCommand',
      'isDangerous',
      'parseResponse',
      'parseUrc',
      'COMMAND_CLASSES',
    ]) {
      expect(at, name).toHaveProperty(name);
    }
  });

  it('wires the pieces together: bytes -> lines -> URC / final / parsed', () => {
    const urcs = at.UrcRegistry.default();
    const seen: string[] = [];
    const f = new at.AtFramer({
      line: (l) => {
        if (l === 'AT+CSQ') return seen.push('echo');
        if (urcs.classify(l, 'AT+CSQ').urc) return seen.push(`urc ${l}`);
        const final = at.classifyFinal(l, 'verbose');
        if (final) return seen.push(`final ${final.kind}`);
        const p = at.parseResponse('AT+CSQ', [l]) as { rssiDbm: number } | null;
        seen.push(`dbm ${p?.rssiDbm}`);
      },
      prompt: () => seen.push('prompt'),
      garbage: () => seen.push('garbage'),
    });
    f.push(Buffer.from('\r\n+QIND: "csq",20,99\r\nAT+CSQ\r\r\n+CSQ: 20,99\r\n\r\nOK\r\n'));
    expect(seen).toEqual(['urc +QIND: "csq",20,99', 'echo', 'dbm -73', 'final ok']);
  });
});
