/**
 * The EC25 simulator: modems with fault injection behind the same serial
 * binding contract as the real ports, in-process or on real PTYs.
 *
 * - `ModemSimulator`: N simulated EC25-EUX modems, their `binding`, hot-plug controls, `describe()`.
 * - `parseFaultSpec` / `FaultSpecError`: the fault plan grammar (documented in faults.ts).
 * - `SimPtyExposure`: each serial interface on a PTY with stable symlinks (Linux/macOS).
 * - `receiveSms` / `SimModem.receiveSms`: an SMS from the network (stored, `+CMTI`/`+CMT` per AT+CNMI).
 * - `SimBinding`: the in-process `SerialBinding` (normally reached as `bench.binding`).
 */
export { ModemSimulator, QUECTEL_VENDOR_ID, EC25_PRODUCT_ID, type SimModemInfo } from './simulator';
export { SimBinding, SimPortBinding } from './binding';
export { INTERFACE_ROLES, type PortRole } from './endpoint';
export {
  parseFaultSpec,
  faultsFor,
  FaultSpecError,
  FAULT_KINDS,
  type FaultKind,
  type FaultPlan,
  type FaultRate,
  type FaultRule,
  type ModemFaults,
  type ModemSelector,
} from './faults';
export { luhnValid, type SimIdentity, type SimOperator } from './identity';
export type { ReplyTally } from './channel-timing';
export { SimModem, type SimModemState, type SimPortInfo, type SimPortsChange } from './modem';
export { DEFAULT_LATENCY, type LatencyRange, type ModemSimulatorOptions, type SimLatency, type SimSimOptions } from './options';
export { receiveSms, SmsStorageFullError, type IncomingSms, type SmsDelivery } from './sms/receive';
export { decodePdu, encodeDeliver, encodeSubmit, PduError, type SmsPdu, type SmsTpdu } from './sms/pdu';
export { parseStartState, StartStateSpecError, START_STATE_HELP, type StartStateRule } from './start-state';
export { factorySettings, type AtSettings, type SettingsPatch } from './settings';
export { SimPtyExposure, PtyUnsupportedError, type SimPtyExposureOptions, type SimPtyPath } from './pty';
