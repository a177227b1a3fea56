/** Shapes shared by the discovery modules: what the OS lists, how we group it, what probing finds. */
import type { ModemIdentity, ModemPort, PortRole } from '../modem/modem';
import type { PortInfo } from '../serial/binding';

export type { ModemIdentity, ModemPort, PortRole };

/** What we learned about a tty from sysfs (Linux): the USB device and interface behind it. */
export interface SysfsUsbInfo {
  /** The USB device's bus path (`1-1.4.2`): the hub ports from the root, stable per physical slot. */
  busPath: string;
  /** bInterfaceNumber of the interface that owns the tty. */
  interfaceNumber: number;
  /** The device's iSerial, when it has one. */
  serial?: string | null;
  /** The device's iProduct (`EC25-EUX`, `QHSUSB__BULK`). */
  product?: string | null;
  /** bcdDevice as sysfs prints it (`0318`; `0000` for the QHSUSB__BULK boot failure). */
  bcdDevice?: string | null;
}

/** A port as listed, optionally with what sysfs added (see `enrichFromSysfs`). */
export interface ListedPort extends PortInfo {
  sysfs?: SysfsUsbInfo;
}

/**
 * How the device's USB functions are laid out (ec25-facts §2):
 * - `default`: RmNet/QMI or ECM (`usbnet` 0/1): If0 DIAG, If1 NMEA, If2 AT, If3 modem/AT.
 * - `rndis`: `usbnet` 3: RNDIS takes If0-1, the serial functions move to If2-5.
 * - `bootloader`: QHSUSB__BULK or a lone If0: the modem did not boot; only DIAG exists.
 * - `generic`: not a device we know: every port is probed.
 * - `unknown`: a known device in a layout we do not recognise: unmatched ports are probed.
 */
export type Composition = 'default' | 'rndis' | 'bootloader' | 'generic' | 'unknown';

/** One serial interface of a candidate modem. */
export interface CandidatePort extends ModemPort {
  info: ListedPort;
}

/** How a candidate's ports were tied together. */
export type GroupedBy = 'serial' | 'topology' | 'pnp-prefix' | 'tty-order' | 'single';

/** The serial ports of one USB device: a modem until probing says otherwise. */
export interface CandidateModem {
  /**
   * Stable while the device stays on the same hub port (or keeps its serial when no topology is
   * known); the watcher diffs by it. Not the modem identity: see `matchIdentity`.
   */
  key: string;
  vendorId: string | null;
  productId: string | null;
  /** iSerial when it is usable (Windows-made instance ids and empty strings are dropped). */
  serialNumber: string | null;
  /** Whether the serial number is shared with another device on this bench (`community_fw`, `0123456789ABCDEF`). */
  serialShared: boolean;
  /** Where the device hangs: Linux bus path, Windows parent instance prefix, macOS location id. */
  topology: string | null;
  /** The OS's location text, for humans (`1-1.4.2`, `Port_#0002.Hub_#0004`). */
  location: string | null;
  manufacturer: string | null;
  /** Product as the OS shows it (`EC25-EUX`, `QHSUSB__BULK`), when known. */
  product: string | null;
  /** The known device entry (`EC25/EG25-G`), or null for other vendors. */
  model: string | null;
  composition: Composition;
  groupedBy: GroupedBy;
  ports: CandidatePort[];
  /** Device-level findings (broken boot, ambiguous grouping, AT port not bound). */
  notes: DeviceNote[];
}

export type DeviceNoteKind = 'bootloader' | 'lone-diag' | 'ambiguous-grouping' | 'no-at-port' | 'unknown-layout';

export interface DeviceNote {
  kind: DeviceNoteKind;
  message: string;
}
