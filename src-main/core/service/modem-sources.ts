/**
 * The app's sources of modems and their lifecycles: the simulated bench (one
 * at a time, replaced whole), discovery (once), ports given by path, and any
 * source added from outside (a remote bench host). Closing a source removes
 * its modems from the registry first.
 */
import { ModemSet } from '../modem/modem-set';
import { InvalidInputError } from '../errors';
import { Mutex } from '../recovery';
import type { SerialBinding } from '../serial/binding';
import type { ModemSimulatorOptions } from '../sim';
import type { ModemSource, ModemSourceContext } from './modem-source';
import { DiscoveredSource, PathSource } from './real-sources';
import { SimulatedSource } from './sim-source';

export interface ModemSourcesOptions {
  /** Binding for real ports; null: no discovery, no ports by path. */
  realBinding: SerialBinding | null;
  /** The external power-cycle command for real modems. @default null */
  powerCycleCommand?: string | null;
  /** Extra simulator options (tests turn latency off). @default {} */
  simOptions?: Omit<ModemSimulatorOptions, 'count' | 'seed' | 'faults'>;
  /** After a source's modems were removed (a delta is due even if none changed). */
  onSourceClosed(): void;
}

export class ModemSources {
  readonly #ctx: ModemSourceContext;
  readonly #o: ModemSourcesOptions;
  readonly #sources = new Set<ModemSource>();
  #sim: SimulatedSource | null = null;
  #discovered: DiscoveredSource | null = null;
  /** The real-port Bench, shared by discovery and ports given by path. */
  #real: ModemSet | null = null;
  /**
   * Starting and stopping the simulated bench one at a time: two overlapping starts
   * each replaced the bench the other was building (an orphaned simulator, two rows per IMEI).
   */
  readonly #simLifecycle = new Mutex(1);
  #closed = false;

  constructor(ctx: ModemSourceContext, o: ModemSourcesOptions) {
    this.#ctx = ctx;
    this.#o = o;
  }

  get simulated(): boolean {
    return this.#sim !== null;
  }

  /** Queue figures over every distinct controller (discovery and paths share the real-port one). */
  queueStats(): { inFlight: number; queued: number } {
    const queues = new Set([...this.#sources].map((s) => s.queue).filter((q) => q !== null));
    let inFlight = 0;
    let queued = 0;
    for (const q of queues) {
      const s = q.stats();
      inFlight += s.inFlight;
      queued += s.queued;
    }
    return { inFlight, queued };
  }

  /** Adds a source: `make` gets what a source needs; it is closed with the others. */
  use<S extends ModemSource>(make: (ctx: ModemSourceContext) => S): S {
    const source = make(this.#ctx);
    this.#sources.add(source);
    return source;
  }

  /** Removes a source's modems from the registry, then closes it; returns how many modems left. */
  async remove(source: ModemSource): Promise<number> {
    if (!this.#sources.delete(source)) return 0;
    const n = this.#ctx.registry.removeSource(source);
    this.#o.onSourceClosed();
    await source.close();
    return n;
  }

  /** Replaces the simulated bench with a new one of `count` modems. */
  async startSimulated(count: number, seed: number, faults: string | undefined): Promise<{ count: number }> {
    const release = await this.#simLifecycle.acquire();
    try {
      if (this.#closed) throw new InvalidInputError('the app is stopping', {});
      // A bad fault spec is refused before the running bench is stopped.
      const source = new SimulatedSource(this.#ctx, { count, seed, faults, simOptions: this.#o.simOptions });
      await this.#stopSimulated();
      this.#sim = this.use(() => source);
      this.#ctx.logger.info({ count, seed, faults }, 'simulated bench started');
      await source.start();
      return { count };
    } finally {
      release();
    }
  }

  async stopSimulated(): Promise<{ stopped: number }> {
    const release = await this.#simLifecycle.acquire();
    try {
      return await this.#stopSimulated();
    } finally {
      release();
    }
  }

  async #stopSimulated(): Promise<{ stopped: number }> {
    const s = this.#sim;
    if (!s) return { stopped: 0 };
    this.#sim = null;
    const stopped = await this.remove(s);
    this.#ctx.logger.info({ stopped }, 'simulated bench stopped');
    return { stopped };
  }

  /** Discovery, once: a second call (or no real binding) finds nothing new. */
  async startDiscovery(signal?: AbortSignal): Promise<{ found: number }> {
    const binding = this.#o.realBinding;
    if (!binding || this.#discovered || this.#closed) return { found: 0 };
    const bench = this.#realBench();
    this.#discovered = this.use((ctx) => new DiscoveredSource(ctx, binding, { bench, powerCycleCommand: this.#o.powerCycleCommand }));
    return this.#discovered.start(signal);
  }

  /** Real AT ports by path. */
  async attachPaths(paths: readonly string[]): Promise<void> {
    if (paths.length === 0 || !this.#o.realBinding) return;
    const bench = this.#realBench();
    await this.use((ctx) => new PathSource(ctx, { bench, powerCycleCommand: this.#o.powerCycleCommand })).start(paths);
  }

  #realBench(): ModemSet {
    this.#real ??= new ModemSet({ binding: this.#o.realBinding!, modem: { session: { timeouts: this.#ctx.timeouts } } });
    return this.#real;
  }

  /** Stops watching, stops the simulator (after a start in progress), disposes every modem, closes every source and port. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#discovered?.close();
    // Waits for a start in progress, so the bench it builds is the one disposed.
    const release = await this.#simLifecycle.acquire();
    try {
      await this.#stopSimulated();
    } finally {
      release();
    }
    this.#ctx.registry.clear();
    for (const s of [...this.#sources]) await this.remove(s);
    this.#discovered = null;
    await this.#real?.close();
    this.#real = null;
  }
}
