/** Domain shapes the renderer sees. Plain data: serialisable over IPC and WebSocket. */

/**
 * One physical modem's key everywhere: the controller's queue, the app, the
 * metrics, the run store, the events and the UI. Its IMEI; without one, its
 * USB serial number and topology path (`usb:<serial>@<topology>`); a modem
 * given by port path alone, with neither, `port:<path>`. Never its label:
 * labels are for people and may change. A modem gets its id when its identity
 * is first read and keeps it for as long as it is on the bench.
 */
export type ModemId = string;

/** What a ModemId is made of, whichever of it is known. */
export interface ModemIdParts {
  imei: string | null;
  usbSerial?: string | null;
  /** The USB device's bus path (`1-1.4.2`), stable per physical slot. */
  topology?: string | null;
  /** The AT port's path, the last resort (a modem given as `--port PATH` that has no IMEI). */
  path?: string | null;
}

/** The ModemId of a modem: IMEI, else USB serial + topology, else the port path. */
export function modemIdOf(p: ModemIdParts): ModemId {
  if (p.imei) return p.imei;
  if (p.usbSerial || p.topology) return `usb:${p.usbSerial ?? ''}@${p.topology ?? ''}`;
  return `port:${p.path ?? '?'}`;
}

export type PortRole = 'at' | 'at-secondary' | 'nmea' | 'diag' | 'qmi' | 'unknown';

export interface PortView {
  path: string;
  role: PortRole;
  /** USB interface number when known. */
  interface: number | null;
}

export interface IdentityView {
  imei: string | null;
  manufacturer: string | null;
  model: string | null;
  /** Base revision (AT+CGMR), e.g. EC25EFAR06A04M4G. */
  firmware: string | null;
  /** Full revision with sub-build (AT+QGMR), e.g. EC25EUXGAR08A15M1G_20.200.20.200. */
  revision: string | null;
  iccid: string | null;
  imsi: string | null;
}

/** idle/busy: answering; recovering: the ladder works on it; offline: its ports are gone; failed: the ladder gave up; opening: being set up. */
export type ModemState = 'opening' | 'idle' | 'busy' | 'recovering' | 'offline' | 'failed';

export type HealthState = 'healthy' | 'degraded' | 'recovering' | 'failed' | 'offline';

export type LadderStepName = 'resync' | 'reopen' | 'soft-reset' | 'power-cycle';

export interface HealthView {
  state: HealthState;
  /** Why it is not healthy; empty when it is. */
  reasons: string[];
  breaker: 'closed' | 'open' | 'half-open';
  recoveryStep: LadderStepName | null;
  /** Failed share of the recent commands, 0..1. */
  errorRate: number;
  registration: string | null;
}

/** One entry of a modem's timeline: recoveries, reboots, breaker changes, disconnects. */
export interface TimelineEventView {
  seq: number;
  at: number;
  kind: string;
  step: LadderStepName | null;
  cause: string | null;
  detail: string | null;
}

export interface SignalView {
  /** AT+CSQ rssi index 0..31, 99 unknown. */
  csq: number | null;
  rssiDbm: number | null;
  rsrp: number | null;
  rsrq: number | null;
  sinr: number | null;
  /** 0..4 bars for the bench table. */
  bars: number;
  at: number;
}

export interface ModemView {
  /** Its ModemId: the key of its metrics, runs, consoles and every command. */
  id: ModemId;
  /** For people only (the slot, or model @ USB location); never a key. */
  label: string;
  simulated: boolean;
  state: ModemState;
  /** Why the state is what it is (e.g. "port vanished", "opening /dev/ttyUSB2"). */
  reason: string | null;
  identity: IdentityView;
  ports: PortView[];
  usb: { vendorId: string | null; productId: string | null; serialNumber: string | null; location: string | null } | null;
  signal: SignalView | null;
  operator: string | null;
  rat: string | null;
  temperatureC: number | null;
  /** LTE band of the serving cell (AT+QENG="servingcell"), null when unknown. */
  band: number | null;
  /** SIM state from AT+CPIN? (READY, SIM PIN, not inserted…), null when unknown. */
  simState: string | null;
  queueDepth: number;
  /** Null until the modem has been set up. */
  health: HealthView | null;
  /** ms since epoch of the last byte from the modem. */
  lastSeen: number | null;
  /** `simulated` for simulated modems, then the engineer's lab tags (slot names), kept per IMEI. */
  tags: string[];
  /** The engineer's lab tags alone (editable; the first one names the slot). */
  labTags: string[];
  /** A remote bench host's modem: that host (host:port); absent for this bench's own modems. */
  host?: string;
  /** The same IMEI is elsewhere too ('local' or host:port): shown on each row, never merged. */
  conflict?: string[];
}

export type CommandStatus = 'ok' | 'error' | 'timeout' | 'cancelled' | 'disconnected';

/** One command's outcome as the CLI and the bridge report it. */
export interface CommandOutcomeView {
  command: string;
  status: CommandStatus;
  /** The final result code as the modem sent it, null when none came. */
  final: string | null;
  lines: string[];
  urcs: string[];
  echo: string | null;
  parsed: unknown;
  latencyMs: number | null;
  error: { code: string; message: string } | null;
  /** Bytes were thrown away while the command ran (garbage inside a line): the answer may miss data. */
  damaged?: boolean;
}

export interface CommandResultView extends CommandOutcomeView {
  modemId: ModemId;
}

export type ConsoleKind = 'tx' | 'rx' | 'urc' | 'late' | 'garbage' | 'error' | 'event';

/** One console line. Its bytes for the hex view are derived where shown (consoleHex), not sent. */
export interface ConsoleEntry {
  seq: number;
  at: number;
  kind: ConsoleKind;
  /** latin1 text: one character per byte. */
  text: string;
  /** Set for background traffic (health polls, the recovery ladder): not the engineer's commands. */
  bg?: ConsoleBackground;
}

export type ConsoleBackground = 'health' | 'recovery';

const HEX = '0123456789abcdef';

/** The line's bytes in hex: its text, and for what we sent the CR that ended the command. */
export function consoleHex(e: Pick<ConsoleEntry, 'kind' | 'text'>): string {
  let out = '';
  for (let i = 0; i < e.text.length; i++) {
    const c = e.text.charCodeAt(i) & 0xff;
    out += HEX[c >> 4]! + HEX[c & 15]!;
  }
  return e.kind === 'tx' ? `${out}0d` : out;
}

/** Command traffic: what the status bar counts. */
export interface TrafficView {
  /** Over the last 5 s. */
  commandsPerSec: number;
  /** Failed attempts (error finals, timeouts, disconnects) in the last 60 s. */
  errorsLastMinute: number;
  inFlight: number;
  queued: number;
}

/** Whose traffic a status's figures add up (issue 17). */
export interface FleetCoverageView {
  /** Remote bench hosts whose latest status (fresh) is in the figures, as host:port. */
  counted: string[];
  /** Remote bench hosts whose traffic is not known now (not connected, or no status for a few seconds): not in the figures. */
  unknown: string[];
}

/**
 * The status bar's figures. The traffic fields add up this process's own
 * modems and, in an app that follows remote bench hosts, each host's own
 * modems (`fleet` says which hosts).
 */
export interface BenchStatusView extends TrafficView {
  modemsOnline: number;
  modemsTotal: number;
  simulated: boolean;
  /**
   * This process's own modems' traffic alone: what an app that follows this bench adds up
   * (a bench's own remote hosts are not in it, so nothing is counted twice, and two benches
   * following each other do not feed back). Absent from benches before issue 17.
   */
  own?: TrafficView;
  /** Present when remote bench hosts are followed: whose traffic the figures include. */
  fleet?: FleetCoverageView;
}

export interface CatalogueEntryView {
  name: string;
  summary: string;
  maxResponseMs: number | null;
  template: string;
  dangerous: boolean;
}

export type Theme = 'system' | 'light' | 'dark';

export interface SettingsView {
  timeouts: { short: number; cfun: number; cops: number; cgatt: number; long: number };
  healthPollMs: number;
  recovery: { resetsPerHour: number };
  theme: Theme;
}

export interface AppInfoView {
  version: string;
  platform: string;
  dataDir: string;
  logDir: string;
  logFile: string;
  /** The configured power-cycle hook (a shell command template), null when none; simulated modems have the simulator's own. */
  powerCycleHook: string | null;
}
