/**
 * Remote bench hosts as one of the app's ModemSources (issue 17): each
 * remote modem is a ManagedModem in the app's registry, so the bench list,
 * consoles, broadcasts, recovery steps and batch runs reach it as they reach
 * a local one; every command is forwarded to its host through the contract
 * (RemoteModemSource). Its console and timeline are what the host pushed
 * since this app joined it.
 */
import type { CommandClass } from '../at/types';
import type { RunTarget } from '../batch';
import type { CommandOutcome } from '../modem/outcome';
import type { LadderStep } from '../recovery';
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
import { RemoteModemSource, type RemoteModemSourceOptions } from './remote-source';
import { toResponse } from './run-targets';

export interface RemoteHostsSourceOptions extends Pick<RemoteModemSourceOptions, 'rejoin' | 'connectTimeoutMs'> {
  /** The Benches list's file (remotes.json in the data directory); null keeps it in memory. @default null */
  file?: string | null;
  /** How often the local modems' ids are compared with the remote ones for IMEI conflicts (ms). @default 2000 */
  conflictCheckMs?: number;
}

/** Keeps the timeline a host pushed for one modem, bounded like a local one. */
const TIMELINE_MAX = 500;
/** Console lines read from the host when a remote modem first appears. */
const HISTORY_LINES = 500;

export class RemoteModem implements ManagedModem {
  readonly key: string;
  readonly simulated: boolean;
  readonly console = new ConsoleLog();
  #view: ModemView;
  #identity: ModemView['identity'];
  /** Pushed console lines held until the history is in (null once it is). */
  #waiting: ConsoleEntry[] | null = [];
  /** The host's sequence number of the last line added. */
  #lastSeq = 0;
  #timeline: TimelineEventView[] = [];
  readonly #source: RemoteModemSource;

  constructor(key: string, view: ModemView, source: RemoteModemSource) {
    this.key = key;
    this.#view = view;
    this.#identity = { ...view.identity, imei: null };
    this.simulated = view.simulated;
    this.#source = source;
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
   * Lines its host pushed. Until the history is in they wait, so the console stays in order;
   * a line already added (by the host's sequence: its pushes are coalesced, so a push can
   * carry lines the history already held) is not added twice. True when lines were added.
   */
  pushed(entries: ConsoleEntry[]): boolean {
    if (this.#waiting) {
      this.#waiting.push(...entries);
      return false;
    }
    let added = false;
    for (const e of entries) {
      if (e.seq <= this.#lastSeq) continue;
      this.#lastSeq = e.seq;
      this.console.add(e.kind, e.text, e.at, e.bg);
      added = true;
    }
    return added;
  }

  /** Its host went away: a host that comes back restarted numbers its lines from 1 again. */
  hostLost(): void {
    this.#lastSeq = 0;
  }

  /** The host's last console lines (up to HISTORY_LINES), then the lines pushed meanwhile. True when lines were added. */
  async loadHistory(): Promise<boolean> {
    let history: ConsoleEntry[] = [];
    try {
      history = (await this.#source.forward(this.key, 'modem.transcript', { limit: HISTORY_LINES })).entries;
    } catch {
      // Its host went away meanwhile: the console starts with what comes next.
    }
    for (const e of history) this.console.add(e.kind, e.text, e.at, e.bg);
    this.#lastSeq = Math.max(this.#lastSeq, history.at(-1)?.seq ?? 0);
    const waiting = this.#waiting ?? [];
    this.#waiting = null;
    const more = this.pushed(waiting);
    return history.length > 0 || more;
  }

  addTimeline(events: TimelineEventView[]): void {
    this.#timeline.push(...events);
    if (this.#timeline.length > TIMELINE_MAX) this.#timeline = this.#timeline.slice(-TIMELINE_MAX);
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
    return this.#timeline.filter((e) => e.seq > afterSeq);
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

  runTarget(): RunTarget | null {
    const v = this.#view;
    const key = this.key;
    const source = this.#source;
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
      m.addTimeline(t.events);
      for (const ev of t.events) ctx.hooks.timeline(m, ev);
    });
    this.#conflictCheckMs = o.conflictCheckMs ?? 2000;
    this.remote.hostsChanged.on((hosts) => {
      this.#watchLocal(hosts.length > 0);
      const away = new Set(hosts.filter((h) => h.state !== 'connected').map((h) => h.name));
      if (away.size > 0) for (const m of this.#modems.values()) if (away.has(m.view().host ?? '')) m.hostLost();
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
      const created = new RemoteModem(key, view, this.remote);
      m = created;
      this.#modems.set(key, m);
      this.#ctx.registry.add(m, this);
      // What its console said before this app joined, so a console opened on it is not blank.
      void created.loadHistory().then((added) => added && this.#ctx.hooks.console(created));
    } else m.update(view);
    this.#ctx.hooks.changed(m);
  }

  async close(): Promise<void> {
    this.#watchLocal(false);
    this.#modems.clear();
    await this.remote.close();
  }
}
