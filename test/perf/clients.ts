/**
 * The three ways of driving N modems that the benchmark puts side by side:
 *
 * - `pool`: ours. PortPool + AtFramer + AtSession + ConcurrencyController
 *   (through Bench/Modem.exec), every result recorded in a MetricsCollector.
 * - `raw`: the floor for Node. serialport's own SerialPortStream and
 *   ReadlineParser over the same binding, one persistent line listener, a
 *   minimal send-and-await. No timeouts, no echo/URC handling, no queues.
 * - `seed`: the original guide's pattern, written faithfully: a global
 *   semaphore, a new `data` listener per command, string concatenation until
 *   /OK|ERROR/, `\r\n` terminator, an AbortController timeout,
 *   removeListener after.
 *
 * Each exposes `exec(i, command)` for modem i; the harness runs the loops.
 */
import { SerialPortStream } from '@serialport/stream';
// The raw baseline is serialport's own parser on purpose: it is the floor we compare with, not part of the app.
// eslint-disable-next-line no-restricted-imports
import { ReadlineParser } from 'serialport';
import { ModemSet, type Modem } from '../../src-main/core/modem';
import { isBenchError } from '../../src-main/core/errors';
import { MetricsCollector } from '../../src-main/core/metrics';
import type { SerialBinding } from '../../src-main/core/serial/binding';

export type ClientKind = 'pool' | 'raw' | 'seed';

export interface Client {
  readonly kind: ClientKind;
  readonly size: number;
  exec(i: number, command: string): Promise<unknown>;
  close(): Promise<void>;
}

export async function openClient(kind: ClientKind, binding: SerialBinding, paths: string[]): Promise<Client> {
  if (kind === 'pool') return PoolClient.open(binding, paths);
  if (kind === 'raw') return RawClient.open(binding, paths);
  return SeedClient.open(binding, paths);
}

// ---- pool -----------------------------------------------------------------

export class PoolClient implements Client {
  readonly kind = 'pool' as const;
  readonly metrics = new MetricsCollector();
  private constructor(
    readonly bench: ModemSet,
    readonly modems: Modem[],
  ) {}

  static async open(binding: SerialBinding, paths: string[]): Promise<PoolClient> {
    // The app's defaults (global limit 100, transcript on); no init commands: the simulator starts in ATV1.
    const bench = new ModemSet({ binding, modem: { initCommands: [] } });
    const modems = await Promise.all(paths.map((path, i) => bench.add([{ path, role: 'at', interface: 2 }], `m${i}`)));
    return new PoolClient(bench, modems);
  }

  get size(): number {
    return this.modems.length;
  }

  async exec(i: number, command: string): Promise<unknown> {
    const m = this.modems[i]!;
    try {
      const r = await m.exec(command);
      this.metrics.record(m.key, command, r.latencyMs, r.final.success ? null : 'modem-error');
      return r;
    } catch (err) {
      this.metrics.record(m.key, command, null, isBenchError(err) ? err.code : 'protocol-error');
      throw err;
    }
  }

  async close(): Promise<void> {
    this.metrics.dispose();
    await this.bench.close();
  }
}

// ---- raw baseline ---------------------------------------------------------

function openStream(binding: SerialBinding, path: string): Promise<SerialPortStream> {
  return new Promise((resolve, reject) => {
    const port = new SerialPortStream({ binding, path, baudRate: 115200 }, (err) => (err ? reject(err) : resolve(port)));
  });
}

function closeStream(port: SerialPortStream): Promise<void> {
  return new Promise((resolve) => {
    if (!port.isOpen) return resolve();
    port.close(() => resolve());
  });
}

const FINAL = /^(OK|ERROR|\+CME ERROR:.*|\+CMS ERROR:.*)$/;

class RawPort {
  #pending: ((line: string) => void) | null = null;
  readonly parser: ReadlineParser;

  constructor(readonly port: SerialPortStream) {
    this.parser = port.pipe(new ReadlineParser({ delimiter: '\r\n', encoding: 'latin1' }));
    this.parser.on('data', (line: string) => {
      if (!FINAL.test(line)) return;
      const p = this.#pending;
      this.#pending = null;
      p?.(line);
    });
  }

  exec(command: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.#pending = resolve;
      this.port.write(`${command}\r`, (err) => {
        if (err) reject(err);
      });
    });
  }
}

export class RawClient implements Client {
  readonly kind = 'raw' as const;
  private constructor(readonly ports: RawPort[]) {}

  static async open(binding: SerialBinding, paths: string[]): Promise<RawClient> {
    const streams = await Promise.all(paths.map((p) => openStream(binding, p)));
    return new RawClient(streams.map((s) => new RawPort(s)));
  }

  get size(): number {
    return this.ports.length;
  }

  exec(i: number, command: string): Promise<string> {
    return this.ports[i]!.exec(command);
  }

  async close(): Promise<void> {
    await Promise.all(this.ports.map((p) => closeStream(p.port)));
  }
}

// ---- the seed guide's pattern ---------------------------------------------

/** The guide's global semaphore. */
class Semaphore {
  #available: number;
  readonly #waiters: (() => void)[] = [];
  constructor(limit: number) {
    this.#available = limit;
  }
  async acquire(): Promise<void> {
    if (this.#available > 0) {
      this.#available--;
      return;
    }
    await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }
  release(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#available++;
  }
}

export class SeedClient implements Client {
  readonly kind = 'seed' as const;
  readonly semaphore: Semaphore;
  private constructor(
    readonly ports: SerialPortStream[],
    /** The guide sizes its semaphore from RAM/CPU (10..100, efficiency.ts guideSemaphoreSize); 100 by default, so CPU figures do not wait on it. */
    readonly limit: number,
  ) {
    this.semaphore = new Semaphore(limit);
  }

  static async open(binding: SerialBinding, paths: string[], limit = 100): Promise<SeedClient> {
    return new SeedClient(await Promise.all(paths.map((p) => openStream(binding, p))), limit);
  }

  get size(): number {
    return this.ports.length;
  }

  async exec(i: number, command: string, timeout = 5000): Promise<string> {
    const port = this.ports[i]!;
    await this.semaphore.acquire();
    try {
      return await new Promise<string>((resolve, reject) => {
        const controller = new AbortController();
        let response = '';
        const timer = setTimeout(() => controller.abort(), timeout);
        const cleanup = (): void => {
          clearTimeout(timer);
          port.removeListener('data', onData);
        };
        const onData = (data: Buffer): void => {
          response += data.toString();
          if (/OK|ERROR/.test(response)) {
            cleanup();
            resolve(response);
          }
        };
        controller.signal.addEventListener('abort', () => {
          cleanup();
          reject(new Error(`Command timeout: ${command}`));
        });
        port.on('data', onData);
        port.write(`${command}\r\n`, (err) => {
          if (err) {
            cleanup();
            reject(err);
          }
        });
      });
    } finally {
      this.semaphore.release();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.ports.map((p) => closeStream(p)));
  }
}
