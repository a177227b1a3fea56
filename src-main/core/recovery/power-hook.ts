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
  /** Platform rules (process groups). @default process.platform */
  platform?: NodeJS.Platform;
}

const PLACEHOLDER = /\{(location|usbSerial|imei|label)\}/g;
// What only a shell would act on outside quotes: pipes, lists, redirects, subshells, substitutions.
const SHELL_SYNTAX = /[|&;<>()$`]/;

/** A template word: literal text and placeholders, split once so values can never add words. */
type Word = string;

/**
 * Splits a command template into argv words as a POSIX shell would split plain words
 * (whitespace; '…' and "…" group; backslash escapes one character except on Windows, where
 * it is a path separator), without running any
 * shell. Shell syntax outside quotes (`|`, `;`, `>`, `$(…)`, backquotes, globs…) is refused:
 * the hook runs no shell, so such a template would not do what it says. Throws TypeError.
 */
export function parsePowerCycleTemplate(template: string, platform: NodeJS.Platform = process.platform): Word[] {
  if (typeof template !== 'string' || template.trim() === '') throw new TypeError('template must be a non-empty command');
  const words: Word[] = [];
  let cur: string | null = null;
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (/\s/.test(c)) {
      if (cur !== null) words.push(cur);
      cur = null;
    } else if (c === "'" || c === '"') {
      const end = template.indexOf(c, i + 1);
      if (end < 0) throw new TypeError(`template: unclosed ${c} at column ${i + 1}`);
      const inner = template.slice(i + 1, end);
      if (c === '"' && /[$`]/.test(inner)) throw new TypeError(`template: $ and \` inside "…" at column ${i + 1} would need a shell; the hook runs none (values are in MB_* variables)`);
      cur = (cur ?? '') + inner;
      i = end;
    } else if (c === '\\' && platform !== 'win32') {
      if (i + 1 >= template.length) throw new TypeError('template: a trailing backslash');
      cur = (cur ?? '') + template[++i];
    } else if (SHELL_SYNTAX.test(c)) {
      throw new TypeError(`template: '${c}' at column ${i + 1} is shell syntax; the hook runs no shell. Put pipes and redirects in a script and call it with the placeholders as arguments`);
    } else cur = (cur ?? '') + c;
  }
  if (cur !== null) words.push(cur);
  return words;
}

/** The argv for these values: each placeholder replaced inside its own word, never re-split or interpreted. */
export function expandPowerCycleArgv(words: readonly Word[], vars: PowerCycleVars): string[] {
  return words.map((w) => w.replace(PLACEHOLDER, (_m, k: keyof PowerCycleVars) => vars[k] ?? ''));
}

/** The problem with a template (for checking a setting when it is given), or null. */
export function checkPowerCycleTemplate(template: string, platform: NodeJS.Platform = process.platform): string | null {
  try {
    parsePowerCycleTemplate(template, platform);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * The external power-cycle hook of the recovery ladder, from a command the engineer
 * configured (a USB hub port power toggle such as `uhubctl -l {location} -a cycle`, a relay
 * board script). It runs WITHOUT a shell: the template is split into words once and the
 * modem's values go into those words, so device-reported strings (a label, an IMEI) are
 * never read as code, quoted or not. The values are also in MB_LOCATION, MB_USB_SERIAL,
 * MB_IMEI and MB_LABEL. `vars` may be a function, read when the hook runs, so values learnt
 * after the modem was added (its IMEI) are filled. A non-zero exit fails the step; a template
 * a shell would be needed for fails the step with the reason (checkPowerCycleTemplate says it earlier).
 */
export function shellPowerCycle(template: string, vars: PowerCycleVars | (() => PowerCycleVars), options: PowerCycleOptions = {}): (signal: AbortSignal) => Promise<void> {
  if (typeof template !== 'string' || template.trim() === '') throw new TypeError('template must be a non-empty command');
  const { timeoutMs = 120_000, platform = process.platform } = options;
  if (!(timeoutMs > 0)) throw new TypeError(`timeoutMs must be > 0, got ${timeoutMs}`);
  let words: Word[] | null = null;
  let refused: string | null = null;
  try {
    words = parsePowerCycleTemplate(template, platform);
  } catch (err) {
    refused = (err as Error).message;
  }
  return (signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(new CancelledError(abortReason(signal)));
      if (words === null) return reject(new Error(`power-cycle command refused: ${refused}`));
      const v = typeof vars === 'function' ? vars() : vars;
      const [file, ...args] = expandPowerCycleArgv(words, v);
      const child = spawn(file!, args, {
        shell: false,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, MB_LOCATION: v.location ?? '', MB_USB_SERIAL: v.usbSerial ?? '', MB_IMEI: v.imei ?? '', MB_LABEL: v.label },
        windowsHide: true,
        // Its own process group, so a timeout or cancel ends whatever the command started too.
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
