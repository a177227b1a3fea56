import { EventCoalescer } from './event-coalescer';
import type { ClientCommands } from './client-commands';
import { catalogueEntries } from '../at/catalogue';
import { Bench } from '../bench/bench';
import { InvalidInputError, UnknownModemError } from '../errors';
import type { Logger } from '../log';
import type { SerialBinding } from '../serial/binding';
import { SimBench, parseFaultSpec, type SimBenchOptions } from '../sim';
import { type CandidateModem, PortWatcher, discover } from '../discovery';
import { MetricsCollector, type MetricsSnapshot, type SnapshotQuery } from '../metrics';
import { Mutex, type AttemptOutcome, type LadderStep, type PortLocator, type PowerCycleVars, shellPowerCycle } from '../recovery';
import { RunStore } from '../store';
import { RunsService } from './runs';
import { Emitter } from '../util/emitter';
import type {
  AppInfoView,
  BenchStatusView,
  CatalogueEntryView,
  CommandResultView,
  ConsoleEntry,
  EventMap,
  EventName,
  ModemView,
  SettingsPatch,
  SettingsView,
  TimelineEventView,
} from '../../../src-preload/contract';
import { ModemEntry, type ModemEntryOptions } from './modem-entry';
import { simLocator } from './sim-locator';
import { RateWindow } from './rate';
import { SettingsStore } from './settings';
import { LabTagStore } from './lab-tags';
import { setConsoleFile, tailFile } from './console-files';
import { qmiRequest } from './qmi-request';
import { perReadQmiSignalSource } from '../health';
import { openSimQmi } from '../sim/qmi/index';
import type { QmiResultView } from '../../../src-preload/contract/qmi';
import type { ManualStepOutcomeView } from '../../../src-preload/contract';

export interface BenchAppOptions {
  version: string;
  /** Settings file lives here; null keeps settings in memory (tests). */
  dataDir: string | null;
  logDir: string;
  logFile: string | null;
  logger: Logger;
  /** Binding for real ports given by path. @default null (no real ports) */
  realBinding?: SerialBinding | null;
  /** Real AT ports to attach at start. @default [] */
  ports?: string[];
  /** Coalescing interval for bench deltas and status (ms); at most 4 a second. @default 250 */
  eventIntervalMs?: number;
  /** Coalescing interval for console lines (ms). @default 100 */
  consoleIntervalMs?: number;
  /** Opens a path in the OS file manager (Electron's shell); absent in headless mode. @default undefined */
  reveal?: (path: string) => Promise<boolean>;
  /** Extra simulator options for simulated benches (tests turn latency off). @default {} */
  simOptions?: Omit<SimBenchOptions, 'count' | 'seed' | 'faults'>;
  /** SQLite file of the run history; null: batch runs are not available. @default null */
  runsDb?: string | null;
  /** The shipped example batch files. @default null */
  examplesDir?: string | null;
  /** Metrics (histograms, throughput, process figures) reach the renderer this often (ms). @default 500 */
  metricsIntervalMs?: number;
  /**
   * External power cycle for real modems (the ladder's last step before "failed"): a shell
   * command with {location}, {usbSerial}, {imei}, {label}. Set from the command line or the
   * environment only, never from the UI: whoever can change it can run commands. @default null
   */
  powerCycleCommand?: string | null;
}

/**
 * A modem is shown once its id is final (the IMEI read), or once setting it
 * up has failed, so the renderer never sees a row change its id under a click.
 */
function candidateLabel(c: CandidateModem): string {
  return `${c.model ?? c.product ?? c.manufacturer ?? 'modem'} @ ${c.location ?? c.topology ?? c.ports[0]?.path ?? '?'}`;
}

function announced(e: ModemEntry): boolean {
  return e.identity.imei !== null || e.state !== 'opening';
}

export type AppEvent = { [E in EventName]: { channel: E; payload: EventMap[E] } }[EventName];

/**
 * The application core behind the bridge: the modems on the bench (real and
 * simulated), their consoles, settings, and the coalesced events the
 * renderer sees. Both transports (Electron IPC, WebSocket) drive this object
 * through the dispatcher.
 */
export class BenchApp {
  readonly events = new Emitter<AppEvent>();
  readonly settings: SettingsStore;
  readonly labTags: LabTagStore;
  readonly #o: Required<Omit<BenchAppOptions, 'reveal' | 'realBinding' | 'simOptions' | 'runsDb' | 'examplesDir' | 'powerCycleCommand'>> &
    Pick<BenchAppOptions, 'reveal' | 'realBinding' | 'simOptions' | 'runsDb' | 'examplesDir' | 'powerCycleCommand'>;
  readonly metrics: MetricsCollector;
  #runs: RunsService | null = null;
  #store: RunStore | null = null;
  #metricsSince = 0;
  /** Shared with every session: updating it applies new timeouts live. */
  readonly #timeouts: SettingsView['timeouts'];
  readonly #entries = new Map<string, ModemEntry>();
  #sim: { sim: SimBench; bench: Bench } | null = null;
  #real: Bench | null = null;
  #watcher: PortWatcher | null = null;
  readonly #completed = new RateWindow(60);
  readonly #errors = new RateWindow(60);
  #dirtyModems = new Set<ModemEntry>();
  #pendingTimeline = new Map<ModemEntry, TimelineEventView[]>();
  /** One external power cycle at a time across the bench. */
  readonly #hookMutex = new Mutex(1);
  /**
   * Starting and stopping the simulated bench one at a time: two overlapping starts
   * each replaced the bench the other was building (an orphaned simulator, two rows per IMEI).
   */
  readonly #benchLifecycle = new Mutex(1);
  #removed = new Set<string>();
  /** Every pushed event's pacing: bench deltas and console lines coalesced, status and metrics periodic. */
  readonly #pacing = new EventCoalescer();
  readonly #scheduleDelta: () => void;
  readonly #scheduleConsole: () => void;
  #lastStatus = '';
  #stopped = false;

  constructor(options: BenchAppOptions) {
    this.#o = { realBinding: null, ports: [], eventIntervalMs: 250, consoleIntervalMs: 100, metricsIntervalMs: 500, ...options };
    this.#scheduleDelta = this.#pacing.coalesced(this.#o.eventIntervalMs, () => this.#flushDelta());
    this.#scheduleConsole = this.#pacing.coalesced(this.#o.consoleIntervalMs, () => this.#flushConsole());
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
  }

  async start(): Promise<void> {
    this.#pacing.periodic(Math.max(this.#o.eventIntervalMs, 250), () => this.#emitStatus());
    this.#pacing.periodic(Math.max(this.#o.metricsIntervalMs, 250), () => this.#emitMetrics());
    if (this.#o.runsDb) {
      this.#store = RunStore.open({
        path: this.#o.runsDb,
        onLeaseLost: (runId) => {
          this.#o.logger.error({ runId }, 'another process took over a run this app was running (its lease had run out: was the app frozen?)');
          // Its new owner runs the steps left; this app stops sending them.
          try {
            this.#runs?.control(runId, 'cancel');
          } catch {
            // not running here any more
          }
        },
      });
      const interrupted = this.#store.markInterrupted();
      if (interrupted) this.#o.logger.warn({ interrupted }, 'runs left running by an earlier process marked interrupted');
      this.#runs = new RunsService({
        store: this.#store,
        examplesDir: this.#o.examplesDir ?? null,
        targets: () => this.#runTargets(),
        emit: (channel, payload) => this.#emit(channel, payload),
        logger: this.#o.logger,
      });
    }
    if (this.#o.ports.length > 0 && this.#o.realBinding) await this.#attachReal(this.#o.ports);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#pacing.dispose();
    this.#runs?.dispose();
    this.#runs = null;
    this.#watcher?.dispose();
    this.#watcher = null;
    // Waits for a start in progress, so the bench it builds is the one disposed.
    const release = await this.#benchLifecycle.acquire();
    try {
      await this.#stopSimulated();
    } finally {
      release();
    }
    for (const e of this.#entries.values()) e.dispose();
    this.#entries.clear();
    await this.#real?.close();
    this.#real = null;
    this.#store?.close();
    this.#store = null;
    this.metrics.dispose();
    this.events.clear();
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
    return { modems: [...this.#entries.values()].filter(announced).map((e) => e.view()), status: this.status() };
  }

  status(): BenchStatusView {
    const entries = [...this.#entries.values()];
    const stats = [this.#sim?.bench, this.#real].filter((b): b is Bench => b !== null && b !== undefined).map((b) => b.controller.stats());
    return {
      // Online: the AT port is open and the modem answers; recovering, failed, offline and opening are not.
      modemsOnline: entries.filter((e) => e.answering).length,
      modemsTotal: entries.length,
      commandsPerSec: Math.round((this.#completed.sum(5) / 5) * 10) / 10,
      errorsLastMinute: this.#errors.sum(60),
      inFlight: stats.reduce((n, s) => n + s.inFlight, 0),
      queued: stats.reduce((n, s) => n + s.queued, 0),
      simulated: this.#sim !== null,
    };
  }

  async startSimulated(count: number, seed = 1, faults?: string): Promise<{ count: number }> {
    const release = await this.#benchLifecycle.acquire();
    try {
      if (this.#stopped) throw new InvalidInputError('the app is stopping', {});
      return await this.#startSimulated(count, seed, faults);
    } finally {
      release();
    }
  }

  async stopSimulated(): Promise<{ stopped: number }> {
    const release = await this.#benchLifecycle.acquire();
    try {
      return await this.#stopSimulated();
    } finally {
      release();
    }
  }

  async #startSimulated(count: number, seed: number, faults: string | undefined): Promise<{ count: number }> {
    let plan;
    if (faults !== undefined && faults.trim() !== '') {
      try {
        plan = parseFaultSpec(faults);
      } catch (err) {
        throw new InvalidInputError(`faults: ${(err as Error).message}`, { field: 'faults' });
      }
    }
    await this.#stopSimulated();
    const sim = new SimBench({ ...this.#o.simOptions, count, seed, ...(plan ? { faults: plan } : {}) });
    const bench = new Bench({ binding: sim.binding, modem: { session: { timeouts: this.#timeouts } } });
    this.#sim = { sim, bench };
    this.#o.logger.info({ count, seed, faults }, 'simulated bench started');
    await Promise.all(
      sim.describe().map(async (d) => {
        const entry = new ModemEntry(
          this.#entryOptions({
            label: `sim${d.index}`,
            simulated: true,
            simIndex: d.index,
            ports: d.ports.map((p) => ({ path: p.path, role: p.role, interface: p.interface })),
            usb: { vendorId: '2c7c', productId: '0125', serialNumber: d.usbSerial, location: d.location },
            bench,
            locator: simLocator(sim, d.index),
            // The simulated bench has a simulated hub relay: the power-cycle step works on it.
            powerCycle: async () => sim.powerCycle(d.index),
            // Its QMI endpoint, held only per read: the engineer's QMI requests share it (issue 15).
            qmiSignal: () => perReadQmiSignalSource(async () => openSimQmi(sim.modems[d.index]!)),
          }),
        );
        this.#entries.set(entry.key, entry);
        this.#markDirty(entry);
        await entry.connect();
      }),
    );
    return { count };
  }

  async #stopSimulated(): Promise<{ stopped: number }> {
    const s = this.#sim;
    if (!s) return { stopped: 0 };
    this.#sim = null;
    let n = 0;
    for (const [key, e] of this.#entries) {
      if (!e.simulated) continue;
      e.dispose();
      this.#entries.delete(key);
      this.#removed.add(e.lastEmittedId ?? e.id);
      this.#forgetMetrics(e);
      n++;
    }
    await s.bench.close();
    await s.sim.dispose();
    this.#scheduleDelta();
    this.#o.logger.info({ stopped: n }, 'simulated bench stopped');
    return { stopped: n };
  }

  simUnplug(modemId: string): void {
    const e = this.#find(modemId);
    if (!this.#sim || e.simIndex === null) throw new InvalidInputError(`modem ${modemId} is not simulated`, { field: 'modemId' });
    this.#sim.sim.unplug(e.simIndex);
  }

  /** Sets a modem's lab tags, kept per IMEI: a modem whose IMEI is not known yet cannot be tagged. */
  setTags(modemId: string, tags: string[]): ModemView {
    const e = this.#find(modemId);
    const imei = e.identity.imei;
    if (!imei) throw new InvalidInputError(`modem ${e.label} has no IMEI yet: lab tags are kept per IMEI`, { field: 'modemId' });
    this.labTags.set(imei, tags);
    this.#markDirty(e);
    return e.view();
  }

  simReplug(modemId: string): void {
    const e = this.#find(modemId);
    if (!this.#sim || e.simIndex === null) throw new InvalidInputError(`modem ${modemId} is not simulated`, { field: 'modemId' });
    this.#sim.sim.replug(e.simIndex);
  }

  /** `payload`: the text for a command that prompts for it (AT+CMGS); without it the prompt is cancelled. */
  /** `client`: the caller's commands in flight, so that its cancel reaches this one (and no other client's). */
  async exec(modemId: string, command: string, timeoutMs?: number, payload?: string, client?: ClientCommands): Promise<CommandResultView> {
    const e = this.#find(modemId);
    const t = client?.track(e.key);
    try {
      return { modemId: e.id, ...(await e.run(command, { cls: 'interactive', timeoutMs, user: true, payload, signal: t?.signal })) };
    } finally {
      t?.done();
    }
  }

  /** Cancels the calling client's commands on the modem, never another client's. */
  cancel(modemId: string, client: ClientCommands): { cancelled: boolean } {
    return { cancelled: client.cancel(this.#find(modemId).key) };
  }

  transcript(modemId: string, afterSeq = 0, limit = 2000): { entries: ConsoleEntry[] } {
    return { entries: this.#find(modemId).console.after(afterSeq, limit) };
  }

  async refresh(modemId: string): Promise<ModemView> {
    const e = this.#find(modemId);
    await e.poll('interactive');
    return e.view();
  }

  async broadcast(modemIds: string[], command: string, timeoutMs?: number, client?: ClientCommands): Promise<{ results: CommandResultView[] }> {
    const entries = [...new Set(modemIds)].map((id) => this.#find(id));
    const results = await Promise.all(
      entries.map(async (e) => {
        const t = client?.track(e.key);
        try {
          return { modemId: e.id, ...(await e.run(command, { cls: 'interactive', timeoutMs, user: true, signal: t?.signal })) };
        } finally {
          t?.done();
        }
      }),
    );
    return { results };
  }

  timeline(modemId: string, afterSeq = 0): { events: TimelineEventView[] } {
    return { events: this.#find(modemId).timeline(afterSeq) };
  }

  async recover(modemId: string, step: LadderStep): Promise<ManualStepOutcomeView> {
    const e = this.#find(modemId);
    this.#o.logger.warn({ modem: e.label, step }, 'manual recovery');
    return e.recover(step);
  }

  /** One QMI request to the modem's QMI port (the simulator's endpoint, or the cdc-wdm discovery found). */
  async qmi(modemId: string, request: string): Promise<QmiResultView> {
    const e = this.#find(modemId);
    return qmiRequest({ simulated: e.simulated, simIndex: e.simIndex, ports: e.view().ports }, request, this.#sim?.sim ?? null);
  }

  recoverCancel(modemId: string): { cancelled: boolean } {
    return { cancelled: this.#find(modemId).cancelRecovery() };
  }

  async revive(modemId: string): Promise<{ state: string }> {
    return { state: await this.#find(modemId).revive() };
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
    for (const e of this.#entries.values()) e.applySettings({ healthPollMs: next.healthPollMs, resetsPerHour: next.recovery.resetsPerHour });
    this.#emit('settings.changed', next);
    this.#o.logger.info({ patch }, 'settings updated');
    return next;
  }

  /** Starts or stops logging a modem's console to a file in the log directory; `enabled` omitted only reports. */
  consoleLogFile(modemId: string, enabled?: boolean): Promise<{ path: string | null }> {
    const e = this.#find(modemId);
    return setConsoleFile(e.console, this.#o.logDir, e.label, e.id, enabled);
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

  // ---- internals ------------------------------------------------------

  #find(ref: string): ModemEntry {
    const byKey = this.#entries.get(ref);
    if (byKey) return byKey;
    for (const e of this.#entries.values()) if (e.id === ref || e.label === ref || e.identity.imei === ref) return e;
    throw new UnknownModemError(ref);
  }

  /**
   * Finds real modems (port list grouped by USB device, roles by interface, AT
   * probe for identity) and keeps watching for hot-plug. Returns how many
   * modems answered. Each modem is followed across re-enumeration by its USB
   * device (serial number / topology), not by its tty path.
   */
  async startDiscovery(signal?: AbortSignal): Promise<{ found: number }> {
    const binding = this.#o.realBinding;
    if (!binding || this.#watcher) return { found: 0 };
    const bench = this.#realBench();
    const found = await discover(binding, { probe: true, signal });
    const watcher = new PortWatcher(binding);
    this.#watcher = watcher;
    watcher.onError((err) => this.#o.logger.warn({ err: err.message }, 'port list failed'));
    watcher.onChange((ev) => {
      if (ev.type !== 'removed' && ![...this.#entries.values()].some((e) => e.label === candidateLabel(ev.candidate))) {
        void this.#addReal(bench, ev.candidate, null);
      }
    });
    watcher.start();
    let n = 0;
    for (const m of found.modems) {
      if (m.ready) n++;
      void this.#addReal(bench, m.candidate, m.ports);
    }
    this.#o.logger.info({ modems: found.modems.length, ready: n }, 'discovery');
    return { found: n };
  }

  #realBench(): Bench {
    this.#real ??= new Bench({ binding: this.#o.realBinding!, modem: { session: { timeouts: this.#timeouts } } });
    return this.#real;
  }

  async #addReal(bench: Bench, candidate: CandidateModem, probedPorts: { path: string; role: string; interface: number | null }[] | null): Promise<void> {
    const key = candidate.key;
    const watcher = this.#watcher;
    const portsOf = (c: CandidateModem | undefined) => c?.ports.map((p) => ({ path: p.path, role: p.role, interface: p.interface })) ?? null;
    const locator: PortLocator = {
      current: () => portsOf(watcher?.candidates.find((c) => c.key === key)),
      onChange: (l) => watcher?.onChange((ev) => ev.candidate.key === key && l()) ?? (() => undefined),
    };
    const ports = (probedPorts as ReturnType<typeof portsOf>) ?? portsOf(candidate) ?? [];
    const entry = new ModemEntry(
      this.#entryOptions({
        label: candidateLabel(candidate),
        simulated: false,
        simIndex: null,
        ports: ports as ModemEntryOptions['ports'],
        usb: { vendorId: candidate.vendorId, productId: candidate.productId, serialNumber: candidate.serialNumber, location: candidate.location },
        bench,
        locator,
        // Read when the hook runs: the IMEI is known only after the modem answered (it was always empty before).
        powerCycle: this.#powerCycle((): PowerCycleVars => ({ location: candidate.location ?? candidate.topology, usbSerial: candidate.serialNumber, imei: entry.identity.imei, label: entry.label })),
      }),
    );
    this.#entries.set(entry.key, entry);
    this.#markDirty(entry);
    await entry.connect();
    this.#dropIfAlreadyOnBench(entry);
  }

  async #attachReal(paths: string[]): Promise<void> {
    const bench = this.#realBench();
    await Promise.all(
      paths.map(async (path) => {
        const ports = [{ path, role: 'at' as const, interface: null }];
        // Without discovery a real port is found again by its path.
        const locator: PortLocator = { current: () => ports, onChange: () => () => undefined };
        const entry = new ModemEntry(
          this.#entryOptions({
            label: path,
            simulated: false,
            simIndex: null,
            ports,
            usb: null,
            bench,
            locator,
            powerCycle: this.#powerCycle((): PowerCycleVars => ({ location: null, usbSerial: null, imei: entry.identity.imei, label: entry.label })),
          }),
        );
        this.#entries.set(entry.key, entry);
        this.#markDirty(entry);
        await entry.connect();
        this.#dropIfAlreadyOnBench(entry);
      }),
    );
  }

  /**
   * Two of one modem's AT ports given (or found) as two modems read the same IMEI: the
   * modem is on the bench once, through the port that answered first.
   */
  #dropIfAlreadyOnBench(entry: ModemEntry): void {
    const imei = entry.identity.imei;
    if (imei === null || !this.#entries.has(entry.key)) return;
    const first = [...this.#entries.values()].find((e) => e !== entry && e.identity.imei === imei);
    if (!first) return;
    this.#o.logger.warn({ imei, kept: first.label, dropped: entry.label }, `modem ${imei} is already on the bench as ${first.label}: ${entry.label} is another port of it and is not used as a modem of its own`);
    entry.dispose();
    this.#entries.delete(entry.key);
    this.#dirtyModems.delete(entry);
    if (entry.lastEmittedId) this.#removed.add(entry.lastEmittedId);
    this.#forgetMetrics(entry);
    this.#scheduleDelta();
  }

  /** A modem that left: its counters and histograms (WASM memory) go, unless another entry reports under the same key. */
  #forgetMetrics(gone: ModemEntry): void {
    if ([...this.#entries.values()].some((e) => e.label === gone.label)) return;
    this.metrics.forget(gone.label);
  }

  #powerCycle(vars: () => PowerCycleVars): ((signal: AbortSignal) => Promise<void>) | null {
    const cmd = this.#o.powerCycleCommand;
    return cmd ? shellPowerCycle(cmd, vars) : null;
  }

  #entryOptions(
    o: Pick<ModemEntryOptions, 'label' | 'simulated' | 'simIndex' | 'ports' | 'usb' | 'bench' | 'locator' | 'powerCycle' | 'qmiSignal'>,
  ): ModemEntryOptions {
    const settings = this.settings.get();
    return {
      ...o,
      hookMutex: this.#hookMutex,
      resetsPerHour: settings.recovery.resetsPerHour,
      healthPollMs: settings.healthPollMs,
      onChange: (e) => this.#markDirty(e),
      onConsole: () => this.#scheduleConsole(),
      labTags: (imei) => this.labTags.get(imei),
      onTimeline: (e, ev) => {
        const q = this.#pendingTimeline.get(e) ?? [];
        q.push(ev);
        this.#pendingTimeline.set(e, q);
        this.#scheduleConsole();
      },
      onAttempt: (e, o) => {
        this.metrics.record(e.label, o.command, o.latencyMs, o.code, o.attempt);
        this.#countAttempt(o);
      },
      onHealthSample: (e, h) => this.metrics.recordSignal(e.label, { rssiDbm: h.rssiDbm, rsrp: h.rsrp, rsrq: h.rsrq, sinr: h.sinr }),
      logger: this.#o.logger,
    };
  }

  /** One target per modem key: a modem seen twice (the same IMEI on two paths) must not be run twice. */
  #runTargets(): NonNullable<ReturnType<ModemEntry['runTarget']>>[] {
    const byKey = new Map<string, NonNullable<ReturnType<ModemEntry['runTarget']>>>();
    for (const e of this.#entries.values()) {
      const bare = e.runTarget();
      if (bare === null) continue;
      // `qmi:` steps go the modem page's way: qmiRequest answers no-port itself when the modem has none.
      const t = { ...bare, qmi: (request: string, o: { timeoutMs?: number }) => qmiRequest({ simulated: e.simulated, simIndex: e.simIndex, ports: e.view().ports }, request, this.#sim?.sim ?? null, o.timeoutMs) };
      if (byKey.has(t.key)) this.#o.logger.warn({ key: t.key, label: t.label, kept: byKey.get(t.key)!.label }, 'two modems with one identity on the bench: only the first is run');
      else byKey.set(t.key, t);
    }
    return [...byKey.values()];
  }

  /** Batch runs; a typed error when this app has no run history (no database). */
  get runs(): RunsService {
    if (!this.#runs) throw new InvalidInputError('Batch runs need a run history database (start the app with a data directory)', {});
    return this.#runs;
  }

  metricsSnapshot(q: SnapshotQuery): MetricsSnapshot {
    return this.metrics.snapshot(q);
  }

  #emitMetrics(): void {
    if (this.events.listenerCount === 0) return;
    const since = this.#metricsSince;
    const snap = this.metrics.snapshot({ since, modems: 'all', commands: 'all' });
    this.#metricsSince = snap.at;
    this.#emit('metrics.update', snap);
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

  #markDirty(e: ModemEntry): void {
    this.#dirtyModems.add(e);
    this.#scheduleDelta();
  }

  #flushDelta(): void {
    const upserted: ModemView[] = [];
    for (const e of this.#dirtyModems) {
      if (!this.#entries.has(e.key) || !announced(e)) continue;
      const v = e.view();
      if (e.lastEmittedId && e.lastEmittedId !== v.id) this.#removed.add(e.lastEmittedId);
      e.lastEmittedId = v.id;
      upserted.push(v);
    }
    this.#dirtyModems.clear();
    const removed = [...this.#removed].filter((id) => !upserted.some((u) => u.id === id));
    this.#removed.clear();
    if (upserted.length || removed.length) this.#emit('bench.delta', { upserted, removed });
  }

  #flushConsole(): void {
    for (const e of this.#entries.values()) {
      if (!e.console.hasPending) continue;
      this.#emit('console.entries', { modemId: e.id, entries: e.console.takePending() });
    }
    for (const [e, events] of this.#pendingTimeline) this.#emit('modem.timeline', { modemId: e.id, events });
    this.#pendingTimeline.clear();
  }

  #emitStatus(): void {
    const s = this.status();
    const key = JSON.stringify(s);
    if (key === this.#lastStatus) return;
    this.#lastStatus = key;
    this.#emit('bench.status', s);
  }

  #emit<E extends EventName>(channel: E, payload: EventMap[E]): void {
    if (this.events.listenerCount > 0) this.events.emit({ channel, payload } as AppEvent);
  }
}
