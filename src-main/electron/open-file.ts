/**
 * A batch file the desktop app was asked to open (from the file manager, or a
 * second launch handing its argument over). Read here, bounded, and given to
 * the window as text: the renderer never gets a path to read by itself.
 */
import { open } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { OpenFileView } from '../../src-preload/contract';

/** The batch editor takes at most this much text (the contract's limit for batch text). */
export const MAX_BATCH_BYTES = 1_000_000;

export type OpenedBatch = { ok: true; file: OpenFileView } | { ok: false; reason: string };

export async function openBatchFile(path: string, maxBytes = MAX_BATCH_BYTES): Promise<OpenedBatch> {
  const full = resolve(path);
  let fh;
  try {
    fh = await open(full, 'r');
  } catch (err) {
    return { ok: false, reason: (err as NodeJS.ErrnoException).code ?? 'unreadable' };
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) return { ok: false, reason: 'not a regular file' };
    if (st.size > maxBytes) return { ok: false, reason: `larger than ${maxBytes} bytes` };
    // Read at most the limit even if the file grows meanwhile.
    const buf = Buffer.alloc(maxBytes + 1);
    const { bytesRead } = await fh.read(buf, 0, maxBytes + 1, 0);
    if (bytesRead > maxBytes) return { ok: false, reason: `larger than ${maxBytes} bytes` };
    return { ok: true, file: { name: basename(full), path: full, text: buf.subarray(0, bytesRead).toString('utf8') } };
  } finally {
    await fh.close();
  }
}
