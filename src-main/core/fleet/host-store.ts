/**
 * The remote bench hosts the engineer added in the app, kept in a JSON file
 * beside the settings (`remotes.json` in the data directory). The tokens are
 * in it, so the file is written readable by its owner only; nothing here
 * logs them. A file that cannot be used is set aside, never overwritten.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as v from 'valibot';

export interface StoredHost {
  url: string;
  token: string | null;
  ca: string | null;
}

const fileSchema = v.object({
  hosts: v.array(v.object({ url: v.string(), token: v.nullable(v.string()), ca: v.nullable(v.string()) })),
});

export class RemoteHostStore {
  readonly file: string | null;
  #hosts: StoredHost[] = [];
  /** Set when the file on disk could not be used; says why (never its content). */
  readonly loadProblem: string | null = null;

  constructor(file: string | null) {
    this.file = file;
    if (!file) return;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return; // none added yet
    }
    try {
      this.#hosts = v.parse(fileSchema, JSON.parse(text)).hosts;
    } catch (err) {
      const aside = `${file}.invalid-${Date.now()}`;
      try {
        renameSync(file, aside);
      } catch {
        // keep going without hosts
      }
      // The message of a JSON or schema error can quote the file (a token): only its kind is said.
      this.loadProblem = `remote benches file ${file} was not usable (${(err as Error).name}); kept as ${aside}, starting without remote benches`;
    }
  }

  list(): StoredHost[] {
    return this.#hosts.map((h) => ({ ...h }));
  }

  /** Adds or replaces the host with this name (`key` tells two entries' hosts apart). */
  put(host: StoredHost, key: (h: StoredHost) => string): void {
    const k = key(host);
    this.#hosts = [...this.#hosts.filter((h) => key(h) !== k), { ...host }];
    this.#write();
  }

  remove(match: (h: StoredHost) => boolean): boolean {
    const before = this.#hosts.length;
    this.#hosts = this.#hosts.filter((h) => !match(h));
    if (this.#hosts.length === before) return false;
    this.#write();
    return true;
  }

  #write(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ hosts: this.#hosts }, null, 2)}\n`, { mode: 0o600 });
    // An existing tmp file keeps its old mode through writeFileSync's `mode`.
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.file);
  }
}
