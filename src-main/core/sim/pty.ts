/**
 * Exposes a ModemSimulator on real pseudo-terminals (Linux, macOS), so any program,
 * and the real serialport binding, can talk to the simulated modems. Each
 * serial interface of each present modem gets a PTY pair; stable symlinks
 * `DIR/sim<N>` (AT port) and `DIR/sim<N>-if0<I>` follow re-enumerations.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Socket } from 'node:net';
import type { ModemSimulator } from './simulator';
import type { EndpointSink, PortRole, SimEndpoint } from './endpoint';
import type { SimPortsChange } from './modem';
import { SimQmiPtyExposure } from './qmi/pty';

export interface SimPtyExposureOptions {
  /**
   * Directory of the stable symlinks; created when missing.
   * @default (required)
   */
  dir: string;
  /**
   * Prefix of the link names: `<prefix><modem>` and `<prefix><modem>-if0<N>`.
   * @default 'sim'
   */
  prefix?: string;
  /**
   * How long the PTY of a vanished interface stays open, so bytes sent just before (the OK of
   * AT+CFUN=1,1) still reach the client; a hangup discards unread tty input.
   * @default 50
   */
  lingerMs?: number;
}

export interface SimPtyPath {
  modem: number;
  interface: number;
  role: PortRole;
  /** The slave side, e.g. /dev/pts/7: changes on every re-enumeration. */
  ptyPath: string;
  /** The stable symlink to the interface. */
  link: string;
}

export class PtyUnsupportedError extends Error {
  override readonly name = 'PtyUnsupportedError';
  readonly code = 'pty-unsupported';
  constructor() {
    super('PTY exposure needs Linux or macOS; on Windows use the in-process ModemSimulator.binding (or a com0com pair).');
  }
}

/** node-pty's `open()` result; these fields are internal but stable across 1.x. */
interface RawPty {
  _master: Socket;
  _slave: Socket & { setRawMode(raw: boolean): void };
  _pty: string;
}

/** Backlog beyond which output for an interface nobody reads is dropped (a tty would drop too). */
const MAX_BACKLOG = 64 * 1024;

interface Pair extends SimPtyPath {
  endpoint: SimEndpoint;
  master: Socket;
  /** Our own slave fd: keeps the master from seeing EIO/hangup when clients close. */
  keepFd: number;
  sink: EndpointSink;
}

export class SimPtyExposure {
  readonly #pairs = new Map<string, Pair>();
  readonly #dir: string;
  readonly #prefix: string;
  readonly #lingerMs: number;
  readonly #lingering = new Set<Promise<void>>();
  #unsubscribe: (() => void) | null = null;
  #disposed = false;
  /** Each modem's QMI interface on its own PTY: DIR/<prefix><N>-qmi. */
  #qmi: SimQmiPtyExposure | null = null;

  private constructor(
    private readonly bench: ModemSimulator,
    private readonly openPty: () => RawPty,
    options: Required<SimPtyExposureOptions>,
  ) {
    this.#dir = options.dir;
    this.#prefix = options.prefix;
    this.#lingerMs = options.lingerMs;
  }

  static async create(bench: ModemSimulator, options: SimPtyExposureOptions): Promise<SimPtyExposure> {
    if (process.platform === 'win32') throw new PtyUnsupportedError();
    if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
    if (typeof options.dir !== 'string' || options.dir === '') throw new TypeError('dir must be a directory path');
    const prefix = options.prefix ?? 'sim';
    if (typeof prefix !== 'string' || !/^[\w.-]+$/.test(prefix)) throw new TypeError('prefix must be a plain file name part');
    const lingerMs = options.lingerMs ?? 50;
    if (typeof lingerMs !== 'number' || !Number.isFinite(lingerMs) || lingerMs < 0) throw new TypeError('lingerMs must be a finite number >= 0');
    // Loaded lazily: the native module is only needed when PTYs are asked for.
    // `open` (openpty without a child process) exists in node-pty but not in its typings.
    type PtyModule = { open?: (o: { encoding: null }) => RawPty; default?: { open?: (o: { encoding: null }) => RawPty } };
    const mod = (await import('@lydell/node-pty')) as unknown as PtyModule;
    const openpty = mod.open ?? mod.default?.open;
    if (!openpty) throw new Error('@lydell/node-pty has no open(): unsupported version');
    const open = (): RawPty => openpty({ encoding: null });
    fs.mkdirSync(options.dir, { recursive: true });
    const exposure = new SimPtyExposure(bench, open, { dir: options.dir, prefix, lingerMs });
    exposure.#unsubscribe = bench.onChange((c) => exposure.#onChange(c));
    for (const m of bench.modems) exposure.#onChange({ modem: m.index, type: 'added', ports: m.ports() });
    exposure.#qmi = await SimQmiPtyExposure.create(bench, options.dir, prefix);
    return exposure;
  }

  paths(): SimPtyPath[] {
    return [...this.#pairs.values()]
      .map(({ modem, interface: iface, role, ptyPath, link }) => ({ modem, interface: iface, role, ptyPath, link }))
      .sort((a, b) => a.modem - b.modem || a.interface - b.interface);
  }

  /** The stable link of a modem's AT port (it dangles while the modem is away). */
  atLink(modem: number): string {
    return path.join(this.#dir, `${this.#prefix}${modem}`);
  }

  /** The stable link of a modem's QMI PTY, `DIR/<prefix><N>-qmi`. */
  qmiLink(modem: number): string {
    return path.join(this.#dir, `${this.#prefix}${modem}-qmi`);
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    await this.#qmi?.dispose();
    const closing = [...this.#pairs.values()].map((p) => this.#close(p, 0));
    this.#pairs.clear();
    await Promise.all([...closing, ...this.#lingering]);
  }

  #onChange(change: SimPortsChange): void {
    if (this.#disposed) return;
    for (const port of change.ports) {
      if (change.type === 'removed') {
        const pair = this.#pairs.get(port.path);
        if (pair) {
          this.#pairs.delete(port.path);
          const closing = this.#close(pair, this.#lingerMs);
          this.#lingering.add(closing);
          void closing.finally(() => this.#lingering.delete(closing));
        }
        continue;
      }
      const ep = this.bench.endpoint(port.path);
      if (ep && !this.#pairs.has(port.path)) this.#expose(ep);
    }
  }

  #expose(endpoint: SimEndpoint): void {
    const term = this.openPty();
    term._slave.setRawMode(true);
    const ptyPath = term._pty;
    const keepFd = fs.openSync(ptyPath, fs.constants.O_RDWR | fs.constants.O_NOCTTY);
    // Left alive, node's slave stream would read the bytes meant for the client.
    term._slave.destroy();
    const master = term._master;
    master.on('error', () => {}); // EIO when we close; nothing to do
    master.on('data', (d: Buffer) => endpoint.write(d));
    const sink: EndpointSink = {
      data: (chunk) => {
        if (master.writableLength < MAX_BACKLOG) master.write(chunk);
      },
      gone: () => {},
    };
    const link = path.join(this.#dir, `${this.#prefix}${endpoint.modem}-if0${endpoint.iface}`);
    const pair: Pair = { modem: endpoint.modem, interface: endpoint.iface, role: endpoint.role, ptyPath, link, endpoint, master, keepFd, sink };
    if (!endpoint.attach(sink)) {
      // Someone holds it in-process: leave this interface unexposed.
      master.destroy();
      fs.closeSync(keepFd);
      return;
    }
    this.#pairs.set(endpoint.path, pair);
    this.#link(link, ptyPath);
    if (endpoint.role === 'at') this.#link(this.atLink(endpoint.modem), ptyPath);
  }

  async #close(pair: Pair, lingerMs: number): Promise<void> {
    pair.endpoint.detach(pair.sink);
    this.#unlink(pair.link, pair.ptyPath);
    if (pair.role === 'at') this.#unlink(this.atLink(pair.modem), pair.ptyPath);
    if (lingerMs > 0) await new Promise((r) => setTimeout(r, lingerMs));
    const closed = new Promise<void>((resolve) => pair.master.once('close', () => resolve()));
    pair.master.destroy();
    try {
      fs.closeSync(pair.keepFd);
    } catch {
      // already closed
    }
    await closed;
  }

  /** Points `link` at `target` atomically (rename over the old link). */
  #link(link: string, target: string): void {
    const tmp = `${link}.${process.pid}.tmp`;
    fs.rmSync(tmp, { force: true });
    fs.symlinkSync(target, tmp);
    fs.renameSync(tmp, link);
  }

  /** Removes `link` only if it still points at `target` (a newer enumeration may own it). */
  #unlink(link: string, target: string): void {
    try {
      if (fs.readlinkSync(link) === target) fs.unlinkSync(link);
    } catch {
      // already gone
    }
  }
}
