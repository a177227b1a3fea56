/**
 * The BindingInterface contract every binding we use must pass: the simulator's
 * in-process binding and the real OS binding (on a PTY backed by the simulator).
 * Modelled on serialport's shared binding tests. Real time, bounded waits: the OS
 * may be involved, so nothing here may use fake timers.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BindingError, BindingPortInterface, SerialBinding } from '../../../src-main/core/serial/binding';

export interface BindingContractSetup {
  binding: SerialBinding;
  /** An AT port of a modem that echoes and answers `AT`. */
  path: string;
  /** A path that does not exist. */
  missingPath: string;
  /** Makes the device behind `path` vanish (USB unplug). */
  unplug: () => Promise<void>;
  teardown: () => Promise<void>;
  /**
   * Whether set()/get() of the modem control lines work. A PTY has none (TIOCMSET fails with
   * "Inappropriate ioctl for device"), so there they must reject instead.
   * @default true
   */
  modemLines?: boolean;
}

const WAIT_MS = 2000;

function within<T>(p: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function rejection(p: Promise<unknown>, what: string): Promise<BindingError> {
  try {
    await within(p, what);
  } catch (e) {
    if (e instanceof Error && e.message.startsWith(`${what}:`)) throw e;
    return e as BindingError;
  }
  throw new Error(`${what}: resolved, expected a rejection`);
}

async function readUntil(port: BindingPortInterface, end: string): Promise<string> {
  const buf = Buffer.alloc(256);
  let text = '';
  while (!text.includes(end)) {
    const { bytesRead } = await within(port.read(buf, 0, buf.length), `reading until ${JSON.stringify(end)} (got ${JSON.stringify(text)})`);
    expect(bytesRead).toBeGreaterThanOrEqual(1);
    text += buf.toString('latin1', 0, bytesRead);
  }
  return text;
}

export function bindingContract(name: string, setup: () => Promise<BindingContractSetup>): void {
  describe(`binding contract: ${name}`, () => {
    let env: BindingContractSetup;
    let ports: BindingPortInterface[];

    const open = async (path = env.path): Promise<BindingPortInterface> => {
      const port = await within(env.binding.open({ path, baudRate: 115200 }), `open ${path}`);
      ports.push(port);
      return port;
    };

    beforeEach(async () => {
      ports = [];
      env = await setup();
    });

    afterEach(async () => {
      for (const p of ports) if (p.isOpen) await p.close().catch(() => {});
      await env.teardown();
    });

    it('opens a port that reports isOpen and its options', async () => {
      const port = await open();
      expect(port.isOpen).toBe(true);
      expect(port.openOptions.path).toBe(env.path);
      expect(port.openOptions.baudRate).toBe(115200);
      await port.close();
      expect(port.isOpen).toBe(false);
    });

    it('round-trips AT\\r into its echo and OK', async () => {
      const port = await open();
      await port.write(Buffer.from('AT\r'));
      expect(await readUntil(port, 'OK\r\n')).toBe('AT\r\r\nOK\r\n');
    });

    it('resolves a read with at least one byte and no more than asked', async () => {
      const port = await open();
      await port.write(Buffer.from('AT\r'));
      const buf = Buffer.alloc(8, 0x55);
      const { bytesRead, buffer } = await within(port.read(buf, 3, 2), 'read(…, 3, 2)');
      expect(bytesRead).toBeGreaterThanOrEqual(1);
      expect(bytesRead).toBeLessThanOrEqual(2);
      expect(buffer).toBe(buf);
      expect(buf[0]).toBe(0x55);
      expect(buf.toString('latin1', 3, 3 + bytesRead)).toBe('AT'.slice(0, bytesRead));
    });

    it('cancels a pending read on close with canceled: true', async () => {
      const port = await open();
      const pending = port.read(Buffer.alloc(64), 0, 64);
      pending.catch(() => {}); // the OS binding rejects it during close(), before we look
      await port.close();
      const err = await rejection(pending, 'pending read after close');
      expect(err.canceled).toBe(true);
      expect(port.isOpen).toBe(false);
    });

    it('rejects writes, reads and a second close after close', async () => {
      const port = await open();
      await port.close();
      await rejection(port.write(Buffer.from('AT\r')), 'write after close');
      // Only a read pending at close() must carry canceled; a later one just fails.
      await rejection(port.read(Buffer.alloc(8), 0, 8), 'read after close');
      await rejection(port.close(), 'second close');
    });

    it('rejects a missing path with ENOENT', async () => {
      const err = await rejection(env.binding.open({ path: env.missingPath, baudRate: 115200 }), 'open missing');
      // The OS binding puts errno text in the message; the simulator adds the code too.
      expect(err.code === 'ENOENT' || /No such file or directory/.test(err.message)).toBe(true);
    });

    it('refuses a second open of an open port', async () => {
      await open();
      const err = await rejection(env.binding.open({ path: env.path, baudRate: 115200 }), 'second open');
      // Simulator: EBUSY. Linux serialport: flock fails, "Error Resource temporarily unavailable Cannot lock port".
      expect(err.code === 'EBUSY' || /Cannot lock port|busy/i.test(err.message)).toBe(true);
    });

    it('fails a pending read without canceled when the device vanishes, and later writes', async () => {
      const port = await open();
      const pending = port.read(Buffer.alloc(64), 0, 64);
      pending.catch(() => {});
      // Let the read reach the OS poller first: serialport's unixRead retries a 0-byte read, and a
      // hung-up PTY returns 0, so a read issued in the very instant of the hangup can spin unsettled.
      await new Promise((r) => setTimeout(r, 20));
      await env.unplug();
      const err = await rejection(pending, 'pending read after unplug');
      expect(err.canceled).not.toBe(true);
      await rejection(port.write(Buffer.from('AT\r')), 'write after unplug');
    });

    it('supports update, set, get, getBaudRate, flush and drain on an open port', async () => {
      const port = await open();
      await port.update({ baudRate: 9600 });
      expect((await port.getBaudRate()).baudRate).toBe(9600);
      if (env.modemLines ?? true) {
        await port.set({ dtr: true, rts: true });
        const status = await port.get();
        expect(typeof status.cts).toBe('boolean');
        expect(typeof status.dsr).toBe('boolean');
        expect(typeof status.dcd).toBe('boolean');
      } else {
        expect((await rejection(port.set({ dtr: true }), 'set without modem lines')).message).toMatch(/ioctl/i);
      }
      await port.flush();
      await port.drain();
      await rejection(port.update({} as never), 'update without baudRate');
    });
  });
}
