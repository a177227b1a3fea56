/**
 * The QMI device as a file: /dev/cdc-wdmN (qmi_wwan's character device) or a
 * simulator PTY, opened with node:fs (not serialport: it is no serial port).
 * The fd is non-blocking and read in a loop that backs off while idle, so a
 * bench of 100 modems does not park 100 reads on libuv's 4 worker threads.
 */
import fs from 'node:fs';
import { DisconnectedError, PermissionDeniedError, PortBusyError, PortNotFoundError } from '../errors';
import type { QmiTransport } from './transport';

export interface QmiFilePortOptions {
  /**
   * Longest pause between reads while nothing arrives, in ms (the pause doubles from 1 ms).
   * @default 20
   */
  maxPollMs?: number;
}

/** Permission denied on a cdc-wdm node: not dialout, usually root-only unless a udev rule says otherwise. */
export class QmiPermissionDeniedError extends PermissionDeniedError {
  constructor(path: string, cause?: unknown) {
    super(path, cause);
    this.message =
      `Permission denied on ${path}. QMI devices (cdc-wdm) are usually root-only, not in dialout: ` +
      `install the udev rule from build/ (it gives cdc-wdm to the bench group), or run as a user in that group.`;
  }
}

export function openError(path: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return new QmiPermissionDeniedError(path, err);
  if (code === 'ENOENT' || code === 'ENODEV' || code === 'ENXIO') return new PortNotFoundError(path, err);
  if (code === 'EBUSY') return new PortBusyError(path, null, err);
  return new DisconnectedError(path, err);
}

export class QmiFilePort implements QmiTransport {
  readonly #fd: number;
  readonly #data = new Set<(c: Buffer) => void>();
  readonly #close = new Set<(e?: Error) => void>();
  readonly #buf = Buffer.alloc(8192);
  readonly #maxPollMs: number;
  #closed = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #reading: Promise<void> = Promise.resolve();
  #fdClosed: Promise<void> = Promise.resolve();

  private constructor(readonly path: string, fd: number, maxPollMs: number) {
    this.#fd = fd;
    this.#maxPollMs = maxPollMs;
  }

  static async open(path: string, options: QmiFilePortOptions = {}): Promise<QmiFilePort> {
    const maxPollMs = options.maxPollMs ?? 20;
    if (!Number.isFinite(maxPollMs) || maxPollMs < 1) throw new TypeError(`maxPollMs must be >= 1, got ${maxPollMs}`);
    let fd: number;
    try {
      fd = await new Promise<number>((resolve, reject) =>
        fs.open(path, fs.constants.O_RDWR | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY, (err, f) => (err ? reject(err) : resolve(f))),
      );
    } catch (err) {
      throw openError(path, err);
    }
    const port = new QmiFilePort(path, fd, maxPollMs);
    port.#schedule(0);
    return port;
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    this.#data.add(listener);
    return () => this.#data.delete(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    this.#close.add(listener);
    return () => this.#close.delete(listener);
  }

  async write(data: Buffer, signal?: AbortSignal): Promise<void> {
    let off = 0;
    let wait = 1;
    while (off < data.length) {
      if (this.#closed) throw new DisconnectedError(this.path);
      if (signal?.aborted) throw new DisconnectedError(this.path, signal.reason);
      try {
        off += await new Promise<number>((resolve, reject) => fs.write(this.#fd, data, off, data.length - off, null, (err, n) => (err ? reject(err) : resolve(n))));
        wait = 1;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw new DisconnectedError(this.path, err);
        await new Promise((r) => setTimeout(r, wait));
        wait = Math.min(wait * 2, this.#maxPollMs);
      }
    }
  }

  writeSync(data: Buffer): void {
    if (!this.#closed) fs.writeSync(this.#fd, data);
  }

  async close(): Promise<void> {
    this.#end(undefined);
    await this.#fdClosed;
  }

  #schedule(ms: number): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#reading = this.#readOnce(ms);
    }, ms);
  }

  async #readOnce(lastWait: number): Promise<void> {
    let n: number;
    try {
      n = await new Promise<number>((resolve, reject) => fs.read(this.#fd, this.#buf, 0, this.#buf.length, null, (err, got) => (err ? reject(err) : resolve(got))));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (this.#closed) return;
      if (code === 'EAGAIN' || code === 'EWOULDBLOCK') {
        this.#schedule(Math.min(Math.max(1, lastWait * 2), this.#maxPollMs));
        return;
      }
      this.#end(new DisconnectedError(this.path, err));
      return;
    }
    if (this.#closed) return;
    if (n === 0) {
      // EOF on a character device: the device went away.
      this.#end(new DisconnectedError(this.path));
      return;
    }
    const chunk = Buffer.from(this.#buf.subarray(0, n));
    for (const l of this.#data) l(chunk);
    this.#schedule(0);
  }

  #end(error: Error | undefined): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    // A read may still be in a worker thread: close the fd only after it, so no reuse of the number races it.
    this.#fdClosed = this.#reading.then(() => {
      try {
        fs.closeSync(this.#fd);
      } catch {
        // already closed
      }
    });
    for (const l of this.#close) l(error);
    this.#close.clear();
    this.#data.clear();
  }
}
