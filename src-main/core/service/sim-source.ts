/**
 * Simulated modems: one ModemSimulator (its hub relay powers modems off and on, its
 * QMI endpoints answer in-process) behind its own Bench.
 */
import { ModemSet } from '../modem/modem-set';
import type { ModemPort } from '../modem/modem';
import type { PortLocator } from '../recovery';
import type { ModemView } from '../../../src-preload/contract';
import { InvalidInputError } from '../errors';
import { perReadQmiSignalSource } from '../health';
import { ModemSimulator, parseFaultSpec, type ModemSimulatorOptions } from '../sim';
import { openSimQmi } from '../sim/qmi/index';
import { LocalModem } from './local-modem';
import type { ModemSource, ModemSourceContext, QueueStats } from './modem-source';
import { qmiRequest } from './qmi-request';
import { simLocator } from './sim-locator';

type FaultPlan = ReturnType<typeof parseFaultSpec>;

export interface SimulatedSourceOptions {
  count: number;
  /** @default 1 */
  seed?: number;
  /** A fault spec (see `parseFaultSpec`); blank means none. @default undefined */
  faults?: string;
  /** Extra simulator options (tests turn latency off). @default {} */
  simOptions?: Omit<ModemSimulatorOptions, 'count' | 'seed' | 'faults'>;
}

/** A simulated modem as the simulator describes it: enough to open it and find it again. */
export interface SimModemSpec {
  index: number;
  label: string;
  imei: string;
  ports: ModemPort[];
  usb: NonNullable<ModemView['usb']>;
  locator: PortLocator;
}

/** The simulator's modems, named sim0, sim1, ... (the app and the command line alike). */
export function simModemSpecs(sim: ModemSimulator): SimModemSpec[] {
  return sim.describe().map((d) => ({
    index: d.index,
    label: `sim${d.index}`,
    imei: d.imei,
    ports: d.ports.map((p) => ({ path: p.path, role: p.role, interface: p.interface })),
    usb: { vendorId: '2c7c', productId: '0125', serialNumber: d.usbSerial, location: d.location },
    locator: simLocator(sim, d.index),
  }));
}

export class SimulatedSource implements ModemSource {
  readonly kind = 'simulated';
  readonly #ctx: ModemSourceContext;
  readonly #o: SimulatedSourceOptions;
  readonly #plan: FaultPlan | undefined;
  #built: { sim: ModemSimulator; bench: ModemSet } | null = null;

  /** Throws InvalidInputError on a bad fault spec; builds nothing until start(). */
  constructor(ctx: ModemSourceContext, o: SimulatedSourceOptions) {
    if (o.faults !== undefined && o.faults.trim() !== '') {
      try {
        this.#plan = parseFaultSpec(o.faults);
      } catch (err) {
        throw new InvalidInputError(`faults: ${(err as Error).message}`, { field: 'faults' });
      }
    }
    this.#ctx = ctx;
    this.#o = o;
  }

  /** The simulator, once started. */
  get sim(): ModemSimulator | null {
    return this.#built?.sim ?? null;
  }

  get queue(): QueueStats | null {
    return this.#built?.bench.controller ?? null;
  }

  /** Builds the simulator, adds every simulated modem to the registry and sets them up. */
  async start(): Promise<void> {
    if (this.#built) return;
    const sim = new ModemSimulator({ ...this.#o.simOptions, count: this.#o.count, seed: this.#o.seed ?? 1, ...(this.#plan ? { faults: this.#plan } : {}) });
    const bench = new ModemSet({ binding: sim.binding, modem: { session: { timeouts: this.#ctx.timeouts } } });
    this.#built = { sim, bench };
    await Promise.all(
      simModemSpecs(sim).map(async (d) => {
        const modem = new LocalModem(this.#ctx, {
          label: d.label,
          simulated: true,
          simIndex: d.index,
          ports: d.ports,
          usb: d.usb,
          locator: d.locator,
          bench,
          // The simulated bench has a simulated hub relay: the power-cycle step works on it.
          powerCycle: async () => sim.powerCycle(d.index),
          // Its QMI endpoint, held only per read: the engineer's QMI requests share it (issue 15).
          qmiSignal: () => perReadQmiSignalSource(async () => openSimQmi(sim.modems[d.index]!)),
          qmi: (ports, request, timeoutMs) => qmiRequest({ simulated: true, simIndex: d.index, ports }, request, sim, timeoutMs),
          cable: { unplug: () => sim.unplug(d.index), replug: () => sim.replug(d.index) },
        });
        this.#ctx.registry.add(modem, this);
        this.#ctx.hooks.changed(modem);
        await modem.connect();
      }),
    );
  }

  async close(): Promise<void> {
    const b = this.#built;
    this.#built = null;
    if (!b) return;
    await b.bench.close();
    await b.sim.dispose();
  }
}
