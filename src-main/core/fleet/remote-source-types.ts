/** The public shapes of RemoteModemSource (remote-source.ts): what a host is added with, its options, what it reports. */
import type { CommandName, ModemView } from '../../../src-preload/contract';
import type { Logger } from '../log';

export interface RemoteHostInput {
  /** As serve prints it: http://host:port/?token=… (or https://, ws://, wss://). */
  url: string;
  /** Overrides a token in the URL. @default null */
  token?: string | null;
  /** PEM of the CA (or self-signed certificate) an https host must present. @default null (system CAs) */
  ca?: string | null;
}

export interface RemoteModemSourceOptions {
  /** Reconnect backoff for a host that is unreachable or went away (doubling from min to max). @default { minMs: 1000, maxMs: 30000 } */
  rejoin?: { minMs: number; maxMs: number };
  /** Gives up a connection attempt after this long. @default 10000 */
  connectTimeoutMs?: number;
  /** The ids of this bench's own modems: an IMEI both here and on a host is a conflict. @default () => [] */
  localIds?: () => Iterable<string>;
  /** Host names and states only, never a token. @default undefined */
  logger?: Logger;
}

export interface RemoteModemChange {
  upserted: ModemView[];
  /** View ids that left (their host removed, the modem gone there, or renamed by a conflict). */
  removed: string[];
  /** host/id of each upserted row, in order: what stays while a conflict renames a row. */
  keys: string[];
  /** host/id of the modems that left. */
  removedKeys: string[];
}

/** The modem commands a remote host answers for one of its modems (its id as `modemId`). */
export type ModemChannel = Extract<
  CommandName,
  'modem.transcript' | 'modem.timeline' | 'modem.refresh' | 'modem.setTags' | 'modem.recover' | 'modem.recoverCancel' | 'modem.revive' | 'modem.qmi' | 'modem.cancel' | 'console.logFile' | 'sim.unplug' | 'sim.replug'
>;
