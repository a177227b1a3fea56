/**
 * Remote bench hosts as one of the app's ModemSources (issue 17): each
 * remote modem is a ManagedModem in the app's registry, so the bench list,
 * consoles, broadcasts, recovery steps and batch runs reach it as they reach
 * a local one; every command is forwarded to its host through the contract
 * (RemoteModemSource). Its console and timeline are the host's: read when
 * the modem appears and again after each rejoin (RemoteHistory), followed
 * by what the host pushes.
 */
import type { CommandClass } from '../at/types';
import type { RunTarget } from '../batch';
import type { CommandOutcome } from '../modem/outcome';
import { Mutex, type LadderStep } from '../recovery';
import { ConsoleLog } from '../service/console-log';
import type { ManagedModem, ModemRunOptions, ModemSource, ModemSourceContext } from '../service/modem-source';
import {
  ApiError,
  statusOfErrorCode,
  type ConsoleEntry,
  type ManualStepOutcomeView,
  type ModemState,
  type ModemView,
  type QmiResultView,
  type TimelineEventView,
} from '../../../src-preload/contract';
import { RemoteBenches } from './benches';
import { HostRefusedError, HostUnreachableError, isFleetError } from './errors';
import { RemoteHistory, type RemoteHistoryOptions } from './remote-history';
import { RemoteModemSource, type RemoteModemSourceOptions } from './remote-source';
import { toResponse } from './run-targets';

export interface RemoteHostsSourceOptions extends Pick<RemoteModemSourceOptions, 'rejoin' | 'connectTimeoutMs'> {
  /** The Benches list's file (remotes.json in the data directory); null keeps it in memory. @default null */
  file?: string | null;
  /** How often the local modems' ids are compared with the remote ones for IMEI conflicts (ms). @default 2000 */
  conflictCheckMs?: number;
}

/** Console lines read from the host when a remote modem appears and after each rejoin. */
const HISTORY_LINES = 500;

export class RemoteModem implements ManagedModem {
  readonly key: string;
  readonly simulated: boolean;
  readonly console = new ConsoleLog();
  #view: ModemView;
  #identity: ModemView['identity'];
  /** Its console and timeline as its host wrote them, caught up after each rejoin. */
  readonly #history: RemoteHistory;
  readonly #source: RemoteModemSource;

  /**
   * `o.onLines`/`o.onEvent`: lines or events were added (caught up, or pushed while held);
   * `o.reads`: bounds the history reads in flight, shared by a host's modems (all of them
   * catch up at its rejoin, and a host refuses a connection too many requests at once).
   */
  constructor(key: string, view: ModemView, source: RemoteModemSource, o: Pick<RemoteHistoryOptions, 'onLines' | 'onEvent'> & { reads?: Mutex } = {}) {
    this.key = key;
    this.#view = view;
    this.#identity = { ...view.identity, imei: null };
    this.simulated = view.simulated;
    this.#source = source;
    const { reads = new Mutex(1), ...notify } = o;
    const read = async <T>(f: () => Promise<T>): Promise<T> => {
      const release = await reads.acquire();
      try {
        return await f();
      } finally {
        release();
      }
    };
    this.#history = new RemoteHistory(
      this.console,
      {
        transcript: (afterSeq, limit) => read(async () => (await source.forward(key, 'modem.transcript', { afterSeq, limit })).entries),
        timeline: (afterSeq) => read(async () => (await source.forward(key, 'modem.timeline', { afterSeq })).events),
      },
      { host: view.host ?? key, lines: HISTORY_LINES, ...notify },
    );
  }

  get label(): string {
    return this.#view.label;
  }
  get id(): string {
    return this.#view.id;
  }
  /**
   * Without its IMEI: the registry's IMEI lookups (a bare IMEI as a modem reference, a second
   * port of a local modem dropped) are this bench's own; a remote modem is named by its id
   * (host/IMEI) or label@host, and its row and run target carry the IMEI.
   */
  get identity(): ModemView['identity'] {
    return this.#identity;
  }
  get state(): ModemState {
    return this.#view.state;
  }
  get answering(): boolean {
    return this.#view.state === 'idle' || this.#view.state === 'busy';
  }

  /** The row as its host last showed it (offline while the host is away). */
  update(view: ModemView): void {
    this.#view = view;
    this.#identity = { ...view.identity, imei: null };
  }

  /**
   * Lines its host pushed. While its history is on its way they wait, so the console stays in
   * order; a line already added (by the host's sequence: its pushes are coalesced, so a push
   * can carry lines the history already held) is not added twice. True when lines were added.
   */
  pushed(entries: ConsoleEntry[]): boolean {
    return this.#history.pushLines(entries);
  }

  /** Events its host pushed (held likewise); returns those added, numbered here. */
  addTimeline(events: TimelineEventView[]): TimelineEventView[] {
    return this.#history.pushEvents(events);
  }

  /** Its host went away: what it pushes when back waits for the catch-up. */
  hostLost(): void {
    this.#history.hostLost();
  }

  /** Whether its host went away and its console has not caught up since. */
  get away(): boolean {
    return this.#history.away;
  }

  /** Reads the host's console lines and timeline events not shown yet (at first appearance, after each rejoin). */
  catchUp(): Promise<void> {
    return this.#history.catchUp();
  }

  view(): ModemView {
    return this.#view;
  }

  async run(command: string, o: ModemRunOptions): Promise<CommandOutcome> {
    try {
      const { modemId: _id, ...r } = await this.#source.exec(this.key, command, { timeoutMs: o.timeoutMs, payload: o.payload, signal: o.signal });
      return { ...r, damaged: r.damaged ?? false };
    } catch (err) {
      // The host refused the command itself (its modem unknown there now, its queue full...): its code, as a local failure would be.
      const code = err instanceof ApiError || isFleetError(err) ? err.code : 'internal';
      return { command, status: statusOfErrorCode(code), final: null, lines: [], urcs: [], echo: null, parsed: null, latencyMs: null, error: { code, message: (err as Error).message }, damaged: false };
    }
  }

  async poll(_cls: CommandClass): Promise<void> {
    await this.#source.forward(this.key, 'modem.refresh', {});
  }

  timeline(afterSeq = 0): TimelineEventView[] {
    return this.#history.timeline(afterSeq);
  }

  recover(step: LadderStep): Promise<ManualStepOutcomeView> {
    // The engineer confirmed here; the host runs that one step.
    return this.#source.forward(this.key, 'modem.recover', { step, confirm: true });
  }

  cancelRecovery(): boolean {
    void this.#source.forward(this.key, 'modem.recoverCancel', {}).catch(() => undefined);
    return this.#view.state === 'recovering';
  }

  async revive(): Promise<string> {
    return (await this.#source.forward(this.key, 'modem.revive', { confirm: true })).state;
  }

  qmi(request: string): Promise<QmiResultView> {
    return this.#source.forward(this.key, 'modem.qmi', { request });
  }

  /** Its lab tags are its host's (kept there per IMEI, shown by every app that follows the host). */
  setTags(tags: string[]): Promise<ModemView> {
    return this.#source.forward(this.key, 'modem.setTags', { tags });
  }

  /** Its host's settings apply to it, not this app's. */
  applySettings(): void {}

  /** Null while its host is not connected: a run started or resumed then names it missing rather than wait for it. */
  runTarget(): RunTarget | null {
    const v = this.#view;
    const key = this.key;
    const source = this.#source;
    if (source.hostState(v.host ?? '') !== 'connected') return null;
    return {
      key,
      label: v.label,
      identity: { imei: v.identity.imei, iccid: v.identity.iccid, imsi: v.identity.imsi, model: v.identity.model, firmware: v.identity.firmware, revision: v.identity.revision },
      tags: v.tags,
      exec: async (command, o) => {
        const r = await source.exec(key, command, { timeoutMs: o.timeoutMs, signal: o.signal });
        // Its host gone (or refusing us): the runner waits for it with the step unrecorded, and
        // once only such modems are left their part of the run ends interrupted (resumable).
        if (r.error?.code === 'host-unreachable') throw new HostUnreachableError(v.host ?? key, r.error.message);
        if (r.error?.code === 'host-refused') throw new HostRefusedError(v.host ?? key, r.error.message);
        return toResponse(r, key, o.timeoutMs);
      },
    };
  }

  get cable(): ManagedModem['cable'] {
    if (!this.simulated) return undefined;
    const send = (channel: 'sim.unplug' | 'sim.replug'): void => void this.#source.forward(this.key, channel, {}).catch(() => undefined);
    return { unplug: () => send('sim.unplug'), replug: () => send('sim.replug') };
  }

  dispose(): void {
    void this.console.stopFile();
  }
}

/** The app's remote hosts: their modems in the registry, the Benches list and its file. */
export class RemoteHostsSource implements ModemSource {
  readonly kind = 'remote';
  /** Commands queue on their hosts, not here. */
  readonly queue = null;
  readonly remote: RemoteModemSource;
  readonly benches: RemoteBenches;
  readonly #ctx: ModemSourceContext;
  readonly #modems = new Map<string, RemoteModem>();
  readonly #conflictCheckMs: number;
  /** History reads in flight at once, over every host. */
  readonly #reads = new Mutex(8);
  #timer: ReturnType<typeof setInterval> | null = null;
  #localIds = '';

  constructor(ctx: ModemSourceContext, o: RemoteHostsSourceOptions = {}) {
    this.#ctx = ctx;
    this.remote = new RemoteModemSource({
      ...(o.rejoin ? { rejoin: o.rejoin } : {}),
      ...(o.connectTimeoutMs ? { connectTimeoutMs: o.connectTimeoutMs } : {}),
      localIds: () => this.#local(),
      logger: ctx.logger,
    });
    this.benches = new RemoteBenches(this.remote, o.file ?? null, ctx.logger);
    this.remote.changes.on((c) => {
      c.upserted.forEach((v, i) => this.#upsert(c.keys[i]!, v));
      for (const key of c.removedKeys) {
        const m = this.#modems.get(key);
        this.#modems.delete(key);
        if (m) ctx.registry.remove(m);
      }
    });
    this.remote.console.on((c) => {
      const m = this.#modems.get(c.key);
      if (m && m.pushed(c.entries)) ctx.hooks.console(m);
    });
    this.remote.timeline.on((t) => {
      const m = this.#modems.get(t.key);
      if (!m) return;
      for (const ev of m.addTimeline(t.events)) ctx.hooks.timeline(m, ev);
    });
    this.#conflictCheckMs = o.conflictCheckMs ?? 2000;
    this.remote.hostsChanged.on((hosts) => {
      this.#watchLocal(hosts.length > 0);
      // Away: its modems hold what it pushes when back; back: they read what it wrote meanwhile first.
      const state = new Map(hosts.map((h) => [h.name, h.state]));
      for (const m of this.#modems.values()) {
        const s = state.get(m.view().host ?? '');
        if (s === undefined) continue;
        if (s !== 'connected') m.hostLost();
        else if (m.away) void m.catchUp();
      }
    });
  }

  /**
   * The registry says nothing when a local modem comes or goes: while there are remote hosts,
   * the local ids are compared now and then (an IMEI here and on a host is a conflict).
   */
  #watchLocal(on: boolean): void {
    if (on && this.#timer === null) {
      this.#timer = setInterval(() => {
        const now = this.#local().sort().join('\n');
        if (now === this.#localIds) return;
        this.#localIds = now;
        this.remote.localChanged();
      }, this.#conflictCheckMs);
      this.#timer.unref?.();
    } else if (!on && this.#timer !== null) {
      clearInterval(this.#timer);
      this.#timer = null;
    }
  }

  #local(): string[] {
    return this.#ctx.registry
      .values()
      .filter((m) => !(m instanceof RemoteModem))
      .map((m) => m.id);
  }

  #upsert(key: string, view: ModemView): void {
    let m = this.#modems.get(key);
    if (!m) {
      const hooks = this.#ctx.hooks;
      const created: RemoteModem = new RemoteModem(key, view, this.remote, { onLines: () => hooks.console(created), onEvent: (ev) => hooks.timeline(created, ev), reads: this.#reads });
      m = created;
      this.#modems.set(key, m);
      this.#ctx.registry.add(m, this);
      // What its console and timeline said before this app joined, so a console opened on it is not blank.
      void created.catchUp();
    } else m.update(view);
    this.#ctx.hooks.changed(m);
  }

  async close(): Promise<void> {
    this.#watchLocal(false);
    this.#modems.clear();
    await this.remote.close();
  }
}
