import type { ClientCommands } from './client-commands';
import { catalogueEntries } from '../at/catalogue';
import { InvalidInputError } from '../errors';
import { MetricsCollector, type MetricsSnapshot, type SnapshotQuery } from '../metrics';
import { Mutex, type AttemptOutcome, type LadderStep } from '../recovery';
import type { RunStore } from '../store';
import type { RunsService } from './runs';
import { Emitter } from '../util/emitter';
import type {
  AppInfoView,
  BenchStatusView,
  CatalogueEntryView,
  CommandResultView,
  ConsoleEntry,
  EventMap,
  EventName,
  ManualStepOutcomeView,
  ModemView,
  SettingsPatch,
  SettingsView,
  TimelineEventView,
} from '../../../src-preload/contract';
import type { QmiResultView } from '../../../src-preload/contract/qmi';
import { RateWindow } from './rate';
import { SettingsStore } from './settings';
import { LabTagStore } from './lab-tags';
import { setConsoleFile, tailFile } from './console-files';
import { openRunHistory } from './run-history';
import { ModemFeed, announced } from './modem-feed';
import { ModemRegistry } from './modem-registry';
import type { ManagedModem, ModemSource, ModemSourceContext } from './modem-source';
import { ModemSources } from './modem-sources';
import type { AppServiceOptions } from './app-options';
import { RemoteHostsSource } from '../fleet/app-source';
import type { RemoteBenches } from '../fleet/benches';
import { RemoteMetrics } from '../fleet/remote-metrics';
import { RemoteTraffic } from '../fleet/remote-status';

export type { AppServiceOptions };

export type AppEvent = { [E in EventName]: { channel: E; payload: EventMap[E] } }[EventName];

/**
 * The application core behind the bridge: the modems on the bench (real and
 * simulated), their consoles, settings, and the coalesced events the
 * renderer sees. Both transports (Electron IPC, WebSocket) drive this object
 * through the dispatcher. Modems come from `ModemSource`s into one
 * `ModemRegistry`; this class only maps commands onto them.
 */
export class AppService {
  readonly events = new Emitter<AppEvent>();
  readonly settings: SettingsStore;
  readonly labTags: LabTagStore;
  readonly #o: Required<Omit<AppServiceOptions, 'reveal' | 'realBinding' | 'simOptions' | 'runsDb' | 'examplesDir' | 'powerCycleCommand'>> &
    Pick<AppServiceOptions, 'reveal' | 'realBinding' | 'simOptions' | 'runsDb' | 'examplesDir' | 'powerCycleCommand'>;
  readonly metrics: MetricsCollector;
  readonly #registry: ModemRegistry;
  readonly #sources: ModemSources;
  readonly #feed: ModemFeed;
  #runs: RunsService | null = null;
  #store: RunStore | null = null;
  /** Shared with every session: updating it applies new timeouts live. */
  readonly #timeouts: SettingsView['timeouts'];
  readonly #completed = new RateWindow(60);
  readonly #errors = new RateWindow(60);
  /** Remote bench hosts (issue 17): the Benches list; their modems are in the registry like local ones. */
  readonly benches: RemoteBenches;
  /** The hosts' own traffic for the status bar, and their metrics tables for the Performance page. */
  readonly #remoteTraffic: RemoteTraffic;
  readonly #remoteMetrics: RemoteMetrics;

  constructor(options: AppServiceOptions) {
    this.#o = { realBinding: null, ports: [], eventIntervalMs: 250, consoleIntervalMs: 100, metricsIntervalMs: 500, ...options };
    this.metrics = new MetricsCollector();
    this.metrics.onAlert((a) => {
      this.#emit('metrics.alert', a);
      (a.state === 'raised' ? options.logger.warn : options.logger.info).call(options.logger, { alert: a }, a.message);
    });
    this.settings = new SettingsStore(options.dataDir ? `${options.dataDir}/settings.json` : null);
    if (this.settings.loadProblem) options.logger.warn(this.settings.loadProblem);
    this.#timeouts = { ...this.settings.get().timeouts };
    this.labTags = new LabTagStore(options.dataDir ? `${options.dataDir}/lab-tags.json` : null);
    if (this.labTags.loadProblem) options.logger.warn(this.labTags.loadProblem);
    this.#feed = new ModemFeed({
      modems: () => this.#registry.values(),
      status: () => this.status(),
      // Through the app: the pushed tables carry the remote hosts' rows as metrics.get does.
      metrics: { snapshot: (q) => this.metricsSnapshot(q ?? {}) },
      emit: (channel, payload) => this.#emit(channel, payload),
      listened: () => this.events.listenerCount > 0,
      eventIntervalMs: this.#o.eventIntervalMs,
      consoleIntervalMs: this.#o.consoleIntervalMs,
      metricsIntervalMs: this.#o.metricsIntervalMs,
    });
    this.#registry = new ModemRegistry({ metrics: this.metrics, logger: options.logger, onRemoved: (m) => this.#feed.removed(m) });
    const ctx: ModemSourceContext = {
      registry: this.#registry,
      logger: options.logger,
      timeouts: this.#timeouts,
      hookMutex: new Mutex(1),
      settings: () => {
        const s = this.settings.get();
        return { healthPollMs: s.healthPollMs, resetsPerHour: s.recovery.resetsPerHour };
      },
      labTags: (imei) => this.labTags.get(imei),
      hooks: {
        changed: (m) => this.#feed.changed(m),
        console: () => this.#feed.consoleChanged(),
        timeline: (m, ev) => this.#feed.timeline(m, ev),
        attempt: (m, a) => {
          // Keyed by ModemId: a label is for people and may change (a slot name).
          this.metrics.record(m.id, a.command, a.latencyMs, a.code, a.attempt);
          this.#countAttempt(a);
        },
        healthSample: (m, h) => this.metrics.recordSignal(m.id, { rssiDbm: h.rssiDbm, rsrp: h.rsrp, rsrq: h.rsrq, sinr: h.sinr }),
      },
    };
    this.#sources = new ModemSources(ctx, {
      realBinding: this.#o.realBinding ?? null,
      powerCycleCommand: this.#o.powerCycleCommand,
      simOptions: this.#o.simOptions,
      onSourceClosed: () => this.#feed.schedule(),
    });
    const remotes = this.useSource((c) => new RemoteHostsSource(c, { file: options.dataDir ? `${options.dataDir}/remotes.json` : null }));
    this.benches = remotes.benches;
    remotes.remote.hostsChanged.on((hosts) => this.#emit('benches.changed', { hosts }));
    this.#remoteTraffic = new RemoteTraffic(remotes.remote);
    this.#remoteMetrics = new RemoteMetrics(remotes.remote);
  }

  async start(): Promise<void> {
    this.#feed.start();
    this.benches.start();
    if (this.#o.runsDb) {
      const h = openRunHistory({
        path: this.#o.runsDb,
        examplesDir: this.#o.examplesDir ?? null,
        modems: () => this.#registry.values(),
        emit: (channel, payload) => this.#emit(channel, payload),
        logger: this.#o.logger,
      });
      this.#store = h.store;
      this.#runs = h.runs;
    }
    await this.#sources.attachPaths(this.#o.ports);
  }

  async stop(): Promise<void> {
    this.#feed.dispose();
    this.#remoteTraffic.close();
    this.#remoteMetrics.close();
    this.#runs?.dispose();
    this.#runs = null;
    await this.#sources.close();
    this.#store?.close();
    this.#store = null;
    this.metrics.dispose();
    this.events.clear();
  }

  /**
   * Adds a source of modems (a remote bench host, say): `make` gets what a source
   * needs (the registry, the app's hooks, settings) and the app closes the source at stop.
   */
  useSource<S extends ModemSource>(make: (ctx: ModemSourceContext) => S): S {
    return this.#sources.use(make);
  }

  /** Removes a source's modems from the bench, then closes it. */
  async removeSource(source: ModemSource): Promise<{ stopped: number }> {
    return { stopped: await this.#sources.remove(source) };
  }

  // ---- commands -------------------------------------------------------

  info(): AppInfoView {
    return {
      version: this.#o.version,
      platform: process.platform,
      dataDir: this.#o.dataDir ?? '',
      logDir: this.#o.logDir,
      logFile: this.#o.logFile ?? '',
      powerCycleHook: this.#o.powerCycleCommand ?? null,
    };
  }

  list(): { modems: ModemView[]; status: BenchStatusView } {
    return { modems: this.#registry.values().filter(announced).map((m) => m.view()), status: this.status() };
  }

  /**
   * The status bar's figures: modems (remote ones included, as rows), and the traffic of this
   * process's own modems plus each connected remote host's own (its latest pushed status, while
   * fresh); `own` is this process's alone (what an app following this bench adds up), `fleet`
   * names the hosts counted and those not known.
   */
  status(): BenchStatusView {
    const modems = this.#registry.values();
    const q = this.#sources.queueStats();
    const own = { commandsPerSec: Math.round((this.#completed.sum(5) / 5) * 10) / 10, errorsLastMinute: this.#errors.sum(60), inFlight: q.inFlight, queued: q.queued };
    const { traffic: r, coverage } = this.#remoteTraffic.read();
    return {
      // Online: the AT port is open and the modem answers; recovering, failed, offline and opening are not.
      modemsOnline: modems.filter((m) => m.answering).length,
      modemsTotal: modems.length,
      commandsPerSec: Math.round((own.commandsPerSec + r.commandsPerSec) * 10) / 10,
      errorsLastMinute: own.errorsLastMinute + r.errorsLastMinute,
      inFlight: own.inFlight + r.inFlight,
      queued: own.queued + r.queued,
      simulated: this.#sources.simulated,
      own,
      ...(coverage ? { fleet: coverage } : {}),
    };
  }

  startSimulated(count: number, seed = 1, faults?: string): Promise<{ count: number }> {
    return this.#sources.startSimulated(count, seed, faults);
  }

  stopSimulated(): Promise<{ stopped: number }> {
    return this.#sources.stopSimulated();
  }

  simUnplug(modemId: string): void {
    this.#cable(modemId).unplug();
  }

  simReplug(modemId: string): void {
    this.#cable(modemId).replug();
  }

  /** Sets a modem's lab tags, kept per IMEI: a modem whose IMEI is not known yet cannot be tagged. */
  setTags(modemId: string, tags: string[]): ModemView | Promise<ModemView> {
    const m = this.#registry.find(modemId);
    if (m.setTags) return m.setTags(tags);
    const imei = m.identity.imei;
    if (!imei) throw new InvalidInputError(`modem ${m.label} has no IMEI yet: lab tags are kept per IMEI`, { field: 'modemId' });
    this.labTags.set(imei, tags);
    this.#feed.changed(m);
    return m.view();
  }

  /** `payload`: the text for a command that prompts for it (AT+CMGS); without it the prompt is cancelled. */
  /**
   * `client`: the caller's commands in flight, so that its cancel reaches this one (and no other
   * client's); `requestId`: the caller's name for it, so that its cancel can name this one only.
   */
  async exec(modemId: string, command: string, timeoutMs?: number, payload?: string, client?: ClientCommands, requestId?: string): Promise<CommandResultView> {
    return this.#userRun(this.#registry.find(modemId), command, timeoutMs, payload, client, requestId);
  }

  /** Cancels the calling client's command `requestId` on the modem (without it: all of the caller's there), never another client's. */
  cancel(modemId: string, client: ClientCommands, requestId?: string): { cancelled: boolean } {
    return { cancelled: client.cancel(this.#registry.find(modemId).key, requestId) };
  }

  transcript(modemId: string, afterSeq = 0, limit = 2000): { entries: ConsoleEntry[] } {
    return { entries: this.#registry.find(modemId).console.after(afterSeq, limit) };
  }

  async refresh(modemId: string): Promise<ModemView> {
    const m = this.#registry.find(modemId);
    await m.poll('interactive');
    return m.view();
  }

  async broadcast(modemIds: string[], command: string, timeoutMs?: number, client?: ClientCommands): Promise<{ results: CommandResultView[] }> {
    const modems = [...new Set(modemIds)].map((id) => this.#registry.find(id));
    return { results: await Promise.all(modems.map((m) => this.#userRun(m, command, timeoutMs, undefined, client))) };
  }

  timeline(modemId: string, afterSeq = 0): { events: TimelineEventView[] } {
    return { events: this.#registry.find(modemId).timeline(afterSeq) };
  }

  async recover(modemId: string, step: LadderStep): Promise<ManualStepOutcomeView> {
    const m = this.#registry.find(modemId);
    this.#o.logger.warn({ modem: m.label, step }, 'manual recovery');
    return m.recover(step);
  }

  /** One QMI request to the modem's QMI port (the simulator's endpoint, or the cdc-wdm discovery found). */
  async qmi(modemId: string, request: string): Promise<QmiResultView> {
    return this.#registry.find(modemId).qmi(request);
  }

  recoverCancel(modemId: string): { cancelled: boolean } {
    return { cancelled: this.#registry.find(modemId).cancelRecovery() };
  }

  async revive(modemId: string): Promise<{ state: string }> {
    return { state: await this.#registry.find(modemId).revive() };
  }

  catalogue(): { entries: CatalogueEntryView[] } {
    return {
      entries: catalogueEntries().map((c) => ({
        name: c.name,
        summary: c.summary,
        maxResponseMs: c.maxResponseMs,
        template: c.template,
        dangerous: Boolean(c.dangerous),
      })),
    };
  }

  getSettings(): SettingsView {
    return this.settings.get();
  }

  updateSettings(patch: SettingsPatch): SettingsView {
    const next = this.settings.update(patch);
    Object.assign(this.#timeouts, next.timeouts);
    for (const m of this.#registry.values()) m.applySettings({ healthPollMs: next.healthPollMs, resetsPerHour: next.recovery.resetsPerHour });
    this.#emit('settings.changed', next);
    this.#o.logger.info({ patch }, 'settings updated');
    return next;
  }

  /** Starts or stops logging a modem's console to a file in the log directory; `enabled` omitted only reports. */
  consoleLogFile(modemId: string, enabled?: boolean): Promise<{ path: string | null }> {
    const m = this.#registry.find(modemId);
    return setConsoleFile(m.console, this.#o.logDir, m.label, m.id, enabled);
  }

  /** The app log's last lines (the Logs page in a browser, where the file cannot be opened). */
  async logsTail(lines?: number): Promise<{ path: string; lines: string[]; size: number }> {
    const path = this.#o.logFile ?? '';
    return { path, ...(path ? await tailFile(path, lines) : { lines: [], size: 0 }) };
  }

  async revealLogs(): Promise<{ path: string; opened: boolean }> {
    const path = this.#o.logFile ?? this.#o.logDir;
    const opened = this.#o.reveal ? await this.#o.reveal(path) : false;
    return { path, opened };
  }

  /**
   * Finds real modems (port list grouped by USB device, roles by interface, AT
   * probe for identity) and keeps watching for hot-plug. Returns how many
   * modems answered.
   */
  startDiscovery(signal?: AbortSignal): Promise<{ found: number }> {
    return this.#sources.startDiscovery(signal);
  }

  /** Batch runs; a typed error when this app has no run history (no database). */
  get runs(): RunsService {
    if (!this.#runs) throw new InvalidInputError('Batch runs need a run history database (start the app with a data directory)', {});
    return this.#runs;
  }

  /**
   * This process's metrics, and with remote hosts their modems' rows (keyed by their ids here)
   * and each host's own total as last answered (never waited for). `total` and every series stay
   * this process's own: latency percentiles of different hosts cannot be added.
   */
  metricsSnapshot(q: SnapshotQuery): MetricsSnapshot {
    const local = this.metrics.snapshot(q);
    const remote = this.#remoteMetrics.tables();
    if (remote.hosts.length === 0) return local;
    return { ...local, modems: [...local.modems, ...remote.modems], hosts: remote.hosts };
  }

  // ---- internals ------------------------------------------------------

  async #userRun(m: ManagedModem, command: string, timeoutMs: number | undefined, payload: string | undefined, client: ClientCommands | undefined, requestId?: string): Promise<CommandResultView> {
    const t = client?.track(m.key, requestId);
    try {
      return { modemId: m.id, ...(await m.run(command, { cls: 'interactive', timeoutMs, user: true, payload, signal: t?.signal })) };
    } finally {
      t?.done();
    }
  }

  #cable(modemId: string): NonNullable<ManagedModem['cable']> {
    const m = this.#registry.find(modemId);
    if (!m.cable) throw new InvalidInputError(`modem ${modemId} is not simulated`, { field: 'modemId' });
    return m.cable;
  }

  /**
   * Every attempt of every class (batch, health, console, broadcast) is
   * traffic; an error final (ERROR, +CME, +CMS) is an error as much as no
   * final. A cancel is the engineer's doing, not the modem's failure.
   */
  #countAttempt(o: AttemptOutcome): void {
    this.#completed.add(1);
    if (!o.ok && o.code !== 'cancelled') this.#errors.add(1);
  }

  #emit<E extends EventName>(channel: E, payload: EventMap[E]): void {
    if (this.events.listenerCount > 0) this.events.emit({ channel, payload } as AppEvent);
  }
}
