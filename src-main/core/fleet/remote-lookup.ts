/** Finding a remote modem by any name an engineer may give, and where each remote id is (for conflicts). */
import type { ModemView } from '../../../src-preload/contract';
import { InvalidInputError, UnknownModemError } from '../errors';
import { remoteKey } from './remote-views';

/** What the lookups need of a host: its name and its modems by their id there. */
export interface HostModems {
  bench: { name: string };
  modems: Map<string, ModemView>;
}

export interface LocatedIn<H extends HostModems> {
  host: H;
  remoteId: string;
  viewId: string;
}

/**
 * host/id and label@host name one modem; a bare id or IMEI only while one host has it
 * (two hosts with it: a typed error naming them, never a guess).
 */
export function locate<H extends HostModems>(hosts: Iterable<H>, ref: string): LocatedIn<H> {
  const hits: LocatedIn<H>[] = [];
  for (const h of hosts) {
    for (const raw of h.modems.values()) {
      const key = remoteKey(h.bench.name, raw.id);
      if (ref === key || ref === `${raw.label}@${h.bench.name}`) return { host: h, remoteId: raw.id, viewId: key };
      if (ref === raw.id || (raw.identity.imei !== null && ref === raw.identity.imei)) hits.push({ host: h, remoteId: raw.id, viewId: key });
    }
  }
  if (hits.length === 1) return hits[0]!;
  if (hits.length > 1) {
    const names = hits.map((x) => x.host.bench.name);
    throw new InvalidInputError(`modem ${ref} is on ${names.join(' and ')}: give host/id`, { field: 'modemId', hosts: names });
  }
  throw new UnknownModemError(ref);
}

/** Where each remote id is: the hosts that have it, and 'local' when this bench has it too. */
export function placesOf(hosts: Iterable<HostModems>, localIds: Iterable<string>): Map<string, string[]> {
  const places = new Map<string, string[]>();
  for (const h of hosts) for (const id of h.modems.keys()) places.set(id, [...(places.get(id) ?? []), h.bench.name]);
  for (const id of localIds) {
    const p = places.get(id);
    if (p) p.push('local');
  }
  return places;
}
