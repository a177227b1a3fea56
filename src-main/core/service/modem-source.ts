/**
 * What the app needs from a modem, and where modems come from. The app sees
 * every modem through `ManagedModem`, whatever drives it (a local port through
 * `SupervisedModem`, or a remote bench host over the contract), and learns of them
 * from `ModemSource`s that add them to the one `ModemRegistry`.
 */
import type { CommandClass } from '../at/types';
import type { RunTarget } from '../batch';
import type { ModemIdentity } from '../modem/modem';
import type { CommandOutcome } from '../modem/outcome';
import type { HealthSnapshot } from '../health';
import type { Logger } from '../log';
import type { AttemptOutcome, LadderStep, Mutex } from '../recovery';
import type { ManualStepOutcomeView, ModemId, ModemState, ModemView, SettingsView, TimelineEventView } from '../../../src-preload/contract';
import type { QmiResultView } from '../../../src-preload/contract/qmi';
import type { ConsoleLog } from './console-log';
import type { ModemRegistry } from './modem-registry';

export interface ModemRunOptions {
  cls: CommandClass;
  timeoutMs?: number;
  /** The engineer typed it: its failure is shown in the console even when cancelled. */
  user?: boolean;
  /** The text for a command that prompts for it (AT+CMGS). */
  payload?: string;
  /** The caller's cancel: aborts this command only. */
  signal?: AbortSignal;
}

/** One modem as the app drives it: the facade's commands go to these members and nothing else. */
export interface ManagedModem {
  /** Unique in this process, stable for the modem's life in the registry (what clients track commands by). */
  readonly key: string;
  /** For people only (a slot name, model @ USB location, a path); may change; not unique across hosts. Never a key. */
  readonly label: string;
  /** The name its source gave it, where `label` can differ (a slot name); the source finds its modems by it. @default label */
  readonly baseLabel?: string;
  /** Its ModemId: the key of its metrics, runs, console and view (IMEI, else USB serial + topology). */
  readonly id: ModemId;
  readonly identity: ModemIdentity;
  readonly simulated: boolean;
  readonly state: ModemState;
  /** The AT port is open and the modem answers: what the status bar counts as online. */
  readonly answering: boolean;
  /** Its console transcript; the app takes the pending lines to push them. */
  readonly console: ConsoleLog;
  view(): ModemView;
  /** Never throws: the outcome carries the error. */
  run(command: string, o: ModemRunOptions): Promise<CommandOutcome>;
  /** Reads health, operator and SIM state now. */
  poll(cls: CommandClass): Promise<void>;
  timeline(afterSeq?: number): TimelineEventView[];
  recover(step: LadderStep): Promise<ManualStepOutcomeView>;
  cancelRecovery(): boolean;
  revive(): Promise<string>;
  /** One QMI request to the modem's QMI port; a missing port is an error result, not a throw. */
  qmi(request: string, o?: { timeoutMs?: number; signal?: AbortSignal }): Promise<QmiResultView>;
  applySettings(o: { healthPollMs: number; resetsPerHour: number }): void;
  /** The modem as a batch run target; null until it is set up. */
  runTarget(): RunTarget | null;
  /** Lab tags kept elsewhere (a remote bench host's modem: on its host); absent: this app keeps them per IMEI. */
  setTags?(tags: string[]): Promise<ModemView>;
  /** Only a simulated modem has a cable to pull. */
  readonly cable?: { unplug(): void; replug(): void };
  /** Stops everything it runs; the registry calls it on removal. */
  dispose(): void;
}

/** Queue figures the status bar sums over every distinct controller. */
export interface QueueStats {
  stats(): { inFlight: number; queued: number };
}

/** What a modem reports to the app as it changes (a source wires these to its modems). */
export interface ModemHooks {
  /** Its view changed (state, identity, health, ...). */
  changed(m: ManagedModem): void;
  /** Its console has pending lines. */
  console(m: ManagedModem): void;
  timeline(m: ManagedModem, ev: TimelineEventView): void;
  /** Every attempt of every command, whatever its class (metrics, the status bar's counters). */
  attempt(m: ManagedModem, o: AttemptOutcome): void;
  /** Every completed health poll (signal series). */
  healthSample(m: ManagedModem, s: HealthSnapshot): void;
}

/** What a source is given by the app. */
export interface ModemSourceContext {
  readonly registry: ModemRegistry;
  readonly hooks: ModemHooks;
  readonly logger: Logger;
  /** Shared with every session: updating it applies new timeouts live. */
  readonly timeouts: SettingsView['timeouts'];
  /** The settings a new modem starts with. */
  settings(): { healthPollMs: number; resetsPerHour: number };
  /** The engineer's lab tags of an IMEI. */
  labTags(imei: string | null): string[];
  /** One external power cycle at a time across the bench, whichever source the modem came from. */
  readonly hookMutex: Mutex;
}

/**
 * Where modems come from: it adds them to `ctx.registry` (at start and as they
 * appear) and removes those that leave. How it starts is its own (a count
 * and seed, a port list, a host address); how it ends is common.
 */
export interface ModemSource {
  /** For logs: 'simulated', 'discovered', 'path', 'remote', ... */
  readonly kind: string;
  /** The controller its commands queue in, for the status bar; null when it queues nothing here. */
  readonly queue: QueueStats | null;
  /** Stops adding modems and releases what it owns. The registry has already removed its modems. */
  close(): Promise<void>;
}
