import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RotatingFile, createLogger } from '../../../src-main/core/log';

describe('log files', () => {
  it('rotate by size and keep a bounded number of files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-log-'));
    const f = new RotatingFile(join(dir, 'a.log'), { maxBytes: 1024, keep: 2 });
    for (let i = 0; i < 100; i++) f.write(`${String(i).padStart(4, '0')} ${'x'.repeat(95)}\n`);
    f.close();
    expect(statSync(join(dir, 'a.log')).size).toBeLessThanOrEqual(1024);
    expect(existsSync(join(dir, 'a.log.1'))).toBe(true);
    expect(existsSync(join(dir, 'a.log.2'))).toBe(true);
    expect(existsSync(join(dir, 'a.log.3'))).toBe(false);
    // The newest line is in the live file; the oldest lines were dropped.
    expect(readFileSync(join(dir, 'a.log'), 'utf8')).toContain('0099 ');
    expect(readFileSync(join(dir, 'a.log.2'), 'utf8')).not.toContain('0000 ');
  });

  it('pino writes structured JSON lines into the log directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-log-'));
    const log = createLogger(dir);
    log.logger.info({ modem: 'sim3', step: 'reopen' }, 'manual recovery');
    log.close();
    const line = JSON.parse(readFileSync(log.file!, 'utf8').trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, modem: 'sim3', step: 'reopen', msg: 'manual recovery' });
  });

  it('refuses nonsense options', () => {
    expect(() => new RotatingFile(join(tmpdir(), 'x.log'), { maxBytes: 10 })).toThrow(/maxBytes/);
    expect(() => new RotatingFile(join(tmpdir(), 'x.log'), { keep: 0 })).toThrow(/keep/);
  });
});
