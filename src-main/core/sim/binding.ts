/**
 * The simulator's `SerialBinding`: same contract as serialport's OS bindings.
 * Reads complete synchronously from buffered data (no timers); a pending read
 * is resolved by the next chunk the modem sends. Closing cancels a pending
 * read (`canceled: true`); the device vanishing fails it with EIO.
 */
import type { BindingError, OpenOptions, PortInfo, PortStatus, SerialBinding, SetOptions, UpdateOptions } from '../serial/binding';
import type { BindingPortInterface } from '../serial/binding';
import type { EndpointSink, SimEndpoint } from './endpoint';

/** Bytes a port buffers for a host that does not read; beyond this new data is dropped, like a full tty buffer. */
const MAX_BUFFERED = 64 * 1024;

export interface SimBindingSource {
  endpoint(path: string): SimEndpoint | undefined;
  list(): PortInfo[];
  /** Chunk boundaries are kept (one chunk per read) when true. */
  readonly chunking: boolean;
}

export function bindingError(message: string, code?: string, canceled = false): BindingError {
  const e = new Error(message) as BindingError;
  if (code !== undefined) e.code = code;
  if (canceled) e.canceled = true;
  return e;
}

const notOpen = (): BindingError => bindingError('Port is not open', undefined, true);

interface PendingRead {
  buffer: Buffer;
  offset: number;
  length: number;
  resolve: (r: { buffer: Buffer; bytesRead: number }) => void;
  reject: (e: unknown) => void;
}

export class SimPortBinding implements BindingPortInterface, EndpointSink {
  readonly openOptions: Required<OpenOptions>;
  #open = true;
  #gone = false;
  #chunks: Buffer[] = [];
  /** Read position in #chunks[0]. */
  #head = 0;
  #buffered = 0;
  #reads: PendingRead[] = [];
  #baudRate: number;
  #flags: Required<SetOptions> = { brk: false, cts: false, dsr: false, dtr: true, rts: true };

  constructor(
    private readonly endpoint: SimEndpoint,
    options: Required<OpenOptions>,
    private readonly keepChunks: boolean,
  ) {
    this.openOptions = options;
    this.#baudRate = options.baudRate;
  }

  get isOpen(): boolean {
    return this.#open;
  }

  // ---- EndpointSink ----
  data(chunk: Buffer): void {
    if (!this.#open || chunk.length === 0) return;
    if (this.#buffered + chunk.length > MAX_BUFFERED) return;
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    while (this.#reads.length > 0 && this.#buffered > 0) {
      const r = this.#reads.shift()!;
      r.resolve({ buffer: r.buffer, bytesRead: this.#take(r.buffer, r.offset, r.length) });
    }
  }

  gone(): void {
    this.#gone = true;
    // Buffered bytes stay readable; only a read that would wait fails.
    const reads = this.#reads;
    this.#reads = [];
    for (const r of reads) r.reject(this.#eio('read'));
  }

  async close(): Promise<void> {
    if (!this.#open) throw bindingError('Port is not open');
    this.#open = false;
    this.endpoint.detach(this);
    this.#chunks = [];
    this.#buffered = 0;
    const reads = this.#reads;
    this.#reads = [];
    for (const r of reads) r.reject(bindingError('Canceled', undefined, true));
  }

  read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
    if (!Buffer.isBuffer(buffer)) return Promise.reject(new TypeError('"buffer" is not a Buffer'));
    if (!Number.isInteger(offset) || offset < 0) return Promise.reject(new TypeError(`"offset" is not an integer got "${offset}"`));
    if (!Number.isInteger(length) || length < 1) return Promise.reject(new TypeError(`"length" is not a positive integer got "${length}"`));
    if (buffer.length < offset + length) return Promise.reject(new Error('buffer is too small'));
    if (!this.#open) return Promise.reject(notOpen());
    if (this.#buffered > 0) return Promise.resolve({ buffer, bytesRead: this.#take(buffer, offset, length) });
    if (this.#gone) return Promise.reject(this.#eio('read'));
    return new Promise((resolve, reject) => this.#reads.push({ buffer, offset, length, resolve, reject }));
  }

  async write(buffer: Buffer): Promise<void> {
    if (!Buffer.isBuffer(buffer)) throw new TypeError('"buffer" is not a Buffer');
    if (!this.#open) throw bindingError('Port is not open');
    if (this.#gone) throw this.#eio('write');
    if (buffer.length > 0) this.endpoint.write(buffer);
  }

  async update(options: UpdateOptions): Promise<void> {
    if (typeof options !== 'object' || options === null) throw new TypeError('"options" is not an object');
    if (typeof options.baudRate !== 'number' || !(options.baudRate > 0)) throw new TypeError('"options.baudRate" is not a number');
    this.#check();
    this.#baudRate = options.baudRate;
  }

  async set(options: SetOptions): Promise<void> {
    if (typeof options !== 'object' || options === null) throw new TypeError('"options" is not an object');
    this.#check();
    // As with the OS bindings, every flag is set on each call: left-out ones get their defaults.
    const dtr = this.#flags.dtr;
    this.#flags = { brk: false, cts: false, dsr: false, dtr: true, rts: true, ...options };
    if (this.#flags.dtr !== dtr) this.endpoint.dtr(this.#flags.dtr);
  }

  async get(): Promise<PortStatus> {
    this.#check();
    return { cts: true, dsr: true, dcd: this.endpoint.dcd };
  }

  async getBaudRate(): Promise<{ baudRate: number }> {
    this.#check();
    return { baudRate: this.#baudRate };
  }

  async flush(): Promise<void> {
    this.#check();
    this.#chunks = [];
    this.#head = 0;
    this.#buffered = 0;
  }

  async drain(): Promise<void> {
    this.#check();
  }

  /** The control lines as last set (for tests). */
  get flags(): Readonly<Required<SetOptions>> {
    return this.#flags;
  }

  #check(): void {
    if (!this.#open) throw bindingError('Port is not open');
    if (this.#gone) throw this.#eio('ioctl');
  }

  #eio(op: string): BindingError {
    return bindingError(`EIO: i/o error, ${op} (${this.endpoint.path} disconnected)`, 'EIO');
  }

  #take(target: Buffer, offset: number, length: number): number {
    let n = 0;
    while (n < length && this.#chunks.length > 0) {
      const chunk = this.#chunks[0]!;
      const k = Math.min(length - n, chunk.length - this.#head);
      chunk.copy(target, offset + n, this.#head, this.#head + k);
      n += k;
      this.#head += k;
      if (this.#head === chunk.length) {
        this.#chunks.shift();
        this.#head = 0;
        if (this.keepChunks) break;
      }
    }
    this.#buffered -= n;
    return n;
  }
}

export class SimBinding implements SerialBinding {
  constructor(private readonly source: SimBindingSource) {}

  async list(): Promise<PortInfo[]> {
    return this.source.list();
  }

  async open(options: OpenOptions): Promise<SimPortBinding> {
    if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new TypeError('"options" is not an object');
    if (!options.path) throw new TypeError('"path" is not a valid port');
    if (!options.baudRate) throw new TypeError('"baudRate" is not a valid baudRate');
    const full: Required<OpenOptions> = {
      dataBits: 8,
      lock: true,
      stopBits: 1,
      parity: 'none',
      rtscts: false,
      xon: false,
      xoff: false,
      xany: false,
      hupcl: true,
      ...options,
    };
    const ep = this.source.endpoint(options.path);
    if (!ep || !ep.present) throw bindingError(`Error: No such file or directory, cannot open ${options.path}`, 'ENOENT');
    const port = new SimPortBinding(ep, full, this.source.chunking);
    // One owner per port, as the OS binding's flock gives (lock:false is treated the same).
    if (!ep.attach(port)) throw bindingError(`Error: Resource temporarily unavailable, cannot lock ${options.path} (EBUSY)`, 'EBUSY');
    return port;
  }
}
