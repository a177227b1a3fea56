/**
 * Real modems on this host's serial ports, either found by discovery (USB
 * grouping, roles, AT probe, hot-plug) or given by path. Both queue in the
 * one real-port Bench the app hands them.
 */
import type { ModemSet } from '../modem/modem-set';
import { type CandidateModem, PortWatcher, discover } from '../discovery';
import { type PortLocator, type PowerCycleVars, shellPowerCycle } from '../recovery';
import type { SerialBinding } from '../serial/binding';
import { LocalModem, type LocalModemParts } from './local-modem';
import type { ModemSource, ModemSourceContext, QueueStats } from './modem-source';
import { qmiRequest } from './qmi-request';

export interface RealSourceOptions {
  /** The real-port Bench, shared by every real source (one controller, one pool). */
  bench: ModemSet;
  /**
   * External power cycle: a shell command with {location}, {usbSerial}, {imei}, {label}.
   * @default null (the ladder has no power-cycle step)
   */
  powerCycleCommand?: string | null;
}

type Port = LocalModemParts['ports'][number];

/** The modem page's QMI request for a real modem: its cdc-wdm, if discovery found one. */
const realQmi: LocalModemParts['qmi'] = (ports, request, timeoutMs) => qmiRequest({ simulated: false, simIndex: null, ports }, request, null, timeoutMs);

function powerCycle(cmd: string | null | undefined, vars: () => PowerCycleVars): ((signal: AbortSignal) => Promise<void>) | null {
  return cmd ? shellPowerCycle(cmd, vars) : null;
}

/** A modem is named after what the OS says it is and where it hangs. */
export function candidateLabel(c: CandidateModem): string {
  return `${c.model ?? c.product ?? c.manufacturer ?? 'modem'} @ ${c.location ?? c.topology ?? c.ports[0]?.path ?? '?'}`;
}

/** Adds a local modem, sets it up, and drops it if it turns out to be a second port of a modem already here. */
async function addAndConnect(ctx: ModemSourceContext, source: ModemSource, modem: LocalModem): Promise<void> {
  ctx.registry.add(modem, source);
  ctx.hooks.changed(modem);
  await modem.connect();
  ctx.registry.dropIfAlreadyOnBench(modem);
}

/**
 * Real modems found by discovery, and kept watching for hot-plug. Each modem
 * is followed across re-enumeration by its USB device (serial number /
 * topology), not by its tty path.
 */
export class DiscoveredSource implements ModemSource {
  readonly kind = 'discovered';
  readonly #ctx: ModemSourceContext;
  readonly #binding: SerialBinding;
  readonly #o: RealSourceOptions;
  #watcher: PortWatcher | null = null;

  constructor(ctx: ModemSourceContext, binding: SerialBinding, o: RealSourceOptions) {
    this.#ctx = ctx;
    this.#binding = binding;
    this.#o = o;
  }

  get queue(): QueueStats {
    return this.#o.bench.controller;
  }

  /** Lists and probes the ports, adds every modem found, then watches. Returns how many modems answered. */
  async start(signal?: AbortSignal): Promise<{ found: number }> {
    const found = await discover(this.#binding, { probe: true, signal });
    const watcher = new PortWatcher(this.#binding);
    this.#watcher = watcher;
    watcher.onError((err) => this.#ctx.logger.warn({ err: err.message }, 'port list failed'));
    watcher.onChange((ev) => {
      if (ev.type !== 'removed' && !this.#ctx.registry.findByLabel(candidateLabel(ev.candidate))) void this.#add(ev.candidate, null);
    });
    watcher.start();
    let n = 0;
    for (const m of found.modems) {
      if (m.ready) n++;
      void this.#add(m.candidate, m.ports);
    }
    this.#ctx.logger.info({ modems: found.modems.length, ready: n }, 'discovery');
    return { found: n };
  }

  async #add(candidate: CandidateModem, probedPorts: readonly Port[] | null): Promise<void> {
    const key = candidate.key;
    const watcher = this.#watcher;
    const portsOf = (c: CandidateModem | undefined): Port[] | null =>
      c?.ports.map((p) => ({ path: p.path, role: p.role, interface: p.interface }) as Port) ?? null;
    const locator: PortLocator = {
      current: () => portsOf(watcher?.candidates.find((c) => c.key === key)),
      onChange: (l) => watcher?.onChange((ev) => ev.candidate.key === key && l()) ?? (() => undefined),
    };
    const modem: LocalModem = new LocalModem(this.#ctx, {
      label: candidateLabel(candidate),
      simulated: false,
      simIndex: null,
      ports: probedPorts ? [...probedPorts] : (portsOf(candidate) ?? []),
      usb: { vendorId: candidate.vendorId, productId: candidate.productId, serialNumber: candidate.serialNumber, location: candidate.location },
      bench: this.#o.bench,
      locator,
      // Read when the hook runs: the IMEI is known only after the modem answered.
      powerCycle: powerCycle(this.#o.powerCycleCommand, () => ({
        location: candidate.location ?? candidate.topology,
        usbSerial: candidate.serialNumber,
        imei: modem.identity.imei,
        label: modem.label,
      })),
      qmi: realQmi,
    });
    await addAndConnect(this.#ctx, this, modem);
  }

  close(): Promise<void> {
    this.#watcher?.dispose();
    this.#watcher = null;
    return Promise.resolve();
  }
}

/** A real AT port given by path: without discovery it is found again by its path only. */
export function pathModemSpec(path: string): { label: string; ports: Port[]; locator: PortLocator } {
  const ports: Port[] = [{ path, role: 'at', interface: null }];
  return { label: path, ports, locator: { current: () => ports, onChange: () => () => undefined } };
}

/** Real AT ports given by path (the command line's --port): without discovery a port is found again by its path. */
export class PathSource implements ModemSource {
  readonly kind = 'path';
  readonly #ctx: ModemSourceContext;
  readonly #o: RealSourceOptions;

  constructor(ctx: ModemSourceContext, o: RealSourceOptions) {
    this.#ctx = ctx;
    this.#o = o;
  }

  get queue(): QueueStats {
    return this.#o.bench.controller;
  }

  async start(paths: readonly string[]): Promise<void> {
    await Promise.all(
      paths.map(async (path) => {
        const spec = pathModemSpec(path);
        const modem: LocalModem = new LocalModem(this.#ctx, {
          ...spec,
          simulated: false,
          simIndex: null,
          usb: null,
          bench: this.#o.bench,
          powerCycle: powerCycle(this.#o.powerCycleCommand, () => ({ location: null, usbSerial: null, imei: modem.identity.imei, label: modem.label })),
          qmi: realQmi,
        });
        await addAndConnect(this.#ctx, this, modem);
      }),
    );
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
