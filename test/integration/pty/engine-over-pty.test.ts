import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AtSession } from '../../../src-main/core/at/session';
import { isProtocolError, isTimeoutError } from '../../../src-main/core/errors';
import { PortPool } from '../../../src-main/core/serial';
import { realBinding } from '../../../src-main/core/serial/real-binding';
import { ModemSimulator, SimPtyExposure } from '../../../src-main/core/sim';

/**
 * The AT engine over the OS serial path: serialport's real binding on a
 * pseudo-terminal, the simulator on the other side, each per-command fault
 * forced once. Real time (the kernel is involved), with short timeouts.
 */
describe.runIf(process.platform !== 'win32')('AT engine over a real PTY, with faults', () => {
  it('survives hang, late, garbage, partial and cme without ever giving a reply to the wrong command', async () => {
    const sim = new ModemSimulator({ count: 1, seed: 3, lateDelayMs: 1200, latency: { short: { min: 1, max: 3 } } });
    const pty = await SimPtyExposure.create(sim, { dir: mkdtempSync(join(tmpdir(), 'mb-engine-pty-')) });
    const pool = new PortPool({ binding: realBinding() });
    try {
      const port = await pool.open(pty.atLink(0));
      const session = new AtSession(port, { resyncTimeoutMs: 2500 });
      const modem = sim.modems[0]!;
      let n = 0;
      const tagged = async (timeoutMs = 800) => {
        const tag = `t${++n}`;
        try {
          const r = await session.exec(`AT+SIMTAG=${tag}`, { timeoutMs });
          return { tag, r, err: null as unknown };
        } catch (err) {
          return { tag, r: null, err };
        }
      };
      const clean = async () => {
        const x = await tagged(2000);
        expect(x.r?.lines).toEqual([`+SIMTAG: ${x.tag}`]);
      };

      await clean();
      for (const kind of ['hang', 'late', 'partial'] as const) {
        modem.injectFault(kind);
        const x = await tagged();
        expect(isTimeoutError(x.err), kind).toBe(true);
        // The next command is answered with its own reply, or refused while a late reply may still come.
        const y = await tagged(2000);
        if (y.err) expect(isProtocolError(y.err)).toBe(true);
        else expect(y.r!.lines).toEqual([`+SIMTAG: ${y.tag}`]);
        await clean();
      }
      modem.injectFault('garbage');
      const g = await tagged(2000);
      // Garbage bytes are discarded by the framer; if they cut the reply, the command times out, never misreads.
      if (g.r) expect(g.r.lines.every((l) => l === `+SIMTAG: ${g.tag}`)).toBe(true);
      await clean();
      modem.injectFault('cme');
      const c = await session.exec('AT+CSQ', { timeoutMs: 2000 });
      expect(c.final.kind).toBe('cme-error');
      await clean();
      session.dispose();
    } finally {
      await pool.close();
      await pty.dispose();
      await sim.dispose();
    }
  }, 30_000);
});
