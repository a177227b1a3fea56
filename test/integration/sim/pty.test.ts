import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BindingPortInterface } from '../../../src-main/core/serial/binding';
import { realBinding } from '../../../src-main/core/serial/real-binding';
import { PtyUnsupportedError, ModemSimulator, SimPtyExposure } from '../../../src-main/core/sim/index';

/** Real PTYs, real time: waits are short and bounded. */
async function readUntil(port: BindingPortInterface, end: string, ms = 2000): Promise<string> {
  const deadline = Date.now() + ms;
  const buf = Buffer.alloc(256);
  let text = '';
  while (!text.includes(end)) {
    if (Date.now() > deadline) throw new Error(`no ${JSON.stringify(end)} within ${ms} ms, got ${JSON.stringify(text)}`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const r = await Promise.race([
      port.read(buf, 0, buf.length),
      new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error(`read timed out, got ${JSON.stringify(text)}`)), ms))),
    ]).finally(() => clearTimeout(timer));
    text += buf.toString('latin1', 0, r.bytesRead);
  }
  return text;
}

async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function expose(count: number): Promise<{ bench: ModemSimulator; exposure: SimPtyExposure; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mb-pty-'));
  const bench = new ModemSimulator({ count, latency: 0, chunking: false, reenumerateDelayMs: 50, bootDelayMs: 100 });
  const exposure = await SimPtyExposure.create(bench, { dir });
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }), () => bench.dispose(), () => exposure.dispose());
  return { bench, exposure, dir };
}

describe.runIf(process.platform !== 'win32')('SimPtyExposure (Linux/macOS)', () => {
  it('puts every serial interface on a PTY with stable links', async () => {
    const { exposure, dir } = await expose(2);
    const paths = exposure.paths();
    expect(paths).toHaveLength(8);
    expect(paths.map((p) => [p.modem, p.interface, p.role])).toEqual([
      [0, 0, 'diag'], [0, 1, 'nmea'], [0, 2, 'at'], [0, 3, 'at-secondary'],
      [1, 0, 'diag'], [1, 1, 'nmea'], [1, 2, 'at'], [1, 3, 'at-secondary'],
    ]);
    // simN-qmi: the QMI interface (If4) on its own PTY (issue 15).
    expect(fs.readdirSync(dir).sort()).toEqual(['sim0', 'sim0-if00', 'sim0-if01', 'sim0-if02', 'sim0-if03', 'sim0-qmi', 'sim1', 'sim1-if00', 'sim1-if01', 'sim1-if02', 'sim1-if03', 'sim1-qmi']);
    for (const p of paths) expect(fs.readlinkSync(p.link)).toBe(p.ptyPath);
    expect(fs.readlinkSync(path.join(dir, 'sim1'))).toBe(paths[6]!.ptyPath);
  });

  it('keeps the link working across AT+CFUN=1,1 (new PTY, same link)', async () => {
    const { bench, exposure } = await expose(1);
    const link = exposure.atLink(0);
    const before = fs.readlinkSync(link);
    const port = await realBinding().open({ path: link, baudRate: 115200 });
    await port.write(Buffer.from('AT+CFUN=1,1\r'));
    expect(await readUntil(port, 'OK\r\n')).toBe('AT+CFUN=1,1\r\r\nOK\r\n');
    const target = (): string | null => {
      try {
        return fs.readlinkSync(link);
      } catch {
        return null; // between the ports vanishing and the new ones appearing
      }
    };
    await until(() => target() !== null && target() !== before && bench.modems[0]!.state === 'ready');
    await port.close().catch(() => {});
    const again = await realBinding().open({ path: link, baudRate: 115200 });
    try {
      await again.write(Buffer.from('AT\r'));
      // The boot URCs went out while nobody had it open; they may still be in the PTY.
      expect(await readUntil(again, 'AT\r\r\nOK\r\n')).toMatch(/AT\r\r\nOK\r\n$/);
    } finally {
      await again.close();
    }
  });

  it('removes its links and closes every PTY on dispose', async () => {
    const { exposure, dir } = await expose(1);
    const pts = exposure.paths().map((p) => p.ptyPath);
    await exposure.dispose();
    expect(fs.readdirSync(dir)).toEqual([]);
    // Linux removes a pts node when its master closes; macOS keeps /dev/ttysNNN around.
    if (process.platform === 'linux') for (const p of pts) expect(fs.existsSync(p)).toBe(false);
  });
});

describe('SimPtyExposure on Windows', () => {
  it('throws a typed error', async () => {
    const real = process.platform;
    const bench = new ModemSimulator({ count: 1, latency: 0 });
    Object.defineProperty(process, 'platform', { value: 'win32' });
    try {
      await expect(SimPtyExposure.create(bench, { dir: os.tmpdir() })).rejects.toBeInstanceOf(PtyUnsupportedError);
    } finally {
      Object.defineProperty(process, 'platform', { value: real });
      await bench.dispose();
    }
  });
});
