/**
 * The remote bench hosts the engineer added in the app, kept in a JSON file
 * beside the settings (`remotes.json` in the data directory). The tokens are
 * in it, so the file is written readable by its owner only; nothing here
 * logs them. A file that cannot be used is set aside, never overwritten.
 */
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { setAside, writeJsonAtomic } from '../util/json-file';

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
      const aside = setAside(file);
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
    writeJsonAtomic(this.file, { hosts: this.#hosts }, 0o600);
  }
}
