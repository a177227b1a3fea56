/**
 * The strict modem behind the same SerialBinding seam the simulator and the
 * real serialport binding use, so the engine above it runs unchanged.
 */
import type { BindingPortInterface, OpenOptions, PortInfo, SerialBinding } from '../../../src-main/core/serial/binding';
import type { StrictModem } from './modem';

export const STRICT_PATH = 'strict0';

export interface StrictBindingOptions {
  /** Splits what the modem sends into the reads the host gets (a tty's chunking). @default whole writes */
  chunk?: (bytes: Buffer) => Buffer[];
}

/** Reads of 1..max bytes from a seeded generator: the same cuts every run. */
export function randomChunks(seed: number, max: number): (bytes: Buffer) => Buffer[] {
  let x = seed >>> 0 || 1;
  const next = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
  return (bytes) => {
    const out: Buffer[] = [];
    for (let i = 0; i < bytes.length; ) {
      const n = 1 + Math.floor(next() * max);
      out.push(bytes.subarray(i, i + n));
      i += n;
    }
    return out;
  };
}

export function strictBinding(modem: StrictModem, options: StrictBindingOptions = {}): SerialBinding {
  const chunker = options.chunk ?? ((b: Buffer) => [b]);
  return {
    async list(): Promise<PortInfo[]> {
      return [{ path: STRICT_PATH, manufacturer: undefined, serialNumber: undefined, pnpId: undefined, locationId: undefined, productId: undefined, vendorId: undefined }];
    },
    async open(openOptions: OpenOptions): Promise<BindingPortInterface> {
      if (openOptions.path !== STRICT_PATH) throw Object.assign(new Error(`No such file or directory, cannot open ${openOptions.path}`), { code: 'ENOENT' });
      return new StrictPort(openOptions, modem, chunker);
    },
  };
}

class StrictPort implements BindingPortInterface {
  readonly openOptions: Required<OpenOptions>;
  isOpen = true;
  #rx: Buffer[] = [];
  #waiter: { resolve: (n: number) => void; buf: Buffer; offset: number; length: number } | null = null;

  constructor(
    options: OpenOptions,
    private readonly modem: StrictModem,
    chunk: (b: Buffer) => Buffer[],
  ) {
    this.openOptions = { dataBits: 8, lock: true, stopBits: 1, parity: 'none', rtscts: false, xon: false, xoff: false, xany: false, hupcl: true, ...options } as Required<OpenOptions>;
    modem.connect((b) => {
      for (const part of chunk(Buffer.from(b))) this.#rx.push(part);
      this.#drain();
    });
  }

  #drain(): void {
    const w = this.#waiter;
    if (!w || this.#rx.length === 0) return;
    this.#waiter = null;
    const first = this.#rx[0]!;
    const n = Math.min(first.length, w.length);
    first.copy(w.buf, w.offset, 0, n);
    if (n === first.length) this.#rx.shift();
    else this.#rx[0] = first.subarray(n);
    w.resolve(n);
  }

  async read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
    if (!this.isOpen) throw Object.assign(new Error('Port is not open'), { canceled: true });
    const bytesRead = await new Promise<number>((resolve, reject) => {
      this.#waiter = { resolve, buf: buffer, offset, length };
      this.#reject = reject;
      this.#drain();
    });
    return { buffer, bytesRead };
  }

  #reject: ((e: Error) => void) | null = null;

  async write(buffer: Buffer): Promise<void> {
    if (!this.isOpen) throw new Error('Port is not open');
    // Like a UART: the DCE reads the bytes after the write has left the host.
    const copy = Buffer.from(buffer);
    queueMicrotask(() => this.modem.input(copy));
  }

  async close(): Promise<void> {
    this.isOpen = false;
    this.modem.disconnect();
    const reject = this.#waiter ? this.#reject : null;
    this.#waiter = null;
    reject?.(Object.assign(new Error('Port is closed'), { canceled: true }));
  }

  async update(): Promise<void> {}
  async set(): Promise<void> {}
  async get() {
    return { cts: false, dsr: false, dcd: false };
  }
  async getBaudRate() {
    return { baudRate: this.openOptions.baudRate };
  }
  async flush(): Promise<void> {
    this.#rx = [];
  }
  async drain(): Promise<void> {}
}
