/**
 * Remote benches: other hosts' `serve` reached through the contract over
 * WebSocket (`RemoteBench`), several of them as one list with a host column
 * and IMEI conflicts shown (`Fleet`), and the typed host failures
 * (`host-unreachable`, `host-refused`).
 */
export { Fleet, type FleetListing, type FleetModem, type FleetOptions, type HostEvent } from './fleet';
export { RemoteBench, type RemoteBenchOptions } from './remote';
export { parseRemote, type RemoteAddress } from './remote-url';
export { FleetError, HostRefusedError, HostUnreachableError, isFleetError, isHostRefusedError, isHostUnreachableError, type FleetErrorCode } from './errors';
export { remoteRunTargets } from './run-targets';
export { RemoteModemSource, type ModemChannel, type RemoteHostInput, type RemoteModemChange, type RemoteModemSourceOptions } from './remote-source';
export { remoteKey, urlWithoutToken } from './remote-views';
export { RemoteBenches } from './benches';
export { RemoteHostStore, type StoredHost } from './host-store';
