/** Health: periodic low-priority polling per modem, the health snapshot and state with reasons. */
export * from './monitor';
export { perReadQmiSignalSource } from './qmi-per-read';
