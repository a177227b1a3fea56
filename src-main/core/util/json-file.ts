/**
 * The app's small JSON files (settings, lab tags, remote benches): written
 * whole through a temporary file and a rename, so a crash mid-write never
 * leaves half a file; one that cannot be used is set aside, never overwritten.
 */
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes `value` as indented JSON atomically; `mode` (e.g. 0o600 for a file holding tokens) applies even to a tmp file left from before. */
export function writeJsonAtomic(file: string, value: unknown, mode?: number): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`, mode === undefined ? undefined : { mode });
  // An existing tmp file keeps its old mode through writeFileSync's `mode`.
  if (mode !== undefined) chmodSync(tmp, mode);
  renameSync(tmp, file);
}

/** Renames an unusable file to `<file>.invalid-<ms>` and returns that name (the rename may fail: the caller carries on without the file either way). */
export function setAside(file: string): string {
  const aside = `${file}.invalid-${Date.now()}`;
  try {
    renameSync(file, aside);
  } catch {
    // carry on without it
  }
  return aside;
}
