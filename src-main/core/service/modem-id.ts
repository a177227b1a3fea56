/**
 * A modem's ModemId over its life on the bench: what USB (or the port path)
 * says until the identity is first read, then fixed (the IMEI when it was
 * read) whatever the label does. Another IMEI read later in the same slot is
 * another modem and gets its own id; an IMEI turning up for an id taken
 * without one is the same modem, and the id stays.
 */
import { type ModemId, type ModemIdParts, modemIdOf } from '../../../src-preload/contract';

export class ModemIdKeeper {
  readonly #parts: () => Omit<ModemIdParts, 'imei'>;
  #id: ModemId | null = null;
  /** The IMEI the id was taken from; null when it was taken without one. */
  #fromImei: string | null = null;

  /** `parts`: the USB serial, topology and AT port path, read when needed. */
  constructor(parts: () => Omit<ModemIdParts, 'imei'>) {
    this.#parts = parts;
  }

  /** The id now, for a modem whose IMEI (if read) is `imei`. */
  current(imei: string | null): ModemId {
    return this.#id ?? modemIdOf({ ...this.#parts(), imei });
  }

  /** The first identity read: the id is fixed from here. */
  fix(imei: string | null): ModemId {
    if (this.#id === null) {
      this.#id = modemIdOf({ ...this.#parts(), imei });
      this.#fromImei = imei;
    }
    return this.#id;
  }

  /** An identity re-read: true when it found another modem (another IMEI) and the id followed. */
  reread(imei: string | null): boolean {
    if (imei === null || this.#fromImei === null || imei === this.#fromImei) return false;
    this.#id = this.#fromImei = imei;
    return true;
  }
}
