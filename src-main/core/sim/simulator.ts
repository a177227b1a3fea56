/**
 * A bench of simulated EC25-EUX modems behind one in-process `SerialBinding`.
 * Paths look like `sim:<modem>.<enumeration>:<interface>` and change on every
 * re-enumeration (like new tty minors); USB serial and location stay.
 */
import type { PortInfo, SerialBinding } from '../serial/binding';
import { Emitter } from '../util/emitter';
import { SimBinding } from './binding';
import type { SimEndpoint } from './endpoint';
import { SimModem, type SimModemState, type SimPortInfo, type SimPortsChange } from './modem';
import { resolveBenchOptions, type ResolvedBenchOptions, type ModemSimulatorOptions } from './options';

export interface SimModemInfo {
  index: number;
  imei: string;
  iccid: string;
  imsi: string;
  model: string;
  /** The full AT+QGMR revision. */
  firmware: string;
  usbSerial: string;
  location: string;
  present: boolean;
  state: SimModemState['state'];
  /** True while it enumerates as QHSUSB__BULK (DM only). */
  bricked: boolean;
  ports: SimPortInfo[];
}

export const QUECTEL_VENDOR_ID = '2c7c';
export const EC25_PRODUCT_ID = '0125';

export class ModemSimulator {
  /** Every bench not disposed yet: its modems' timers keep the process alive. */
  static readonly #live = new Set<ModemSimulator>();

  /** Simulated benches not disposed yet in this process. */
  static get live(): number {
    return ModemSimulator.#live.size;
  }

  /**
   * Disposes every bench still alive; returns how many there were. A shutdown's last
   * step: a bench somebody lost track of must not keep the process running after SIGTERM.
   */
  static async disposeAll(): Promise<number> {
    const left = [...ModemSimulator.#live];
    for (const b of left) await b.dispose();
    return left.length;
  }

  readonly options: ResolvedBenchOptions;
  readonly binding: SerialBinding;
  readonly modems: readonly SimModem[];
  readonly #byPath = new Map<string, SimEndpoint>();
  readonly #changes = new Emitter<SimPortsChange>();
  #disposed = false;

  constructor(options: ModemSimulatorOptions = {}) {
    this.options = resolveBenchOptions(options);
    this.binding = new SimBinding({
      endpoint: (path) => this.#byPath.get(path),
      list: () => this.#list(),
      chunking: this.options.chunking,
    });
    const modems: SimModem[] = [];
    for (let i = 0; i < this.options.count; i++) modems.push(new SimModem(i, this.options, (c) => this.#onPorts(c)));
    this.modems = modems;
    ModemSimulator.#live.add(this);
    for (const m of modems) m.start(this.options.startReady);
  }

  /** Ports added or removed (re-enumeration, unplug, power). Returns the unsubscribe. */
  onChange(listener: (change: SimPortsChange) => void): () => void {
    return this.#changes.on(listener);
  }

  describe(): SimModemInfo[] {
    return this.modems.map((m) => ({
      index: m.index,
      imei: m.identity.imei,
      iccid: m.identity.iccid,
      imsi: m.identity.imsi,
      model: m.identity.model,
      firmware: m.identity.firmware.full,
      usbSerial: m.identity.usbSerial,
      location: m.identity.location,
      present: m.present,
      state: m.state,
      bricked: m.state === 'bricked',
      ports: m.ports(),
    }));
  }

  /** The endpoint behind a path (the PTY exposure attaches to it). */
  endpoint(path: string): SimEndpoint | undefined {
    return this.#byPath.get(path);
  }

  unplug(i: number): void {
    this.#modem(i).unplug();
  }

  replug(i: number): void {
    this.#modem(i).replug();
  }

  powerOff(i: number): void {
    this.#modem(i).powerOff();
  }

  powerOn(i: number): void {
    this.#modem(i).powerOn();
  }

  /** Off and on again: the only cure for a bricked modem. */
  powerCycle(i: number): void {
    this.#modem(i).powerCycle();
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    ModemSimulator.#live.delete(this);
    for (const m of this.modems) m.dispose();
    this.#changes.clear();
    this.#byPath.clear();
  }

  #modem(i: number): SimModem {
    const m = this.modems[i];
    if (!Number.isInteger(i) || m === undefined) throw new RangeError(`No simulated modem ${i} (the bench has ${this.modems.length})`);
    if (this.#disposed) throw new Error('ModemSimulator is disposed');
    return m;
  }

  #onPorts(change: SimPortsChange): void {
    const m = this.modems[change.modem] ?? null;
    if (change.type === 'added' && m) for (const ep of m.endpoints) this.#byPath.set(ep.path, ep);
    if (change.type === 'removed') for (const p of change.ports) this.#byPath.delete(p.path);
    this.#changes.emit(change);
  }

  #list(): PortInfo[] {
    const out: PortInfo[] = [];
    for (const m of this.modems) {
      const bricked = m.state === 'bricked';
      const id = m.identity;
      for (const ep of m.endpoints) {
        const ifno = String(ep.iface).padStart(2, '0');
        out.push({
          path: ep.path,
          manufacturer: bricked ? 'Qualcomm CDMA Technologies MSM' : 'Quectel',
          serialNumber: bricked ? undefined : id.usbSerial,
          pnpId: bricked
            ? `usb-Qualcomm_CDMA_Technologies_MSM_QHSUSB__BULK-if${ifno}-port0`
            : `usb-Quectel_${id.model}_${id.usbSerial}-if${ifno}-port0`,
          locationId: id.location,
          vendorId: QUECTEL_VENDOR_ID,
          productId: EC25_PRODUCT_ID,
        });
      }
    }
    return out;
  }
}
