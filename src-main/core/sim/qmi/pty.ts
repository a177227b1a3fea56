/**
 * Each simulated modem's QMI interface on a pseudo-terminal, next to its AT
 * ports: stable link `DIR/<prefix><N>-qmi`, following re-enumerations. Raw
 * mode, so the binary frames pass untouched. Not a cdc-wdm device: programs
 * that insist on one (libqmi checks the sysfs driver) see the difference.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Socket } from 'node:net';
import type { ModemSimulator } from '../simulator';
import type { EndpointSink } from '../endpoint';
import type { SimPortsChange } from '../modem';
import type { SimQmiEndpoint } from './endpoint';

interface RawPty {
  _master: Socket;
  _slave: Socket & { setRawMode(raw: boolean): void };
  _pty: string;
}

interface Pair {
  modem: number;
  endpoint: SimQmiEndpoint;
  master: Socket;
  keepFd: number;
  sink: EndpointSink;
  ptyPath: string;
  link: string;
}

export interface SimQmiPtyPath {
  modem: number;
  ptyPath: string;
  link: string;
}

export class SimQmiPtyExposure {
  readonly #pairs = new Map<number, Pair>();
  #unsubscribe: (() => void) | null = null;
  #disposed = false;

  private constructor(
    private readonly bench: ModemSimulator,
    private readonly dir: string,
    private readonly prefix: string,
    private readonly openPty: () => RawPty,
  ) {}

  static async create(bench: ModemSimulator, dir: string, prefix = 'sim'): Promise<SimQmiPtyExposure> {
    if (process.platform === 'win32') throw new Error('QMI PTY exposure needs Linux or macOS (Windows does not expose QMI as a file)');
    type PtyModule = { open?: (o: { encoding: null }) => RawPty; default?: { open?: (o: { encoding: null }) => RawPty } };
    const mod = (await import('@lydell/node-pty')) as unknown as PtyModule;
    const openpty = mod.open ?? mod.default?.open;
    if (!openpty) throw new Error('@lydell/node-pty has no open(): unsupported version');
    fs.mkdirSync(dir, { recursive: true });
    const x = new SimQmiPtyExposure(bench, dir, prefix, () => openpty({ encoding: null }));
    x.#unsubscribe = bench.onChange((c) => x.#onChange(c));
    for (const m of bench.modems) x.#onChange({ modem: m.index, type: 'added', ports: [] });
    return x;
  }

  /** The stable link of a modem's QMI PTY (dangles while the modem is away). */
  link(modem: number): string {
    return path.join(this.dir, `${this.prefix}${modem}-qmi`);
  }

  paths(): SimQmiPtyPath[] {
    return [...this.#pairs.values()].map(({ modem, ptyPath, link }) => ({ modem, ptyPath, link })).sort((a, b) => a.modem - b.modem);
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#unsubscribe?.();
    const pairs = [...this.#pairs.values()];
    this.#pairs.clear();
    await Promise.all(pairs.map((p) => this.#close(p)));
  }

  #onChange(change: SimPortsChange): void {
    if (this.#disposed) return;
    const old = this.#pairs.get(change.modem);
    const ep = this.bench.modems[change.modem]?.qmi ?? null;
    if (old && old.endpoint !== ep) {
      this.#pairs.delete(change.modem);
      void this.#close(old);
    }
    if (change.type === 'added' && ep && ep.present && !this.#pairs.has(change.modem)) this.#expose(change.modem, ep);
  }

  #expose(modem: number, endpoint: SimQmiEndpoint): void {
    const term = this.openPty();
    term._slave.setRawMode(true);
    const ptyPath = term._pty;
    const keepFd = fs.openSync(ptyPath, fs.constants.O_RDWR | fs.constants.O_NOCTTY);
    term._slave.destroy();
    const master = term._master;
    master.on('error', () => {});
    master.on('data', (d: Buffer) => endpoint.write(d));
    const sink: EndpointSink = {
      data: (chunk) => {
        if (master.writableLength < 64 * 1024) master.write(chunk);
      },
      gone: () => {},
    };
    if (!endpoint.attach(sink)) {
      master.destroy();
      fs.closeSync(keepFd);
      return;
    }
    const link = this.link(modem);
    const tmp = `${link}.${process.pid}.tmp`;
    fs.rmSync(tmp, { force: true });
    fs.symlinkSync(ptyPath, tmp);
    fs.renameSync(tmp, link);
    this.#pairs.set(modem, { modem, endpoint, master, keepFd, sink, ptyPath, link });
  }

  async #close(p: Pair): Promise<void> {
    p.endpoint.detach(p.sink);
    try {
      if (fs.readlinkSync(p.link) === p.ptyPath) fs.unlinkSync(p.link);
    } catch {
      // already gone
    }
    const closed = new Promise<void>((resolve) => p.master.once('close', () => resolve()));
    p.master.destroy();
    try {
      fs.closeSync(p.keepFd);
    } catch {
      // already closed
    }
    await closed;
  }
}
