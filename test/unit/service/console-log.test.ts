import { describe, expect, it } from 'vitest';
import { ConsoleLog } from '../../../src-main/core/service/console-log';
import { consoleHex } from '../../../src-preload/contract';

describe('consoleHex', () => {
  it('gives the bytes that crossed the port: a command with its CR, a reply line as it came', () => {
    expect(consoleHex({ kind: 'tx', text: 'AT+CSQ' })).toBe('41542b4353510d');
    expect(consoleHex({ kind: 'rx', text: '+CSQ: 20,99' })).toBe('2b4353513a2032302c3939');
    expect(consoleHex({ kind: 'rx', text: '' })).toBe('');
  });

  it('keeps latin1 bytes above 0x7f as one byte each', () => {
    expect(consoleHex({ kind: 'garbage', text: '\xff\x00\x80' })).toBe('ff0080');
    expect(consoleHex({ kind: 'rx', text: '\xe9' })).toBe(Buffer.from('\xe9', 'latin1').toString('hex'));
  });
});

describe('ConsoleLog', () => {
  it('numbers lines per modem, serves them after a sequence number, and stays bounded', () => {
    const log = new ConsoleLog(10);
    for (let i = 1; i <= 40; i++) log.add(i % 2 ? 'tx' : 'rx', `line ${i}`, 1000 + i);
    const all = log.after(0, 100);
    expect(all).toHaveLength(10);
    expect(all.map((e) => e.seq)).toEqual([31, 32, 33, 34, 35, 36, 37, 38, 39, 40]);
    expect(all[0]).toEqual({ seq: 31, at: 1031, kind: 'tx', text: 'line 31' });
    expect(log.after(37, 100).map((e) => e.seq)).toEqual([38, 39, 40]);
    expect(log.after(0, 2).map((e) => e.seq)).toEqual([39, 40]);
  });

  it('hands out what was added since the last take, once, bounded too', () => {
    const log = new ConsoleLog(5);
    expect(log.hasPending).toBe(false);
    log.add('tx', 'AT');
    log.add('rx', 'OK');
    expect(log.hasPending).toBe(true);
    expect(log.takePending().map((e) => e.text)).toEqual(['AT', 'OK']);
    expect(log.takePending()).toEqual([]);
    for (let i = 0; i < 12; i++) log.add('rx', String(i));
    expect(log.takePending().map((e) => e.text)).toEqual(['7', '8', '9', '10', '11']);
  });

  it('rejects a bad bound', () => {
    expect(() => new ConsoleLog(0)).toThrow(TypeError);
  });
});
