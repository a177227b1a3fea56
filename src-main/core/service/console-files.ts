/** Console transcripts kept in files, and the tail of the app's log for the Logs page. */
import { mkdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConsoleLog } from './console-log';

/** File-name-safe: letters, digits, dot, dash and underscore. */
const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);

/** Where a modem's console is logged: one file per modem (by label and id), appended across sessions. */
export function consoleFilePath(logDir: string, label: string, id: string): string {
  return join(logDir, `console-${safe(label)}-${safe(id)}.log`);
}

/**
 * Starts (true) or stops (false) appending a modem's console to its file in
 * `logDir`; undefined only reports. Resolves with the file in use, or null.
 */
export async function setConsoleFile(log: ConsoleLog, logDir: string, label: string, id: string, enabled?: boolean): Promise<{ path: string | null }> {
  if (enabled === true) {
    mkdirSync(logDir, { recursive: true });
    log.logTo(consoleFilePath(logDir, label, id));
  } else if (enabled === false) {
    await log.stopFile();
  }
  return { path: log.filePath };
}

/** The last `maxLines` lines of a text file (read from its last `maxBytes`); a missing file has none. */
export async function tailFile(path: string, maxLines = 200, maxBytes = 256 * 1024): Promise<{ lines: string[]; size: number }> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [], size: 0 };
    throw err;
  }
  try {
    const { size } = await fh.stat();
    const start = Math.max(0, size - maxBytes);
    const buf = Buffer.alloc(size - start);
    await fh.read(buf, 0, buf.length, start);
    let lines = buf.toString('utf8').split('\n');
    // The first line may be cut by the window; the last is empty after the final newline.
    if (start > 0) lines = lines.slice(1);
    if (lines[lines.length - 1] === '') lines.pop();
    return { lines: lines.slice(-maxLines), size };
  } finally {
    await fh.close();
  }
}
