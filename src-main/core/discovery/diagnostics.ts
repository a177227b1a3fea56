/**
 * Why a port cannot be used, and what to do about it. The classification and
 * the texts are pure; `diagnosePortFailure` adds the Linux holder lookup.
 */
import {
  isBenchError,
  isDisconnectedError,
  isPermissionDeniedError,
  isPortBusyError,
  isPortNotFoundError,
  type ErrorCode,
} from '../errors';
import { findPortHolders, type HolderLookupOptions, type PortHolder } from './holders';
import type { Platform } from './port-info';
import type { PortRole } from './types';

export type PortProblem = 'permission-denied' | 'busy' | 'vanished' | 'no-answer' | 'not-ready' | 'failed';

export interface PortDiagnostic {
  path: string;
  problem: PortProblem;
  /** The bridge error code behind it, when there is one. */
  code: ErrorCode | null;
  role: PortRole | null;
  interface: number | null;
  /** One line: what is wrong. */
  summary: string;
  /** What to do, most likely first. Commands are in backticks. */
  fixes: string[];
  /** Linux: the processes that hold the port (busy only). */
  holders: PortHolder[];
}

export interface DiagnoseContext {
  platform: Platform;
  role?: PortRole | null;
  interface?: number | null;
  /** Processes found holding the port (see `findPortHolders`). @default [] */
  holders?: PortHolder[];
}

const UDEV_RULE = 'build/99-modem-bench.rules';
const UDEV_INSTALL = `sudo cp 99-modem-bench.rules /etc/udev/rules.d/ && sudo udevadm control --reload && sudo udevadm trigger`;

/** Terminals and tools people leave open on a modem port. */
const TERMINALS = new Set(['minicom', 'picocom', 'screen', 'cu', 'tio', 'microcom', 'gtkterm', 'cutecom', 'putty', 'moserial', 'socat', 'chat', 'pppd', 'gpsd']);

function portName(path: string, ctx: DiagnoseContext): string {
  const parts: string[] = [];
  if (ctx.interface !== undefined && ctx.interface !== null) parts.push(`If${ctx.interface}`);
  if (ctx.role) parts.push(ctx.role);
  return parts.length ? `${path} (${parts.join(', ')})` : path;
}

function base(path: string, problem: PortProblem, code: ErrorCode | null, ctx: DiagnoseContext): Omit<PortDiagnostic, 'summary' | 'fixes'> {
  return { path, problem, code, role: ctx.role ?? null, interface: ctx.interface ?? null, holders: ctx.holders ?? [] };
}

export function permissionDenied(path: string, ctx: DiagnoseContext): PortDiagnostic {
  const name = portName(path, ctx);
  if (ctx.platform === 'win32') {
    return {
      ...base(path, 'permission-denied', 'permission-denied', ctx),
      summary: `Access to ${name} was denied.`,
      fixes: ['Close any other program that has the port open, or run Modem Bench as a user allowed to use it.'],
    };
  }
  const fixes =
    ctx.platform === 'linux'
      ? [
          'Add your user to the group that owns serial ports, then log out and back in: `sudo usermod -aG dialout $USER` (on Arch the group is `uucp`: `sudo usermod -aG uucp $USER`).',
          `Or install the udev rule that ships with Modem Bench (the .deb installs it; ${UDEV_RULE} in the source): \`${UDEV_INSTALL}\`.`,
        ]
      : ['Make sure your user may open the port (on macOS, check that no security tool blocks it).'];
  return { ...base(path, 'permission-denied', 'permission-denied', ctx), summary: `Permission denied opening ${name}.`, fixes };
}

export function busy(path: string, ctx: DiagnoseContext, inProcess = false): PortDiagnostic {
  const name = portName(path, ctx);
  const holders = ctx.holders ?? [];
  if (inProcess) {
    return {
      ...base(path, 'busy', 'port-busy', ctx),
      summary: `${name} is already open in this Modem Bench.`,
      fixes: ['It belongs to a modem on the bench or an open console; close that first.'],
    };
  }
  const who = holders.map((h) => `${h.comm} (pid ${h.pid})`).join(', ');
  const fixes: string[] = [];
  for (const h of holders) {
    if (h.comm === 'ModemManager') {
      fixes.push(
        `ModemManager has claimed the modem. Make it ignore bench modems with the udev rule that sets ENV{ID_MM_DEVICE_IGNORE}="1" (the .deb installs it; ${UDEV_RULE} in the source): \`${UDEV_INSTALL}\`, then replug.`,
        'Or stop it for now: `sudo systemctl stop ModemManager`.',
      );
    } else if (TERMINALS.has(h.comm.toLowerCase())) {
      fixes.push(`Close ${h.comm} (pid ${h.pid}), or end it: \`kill ${h.pid}\`.`);
    } else {
      fixes.push(`Close ${h.comm} (pid ${h.pid})${h.cmdline ? `: ${h.cmdline}` : ''}.`);
    }
  }
  if (holders.length === 0) {
    if (ctx.platform === 'linux') {
      fixes.push(
        `Another program holds it. Find it with \`sudo fuser -v ${path}\` (other users' processes are visible only to root).`,
        `ModemManager is the usual suspect: \`sudo systemctl stop ModemManager\`, or install the udev rule (${UDEV_RULE}) that sets ENV{ID_MM_DEVICE_IGNORE}="1".`,
      );
    } else if (ctx.platform === 'win32') {
      fixes.push('Close the program that has it open: a terminal (PuTTY, Tera Term), QPST/QXDM/QCOM, the vendor connection manager, or another Modem Bench.');
    } else {
      fixes.push(`Close the program that has it open (find it with \`lsof ${path}\`).`);
    }
  }
  return { ...base(path, 'busy', 'port-busy', ctx), summary: `${name} is in use${who ? ` by ${who}` : ' by another program'}.`, fixes };
}

export function vanished(path: string, ctx: DiagnoseContext): PortDiagnostic {
  return {
    ...base(path, 'vanished', 'port-not-found', ctx),
    summary: `${portName(path, ctx)} disappeared.`,
    fixes: [
      'The modem is resetting or re-enumerating and comes back under a new port name; discovery follows it by USB location and IMEI.',
      'If it does not come back, check the cable and the hub power supply, then replug.',
    ],
  };
}

export interface NoAnswerFacts {
  attempts: number;
  /** Time spent trying (ms). */
  waitedMs: number;
  /** The port answered only ERROR: AT works but the modem is not ready. */
  answeredError?: boolean;
}

export function noAnswer(path: string, ctx: DiagnoseContext, facts: NoAnswerFacts): PortDiagnostic {
  const name = portName(path, ctx);
  const secs = (facts.waitedMs / 1000).toFixed(1);
  if (facts.answeredError) {
    return {
      ...base(path, 'not-ready', 'modem-error', ctx),
      summary: `${name} answers AT with ERROR (${facts.attempts} tries over ${secs} s): the modem is up but not ready.`,
      fixes: ['Still booting: RDY comes about 10-30 s after power-on. Rescan in a few seconds.', 'If it persists, reset the modem (`AT+CFUN=1,1`) or power-cycle it.'],
    };
  }
  return {
    ...base(path, 'no-answer', 'timeout', ctx),
    summary: `No answer to AT on ${name} after ${facts.attempts} ${facts.attempts === 1 ? 'try' : 'tries'} over ${secs} s.`,
    fixes: [
      'The modem may still be booting: the AT port stays silent until RDY, about 10-30 s after power-on. Rescan in a few seconds.',
      'It may not be an AT port: a DIAG or NMEA interface, or a composition that moved the AT port (RNDIS puts it on If4).',
      'If it stays silent, power-cycle the modem.',
    ],
  };
}

/** Classifies an error met while opening or talking to a port. */
export function describePortError(path: string, err: unknown, ctx: DiagnoseContext): PortDiagnostic {
  if (isPermissionDeniedError(err)) return permissionDenied(path, ctx);
  if (isPortBusyError(err)) return busy(path, ctx, err.holder === 'this Modem Bench');
  if (isPortNotFoundError(err) || isDisconnectedError(err)) return vanished(path, ctx);
  const message = err instanceof Error ? err.message : String(err);
  return {
    ...base(path, 'failed', isBenchError(err) ? err.code : null, ctx),
    summary: `${portName(path, ctx)} failed: ${message}`,
    fixes: ['Replug the modem; if it keeps failing, note the message and check the USB driver (dmesg on Linux, Device Manager on Windows).'],
  };
}

export interface DiagnoseOptions extends HolderLookupOptions {
  platform: Platform;
  role?: PortRole | null;
  interface?: number | null;
  /** Look up who holds a busy port (Linux only). @default true */
  lookupHolders?: boolean;
}

/** `describePortError`, plus on Linux the processes holding a busy port. */
export async function diagnosePortFailure(path: string, err: unknown, options: DiagnoseOptions): Promise<PortDiagnostic> {
  const { platform, role = null, interface: iface = null, lookupHolders = true, ...lookup } = options;
  const ctx: DiagnoseContext = { platform, role, interface: iface };
  if (isPortBusyError(err) && err.holder !== 'this Modem Bench' && platform === 'linux' && lookupHolders && path.startsWith('/')) {
    ctx.holders = await findPortHolders(path, lookup).catch(() => []);
  }
  return describePortError(path, err, ctx);
}

/** Text for a console or a log: the summary, then the fixes as a list. */
export function formatDiagnostic(d: PortDiagnostic): string {
  return [d.summary, ...d.fixes.map((f) => `  - ${f}`)].join('\n');
}
