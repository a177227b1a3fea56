import { spawn } from 'node:child_process';
import { CancelledError, abortReason } from '../errors';

/** What the power-cycle command may refer to; each is also passed as an environment variable. */
export interface PowerCycleVars {
  /** USB location / hub port path (`MB_LOCATION`, `{location}`). */
  location: string | null;
  /** USB serial number (`MB_USB_SERIAL`, `{usbSerial}`). */
  usbSerial: string | null;
  /** IMEI (`MB_IMEI`, `{imei}`). */
  imei: string | null;
  /** The bench label (`MB_LABEL`, `{label}`). */
  label: string;
}

export interface PowerCycleOptions {
  /** The command may take this long (ms) before it is killed and the step fails. @default 120000 */
  timeoutMs?: number;
  /** Platform rules for the shell. @default process.platform */
  platform?: NodeJS.Platform;
}

function quote(v: string, platform: NodeJS.Platform): string {
  return platform === 'win32' ? `"${v.replace(/"/g, '""')}"` : `'${v.replace(/'/g, `'\\''`)}'`;
}

/** `{location}` etc. replaced by shell-quoted values; unknown placeholders are left as they are. */
export function expandPowerCycleCommand(template: string, vars: PowerCycleVars, platform: NodeJS.Platform = process.platform): string {
  return template.replace(/\{(location|usbSerial|imei|label)\}/g, (_m, k: keyof PowerCycleVars) => quote(vars[k] ?? '', platform));
}

/**
 * The external power-cycle hook of the recovery ladder, from a command the
 * engineer configured (a USB hub port power toggle such as
 * `uhubctl -l 1-1 -p 3 -a cycle`, a relay board script). It runs in the
 * shell with the modem's location, USB serial, IMEI and label available;
 * a non-zero exit fails the step.
 */
export function shellPowerCycle(template: string, vars: PowerCycleVars, options: PowerCycleOptions = {}): (signal: AbortSignal) => Promise<void> {
  if (typeof template !== 'string' || template.trim() === '') throw new TypeError('template must be a non-empty command');
  const { timeoutMs = 120_000, platform = process.platform } = options;
  if (!(timeoutMs > 0)) throw new TypeError(`timeoutMs must be > 0, got ${timeoutMs}`);
  return (signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(new CancelledError(abortReason(signal)));
      const command = expandPowerCycleCommand(template, vars, platform);
      const child = spawn(command, {
        shell: true,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, MB_LOCATION: vars.location ?? '', MB_USB_SERIAL: vars.usbSerial ?? '', MB_IMEI: vars.imei ?? '', MB_LABEL: vars.label },
        windowsHide: true,
        // Its own process group, so a timeout or cancel ends the whole command, not just the shell.
        detached: platform !== 'win32',
      });
      const kill = (): void => {
        try {
          if (platform !== 'win32' && child.pid) process.kill(-child.pid, 'SIGKILL');
          else child.kill('SIGKILL');
        } catch {
          // already gone
        }
      };
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString()).slice(-2000);
      });
      const timer = setTimeout(kill, timeoutMs);
      const onAbort = (): void => kill();
      signal.addEventListener('abort', onAbort, { once: true });
      child.on('error', (err) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        reject(new Error(`power-cycle command could not start: ${err.message}`));
      });
      child.on('exit', (code, sig) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) return reject(new CancelledError(abortReason(signal)));
        if (code === 0) return resolve();
        reject(new Error(`power-cycle command ${sig ? `was killed (${sig})` : `exited with ${code}`}${stderr ? `: ${stderr.trim()}` : ''}`));
      });
    });
}
