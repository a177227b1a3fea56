import { PortBusyError } from '../errors';
import type { SerialBinding } from './binding';
import { PortHandle, type PortHandleOptions } from './port';

export interface PortPoolOptions {
  /** The binding that reaches the hardware (real or simulated). */
  binding: SerialBinding;
  /** Defaults for every handle the pool opens. @default {} */
  port?: PortHandleOptions;
}

/**
 * Owns every open port of the process, one owner per path. Closing the pool
 * closes every port, so shutdown (SIGINT, window close) leaves nothing open.
 */
export class PortPool {
  readonly binding: SerialBinding;
  readonly #defaults: PortHandleOptions;
  readonly #handles = new Map<string, PortHandle>();
  #closed = false;

  constructor(options: PortPoolOptions) {
    if (!options || typeof options.binding?.open !== 'function') throw new TypeError('binding must implement open() and list()');
    this.binding = options.binding;
    this.#defaults = options.port ?? {};
  }

  /** Opens `path` exclusively. A second open of the same path in this process is `port-busy`. */
  async open(path: string, options: PortHandleOptions & { signal?: AbortSignal } = {}): Promise<PortHandle> {
    if (this.#closed) throw new TypeError('the port pool is closed');
    if (this.#handles.has(path)) throw new PortBusyError(path, 'this Modem Bench');
    const { signal, ...rest } = options;
    const handle = new PortHandle(this.binding, path, { ...this.#defaults, ...rest });
    // Reserve the path before awaiting so two concurrent opens cannot both win.
    this.#handles.set(path, handle);
    try {
      await handle.open(signal);
    } catch (err) {
      this.#handles.delete(path);
      throw err;
    }
    return handle;
  }

  /**
   * Moves a handle to a new path after the device re-enumerated (same modem,
   * new tty). The handle keeps its transcript and its listeners.
   */
  async reopen(handle: PortHandle, path: string = handle.path, signal?: AbortSignal): Promise<void> {
    const old = handle.path;
    if (path !== old) {
      const other = this.#handles.get(path);
      if (other && other !== handle) throw new PortBusyError(path, 'this Modem Bench');
      this.#handles.delete(old);
      this.#handles.set(path, handle);
    }
    // On failure the handle keeps ownership of the path: its owner retries or releases it.
    await handle.open(signal, path);
  }

  /** Closes and forgets one handle. */
  async release(handle: PortHandle): Promise<void> {
    await handle.close();
    handle.dispose();
    if (this.#handles.get(handle.path) === handle) this.#handles.delete(handle.path);
  }

  get(path: string): PortHandle | undefined {
    return this.#handles.get(path);
  }

  get openCount(): number {
    let n = 0;
    for (const h of this.#handles.values()) if (h.isOpen) n++;
    return n;
  }

  get size(): number {
    return this.#handles.size;
  }

  /** Closes every port. */
  async close(): Promise<void> {
    this.#closed = true;
    const all = [...this.#handles.values()];
    await Promise.allSettled(all.map((h) => this.release(h)));
    this.#handles.clear();
  }
}
