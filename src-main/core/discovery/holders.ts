/**
 * Linux: which processes hold a device open, by reading the `/proc/<pid>/fd`
 * links (what `fuser`/`lsof` do). Processes of other users are unreadable
 * without root and are silently skipped: the answer can be incomplete, never wrong.
 */
import { readFile, readdir, readlink, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { throwIfAborted } from '../errors';

export interface PortHolder {
  pid: number;
  /** The process name as /proc/<pid>/comm gives it (`ModemManager`, `minicom`). */
  comm: string;
  /** The command line, NUL separators turned into spaces; null when unreadable. */
  cmdline: string | null;
}

export interface HolderLookupOptions {
  /** Where procfs is mounted (tests use a fake tree). @default '/proc' */
  procRoot?: string;
  /** Our own pid, left out of the answer. @default process.pid */
  selfPid?: number;
  signal?: AbortSignal;
}

/** The processes that have `devicePath` (or the node it links to) open. */
export async function findPortHolders(devicePath: string, options: HolderLookupOptions = {}): Promise<PortHolder[]> {
  const { procRoot = '/proc', selfPid = process.pid, signal } = options;
  if (typeof devicePath !== 'string' || !devicePath.startsWith('/')) throw new TypeError(`devicePath must be an absolute path, got ${String(devicePath)}`);
  throwIfAborted(signal);
  const targets = new Set([devicePath]);
  const resolved = await realpath(devicePath).catch(() => null);
  if (resolved) targets.add(resolved);
  let entries: string[];
  try {
    entries = await readdir(procRoot);
  } catch {
    return [];
  }
  const holders: PortHolder[] = [];
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === selfPid) continue;
    throwIfAborted(signal);
    const fdDir = join(procRoot, name, 'fd');
    let fds: string[];
    try {
      fds = await readdir(fdDir);
    } catch {
      continue; // gone, or another user's process
    }
    let holds = false;
    for (const fd of fds) {
      const link = await readlink(join(fdDir, fd)).catch(() => null);
      if (link !== null && targets.has(link)) {
        holds = true;
        break;
      }
    }
    if (!holds) continue;
    const comm = (await readFile(join(procRoot, name, 'comm'), 'utf8').catch(() => '')).trim() || `pid ${pid}`;
    const raw = await readFile(join(procRoot, name, 'cmdline'), 'utf8').catch(() => null);
    const cmdline = raw === null ? null : raw.replace(/\0+$/, '').replace(/\0/g, ' ') || null;
    holders.push({ pid, comm, cmdline });
  }
  return holders.sort((a, b) => a.pid - b.pid);
}
