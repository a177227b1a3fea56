import { describe, expect, it } from 'vitest';
import { TranscriptRing, classifyOpenError } from '../../../src-main/core/serial';

describe('TranscriptRing', () => {
  it('keeps entries in order with increasing seq and copies the bytes', () => {
    const t = new TranscriptRing({ maxEntries: 10 });
    const buf = Buffer.from('AT\r');
    t.add('tx', buf);
    buf.write('XX');
    t.add('rx', '\r\nOK\r\n');
    const e = t.entries();
    expect(e.map((x) => [x.seq, x.dir, x.data.toString('latin1')])).toEqual([
      [1, 'tx', 'AT\r'],
      [2, 'rx', '\r\nOK\r\n'],
    ]);
    expect(t.entries(1).map((x) => x.seq)).toEqual([2]);
  });

  it('stamps an entry with the clock reading it is given (one per chunk), else with Date.now()', () => {
    const t = new TranscriptRing({ maxEntries: 4 });
    t.add('rx', 'OK', undefined, 1234);
    const before = Date.now();
    t.add('tx', 'AT');
    expect(t.entries().map((e) => [e.dir, e.at])).toEqual([
      ['rx', 1234],
      ['tx', expect.any(Number)],
    ]);
    expect(t.entries()[1]!.at).toBeGreaterThanOrEqual(before);
    t.add('event', '', 'open', 99);
    expect(t.entries(2)).toMatchObject([{ dir: 'event', at: 99, note: 'open' }]);
  });

  it('is bounded by entries and by bytes, dropping the oldest', () => {
    const t = new TranscriptRing({ maxEntries: 3, maxBytes: 10 });
    for (let i = 0; i < 5; i++) t.add('rx', `${i}`);
    expect(t.entries().map((e) => e.data.toString())).toEqual(['2', '3', '4']);
    t.add('rx', '123456789');
    expect(t.bytes).toBeLessThanOrEqual(10);
    expect(t.entries().map((e) => e.data.toString())).toEqual(['4', '123456789']);
    expect(t.lastSeq).toBe(6);
  });

  it('keeps bytes intact across the end of the byte ring, and the tail of an oversized chunk', () => {
    const t = new TranscriptRing({ maxEntries: 10, maxBytes: 10 });
    t.add('rx', 'abcdef');
    t.add('rx', 'ghijkl');
    t.add('tx', 'mn');
    expect(t.entries().map((e) => [e.seq, e.dir, e.data.toString()])).toEqual([
      [2, 'rx', 'ghijkl'],
      [3, 'tx', 'mn'],
    ]);
    t.add('event', '', 'resync');
    expect(t.entries(3)).toMatchObject([{ seq: 4, dir: 'event', note: 'resync' }]);
    t.add('rx', '0123456789ABCDEF');
    expect(t.entries().map((e) => e.data.toString())).toEqual(['', '6789ABCDEF']);
    expect(t.bytes).toBe(10);
  });

  it('grows its byte ring as needed and keeps every byte in order while it grows', () => {
    const t = new TranscriptRing({ maxEntries: 100_000, maxBytes: 100_000 });
    const sent: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const chunk = `${i}:${'x'.repeat(i % 37)}|`;
      sent.push(chunk);
      t.add(i % 2 ? 'rx' : 'tx', chunk);
    }
    const kept = t.entries().map((e) => e.data.toString());
    expect(kept).toEqual(sent.slice(sent.length - kept.length));
    expect(t.bytes).toBeLessThanOrEqual(100_000);
  });

  it('keeps every byte in order when it grows after its ring has wrapped', () => {
    // Few entries, so old ones drop and the ring wraps; chunks get longer, so it must grow later.
    // maxBytes not a power of two: the last growth is not a multiple of the old size, so runs wrap in both rings.
    const t = new TranscriptRing({ maxEntries: 100, maxBytes: 50_000 });
    const sent: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const chunk = `<${i}:${String.fromCharCode(97 + (i % 26)).repeat(1 + Math.floor(i / 3))}>`;
      sent.push(chunk);
      t.add('rx', chunk);
      if (i % 97 === 0 || i === 1999) {
        const kept = t.entries().map((e) => e.data.toString());
        expect(kept).toEqual(sent.slice(sent.length - kept.length));
        expect(kept.length).toBeGreaterThan(0);
      }
    }
    expect(t.bytes).toBeLessThanOrEqual(50_000);
  });

  it('stays bounded under a flood', () => {
    const t = new TranscriptRing({ maxEntries: 100, maxBytes: 1000 });
    for (let i = 0; i < 100_000; i++) t.add('rx', 'x'.repeat(i % 50));
    expect(t.size).toBeLessThanOrEqual(100);
    expect(t.bytes).toBeLessThanOrEqual(1000);
  });

  it('rejects bad options naming the field', () => {
    expect(() => new TranscriptRing({ maxEntries: 0 })).toThrow(/maxEntries/);
    expect(() => new TranscriptRing({ maxBytes: -1 })).toThrow(/maxBytes/);
  });
});

describe('classifyOpenError', () => {
  const cases: [string, NodeJS.Platform, unknown, string][] = [
    ['linux ENOENT text', 'linux', new Error('Error: No such file or directory, cannot open /dev/ttyUSB9'), 'port-not-found'],
    ['linux EACCES text', 'linux', new Error('Error: Permission denied, cannot open /dev/ttyUSB2'), 'permission-denied'],
    ['linux flock', 'linux', new Error('Error Resource temporarily unavailable Cannot lock port'), 'port-busy'],
    ['code EBUSY', 'linux', Object.assign(new Error('busy'), { code: 'EBUSY' }), 'port-busy'],
    ['windows busy is access denied', 'win32', new Error('Opening COM7: Access denied'), 'port-busy'],
    ['windows missing', 'win32', new Error('Opening COM9: File not found'), 'port-not-found'],
    ['anything else', 'linux', new Error('Error: Input/output error'), 'disconnected'],
  ];
  it.each(cases)('%s', (_name, platform, err, code) => {
    const e = classifyOpenError('/dev/x', err, platform);
    expect(e.code).toBe(code);
    expect(e.message.length).toBeGreaterThan(10);
  });

  it('tells the Linux user how to fix permissions', () => {
    const e = classifyOpenError('/dev/ttyUSB2', new Error('Error: Permission denied, cannot open /dev/ttyUSB2'), 'linux');
    expect(e.message).toMatch(/dialout|udev/);
  });
});
