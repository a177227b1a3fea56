import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface RotatingFileOptions {
  /** Rotate when the file passes this size (bytes). @default 5242880 */
  maxBytes?: number;
  /** Rotated files kept (file.1 is the newest). @default 5 */
  keep?: number;
}

/**
 * A log destination that appends synchronously and rotates by size
 * (`app.log` -> `app.log.1` -> ... -> dropped). Sync writes keep the last
 * lines on disk when the process dies, which is when logs matter.
 */
export class RotatingFile {
  readonly path: string;
  readonly maxBytes: number;
  readonly keep: number;
  #fd: number | null;
  #size: number;

  constructor(path: string, options: RotatingFileOptions = {}) {
    const { maxBytes = 5 * 1024 * 1024, keep = 5 } = options;
    if (!Number.isInteger(maxBytes) || maxBytes < 1024) throw new TypeError(`maxBytes must be an integer >= 1024, got ${maxBytes}`);
    if (!Number.isInteger(keep) || keep < 1) throw new TypeError(`keep must be a positive integer, got ${keep}`);
    this.path = path;
    this.maxBytes = maxBytes;
    this.keep = keep;
    mkdirSync(dirname(path), { recursive: true });
    this.#fd = openSync(path, 'a');
    this.#size = fstatSync(this.#fd).size;
  }

  write(chunk: string): boolean {
    if (this.#fd === null) return false;
    const buf = Buffer.from(chunk);
    if (this.#size > 0 && this.#size + buf.length > this.maxBytes) this.#rotate();
    writeSync(this.#fd!, buf);
    this.#size += buf.length;
    return true;
  }

  #rotate(): void {
    closeSync(this.#fd!);
    const oldest = `${this.path}.${this.keep}`;
    if (existsSync(oldest)) rmSync(oldest);
    for (let i = this.keep - 1; i >= 1; i--) {
      const from = `${this.path}.${i}`;
      if (existsSync(from)) renameSync(from, `${this.path}.${i + 1}`);
    }
    renameSync(this.path, `${this.path}.1`);
    this.#fd = openSync(this.path, 'a');
    this.#size = 0;
  }

  close(): void {
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = null;
  }
}
