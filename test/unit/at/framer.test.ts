import { describe, expect, it } from 'vitest';
import { AtFramer } from '../../../src-main/core/at/framer';
import { TRANSCRIPTS } from '../../fixtures/transcripts/ec25';
import { Recorder, frame, latin1 } from '../../helpers/framer-recorder';

const b = latin1;

describe('AtFramer lines', () => {
  it('splits the echo (lone CR) from the response', () => {
    expect(frame([b('AT\r\r\nOK\r\n')]).rec.lines).toEqual(['AT', 'OK']);
  });

  it('ends ATV0 results at a lone CR', () => {
    expect(frame([b('ATE1V0\r0\r')]).rec.lines).toEqual(['ATE1V0', '0']);
  });

  it('drops empty lines of any mix of CR and LF', () => {
    const { rec } = frame([b('\r\n\r\n\n\r\r\r\nOK\n\n\r')]);
    expect(rec.events).toEqual([{ t: 'line', s: 'OK' }]);
  });

  it('ends a line at a bare LF too', () => {
    expect(frame([b('+CSQ: 18,99\nOK\n')]).rec.lines).toEqual(['+CSQ: 18,99', 'OK']);
  });

  it('emits many lines from one push, in order', () => {
    const t = TRANSCRIPTS[0]!;
    expect(frame([b(t.bytes)]).rec.lines).toEqual(t.lines);
  });

  it.each(TRANSCRIPTS.map((t) => [t.name, t] as const))('frames %s identically when split at every byte', (_n, t) => {
    const bytes = b(t.bytes);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const { rec } = frame([bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(rec.lines, `cut at ${cut}`).toEqual(t.lines);
      expect(rec.prompts).toBe(t.prompts);
    }
    const single = frame(Array.from(bytes, (x) => Uint8Array.of(x))).rec;
    expect(single.lines).toEqual(t.lines);
    expect(single.prompts).toBe(t.prompts);
  });

  it('keeps a partial line until its end arrives, and counts it in pendingBytes', () => {
    const rec = new Recorder();
    const f = new AtFramer(rec);
    f.push(b('+CSQ: 1'));
    expect(rec.events).toEqual([]);
    expect(f.pendingBytes).toBe(7);
    f.push(b('8,99\r'));
    expect(rec.lines).toEqual(['+CSQ: 18,99']);
    expect(f.pendingBytes).toBe(0);
  });

  it('keeps TAB and every printable ASCII byte, decoded 1:1', () => {
    let printable = '';
    for (let c = 0x20; c <= 0x7e; c++) printable += String.fromCharCode(c);
    const { rec } = frame([b(`EM12-AW\t\r\n${printable}\r\n`)]);
    expect(rec.lines).toEqual(['EM12-AW\t', printable]);
  });

  it('accepts a Buffer as well as a Uint8Array', () => {
    const { rec } = frame([Buffer.from('OK\r\n')]);
    expect(rec.lines).toEqual(['OK']);
  });

  it('reset() forgets the partial line and any overflow state', () => {
    const rec = new Recorder();
    const f = new AtFramer(rec, { maxLineLength: 4 });
    f.push(b('garbage-from-before'));
    f.reset();
    expect(f.pendingBytes).toBe(0);
    f.push(b('OK\r\n'));
    expect(rec.lines).toEqual(['OK']);
  });
});

describe('AtFramer prompt', () => {
  it('reports `> ` after CRLF as soon as both bytes arrive, with no line end', () => {
    const rec = new Recorder();
    const f = new AtFramer(rec);
    f.push(b('AT+CMGS="+4917"\r\r\n>'));
    expect(rec.prompts).toBe(0);
    f.push(b(' '));
    expect(rec.events).toEqual([{ t: 'line', s: 'AT+CMGS="+4917"' }, { t: 'prompt' }]);
    expect(f.pendingBytes).toBe(0);
  });

  it('starts a fresh line after the prompt (the echoed SMS body)', () => {
    const { rec } = frame([b('\r\n> Hi\r\n+CMGS: 3\r\n\r\nOK\r\n')]);
    expect(rec.events).toEqual([
      { t: 'prompt' },
      { t: 'line', s: 'Hi' },
      { t: 'line', s: '+CMGS: 3' },
      { t: 'line', s: 'OK' },
    ]);
  });

  it('is not fooled by `>` without the space or by `> ` inside a line', () => {
    const { rec } = frame([b('>\r\n>x\r\na> b\r\n  > \r\n')]);
    expect(rec.prompts).toBe(0);
    expect(rec.lines).toEqual(['>', '>x', 'a> b', '  > ']);
  });

  it('detects a prompt that follows another prompt', () => {
    expect(frame([b('> > ')]).rec.prompts).toBe(2);
  });
});

describe('AtFramer garbage', () => {
  it('drops NULs and reports each run once', () => {
    const { rec } = frame([b('O\0\0K\r\n\0')]);
    expect(rec.lines).toEqual(['OK']);
    expect(rec.garbageOf('nul')).toEqual([[0, 0], [0]]);
  });

  it('reports a line with bytes outside TAB/0x20-0x7E whole, as binary, not as a line', () => {
    const { rec } = frame([b('AB\xffC\r\nOK\r\n\x1b[0m\r\n')]);
    expect(rec.lines).toEqual(['OK']);
    expect(rec.garbageOf('binary')).toEqual([[0x41, 0x42, 0xff, 0x43], [0x1b, 0x5b, 0x30, 0x6d]]);
  });

  it('treats a noise burst (wrong baud rate) as binary, then frames the next clean line', () => {
    const noise = Uint8Array.of(0xe0, 0x00, 0xfe, 0x80, 0x7f, 0x0d, 0x4f, 0x4b, 0x0d, 0x0a);
    const { rec } = frame([noise]);
    expect(rec.lines).toEqual(['OK']);
    expect(rec.garbageOf('binary')).toEqual([[0xe0, 0xfe, 0x80, 0x7f]]);
    expect(rec.garbageOf('nul')).toEqual([[0]]);
  });

  it('reports an overlong line as overflow, keeps memory bounded and resumes at the next line end', () => {
    const rec = new Recorder();
    const f = new AtFramer(rec, { maxLineLength: 8 });
    f.push(b('0123456'));
    f.push(b('789ABCDEF'));
    expect(f.pendingBytes).toBeLessThanOrEqual(8);
    f.push(b('GHIJ\r\nOK\r\n'));
    expect(rec.lines).toEqual(['OK']);
    const dropped = rec.garbageOf('overflow').flat();
    expect(Buffer.from(dropped).toString('latin1')).toBe('0123456789ABCDEFGHIJ');
  });

  it('keeps a line of exactly maxLineLength', () => {
    const { rec } = frame([b('12345678\r\n123456789\r\n')], { maxLineLength: 8 });
    expect(rec.lines).toEqual(['12345678']);
    expect(rec.garbageOf('overflow').flat()).toHaveLength(9);
  });

  it('reports garbage as a copy the caller may overwrite', () => {
    const rec = new Recorder();
    const f = new AtFramer({
      line: () => {},
      prompt: () => {},
      garbage: (bytes, reason) => {
        chunk.fill(0x41);
        rec.garbage(bytes, reason);
      },
    });
    const chunk = Buffer.from('\0\0\0X');
    f.push(chunk);
    expect(rec.garbageOf('nul')).toEqual([[0, 0, 0]]);
  });
});

describe('AtFramer options', () => {
  it.each([0, 1, 1.5, Number.NaN, -4, 2 ** 30, '64'])('rejects maxLineLength %s with a TypeError naming the field', (v) => {
    expect(() => new AtFramer(new Recorder(), { maxLineLength: v as number })).toThrow(TypeError);
    expect(() => new AtFramer(new Recorder(), { maxLineLength: v as number })).toThrow(/maxLineLength/);
  });

  it('rejects a sink without the three callbacks', () => {
    expect(() => new AtFramer({ line: () => {} } as never)).toThrow(/sink/);
    expect(() => new AtFramer(null as never)).toThrow(TypeError);
  });

  it('defaults maxLineLength to 4096', () => {
    const { rec } = frame([b('x'.repeat(4096) + '\r\n' + 'y'.repeat(4097) + '\r\n')]);
    expect(rec.lines).toEqual(['x'.repeat(4096)]);
    expect(rec.garbageOf('overflow').flat()).toHaveLength(4097);
  });
});

describe('AtFramer ATV0 result codes and control bytes', () => {
  function bares(chunks: string[]): [string, number][] {
    const out: [string, number][] = [];
    const f = new AtFramer({ line: (t, bare) => out.push([t, bare ?? 0]), prompt: () => {}, garbage: () => {} });
    for (const c of chunks) f.push(Buffer.from(c, 'latin1'));
    return out;
  }

  it('flags a lone digit ended by CR with no LF after it as bare (1), and not when LF follows', () => {
    expect(bares(['AT\r0\rAT\r\r\n0\r\n'])).toEqual([
      ['AT', 0],
      ['0', 1],
      ['AT', 0],
      ['0', 0],
    ]);
  });

  it('flags a lone digit whose CR ends the chunk as bare-at-end (2): its LF is not known yet', () => {
    expect(bares(['\r\n4\r', '\n'])).toEqual([['4', 2]]);
    expect(bares(['013\r'])).toEqual([['013', 0]]); // three digits are text (an S-register), never a code
  });

  it('takes an echoed Ctrl-Z out of the line and reports it as control, not the line as binary', () => {
    const rec = new Recorder();
    const f = new AtFramer(rec);
    f.push(Buffer.from('Hello\x1a\r\n+CMGS: 7\r\n', 'latin1'));
    expect(rec.lines).toEqual(['Hello', '+CMGS: 7']);
    expect(rec.garbageOf('control')).toEqual([[0x1a]]);
    expect(rec.garbageOf('binary')).toEqual([]);
  });
});
