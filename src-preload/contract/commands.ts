/**
 * Every command of the bridge, once: its input schema (validated at runtime
 * by the dispatcher, so a malformed call is `invalid-input`, never a crash)
 * and its output type.
 */
import * as v from 'valibot';
import type {
  AppInfoView,
  BenchStatusView,
  CatalogueEntryView,
  CommandResultView,
  ConsoleEntry,
  ModemView,
  SettingsView,
  TimelineEventView,
} from './domain';
import type {
  BatchValidationView,
  RunComparisonView,
  RunExportView,
  RunSummaryView,
  RunTranscriptEntryView,
  RunView,
} from './batch';
import type { MetricsSnapshotView } from './metrics';
import type { ManualStepOutcomeView } from './recovery';
import type { QmiResultView } from './qmi';
import { benchHostAdd, type BenchHostView } from './fleet';

/** Pairs an input schema with an output type (the output is type-only). */
function command<Out>() {
  return <S extends v.GenericSchema>(input: S) => ({ input, output: undefined as unknown as Out });
}

const modemId = v.pipe(v.string(), v.minLength(1), v.maxLength(128));
const atCommand = v.pipe(
  v.string(),
  v.minLength(2),
  v.maxLength(1024),
  v.regex(/^(AT|A\/)/i, 'an AT command starts with AT'),
  v.regex(/^[^\r\n]*$/, 'one line: no CR or LF'),
);
/** The engineer confirmed a dangerous command line (see `classifyCommandLine`). */
const confirm = v.optional(v.boolean());
/** Text for a prompt (27.005 text mode); Ctrl-Z and ESC are the session's to send. */
const payloadText = v.pipe(v.string(), v.maxLength(4096), v.regex(/^[^\x1a\x1b]*$/, 'payload must not contain Ctrl-Z or ESC'));
const timeoutMs = v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(600_000)));
/** A client's name for one of its commands (modem.exec), unique among its commands in flight on the modem. */
const requestId = v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'a requestId is 1-64 letters, digits, - or _')));
const empty = v.strictObject({});
const batchText = v.pipe(v.string(), v.minLength(1), v.maxLength(1_000_000));
const fileName = v.pipe(v.string(), v.minLength(1), v.maxLength(256));
const runId = v.pipe(v.number(), v.integer(), v.minValue(1));
const ms = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));

export const settingsPatch = v.strictObject({
  timeouts: v.optional(
    v.strictObject({
      short: v.optional(ms(100, 600_000)),
      cfun: v.optional(ms(100, 600_000)),
      cops: v.optional(ms(100, 600_000)),
      cgatt: v.optional(ms(100, 600_000)),
      long: v.optional(ms(100, 600_000)),
    }),
  ),
  healthPollMs: v.optional(ms(1_000, 3_600_000)),
  recovery: v.optional(v.strictObject({ resetsPerHour: v.optional(ms(0, 60)) })),
  theme: v.optional(v.picklist(['system', 'light', 'dark'])),
});
export type SettingsPatch = v.InferOutput<typeof settingsPatch>;

export const commands = {
  'app.info': command<AppInfoView>()(empty),
  'bench.list': command<{ modems: ModemView[]; status: BenchStatusView }>()(empty),
  'bench.startSimulated': command<{ count: number }>()(
    v.strictObject({
      count: ms(1, 256),
      seed: v.optional(ms(0, 2 ** 31 - 1)),
      faults: v.optional(v.pipe(v.string(), v.maxLength(500))),
    }),
  ),
  'bench.stopSimulated': command<{ stopped: number }>()(empty),
  'sim.unplug': command<Record<string, never>>()(v.strictObject({ modemId })),
  'sim.replug': command<Record<string, never>>()(v.strictObject({ modemId })),
  /**
   * The engineer's lab tags (slot names) for a modem, kept per IMEI across restarts; replaces
   * the previous list. Batch selectors match them (`modems: {tag: A3}`).
   */
  'modem.setTags': command<ModemView>()(
    v.strictObject({
      modemId,
      tags: v.pipe(v.array(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(40), v.regex(/^[\w.:/#+-]+$/, 'a tag is one word: letters, digits and . : / # + - _'))), v.maxLength(16)),
    }),
  ),
  /**
   * A dangerous command line (`classifyCommandLine`) is refused with `confirmation-required`
   * (details.commands: text, category, reason) unless `confirm: true` says the engineer agreed.
   */
  /** `payload`: text typed at the `> ` prompt of AT+CMGS and the like (an SMS body; newline = Enter, Ctrl-Z added). */
  /** `requestId`: the caller's name for this command, so that its cancel can name it (see modem.cancel). */
  'modem.exec': command<CommandResultView>()(v.strictObject({ modemId, command: atCommand, timeoutMs, confirm, payload: v.optional(payloadText), requestId })),
  /**
   * Cancels the calling client's command sent with `requestId` on the modem; without it, every
   * command of the calling client on the modem. Never another client's.
   */
  'modem.cancel': command<{ cancelled: boolean }>()(v.strictObject({ modemId, requestId })),
  /**
   * The modems whose console lines this client wants pushed ('console.entries'); replaces the
   * previous list. A client that never calls it gets every modem's lines.
   */
  'console.subscribe': command<{ modems: number }>()(v.strictObject({ modemIds: v.pipe(v.array(modemId), v.maxLength(1024)) })),
  'modem.transcript': command<{ entries: ConsoleEntry[] }>()(
    v.strictObject({ modemId, afterSeq: v.optional(ms(0, Number.MAX_SAFE_INTEGER)), limit: v.optional(ms(1, 5000)) }),
  ),
  'modem.refresh': command<ModemView>()(v.strictObject({ modemId })),
  'modem.timeline': command<{ events: TimelineEventView[] }>()(v.strictObject({ modemId, afterSeq: v.optional(ms(0, Number.MAX_SAFE_INTEGER)) })),
  /**
   * Runs one ladder step by hand: that step only, never the next (MANUAL_STEP_LIMIT_MS bounds it).
   * `confirm: true` is required: a reset drops the modem's ports.
   */
  'modem.recover': command<ManualStepOutcomeView>()(
    v.strictObject({ modemId, step: v.picklist(['resync', 'reopen', 'soft-reset', 'power-cycle']), confirm: v.literal(true) }),
  ),
  /** Stops a ladder step run by hand; the modem is then failed until the engineer chooses the next step or revives it. */
  'modem.recoverCancel': command<{ cancelled: boolean }>()(v.strictObject({ modemId })),
  /** One QMI request (qmicli-style name, e.g. nas-get-signal-info) to the modem's QMI port; failures are in the view. */
  'modem.qmi': command<QmiResultView>()(v.strictObject({ modemId, request: v.pipe(v.string(), v.minLength(1), v.maxLength(200)) })),
  /** Brings a failed modem back into service after the engineer fixed it. */
  'modem.revive': command<{ state: string }>()(v.strictObject({ modemId, confirm: v.literal(true) })),
  /** Dangerous command lines need `confirm: true`, as for modem.exec. */
  'broadcast.exec': command<{ results: CommandResultView[] }>()(
    v.strictObject({ modemIds: v.pipe(v.array(modemId), v.minLength(1), v.maxLength(1024)), command: atCommand, timeoutMs, confirm }),
  ),
  'catalogue.list': command<{ entries: CatalogueEntryView[] }>()(empty),
  'settings.get': command<SettingsView>()(empty),
  'settings.update': command<SettingsView>()(settingsPatch),
  'logs.reveal': command<{ path: string; opened: boolean }>()(empty),
  /** The app log's last lines (at most `lines`, default 200). */
  'logs.tail': command<{ path: string; lines: string[]; size: number }>()(v.strictObject({ lines: v.optional(ms(1, 5000)) })),
  /** Logs a modem's console to a file in the log directory from now on (true), stops (false), or reports (omitted). */
  'console.logFile': command<{ path: string | null }>()(v.strictObject({ modemId, enabled: v.optional(v.boolean()) })),

  // ---- batch runs -------------------------------------------------------
  /** The batch file JSON Schema (editor validation and completion). */
  'batch.schema': command<{ schema: unknown }>()(empty),
  /** The shipped example batch files. */
  'batch.examples': command<{ examples: { name: string; file: string; text: string }[] }>()(empty),
  /** Checks a batch file without running it: problems with line and column. */
  'batch.validate': command<BatchValidationView>()(v.strictObject({ text: batchText, name: v.optional(fileName) })),
  /** Starts a run on the modems the file selects (or only `modemIds`). A malformed file is `invalid-input` with its problems. */
  'batch.start': command<{ runId: number }>()(
    v.strictObject({
      text: batchText,
      name: v.optional(fileName),
      modemIds: v.optional(v.pipe(v.array(modemId), v.minLength(1), v.maxLength(1024))),
      parallel: v.optional(ms(1, 1024)),
    }),
  ),
  'batch.control': command<{ state: string }>()(v.strictObject({ runId, action: v.picklist(['pause', 'resume', 'cancel']) })),
  'runs.list': command<{ runs: RunSummaryView[] }>()(v.strictObject({ limit: v.optional(ms(1, 1000)) })),
  'runs.get': command<RunView>()(v.strictObject({ runId })),
  'runs.transcript': command<{ entries: RunTranscriptEntryView[] }>()(v.strictObject({ runId, modemKey: modemId })),
  'runs.export': command<RunExportView>()(v.strictObject({ runId, format: v.picklist(['json', 'csv', 'junit']) })),
  /** Two runs side by side: per step pass rate and latency, modems whose outcome changed, by firmware revision. */
  'runs.compare': command<RunComparisonView>()(v.strictObject({ a: runId, b: runId })),
  /**
   * Continues an interrupted or cancelled run where it stopped (its plan from the history), on
   * those of its modems on the bench now; `missing` names the others (their steps stay undone,
   * and the run ends interrupted again). Not `batch.control` resume, which un-pauses a live run.
   */
  'runs.resume': command<{ runId: number; modems: number; missing: string[] }>()(v.strictObject({ runId, parallel: v.optional(ms(1, 1024)) })),
  'runs.delete': command<{ deleted: number }>()(v.strictObject({ runIds: v.pipe(v.array(runId), v.minLength(1), v.maxLength(1000)) })),

  // ---- remote bench hosts (issue 17) ---------------------------------------
  /** The remote bench hosts and their connection state; tokens only masked. */
  'benches.list': command<{ hosts: BenchHostView[] }>()(empty),
  /** Adds a remote bench (kept in the data directory) and starts connecting; its modems join the bench list. */
  'benches.add': command<BenchHostView>()(benchHostAdd),
  /** Removes a remote bench: its modems leave the bench list, its commands in flight fail with host-unreachable. */
  'benches.remove': command<{ removed: boolean }>()(v.strictObject({ name: v.pipe(v.string(), v.minLength(1), v.maxLength(300)) })),

  // ---- metrics ------------------------------------------------------------
  /** Tables, alerts and series (points newer than `since`; per-modem series for the modems asked for). */
  'metrics.get': command<MetricsSnapshotView>()(
    v.strictObject({
      since: v.optional(ms(0, Number.MAX_SAFE_INTEGER)),
      modems: v.optional(v.union([v.picklist(['all', 'none']), v.pipe(v.array(modemId), v.maxLength(1024))])),
      commands: v.optional(v.union([v.picklist(['all', 'none']), v.pipe(v.array(v.pipe(v.string(), v.maxLength(128))), v.maxLength(256))])),
    }),
  ),
} as const;

export type CommandMap = typeof commands;
export type CommandName = keyof CommandMap;
export type CommandInput<K extends CommandName> = v.InferInput<CommandMap[K]['input']>;
export type CommandOutput<K extends CommandName> = CommandMap[K]['output'];

export const COMMAND_CHANNELS = Object.keys(commands) as CommandName[];

export function isCommandName(x: unknown): x is CommandName {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(commands, x);
}
