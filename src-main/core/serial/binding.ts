/**
 * The hardware seam. It mirrors `@serialport/bindings-interface` so that the
 * real binding (serialport's, in real-binding.ts) and the simulator's binding
 * are interchangeable and pass the same contract tests.
 *
 * Contract reminders (from the interface's docs):
 * - `read()` resolves with at least one byte; a read rejected because *we*
 *   closed the port carries `canceled: true`; any other rejection is a disconnect.
 * - `write()` resolves once the bytes are handed to the OS (or the device).
 */
export type {
  BindingInterface,
  BindingPortInterface,
  BindingsErrorInterface,
  OpenOptions,
  PortInfo,
  PortStatus,
  SetOptions,
  UpdateOptions,
} from '@serialport/bindings-interface';

import type { BindingInterface, BindingPortInterface, OpenOptions, PortInfo } from '@serialport/bindings-interface';

export type SerialBinding = BindingInterface<BindingPortInterface, OpenOptions, PortInfo>;

/** An error from a binding, as the OS or the simulator reports it. */
export interface BindingError extends Error {
  canceled?: boolean;
  /** errno-style code when the binding knows it: ENOENT, EACCES, EBUSY, EAGAIN, EIO. */
  code?: string;
}
