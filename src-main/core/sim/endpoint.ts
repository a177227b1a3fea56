/**
 * The modem side of one USB serial interface for one enumeration. A host side
 * (a binding port, or a PTY pump) attaches to receive what the modem sends;
 * with nobody attached the bytes are lost, like a tty nobody has open.
 */
import type { PortRole as AnyPortRole } from '../../../src-preload/contract/domain';

/** The roles of the simulator's serial interfaces: the contract's, less QMI (not a tty here) and `unknown`. */
export type PortRole = Extract<AnyPortRole, 'diag' | 'nmea' | 'at' | 'at-secondary'>;

/** Interface number -> role, for the default `usbnet` 0 composition (If4 is QMI, not a tty). */
export const INTERFACE_ROLES: readonly PortRole[] = ['diag', 'nmea', 'at', 'at-secondary'];

export interface EndpointSink {
  data(chunk: Buffer): void;
  /** The device went away (unplug, reset, glitch). Called once. */
  gone(): void;
}

export class SimEndpoint {
  #sink: EndpointSink | null = null;
  #present = true;

  constructor(
    readonly path: string,
    readonly modem: number,
    readonly iface: number,
    readonly role: PortRole,
    private readonly onInput: (data: Buffer) => void,
    /** DTR changes from the host (AT&D, V.250 §6.2.9); closing the port drops DTR like a tty with HUPCL. */
    private readonly onDtr: (on: boolean) => void = () => {},
    /** The DCD line the modem drives (AT&C, V.250 §6.2.8). */
    private readonly readDcd: () => boolean = () => false,
  ) {}

  /** Modem -> host: the DCD line. */
  get dcd(): boolean {
    return this.#present && this.readDcd();
  }

  get present(): boolean {
    return this.#present;
  }

  get attached(): boolean {
    return this.#sink !== null;
  }

  /** Returns false when someone else holds it or it is gone. */
  attach(sink: EndpointSink): boolean {
    if (!this.#present || this.#sink !== null) return false;
    this.#sink = sink;
    return true;
  }

  detach(sink: EndpointSink): void {
    if (this.#sink !== sink) return;
    this.#sink = null;
    this.dtr(false);
  }

  /** Modem -> host. */
  send(chunk: Buffer): void {
    this.#sink?.data(chunk);
  }

  /** Host -> modem. */
  write(data: Buffer): void {
    if (this.#present) this.onInput(data);
  }

  /** Host -> modem: the DTR line. */
  dtr(on: boolean): void {
    if (this.#present) this.onDtr(on);
  }

  vanish(): void {
    if (!this.#present) return;
    this.#present = false;
    const sink = this.#sink;
    this.#sink = null;
    sink?.gone();
  }
}
