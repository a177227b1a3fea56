/**
 * Several bench hosts as one bench: their modems in one list keyed by modem
 * id (IMEI) with the host beside it. The same id on two hosts is a conflict,
 * shown on both rows and never merged: a command must then name the host.
 */
import type { ModemView } from '../../../src-preload/contract';
import { InvalidInputError, UnknownModemError } from '../errors';
import { HostUnreachableError } from './errors';
import { RemoteBench, type RemoteBenchOptions } from './remote';

export interface FleetModem {
  host: string;
  /** The modem's id on its host (IMEI when known). */
  id: string;
  /** Unique across the fleet: host/id. */
  key: string;
  /** The same id is on another host too. */
  conflict: boolean;
  modem: ModemView;
}

export interface FleetListing {
  modems: FleetModem[];
  /** Hosts that did not answer, with why; their modems are missing from `modems`. */
  unreachable: { host: string; code: string; message: string }[];
}

export class Fleet {
  readonly hosts: RemoteBench[];

  constructor(remotes: (RemoteBenchOptions | RemoteBench)[]) {
    this.hosts = remotes.map((r) => (r instanceof RemoteBench ? r : new RemoteBench(r)));
    const names = new Set<string>();
    for (const h of this.hosts) {
      if (names.has(h.name)) throw new TypeError(`remote ${h.name} is given twice`);
      names.add(h.name);
    }
  }

  /** Connects every host; returns the ones that failed (the others are usable). */
  async connect(signal?: AbortSignal): Promise<{ host: string; error: Error }[]> {
    const r = await Promise.allSettled(this.hosts.map((h) => h.connect(signal)));
    return r.flatMap((s, i) => (s.status === 'rejected' ? [{ host: this.hosts[i]!.name, error: s.reason as Error }] : []));
  }

  async list(): Promise<FleetListing> {
    const unreachable: FleetListing['unreachable'] = [];
    const per = await Promise.all(
      this.hosts.map(async (h) => {
        try {
          return (await h.invoke('bench.list', {})).modems.map((modem) => ({ host: h.name, modem }));
        } catch (err) {
          const e = err as Error & { code?: string };
          unreachable.push({ host: h.name, code: e.code ?? 'internal', message: e.message });
          return [];
        }
      }),
    );
    const rows = per.flat();
    const hostsOf = new Map<string, Set<string>>();
    for (const r of rows) hostsOf.set(r.modem.id, (hostsOf.get(r.modem.id) ?? new Set()).add(r.host));
    return {
      modems: rows.map((r) => ({ host: r.host, id: r.modem.id, key: `${r.host}/${r.modem.id}`, conflict: hostsOf.get(r.modem.id)!.size > 1, modem: r.modem })),
      unreachable,
    };
  }

  /**
   * Finds modems by `host/id`, an id, a label or an IMEI tail (4+ digits), or `all`.
   * An id on two hosts without its host is refused (the conflict is the engineer's to settle).
   */
  select(listing: FleetListing, ref: string): FleetModem[] {
    if (ref === 'all') return listing.modems;
    const slash = ref.lastIndexOf('/');
    if (slash > 0) {
      const host = ref.slice(0, slash);
      const id = ref.slice(slash + 1);
      const hit = listing.modems.filter((m) => m.host === host && matches(m, id));
      if (hit.length === 0) throw new UnknownModemError(ref);
      return hit;
    }
    const hit = listing.modems.filter((m) => matches(m, ref));
    if (hit.length === 0) throw new UnknownModemError(ref);
    const hosts = new Set(hit.map((m) => m.host));
    if (hit.length > 1 && hit.some((m) => m.conflict) && hosts.size > 1) {
      throw new InvalidInputError(`modem ${ref} is on ${[...hosts].join(' and ')}: give host/id`, { field: 'modem', hosts: [...hosts] });
    }
    return hit;
  }

  host(name: string): RemoteBench {
    const h = this.hosts.find((x) => x.name === name);
    if (!h) throw new HostUnreachableError(name, `${name} is not in this fleet`);
    return h;
  }

  async close(): Promise<void> {
    await Promise.all(this.hosts.map((h) => h.close()));
  }
}

function matches(m: FleetModem, ref: string): boolean {
  return m.id === ref || m.modem.label === ref || m.modem.identity.imei === ref || (ref.length >= 4 && /^\d+$/.test(ref) && (m.modem.identity.imei ?? '').endsWith(ref));
}
