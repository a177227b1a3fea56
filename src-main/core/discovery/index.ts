/**
 * Discovery: from the OS port list to modems with roles and a stable key.
 *
 * - `discover(binding, options)`: one shot: list, group, roles, AT probe, identity key.
 * - `groupPorts(ports, platform)`: the serial ports of each USB device as one candidate (pure).
 * - `interfaceNumberOf`, `topologyOf`, `usableSerial`: USB facts from a `PortInfo` (pure).
 * - `KNOWN_DEVICES`, `detectComposition`, `roleFor`: the Quectel table and its layouts (pure).
 * - `matchIdentity(previous, candidate)`: IMEI first, then USB serial + topology (pure).
 * - `probeCandidates(binding, candidates, options)`: AT on the AT ports, identity, per-port diagnostics.
 * - `PortWatcher`: polls the list, debounces re-enumeration, emits added/removed/changed.
 * - `describePortError`, `formatDiagnostic`, `findPortHolders`: why a port is unusable and the fix.
 * - `enrichFromSysfs`: Linux bus path and interface from sysfs.
 */
export * from './types';
export * from './usb-ids';
export * from './port-info';
export * from './group';
export * from './identity';
export * from './sysfs';
export * from './qmi';
export * from './holders';
export * from './diagnostics';
export * from './probe';
export * from './discover';
export * from './watcher';
