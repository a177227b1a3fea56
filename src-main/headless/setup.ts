/**
 * The command line's one way to bring modems up: a source says which modems
 * there are (the simulator's, or ports given by path; the same descriptions
 * the app's sources use), and `setUpModems` opens each, initialises its
 * session, reads its identity and puts it under a supervisor, as far as the
 * command asks. `run`, `at`, `list --sim` all come through here.
 */
import type { SessionOptions } from '../core/at/session';
import { ModemSet, type Modem, type ModemPort } from '../core/modem';
import { ModemSupervisor, type PortLocator } from '../core/recovery';
import type { SerialBinding } from '../core/serial/binding';
import { realBinding } from '../core/serial/real-binding';
import { pathModemSpec } from '../core/service/real-sources';
import { simModemSpecs } from '../core/service/sim-source';
import { ModemSimulator } from '../core/sim';
import { UsageError, faultsOption } from './cli-util';
import { modemIdOf } from '../../src-preload/contract/domain';

/** One modem a source offers. */
export interface ModemSpec {
  label: string;
  ports: ModemPort[];
  /** Finds its ports again after a re-enumeration (the supervisor's reopen). */
  locator: PortLocator;
  /** Its slot in the simulator; null for a real port. */
  simIndex: number | null;
}

/** Where the command's modems come from, and what to release after them. */
export interface CliModemSource {
  binding: SerialBinding;
  specs: ModemSpec[];
  /** The in-process simulator, for a simulated source. */
  sim: ModemSimulator | null;
  close(): Promise<void>;
}

export interface SimSourceOptions {
  count: number;
  /** @default 1 */
  seed?: number;
  /** A fault spec as `--faults` takes it. @default undefined (none) */
  faults?: string;
  /** `all`, an index, an IMEI (or its last 4+ digits), a label like sim3. @default 'all' */
  select?: string;
}

/** N simulated modems in this process; `select` keeps some of them (a UsageError when it matches none). */
export async function simSource(o: SimSourceOptions): Promise<CliModemSource> {
  const faults = faultsOption(o.faults);
  const sim = new ModemSimulator({ count: o.count, seed: o.seed ?? 1, ...(faults ? { faults } : {}) });
  const select = o.select ?? 'all';
  const all = simModemSpecs(sim);
  const chosen =
    select === 'all' ? all : all.filter((m) => String(m.index) === select || m.label === select || m.imei === select || (select.length >= 4 && m.imei.endsWith(select)));
  if (chosen.length === 0) {
    await sim.dispose();
    throw new UsageError(`--modem ${select}: no such simulated modem (use 0..${o.count - 1}, sim0.., an IMEI or its last digits, or all)`);
  }
  return {
    binding: sim.binding,
    specs: chosen.map((m) => ({ label: m.label, ports: m.ports, locator: m.locator, simIndex: m.index })),
    sim,
    close: () => sim.dispose(),
  };
}

/** Real AT ports by path (serialport's binding). */
export function portSource(paths: readonly string[]): CliModemSource {
  return {
    binding: realBinding(),
    specs: paths.map((p) => ({ ...pathModemSpec(p), simIndex: null })),
    sim: null,
    close: async () => undefined,
  };
}

export interface SetUpOptions {
  /** Resync and ATE/ATV1/AT+CMEE=2 after opening. @default true */
  init?: boolean;
  /**
   * Where an init failure goes when it does not stop the modem (the engineer's own
   * commands may still work); without it a failed init leaves the modem out. @default undefined
   */
  onInitFailed?: (modem: Modem, error: unknown) => void;
  /** Read IMEI, model, firmware, ICCID, IMSI (a failure leaves the modem out). @default true */
  identity?: boolean;
  /** Put each modem under a ModemSupervisor (retries, breaker, recovery ladder). @default false */
  supervise?: boolean;
  /** Simulated faults wait until every modem is set up: set-up is not under test. @default false */
  quietSetUp?: boolean;
  /** Session options of every modem. @default {} */
  session?: SessionOptions;
  /** Baud rate of real ports (USB modems ignore it). @default the binding's */
  baudRate?: number;
  /** Cancels the set-up. @default undefined */
  signal?: AbortSignal;
}

export interface SetUpModem {
  spec: ModemSpec;
  modem: Modem;
  /** Set with `supervise`. */
  supervisor: ModemSupervisor | null;
}

export interface SetUpModems {
  bench: ModemSet;
  sim: ModemSimulator | null;
  /** In the source's order. */
  modems: SetUpModem[];
  /** Modems that could not be set up, with why (the others still work). */
  failed: { label: string; path: string; error: unknown }[];
  /** Supervisors, ports, then the source. */
  close(): Promise<void>;
}

/** open → init → identity → supervise, each modem on its own; one that fails is reported and left out. */
export async function setUpModems(source: CliModemSource, o: SetUpOptions = {}): Promise<SetUpModems> {
  const bench = new ModemSet({ binding: source.binding, ...(o.baudRate ? { port: { baudRate: o.baudRate } } : {}), modem: o.session ? { session: o.session } : {} });
  const failed: SetUpModems['failed'] = [];
  const quiet = Boolean(o.quietSetUp && source.sim);
  if (quiet) source.sim!.modems.forEach((m) => m.setFaultsEnabled(false));
  const got = await Promise.all(
    source.specs.map(async (spec): Promise<SetUpModem | null> => {
      let modem: Modem;
      try {
        modem = await bench.add(spec.ports, spec.label, { signal: o.signal });
      } catch (error) {
        failed.push({ label: spec.label, path: spec.ports.find((p) => p.role === 'at')?.path ?? '', error });
        return null;
      }
      try {
        if (o.init !== false) await init(modem, o);
        if (o.identity !== false) {
          await modem.readIdentity(o.signal);
          // Its ModemId (IMEI, else the port path), as the app keys it: the controller, run results and a resume use it.
          modem.adoptId(modemIdOf({ imei: modem.identity.imei, path: modem.atPath }));
        }
      } catch (error) {
        failed.push({ label: spec.label, path: modem.atPath, error });
        await bench.remove(modem).catch(() => undefined);
        return null;
      }
      return { spec, modem, supervisor: o.supervise ? new ModemSupervisor(modem, bench, { locator: spec.locator }) : null };
    }),
  );
  if (quiet) source.sim!.modems.forEach((m) => m.setFaultsEnabled(true));
  const modems = got.filter((m): m is SetUpModem => m !== null);
  return {
    bench,
    sim: source.sim,
    modems,
    failed,
    close: async () => {
      for (const m of modems) m.supervisor?.dispose();
      await bench.close();
      await source.close();
    },
  };
}

async function init(modem: Modem, o: SetUpOptions): Promise<void> {
  try {
    await modem.init(o.signal);
  } catch (err) {
    if (!o.onInitFailed) throw err;
    o.onInitFailed(modem, err);
  }
}
