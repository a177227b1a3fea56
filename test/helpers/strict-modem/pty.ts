/**
 * The strict modem on a real pseudo-terminal, for tests over the OS serial
 * path (serialport's real binding, or third-party programs). Opened the way
 * src-main/core/sim/pty.ts does: node-pty's openpty without a child process,
 * the slave in raw mode and held open by our own fd so the master never sees
 * a hangup when clients close.
 */
import fs from 'node:fs';
import type { Socket } from 'node:net';
import type { StrictModem } from './modem';

interface RawPty {
  _master: Socket;
  _slave: Socket & { setRawMode(raw: boolean): void };
  _pty: string;
}

export interface StrictPty {
  /** The slave side, e.g. /dev/pts/7: open this like a modem's tty. */
  path: string;
  dispose(): Promise<void>;
}

export async function strictModemOnPty(modem: StrictModem): Promise<StrictPty> {
  type PtyModule = { open?: (o: { encoding: null }) => RawPty; default?: { open?: (o: { encoding: null }) => RawPty } };
  const mod = (await import('@lydell/node-pty')) as unknown as PtyModule;
  const openpty = mod.open ?? mod.default?.open;
  if (!openpty) throw new Error('@lydell/node-pty has no open()');
  const term = openpty({ encoding: null });
  term._slave.setRawMode(true);
  const path = term._pty;
  const keepFd = fs.openSync(path, fs.constants.O_RDWR | fs.constants.O_NOCTTY);
  term._slave.destroy();
  const master = term._master;
  master.on('error', () => {});
  master.on('data', (d: Buffer) => modem.input(d));
  modem.connect((b) => master.write(b));
  return {
    path,
    async dispose() {
      modem.disconnect();
      const closed = new Promise<void>((resolve) => master.once('close', () => resolve()));
      master.destroy();
      try {
        fs.closeSync(keepFd);
      } catch {
        // already closed
      }
      await closed;
    },
  };
}
