/**
 * The modems on the bench, whichever source brought them: one place that
 * adds, finds and removes them, so a modem that leaves (removed, dropped as a
 * second port of another, its source stopped) is disposed and its metrics
 * forgotten the same way every time.
 */
import { UnknownModemError } from '../errors';
import type { Logger } from '../log';
import type { ManagedModem, ModemSource } from './modem-source';

export interface ModemRegistryOptions {
  /** Metrics are kept per ModemId: a modem that left has its counters and histograms (WASM memory) forgotten. */
  metrics: { forget(id: string): void };
  /** After a modem was disposed and removed (the app tells the renderer it is gone). */
  onRemoved(m: ManagedModem): void;
  logger: Logger;
}

export class ModemRegistry {
  readonly #o: ModemRegistryOptions;
  readonly #modems = new Map<string, { modem: ManagedModem; source: ModemSource }>();

  constructor(o: ModemRegistryOptions) {
    this.#o = o;
  }

  add(modem: ManagedModem, source: ModemSource): void {
    this.#modems.set(modem.key, { modem, source });
  }

  get size(): number {
    return this.#modems.size;
  }

  /** In the order they were added. */
  values(): ManagedModem[] {
    return [...this.#modems.values()].map((r) => r.modem);
  }

  has(modem: ManagedModem): boolean {
    return this.#modems.get(modem.key)?.modem === modem;
  }

  sourceOf(modem: ManagedModem): ModemSource | null {
    return this.#modems.get(modem.key)?.source ?? null;
  }

  /** By ModemId (what the contract's `modemId` carries), registry key, label or IMEI. */
  find(ref: string): ManagedModem {
    const byKey = this.#modems.get(ref);
    if (byKey) return byKey.modem;
    for (const { modem: m } of this.#modems.values()) if (m.id === ref || m.label === ref || m.identity.imei === ref) return m;
    throw new UnknownModemError(ref);
  }

  /** By the name its source gave it (a tagged modem's `label` is its slot name; its source's name stays). */
  findByLabel(label: string): ManagedModem | undefined {
    return this.values().find((m) => (m.baseLabel ?? m.label) === label);
  }

  /** Disposes and removes one modem; false when it was not here. */
  remove(modem: ManagedModem): boolean {
    if (!this.has(modem)) return false;
    modem.dispose();
    this.#modems.delete(modem.key);
    // Another modem may report under the same id (one device given twice): its figures stay.
    if (!this.values().some((m) => m.id === modem.id)) this.#o.metrics.forget(modem.id);
    this.#o.onRemoved(modem);
    return true;
  }

  /** Removes every modem a source brought; returns how many. */
  removeSource(source: ModemSource): number {
    let n = 0;
    for (const { modem, source: s } of [...this.#modems.values()]) if (s === source && this.remove(modem)) n++;
    return n;
  }

  /**
   * Two of one modem's AT ports given (or found) as two modems read the same IMEI: the
   * modem is on the bench once, through the port that answered first: call it once `modem` has read
   * its identity, and it is dropped if another modem has its IMEI. True when `modem` was dropped.
   */
  dropIfAlreadyOnBench(modem: ManagedModem): boolean {
    const imei = modem.identity.imei;
    if (imei === null || !this.has(modem)) return false;
    const first = this.values().find((m) => m !== modem && m.identity.imei === imei);
    if (!first) return false;
    this.#o.logger.warn(
      { imei, kept: first.label, dropped: modem.label },
      `modem ${imei} is already on the bench as ${first.label}: ${modem.label} is another port of it and is not used as a modem of its own`,
    );
    return this.remove(modem);
  }

  /** Disposes every modem without telling anyone (the app is stopping). */
  clear(): void {
    for (const { modem } of this.#modems.values()) modem.dispose();
    this.#modems.clear();
  }
}
