import { readFileSync } from 'node:fs';
import { writeJsonAtomic } from '../util/json-file';

/**
 * The engineer's lab tags (slot names such as "A3", groups such as
 * "shelf-2"), kept per IMEI in a JSON file of the data directory, so a modem
 * keeps its tags across restarts, re-enumeration and a move to another hub
 * port. Batch selectors (`modems: {tag: …}`) and the bench filter use them.
 */
export class LabTagStore {
  readonly file: string | null;
  #byImei = new Map<string, string[]>();
  /** Set when the file on disk could not be read; says why. */
  readonly loadProblem: string | null = null;

  constructor(file: string | null) {
    this.file = file;
    if (!file) return;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return; // first run
    }
    try {
      const data = JSON.parse(text) as unknown;
      if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('expected an object of IMEI -> tags');
      for (const [imei, tags] of Object.entries(data as Record<string, unknown>)) {
        if (Array.isArray(tags) && tags.every((t) => typeof t === 'string')) this.#byImei.set(imei, tags as string[]);
      }
    } catch (err) {
      this.loadProblem = `lab tags file ${file} was not readable (${(err as Error).message.slice(0, 200)}); starting without tags`;
    }
  }

  get(imei: string | null): string[] {
    return imei ? (this.#byImei.get(imei) ?? []) : [];
  }

  /** Replaces an IMEI's tags (empty removes them) and writes the file atomically. */
  set(imei: string, tags: readonly string[]): string[] {
    const clean = [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
    if (clean.length) this.#byImei.set(imei, clean);
    else this.#byImei.delete(imei);
    if (this.file) writeJsonAtomic(this.file, Object.fromEntries(this.#byImei));
    return clean;
  }
}
