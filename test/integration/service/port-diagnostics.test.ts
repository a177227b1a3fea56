import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { realBinding } from '../../../src-main/core/serial/real-binding';
import { AppService } from '../../../src-main/core/service';
import { ModemSimulator, SimPtyExposure } from '../../../src-main/core/sim';

/** A real port held by another program: the app says it is busy, names the holder, and says what to do. */
describe.runIf(process.platform === 'linux')('port diagnostics in the app', () => {
  it('a port held by another process shows as offline with the holder and the fix', async () => {
    const sim = new ModemSimulator({ count: 1, seed: 1 });
    const pty = await SimPtyExposure.create(sim, { dir: mkdtempSync(join(tmpdir(), 'mb-diag-')) });
    const path = pty.atLink(0);
    // Another program (a terminal, ModemManager) opens the port with an exclusive lock.
    const holder = spawn(
      process.execPath,
      ['--input-type=module', '-e', `import { SerialPort } from 'serialport'; const p = new SerialPort({ path: ${JSON.stringify(path)}, baudRate: 115200 }, (e) => console.log(e ? 'ERR ' + e.message : 'OPEN')); setInterval(() => {}, 1000);`],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => holder.stdout.on('data', (d: Buffer) => d.toString().includes('OPEN') && resolve()));
    const app = new AppService({ version: 't', dataDir: null, logDir: '/x', logFile: null, logger: pino({ level: 'silent' }), realBinding: realBinding(), ports: [path] });
    try {
      await app.start();
      const [m] = app.list().modems;
      expect(m?.state).toBe("offline");
      if (process.env.SHOW) console.log(m?.reason);
      expect(m?.reason).toMatch(/in use|busy/i);
      expect(m?.reason).toMatch(/node/);
      expect(m?.reason).toMatch(new RegExp(String(holder.pid)));
    } finally {
      holder.kill('SIGKILL');
      await app.stop();
      await pty.dispose();
      await sim.dispose();
    }
  }, 20_000);
});
