/**
 * Remote bench hosts as a source of modems for the app (issue 17): each host
 * is a RemoteBench (the contract over WebSocket, no second protocol); its
 * modems are kept from `bench.list` and its `bench.delta` events, shown with
 * their host, and every modem command is forwarded to the host that owns the
 * modem. A host that goes away turns its modems offline (their last values
 * kept, marked so), fails their commands in flight with `host-unreachable`,
 * and is reconnected with backoff; a host that refuses us (token,
 * certificate) is shown refused and left alone until the engineer changes it.
 */
import type {
  BenchHostState,
  BenchHostView,
  CommandInput,
  CommandOutput,
  CommandResultView,
  ConsoleEntry,
  ModemView,
  TimelineEventView,
} from '../../../src-preload/contract';
import { maskToken } from '../../../src-preload/contract';
import { InvalidInputError } from '../errors';
import { Emitter } from '../util/emitter';
import { type FleetError, type HostUnreachableError, isFleetError, isHostRefusedError } from './errors';
import { RemoteBench } from './remote';
import { type RemoteExecOptions, execOn, hostRejoined } from './remote-exec';
import { type LocatedIn, locate, placesOf } from './remote-lookup';
import { hostFailedResult, remoteKey, remoteView, urlWithoutToken } from './remote-views';
import type { ModemChannel, RemoteHostInput, RemoteModemChange, RemoteModemSourceOptions } from './remote-source-types';

export type { ModemChannel, RemoteHostInput, RemoteModemChange, RemoteModemSourceOptions } from './remote-source-types';

interface Host {
  bench: RemoteBench;
  input: { url: string; token: string | null; ca: string | null };
  persisted: boolean;
  state: BenchHostState;
  message: string | null;
  /** Its modems by their id on the host, as it last showed them. */
  modems: Map<string, ModemView>;
  attempt: number;
  timer: ReturnType<typeof setTimeout> | null;
  offs: (() => void)[];
  gone: boolean;
}

type Located = LocatedIn<Host>;

export class RemoteModemSource {
  /** Modems that changed, in view form, with the ids that left. */
  readonly changes = new Emitter<RemoteModemChange>();
  /** Console lines of a remote modem, under its view id. */
  readonly console = new Emitter<{ modemId: string; key: string; entries: ConsoleEntry[] }>();
  readonly timeline = new Emitter<{ modemId: string; key: string; events: TimelineEventView[] }>();
  /** The host list after any host changed. */
  readonly hostsChanged = new Emitter<BenchHostView[]>();
  readonly #o: Required<Omit<RemoteModemSourceOptions, 'logger'>> & Pick<RemoteModemSourceOptions, 'logger'>;
  readonly #hosts = new Map<string, Host>();
  /** The remote modems shown (by host/id, their id here), with the conflict they were last shown with. */
  readonly #shown = new Map<string, string>();
  #closed = false;
  /** Names each forwarded exec for its cancel (one counter: unique on every host's connection). */
  #requests = 0;

  constructor(options: RemoteModemSourceOptions = {}) {
    this.#o = { rejoin: { minMs: 1000, maxMs: 30_000 }, connectTimeoutMs: 10_000, localIds: () => [], ...options };
    const rj = this.#o.rejoin;
    if (!(rj.minMs > 0 && rj.maxMs >= rj.minMs)) throw new TypeError('rejoin: 0 < minMs <= maxMs');
  }

  // ---- hosts ------------------------------------------------------------

  /** Adds a host and starts connecting (the answer comes as a hosts change). `persisted`: kept by the caller's store. */
  addHost(input: RemoteHostInput, persisted = false): BenchHostView {
    if (this.#closed) throw new InvalidInputError('the app is stopping', {});
    let bench: RemoteBench;
    try {
      bench = new RemoteBench({ url: input.url, token: input.token ?? null, connectTimeoutMs: this.#o.connectTimeoutMs, ...(input.ca ? { ca: input.ca } : {}) });
    } catch (err) {
      throw new InvalidInputError((err as Error).message, { field: 'url' });
    }
    if (this.#hosts.has(bench.name)) throw new InvalidInputError(`${bench.name} is already a bench here`, { field: 'url' });
    const h: Host = {
      bench,
      input: { url: input.url, token: bench.address.token, ca: input.ca ?? null },
      persisted,
      state: 'connecting',
      message: null,
      modems: new Map(),
      attempt: 0,
      timer: null,
      offs: [],
      gone: false,
    };
    h.offs.push(
      bench.on('bench.delta', (d) => this.#onDelta(h, d.upserted, d.removed)),
      bench.on('console.entries', (c) => {
        const key = remoteKey(bench.name, c.modemId);
        if (this.#shown.has(key)) this.console.emit({ modemId: key, key, entries: c.entries });
      }),
      bench.on('modem.timeline', (t) => {
        const key = remoteKey(bench.name, t.modemId);
        if (this.#shown.has(key)) this.timeline.emit({ modemId: key, key, events: t.events });
      }),
      bench.onDown((err) => this.#lost(h, err)),
    );
    this.#hosts.set(bench.name, h);
    this.#o.logger?.info({ host: bench.name }, 'remote bench added');
    void this.#connect(h);
    this.#hostsChanged();
    return this.#hostView(h);
  }

  /** Removes a host: its modems leave the list; its commands in flight fail with host-unreachable. */
  async removeHost(name: string): Promise<boolean> {
    const h = this.#hosts.get(name);
    if (!h) return false;
    this.#hosts.delete(name);
    h.gone = true;
    if (h.timer) clearTimeout(h.timer);
    for (const off of h.offs) off();
    const removedKeys = [...h.modems.keys()].map((id) => remoteKey(name, id));
    const removed = removedKeys.map((k) => this.#forget(k)).filter((x): x is string => x !== null);
    h.modems.clear();
    this.#publish(new Set(), removed, true, removedKeys);
    this.#hostsChanged();
    this.#o.logger?.info({ host: name }, 'remote bench removed');
    await h.bench.close();
    return true;
  }

  hosts(): BenchHostView[] {
    return [...this.#hosts.values()].map((h) => this.#hostView(h));
  }

  /** What the caller's store keeps of a host (its token included: the store's file is the engineer's). */
  hostInput(name: string): { url: string; token: string | null; ca: string | null } | null {
    const h = this.#hosts.get(name);
    return h ? { ...h.input } : null;
  }

  /** A host's link (its events, its commands), for what follows a host beside its modems (remote-status.ts); null when not a bench here. */
  link(name: string): RemoteBench | null {
    return this.#hosts.get(name)?.bench ?? null;
  }

  /** A host's connection state (null: no such host); without building every host's view. */
  hostState(name: string): BenchHostState | null {
    return this.#hosts.get(name)?.state ?? null;
  }

  #hostView(h: Host): BenchHostView {
    return {
      name: h.bench.name,
      url: urlWithoutToken(h.input.url),
      tokenMasked: maskToken(h.input.token),
      ca: h.input.ca !== null,
      state: h.state,
      message: h.message,
      modems: h.modems.size,
      persisted: h.persisted,
    };
  }

  #hostsChanged(): void {
    this.hostsChanged.emit(this.hosts());
  }

  async #connect(h: Host): Promise<void> {
    h.timer = null;
    try {
      await h.bench.connect();
      const { modems } = await h.bench.invoke('bench.list', {});
      if (h.gone) return void h.bench.close();
      h.attempt = 0;
      hostRejoined(h.bench);
      h.state = 'connected';
      h.message = null;
      this.#replace(h, modems);
      this.#o.logger?.info({ host: h.bench.name, modems: h.modems.size }, 'remote bench connected');
      this.#hostsChanged();
    } catch (err) {
      if (h.gone) return;
      const e = err as Error;
      // Listed nothing after connecting: the link is not usable; start over.
      if (h.bench.connected) await h.bench.close();
      const refused = isHostRefusedError(e);
      this.#o.logger?.warn({ host: h.bench.name, code: (e as FleetError).code, err: e.message }, refused ? 'remote bench refused us' : 'remote bench unreachable');
      h.state = refused ? 'refused' : 'unreachable';
      h.message = e.message;
      this.#publish(this.#keysOf(h), [], false);
      this.#hostsChanged();
      if (!refused) this.#retry(h);
    }
  }

  #lost(h: Host, err: HostUnreachableError): void {
    if (h.gone) return;
    this.#o.logger?.warn({ host: h.bench.name, err: err.message }, 'remote bench went away');
    h.state = 'unreachable';
    h.message = err.message;
    this.#publish(this.#keysOf(h), [], false);
    this.#hostsChanged();
    this.#retry(h);
  }

  #retry(h: Host): void {
    if (this.#closed || h.gone || h.timer) return;
    const rj = this.#o.rejoin;
    const delay = Math.min(rj.maxMs, rj.minMs * 2 ** h.attempt);
    h.attempt++;
    h.timer = setTimeout(() => void this.#connect(h), delay);
  }

  // ---- modems -----------------------------------------------------------

  /** Every remote modem's row. */
  views(): ModemView[] {
    const places = this.#places();
    const out: ModemView[] = [];
    for (const h of this.#hosts.values()) for (const raw of h.modems.values()) out.push(this.#view(h, raw, places));
    return out;
  }

  /** Modems counted for the status bar: answering ones online, every row in the total. */
  counts(): { online: number; total: number } {
    let online = 0;
    let total = 0;
    for (const v of this.views()) {
      total++;
      if (v.state === 'idle' || v.state === 'busy') online++;
    }
    return { online, total };
  }

  /** Whether a modem reference names a remote modem here (a view id, host/id, label@host, or an id on exactly one host). */
  has(ref: string): boolean {
    try {
      this.#locate(ref);
      return true;
    } catch {
      return false;
    }
  }

  /** Local modems changed: an IMEI may now be a conflict (or no longer one). */
  localChanged(): void {
    this.#publish(new Set(), [], true);
  }

  /**
   * One console command on a remote modem. Answers as a local exec does (failures in the view):
   * a host that cannot be asked or goes away before answering gives status disconnected with
   * error host-unreachable. The caller's signal cancels it on the host, and only it (execOn:
   * its own requestId).
   */
  async exec(ref: string, command: string, o: RemoteExecOptions = {}): Promise<CommandResultView> {
    const m = this.#locate(ref);
    try {
      return { ...(await execOn(m.host.bench, m.remoteId, command, `r${++this.#requests}`, o)), modemId: m.viewId };
    } catch (err) {
      if (isFleetError(err)) return hostFailedResult(m.viewId, command, err);
      throw err;
    }
  }

  /** One broadcast per host, results under the view ids; no signal: a host's cancel could not name it (the app's own broadcasts go through exec). */
  async broadcast(refs: string[], command: string, timeoutMs?: number): Promise<CommandResultView[]> {
    const byHost = new Map<Host, Located[]>();
    for (const ref of refs) {
      const m = this.#locate(ref);
      byHost.set(m.host, [...(byHost.get(m.host) ?? []), m]);
    }
    const parts = await Promise.all(
      [...byHost].map(async ([host, ms]) => {
        try {
          const input: CommandInput<'broadcast.exec'> = { modemIds: ms.map((m) => m.remoteId), command, confirm: true };
          if (timeoutMs !== undefined) input.timeoutMs = timeoutMs;
          const { results } = await host.bench.invoke('broadcast.exec', input);
          const viewOf = new Map(ms.map((m) => [m.remoteId, m.viewId]));
          return results.map((r) => ({ ...r, modemId: viewOf.get(r.modemId) ?? remoteKey(host.bench.name, r.modemId) }));
        } catch (err) {
          if (isFleetError(err)) return ms.map((m) => hostFailedResult(m.viewId, command, err));
          throw err;
        }
      }),
    );
    const byId = new Map(parts.flat().map((r) => [r.modemId, r]));
    return refs.map((ref) => byId.get(this.#locate(ref).viewId)).filter((r): r is CommandResultView => r !== undefined);
  }

  /**
   * Any other modem command (transcript, timeline, recover, revive, refresh, tags, QMI, ...),
   * forwarded to the modem's host with its id there. Host failures reject typed
   * (host-unreachable), the host's own refusals with its code (an ApiError).
   */
  async forward<K extends ModemChannel>(ref: string, channel: K, input: Omit<CommandInput<K>, 'modemId'>): Promise<CommandOutput<K>> {
    const m = this.#locate(ref);
    const out = await m.host.bench.invoke(channel, { ...input, modemId: m.remoteId } as CommandInput<K>);
    if (channel === 'modem.refresh' || channel === 'modem.setTags') {
      const raw = out as ModemView;
      this.#onDelta(m.host, [raw], []);
      return this.#view(m.host, raw, this.#places()) as CommandOutput<K>;
    }
    return out;
  }

  async close(): Promise<void> {
    this.#closed = true;
    const all = [...this.#hosts.keys()];
    await Promise.all(all.map((n) => this.removeHost(n)));
    this.changes.clear();
    this.console.clear();
    this.timeline.clear();
    this.hostsChanged.clear();
  }

  // ---- internals ----------------------------------------------------------

  #locate(ref: string): Located {
    return locate(this.#hosts.values(), ref);
  }

  #places(): Map<string, string[]> {
    return placesOf(this.#hosts.values(), this.#o.localIds());
  }

  #view(h: Host, raw: ModemView, places: Map<string, string[]>): ModemView {
    const elsewhere = (places.get(raw.id) ?? []).filter((p) => p !== h.bench.name);
    return remoteView(h.bench.name, raw, elsewhere, h.state === 'connected' ? null : `host ${h.bench.name} ${h.state}: ${h.message ?? ''}`.trim());
  }

  #keysOf(h: Host): Set<string> {
    return new Set([...h.modems.keys()].map((id) => remoteKey(h.bench.name, id)));
  }

  /** A host's modems as it listed them; its own remotes' modems are left out (they are that host's to show, and two benches naming each other would loop). */
  #replace(h: Host, modems: ModemView[]): void {
    const mine = modems.filter((m) => m.host === undefined);
    const next = new Set(mine.map((m) => m.id));
    const removed = [...h.modems.keys()].filter((id) => !next.has(id));
    this.#onDelta(h, mine, removed);
  }

  #onDelta(h: Host, upserted: ModemView[], removedIds: string[]): void {
    if (h.gone) return;
    const dirty = new Set<string>();
    const removed: string[] = [];
    const removedKeys: string[] = [];
    let membership = false;
    for (const id of removedIds) {
      if (!h.modems.delete(id)) continue;
      membership = true;
      removedKeys.push(remoteKey(h.bench.name, id));
      const gone = this.#forget(remoteKey(h.bench.name, id));
      if (gone !== null) removed.push(gone);
    }
    for (const raw of upserted) {
      if (raw.host !== undefined) continue;
      if (!h.modems.has(raw.id)) membership = true;
      h.modems.set(raw.id, raw);
      dirty.add(remoteKey(h.bench.name, raw.id));
    }
    if (membership && h.state === 'connected') this.#hostsChanged();
    this.#publish(dirty, removed, membership, removedKeys);
  }

  #forget(key: string): string | null {
    return this.#shown.delete(key) ? key : null;
  }

  /**
   * Emits the rows of `dirty` keys; with `recheck`, every row whose conflict changed
   * (a modem with its IMEI joined or left somewhere) too.
   */
  #publish(dirty: Set<string>, removed: string[], recheck: boolean, removedKeys: string[] = []): void {
    const places = this.#places();
    const upserted: ModemView[] = [];
    const keys: string[] = [];
    for (const h of this.#hosts.values()) {
      for (const raw of h.modems.values()) {
        const key = remoteKey(h.bench.name, raw.id);
        const v = this.#view(h, raw, places);
        const conflict = (v.conflict ?? []).join(' ');
        const before = this.#shown.get(key);
        if (!dirty.has(key) && !(recheck && before !== conflict)) continue;
        this.#shown.set(key, conflict);
        upserted.push(v);
        keys.push(key);
      }
    }
    if (upserted.length || removed.length || removedKeys.length) this.changes.emit({ upserted, removed, keys, removedKeys });
  }
}
