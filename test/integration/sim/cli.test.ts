/** `modem-bench sim --start-state`: the PTY modems start with the saved settings given on the command line. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError, type CliIo } from '../../../src-main/headless/cli-util';
import { simCommand } from '../../../src-main/headless/commands/sim';
import { realBinding } from '../../../src-main/core/serial/real-binding';

/** A CliIo whose Ctrl+C the test presses. */
function testIo(): { io: CliIo; out: string[]; stop: () => void } {
  const out: string[] = [];
  let stop = (): void => {};
  const stopped = new Promise<string>((resolve) => (stop = () => resolve('test')));
  const io: CliIo = { out: (t) => out.push(t), err: (t) => out.push(t), untilStopped: () => stopped, onStop: () => () => {}, isTTY: false };
  return { io, out, stop };
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe.runIf(process.platform !== 'win32')('modem-bench sim --start-state', () => {
  it('starts the modems echo off and numeric, as if left that way (AT&F restores the factory settings)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mb-cli-'));
    dirs.push(dir);
    const { io, out, stop } = testIo();
    const running = simCommand(['--count', '1', '--pty-dir', dir, '--start-state', 'e0,v0'], io);
    try {
      await until(() => out.some((l) => l.startsWith('Ctrl+C')));
      const port = await realBinding().open({ path: path.join(dir, 'sim0'), baudRate: 115200 });
      try {
        const buf = Buffer.alloc(256);
        let text = '';
        await port.write(Buffer.from('AT\r'));
        const deadline = Date.now() + 5000;
        while (!text.includes('0\r') && Date.now() < deadline) {
          const r = await port.read(buf, 0, buf.length);
          text += buf.toString('latin1', 0, r.bytesRead);
        }
        // The sim's boot URCs may precede the answer; the answer itself has no echo and a numeric code.
        expect(text.endsWith('0\r')).toBe(true);
        expect(text).not.toContain('AT\r');
      } finally {
        await port.close();
      }
    } finally {
      stop();
      expect(await running).toBe(0);
    }
  });

  it('--latency none answers even AT+COPS=? at once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mb-cli-'));
    dirs.push(dir);
    const { io, out, stop } = testIo();
    const running = simCommand(['--count', '1', '--pty-dir', dir, '--latency', 'none'], io);
    try {
      await until(() => out.some((l) => l.startsWith('Ctrl+C')));
      const port = await realBinding().open({ path: path.join(dir, 'sim0'), baudRate: 115200 });
      try {
        const buf = Buffer.alloc(512);
        let text = '';
        await port.write(Buffer.from('AT+COPS=?\r'));
        // With the real latency the scan answers after 20-45 s, past this test's time limit.
        while (!text.includes('OK\r\n')) {
          const r = await port.read(buf, 0, buf.length);
          text += buf.toString('latin1', 0, r.bytesRead);
        }
        expect(text).toMatch(/\+COPS: \(2,"/);
      } finally {
        await port.close();
      }
    } finally {
      stop();
      expect(await running).toBe(0);
    }
    await expect(simCommand(['--count', '1', '--latency', 'fast'], testIo().io)).rejects.toThrow(/--latency must be real or none/);
  });

  it('rejects a bad --start-state as a usage error that points at the problem', async () => {
    const { io } = testIo();
    await expect(simCommand(['--count', '1', '--start-state', 'e0,cmee7'], io)).rejects.toThrow(UsageError);
    await expect(simCommand(['--count', '1', '--start-state', 'e0,cmee7'], io)).rejects.toThrow(/position 3: unknown setting 'cmee7'/);
  });
});
