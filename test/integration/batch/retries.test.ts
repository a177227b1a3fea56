import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModemSet } from '../../../src-main/core/modem';
import { BatchRunner, type RunTarget, parseBatch } from '../../../src-main/core/batch';
import { ModemSupervisor } from '../../../src-main/core/recovery';
import type { SerialBinding } from '../../../src-main/core/serial/binding';
import { simLocator } from '../../../src-main/core/service/sim-locator';
import { ModemSimulator } from '../../../src-main/core/sim';
import { settle, simTargets } from '../../helpers/batch-run';

/**
 * The simulator behind a binding that swallows every write of one command:
 * that command never reaches the modem (so it is never answered), every other
 * command (the resync's probes included) is answered. Writes of the swallowed
 * command are counted here, below the session and every retry layer.
 */
function swallowing(sim: ModemSimulator, command: string): { binding: SerialBinding; sends: () => number } {
  let sends = 0;
  const inner = sim.binding;
  const binding: SerialBinding = {
    list: () => inner.list(),
    open: async (o) => {
      const port = await inner.open(o);
      return new Proxy(port, {
        get(target, key) {
          if (key === 'write') {
            return async (buf: Buffer) => {
              if (buf.toString('latin1').includes(command)) {
                sends++;
                return;
              }
              return target.write(buf);
            };
          }
          const v: unknown = Reflect.get(target, key);
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
      });
    },
  };
  return { binding, sends: () => sends };
}

describe('batch retries are decided in one place', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a step with retries: 2 against a modem that never answers it is sent exactly 3 times and reports attempts: 3', async () => {
    const sim = new ModemSimulator({ count: 1, seed: 5 });
    sim.modems.forEach((m) => m.setFaultsEnabled(false));
    const wire = swallowing(sim, 'AT+CSQ');
    const bench = new ModemSet({ binding: wire.binding });
    const d = sim.describe()[0]!;
    const setup = settle(
      (async () => {
        const modem = await bench.add(d.ports.map((p) => ({ path: p.path, role: p.role, interface: p.interface })), 'sim0');
        await modem.init();
        const id = await modem.readIdentity();
        return { modem, id };
      })(),
    );
    await vi.advanceTimersByTimeAsync(3000);
    const s = await setup;
    if (!s.ok) throw s.error;
    const sup = new ModemSupervisor(s.value.modem, bench, { locator: simLocator(sim, 0) });
    const target: RunTarget = {
      key: s.value.id.imei ?? 'sim0',
      label: 'sim0',
      identity: { imei: s.value.id.imei, iccid: null, imsi: null, model: null, firmware: null, revision: null },
      exec: (c, x) => sup.exec(c, x),
    };
    const plan = await parseBatch('steps:\n  - send: AT+CSQ\n    timeout: 1s\n    retries: 2\n', 'r.yaml');
    const run = settle(new BatchRunner({ plan, targets: [target] }).run());
    for (let i = 0; i < 600 && wire.sends() < 100; i++) await vi.advanceTimersByTimeAsync(1000);
    const out = await run;
    if (!out.ok) throw out.error;
    const step = out.value.results[0]!;
    expect(wire.sends()).toBe(3);
    expect(step.attempts).toBe(3);
    expect(step.status).toBe('error');
    expect(step.errorCode).toBe('timeout');
    sup.dispose();
    await bench.close();
    await sim.dispose();
  });

  it('the same against the simulator with hang at rate 1 on that modem: 3 sends, attempts: 3, then the ladder (not before the last send)', async () => {
    const t = await simTargets({ count: 2, faults: 'hang:1@0' });
    const sent = t.sim.modems.map(() => 0);
    const plan = await parseBatch('steps:\n  - send: AT+CSQ\n    timeout: 1s\n    retries: 2\n', 'r.yaml');
    const timeline: string[] = [];
    t.sups[0]!.timeline.on((e) => timeline.push(e.kind));
    t.sups.forEach((s, i) => s.onOutcome((o) => o.command === 'AT+CSQ' && sent[i]!++));
    const run = settle(new BatchRunner({ plan, targets: t.targets }).run());
    for (let i = 0; i < 600; i++) await vi.advanceTimersByTimeAsync(1000);
    const out = await run;
    if (!out.ok) throw out.error;
    const [hung, fine] = t.targets.map((x) => out.value.results.find((r) => r.modemKey === x.key)!);
    expect(sent).toEqual([3, 1]);
    expect(out.value.transcripts![hung!.modemKey]!.filter((e) => e.dir === 'tx')).toHaveLength(3);
    expect(hung).toMatchObject({ status: 'error', attempts: 3 });
    // No answer (timeout), or the session's own resync after the timeouts found the channel mute.
    expect(['timeout', 'protocol-error']).toContain(hung!.errorCode);
    expect(fine).toMatchObject({ status: 'pass', attempts: 1 });
    // The step's own retries came first; the ladder only after the last send.
    expect(timeline.indexOf('recovery-start')).toBeGreaterThanOrEqual(0);
    await t.close();
  });
});
