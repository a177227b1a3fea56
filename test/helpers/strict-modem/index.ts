/** A strict V.250 fake modem for engine tests (not the simulator): state machine, binding seam, PTY. */
export * from './settings';
export * from './modem';
export * from './binding';
export * from './pty';
