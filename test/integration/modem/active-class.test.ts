import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModemSet } from '../../../src-main/core/modem';
import { isTimeoutError } from '../../../src-main/core/errors';
import { ModemSimulator } from '../../../src-main/core/sim';

/** Modem.activeClass marks the console lines of the command running; it must end however the command ends. */
describe('Modem.activeClass', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('is the running command class while it runs, and null again after an answer and after a failure', async () => {
    const sim = new ModemSimulator({ count: 1, seed: 3, faults: 'none' });
    const bench = new ModemSet({ binding: sim.binding, modem: { initCommands: [] } });
    const d = sim.describe()[0]!;
    const adding = bench.add(d.ports.map((p) => ({ path: p.path, role: p.role, interface: p.interface })), 'sim0');
    await vi.advanceTimersByTimeAsync(10);
    const m = await adding;

    const ok = m.exec('AT+CSQ', { cls: 'health' });
    expect(m.activeClass).toBe('health');
    await vi.advanceTimersByTimeAsync(3000);
    expect((await ok).final.success).toBe(true);
    expect(m.activeClass).toBeNull();

    const late = m.exec('AT+CSQ', { cls: 'batch', timeoutMs: 5 });
    const failed = expect(late).rejects.toSatisfy(isTimeoutError);
    expect(m.activeClass).toBe('batch');
    await vi.advanceTimersByTimeAsync(20);
    await failed;
    expect(m.activeClass).toBeNull();

    await bench.close();
    await sim.dispose();
  });
});
