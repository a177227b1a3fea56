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
  /** False when its host is unreachable: the row is the last one seen, its state offline. */
  online: boolean;
  modem: ModemView;
}

export interface FleetOptions {
  /**
   * Reconnect a host that went away, with exponential backoff from `minMs` to `maxMs`,
   * until it answers again or the fleet is closed. null: a host that goes away stays away.
   * @default null
   */
  rejoin?: { minMs: number; maxMs: number } | null;
}

export type HostEvent = { host: string; state: 'up' } | { host: string; state: 'down'; error: Error };

export interface FleetListing {
  modems: FleetModem[];
  /** Hosts that did not answer, with why; their modems are missing from `modems`. */
  unreachable: { host: string; code: string; message: string }[];
}

export class Fleet {
  readonly hosts: RemoteBench[];
  readonly #rejoin: { minMs: number; maxMs: number } | null;
  /** The last modems each host listed: shown offline while the host is away. */
  readonly #last = new Map<string, ModemView[]>();
  readonly #events = new Set<(e: HostEvent) => void>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #closed = false;

  constructor(remotes: (RemoteBenchOptions | RemoteBench)[], options: FleetOptions = {}) {
    this.hosts = remotes.map((r) => (r instanceof RemoteBench ? r : new RemoteBench(r)));
    const names = new Set<string>();
    for (const h of this.hosts) {
      if (names.has(h.name)) throw new TypeError(`remote ${h.name} is given twice`);
      names.add(h.name);
    }
    const rj = options.rejoin ?? null;
    if (rj !== null && !(rj.minMs > 0 && rj.maxMs >= rj.minMs)) throw new TypeError('rejoin: 0 < minMs <= maxMs');
    this.#rejoin = rj;
    for (const h of this.hosts) {
      h.onDown((error) => {
        this.#emit({ host: h.name, state: 'down', error });
        this.#scheduleRejoin(h, 1);
      });
    }
  }

  /** Hosts going away and coming back. Returns the unsubscribe. */
  onHost(listener: (e: HostEvent) => void): () => void {
    this.#events.add(listener);
    return () => this.#events.delete(listener);
  }

  #emit(e: HostEvent): void {
    for (const l of [...this.#events]) l(e);
  }

  #scheduleRejoin(h: RemoteBench, attempt: number): void {
    const rj = this.#rejoin;
    if (!rj || this.#closed) return;
    const delay = Math.min(rj.maxMs, rj.minMs * 2 ** (attempt - 1));
    const t = setTimeout(() => {
      this.#timers.delete(t);
      if (this.#closed) return;
      h.connect().then(
        () => (this.#closed ? void h.close() : this.#emit({ host: h.name, state: 'up' })),
        () => this.#scheduleRejoin(h, attempt + 1),
      );
    }, delay);
    this.#timers.add(t);
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
          // A host's own modems: the ones it follows on other hosts (serve --remote) are theirs to list.
          const modems = (await h.invoke('bench.list', {})).modems.filter((m) => m.host === undefined);
          this.#last.set(h.name, modems);
          return modems.map((modem) => ({ host: h.name, modem, online: true }));
        } catch (err) {
          const e = err as Error & { code?: string };
          unreachable.push({ host: h.name, code: e.code ?? 'internal', message: e.message });
          const reason = `host ${h.name} unreachable`;
          return (this.#last.get(h.name) ?? []).map((m) => ({ host: h.name, modem: { ...m, state: 'offline' as const, reason }, online: false }));
        }
      }),
    );
    const rows = per.flat();
    const hostsOf = new Map<string, Set<string>>();
    for (const r of rows) hostsOf.set(r.modem.id, (hostsOf.get(r.modem.id) ?? new Set()).add(r.host));
    return {
      modems: rows.map((r) => ({ host: r.host, id: r.modem.id, key: `${r.host}/${r.modem.id}`, conflict: hostsOf.get(r.modem.id)!.size > 1, online: r.online, modem: r.modem })),
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
    this.#closed = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    await Promise.all(this.hosts.map((h) => h.close()));
  }
}

function matches(m: FleetModem, ref: string): boolean {
  return m.id === ref || m.modem.label === ref || m.modem.identity.imei === ref || (ref.length >= 4 && /^\d+$/.test(ref) && (m.modem.identity.imei ?? '').endsWith(ref));
}
