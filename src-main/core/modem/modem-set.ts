import { ConcurrencyController, type ControllerOptions } from '../concurrency/controller';
import type { SerialBinding } from '../serial/binding';
import type { AtSession } from '../at/session';
import type { PortHandle, PortHandleOptions } from '../serial/port';
import { PortPool } from '../serial/pool';
import { Modem, type ModemOptions, type ModemPort } from './modem';
import { type ModemId, modemIdOf } from '../../../src-preload/contract/domain';

export interface ModemSetOptions {
  /** Real (serialport) or simulated binding. */
  binding: SerialBinding;
  /** Global limit, queue bounds, aging. @default {} */
  controller?: ControllerOptions;
  /** Defaults for every modem. @default {} */
  modem?: ModemOptions;
  /** Defaults for every port. @default {} */
  port?: PortHandleOptions;
}

/** What is still held after `close()`: every count must be zero. */
export interface LeakReport {
  openPorts: number;
  portListeners: number;
  sessionListeners: number;
  controllerInFlight: number;
}

/** The modems of one bench, their ports and sessions, and the shared controller. */
export class ModemSet {
  readonly pool: PortPool;
  readonly controller: ConcurrencyController;
  readonly #modemDefaults: ModemOptions;
  readonly #modems = new Set<Modem>();
  // Kept after close() so the leak report can look at what the modems held.
  readonly #everOpened: { port: PortHandle; session: AtSession }[] = [];

  constructor(options: ModemSetOptions) {
    this.pool = new PortPool({ binding: options.binding, port: options.port });
    this.controller = new ConcurrencyController(options.controller);
    this.#modemDefaults = options.modem ?? {};
  }

  get modems(): Modem[] {
    return [...this.#modems.values()];
  }

  /**
   * Opens a modem's AT port and adds it; `label` is for people. `id`: its
   * ModemId as far as known before the identity is read (USB serial +
   * topology); the modem takes its IMEI with `adoptId` once read.
   * @default id `port:<AT path>`
   */
  async add(ports: ModemPort[], label: string, options: ModemOptions & { signal?: AbortSignal; id?: ModemId } = {}): Promise<Modem> {
    const { signal, id, ...modemOptions } = options;
    const at = ports.find((p) => p.role === 'at')?.path ?? null;
    const modem = new Modem(id ?? modemIdOf({ imei: null, path: at }), label, ports, this.pool, this.controller, { ...this.#modemDefaults, ...modemOptions });
    await modem.open(signal);
    this.#modems.add(modem);
    if (modem.port && modem.session) this.#everOpened.push({ port: modem.port, session: modem.session });
    return modem;
  }

  async remove(modem: Modem): Promise<void> {
    await modem.close();
    this.#modems.delete(modem);
  }

  /** Closes every modem, the controller and the pool. */
  async close(): Promise<void> {
    await Promise.allSettled(this.modems.map((m) => this.remove(m)));
    this.controller.close();
    await this.pool.close();
  }

  leaks(): LeakReport {
    let portListeners = 0;
    let sessionListeners = 0;
    for (const m of this.#everOpened) {
      portListeners += m.port.listenerCount;
      sessionListeners += m.session.listenerCount;
    }
    return {
      openPorts: this.pool.openCount + this.pool.size,
      portListeners,
      sessionListeners,
      controllerInFlight: this.controller.inFlight,
    };
  }
}
