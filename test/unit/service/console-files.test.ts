import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { consoleFilePath, setConsoleFile, tailFile } from '../../../src-main/core/service/console-files';
import { ConsoleLog, consoleFileLine } from '../../../src-main/core/service/console-log';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'mb-console-files-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('console log files', () => {
  it('writes what the ring holds, then every new line with its full date and background mark, until stopped', async () => {
    const dir = tmp();
    const log = new ConsoleLog(100);
    log.add('tx', 'AT+CSQ', Date.UTC(2026, 11, 6, 11, 0, 0));
    const { path } = await setConsoleFile(log, join(dir, 'logs'), 'sim 3', '8612/34', true);
    expect(path).toBe(consoleFilePath(join(dir, 'logs'), 'sim 3', '8612/34'));
    expect(path).toMatch(/console-sim_3-8612_34\.log$/);
    log.add('rx', 'ERROR', Date.UTC(2026, 11, 6, 11, 0, 1));
    log.add('tx', 'AT+QTEMP', Date.UTC(2026, 11, 6, 11, 0, 2), 'health');
    expect((await setConsoleFile(log, dir, 'x', 'y')).path).toBe(path);
    expect((await setConsoleFile(log, dir, 'x', 'y', false)).path).toBeNull();
    log.add('rx', 'after stop', Date.UTC(2026, 11, 6, 11, 0, 3));
    expect(readFileSync(path!, 'latin1')).toBe(
      '2026-12-06T11:00:00.000Z  tx      AT+CSQ\n2026-12-06T11:00:01.000Z  rx      ERROR\n2026-12-06T11:00:02.000Z  tx      [health] AT+QTEMP\n',
    );
  });

  it('formats one line per entry', () => {
    expect(consoleFileLine({ seq: 1, at: 0, kind: 'urc', text: '+QIND' })).toBe('1970-01-01T00:00:00.000Z  urc     +QIND\n');
  });
});

describe('tailFile', () => {
  it('gives the last lines, dropping a line cut by the read window; a missing file has none', async () => {
    const dir = tmp();
    const f = join(dir, 'app.log');
    writeFileSync(f, Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n') + '\n');
    expect((await tailFile(f, 3)).lines).toEqual(['line 47', 'line 48', 'line 49']);
    const cut = await tailFile(f, 100, 20);
    expect(cut.lines).toEqual(['line 48', 'line 49']);
    expect(await tailFile(join(dir, 'none.log'))).toEqual({ lines: [], size: 0 });
  });
});
