import type { ModemPort } from '../modem/modem';
import type { PortLocator } from '../recovery/locator';
import type { ModemSimulator } from '../sim';

/** Finds simulated modem `index`'s ports as they are now (the simulator knows its devices by slot). */
export function simLocator(sim: ModemSimulator, index: number): PortLocator {
  return {
    current(): ModemPort[] | null {
      const m = sim.modems[index];
      if (!m || !m.present) return null;
      return m.ports().map((p) => ({ path: p.path, role: p.role, interface: p.interface }));
    },
    onChange(listener: () => void): () => void {
      return sim.onChange((c) => {
        if (c.modem === index) listener();
      });
    },
  };
}
