import { vi } from 'vitest';
import { ModemSet } from '../../src-main/core/modem';
import type { BatchRunner, RunData, RunTarget } from '../../src-main/core/batch';
import { ModemSupervisor } from '../../src-main/core/recovery';
import { simLocator } from '../../src-main/core/service/sim-locator';
import { ModemSimulator, type ModemSimulatorOptions } from '../../src-main/core/sim';

/** Settles a promise into a value so a rejection is never unhandled while fake time runs. */
export function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/** Runs to the end in fake time, one tick of `stepMs` at a time, at most `maxTicks` ticks. */
export async function drive(runner: BatchRunner, maxTicks = 2000, stepMs = 1000): Promise<RunData> {
  let out: RunData | undefined;
  const p = settle(runner.run()).then((r) => {
    if (!r.ok) throw r.error;
    out = r.value;
  });
  for (let t = 0; t < maxTicks && !out; t++) await vi.advanceTimersByTimeAsync(stepMs);
  await p;
  if (!out) throw new Error('the run did not end');
  return out;
}

/** N simulated modems, opened, initialised, identified and supervised, as RunTargets (fake time must be on). */
export async function simTargets(o: ModemSimulatorOptions & { count: number }) {
  const sim = new ModemSimulator({ seed: 5, ...o });
  const bench = new ModemSet({ binding: sim.binding });
  sim.modems.forEach((m) => m.setFaultsEnabled(false));
  const setup = settle(
    Promise.all(
      sim.describe().map(async (d) => {
        const modem = await bench.add(d.ports.map((p) => ({ path: p.path, role: p.role, interface: p.interface })), `sim${d.index}`);
        await modem.init();
        const id = await modem.readIdentity();
        const sup = new ModemSupervisor(modem, bench, { locator: simLocator(sim, d.index) });
        const target: RunTarget = {
          key: id.imei ?? `sim${d.index}`,
          label: `sim${d.index}`,
          identity: { imei: id.imei, iccid: id.iccid, imsi: id.imsi, model: id.model, firmware: id.firmware, revision: id.revision },
          tags: d.index % 2 ? ['odd'] : ['even'],
          exec: (c, x) => sup.exec(c, x),
          onTimeline: (l) => sup.timeline.on(l),
        };
        return { sup, target };
      }),
    ),
  );
  await vi.advanceTimersByTimeAsync(3000);
  const s = await setup;
  if (!s.ok) throw s.error;
  sim.modems.forEach((m) => m.setFaultsEnabled(true));
  return {
    sim,
    bench,
    sups: s.value.map((x) => x.sup),
    targets: s.value.map((x) => x.target),
    close: async () => {
      for (const x of s.value) x.sup.dispose();
      await bench.close();
      await sim.dispose();
    },
  };
}

/** A target that answers from a script (test/helpers/scripted-target.ts). */
export { scriptedTarget } from './scripted-target';
