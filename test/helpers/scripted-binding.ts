/**
 * A binding whose "modem" is a script: each complete line written to it is
 * answered by `respond(line)` with byte chunks at chosen delays (fake-timer
 * friendly). Like a real modem it answers in order: a reply starts after the
 * previous reply has been sent. It sits below the session, so the session is
 * tested for real.
 */
import type { BindingPortInterface, OpenOptions, PortInfo, SerialBinding } from '../../src-main/core/serial/binding';

export type Reply = { afterMs: number; bytes: string }[];

export interface ScriptedModem {
  /** Lines the host wrote, without the CR. */
  written: string[];
  /** Pushes bytes to the host now. */
  emit(bytes: string): void;
  /** Makes every pending and later read fail like a USB unplug. */
  unplug(): void;
  /** Delay before write() resolves (ms). */
  writeDelayMs: number;
  respond: (line: string) => Reply;
}

export function scriptedBinding(respond: (line: string) => Reply): { binding: SerialBinding; modem: ScriptedModem } {
  let port: ScriptedPort | null = null;
  const modem: ScriptedModem = {
    written: [],
    writeDelayMs: 0,
    respond,
    emit: (bytes) => port?.push(Buffer.from(bytes, 'latin1')),
    unplug: () => port?.fail(),
  };
  const binding: SerialBinding = {
    async list(): Promise<PortInfo[]> {
      return [{ path: 'script0', manufacturer: undefined, serialNumber: undefined, pnpId: undefined, locationId: undefined, productId: undefined, vendorId: undefined }];
    },
    async open(options: OpenOptions): Promise<BindingPortInterface> {
      if (options.path !== 'script0') throw Object.assign(new Error(`No such file or directory, cannot open ${options.path}`), { code: 'ENOENT' });
      port = new ScriptedPort(options, modem);
      return port;
    },
  };
  return { binding, modem };
}

class ScriptedPort implements BindingPortInterface {
  readonly openOptions: Required<OpenOptions>;
  isOpen = true;
  #rx: Buffer[] = [];
  #waiter: { resolve: (n: number) => void; reject: (e: Error) => void; buf: Buffer; offset: number; length: number } | null = null;
  #line = '';
  #gone = false;
  /** When the reply being sent now ends: the next one waits for it. */
  #busyUntil = 0;

  constructor(options: OpenOptions, private readonly modem: ScriptedModem) {
    this.openOptions = { dataBits: 8, lock: true, stopBits: 1, parity: 'none', rtscts: false, xon: false, xoff: false, xany: false, hupcl: true, ...options } as Required<OpenOptions>;
  }

  push(b: Buffer): void {
    this.#rx.push(b);
    this.#drain();
  }

  fail(): void {
    this.#gone = true;
    const w = this.#waiter;
    this.#waiter = null;
    w?.reject(Object.assign(new Error('Input/output error'), { code: 'EIO' }));
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
    if (this.#gone) throw Object.assign(new Error('Input/output error'), { code: 'EIO' });
    const bytesRead = await new Promise<number>((resolve, reject) => {
      this.#waiter = { resolve, reject, buf: buffer, offset, length };
      this.#drain();
    });
    return { buffer, bytesRead };
  }

  async write(buffer: Buffer): Promise<void> {
    if (!this.isOpen || this.#gone) throw new Error('Port is not open');
    if (this.modem.writeDelayMs > 0) await new Promise((r) => setTimeout(r, this.modem.writeDelayMs));
    for (const ch of buffer.toString('latin1')) {
      if (ch === '\r') {
        const line = this.#line;
        this.#line = '';
        this.modem.written.push(line);
        const now = Date.now();
        const base = Math.max(now, this.#busyUntil);
        for (const part of this.modem.respond(line)) {
          const at = base + part.afterMs;
          this.#busyUntil = Math.max(this.#busyUntil, at);
          setTimeout(() => this.push(Buffer.from(part.bytes, 'latin1')), at - now);
        }
      } else this.#line += ch;
    }
  }

  async close(): Promise<void> {
    this.isOpen = false;
    const w = this.#waiter;
    this.#waiter = null;
    w?.reject(Object.assign(new Error('Port is closed'), { canceled: true }));
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

/** An EC25-like reply: echo (with its lone CR), then CRLF-framed lines. */
export function reply(line: string, ...lines: string[]): string {
  return `${line}\r${lines.map((l) => `\r\n${l}\r\n`).join('')}`;
}
