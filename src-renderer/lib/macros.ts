/**
 * Saved send sequences (Docklight's "send sequences"): a name and lines, each
 * an AT command or a delay (`wait 500ms`, `wait 2s`). Kept in this browser's
 * localStorage; a macro is only text, so it can be copied between benches.
 */
import { classifyCommandLine } from '../../src-preload/contract';

export type MacroStep = { kind: 'send'; command: string } | { kind: 'wait'; ms: number };

export interface Macro {
  name: string;
  text: string;
}

export interface ParsedMacro {
  steps: MacroStep[];
  /** Line number (1-based) and what is wrong, for each bad line. */
  problems: { line: number; message: string }[];
  /** Lines the dangerous-command classifier flags: running the macro asks first. */
  dangerous: string[];
}

const KEY = 'modem-bench.macros';
const WAIT = /^(?:wait|delay|sleep)\s+(\d+(?:\.\d+)?)\s*(ms|s)?$/i;
/** The longest delay a line may ask for (ms). */
export const MAX_WAIT_MS = 600_000;

export function parseMacro(text: string): ParsedMacro {
  const steps: MacroStep[] = [];
  const problems: ParsedMacro['problems'] = [];
  const dangerous: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const w = WAIT.exec(line);
    if (w) {
      const ms = Number(w[1]) * ((w[2] ?? 'ms').toLowerCase() === 's' ? 1000 : 1);
      if (ms > MAX_WAIT_MS) problems.push({ line: i + 1, message: `a wait of at most ${MAX_WAIT_MS / 60_000} min` });
      else steps.push({ kind: 'wait', ms });
      return;
    }
    if (!/^(AT|A\/)/i.test(line)) {
      problems.push({ line: i + 1, message: 'an AT command or "wait 500ms"' });
      return;
    }
    if (classifyCommandLine(line).dangerous) dangerous.push(line);
    steps.push({ kind: 'send', command: line });
  });
  if (steps.length === 0 && problems.length === 0) problems.push({ line: 1, message: 'no commands' });
  return { steps, problems, dangerous };
}

export function loadMacros(storage: Pick<Storage, 'getItem'> = localStorage): Macro[] {
  try {
    const v = JSON.parse(storage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((m): m is Macro => typeof m?.name === 'string' && typeof m?.text === 'string') : [];
  } catch {
    return [];
  }
}

export function saveMacros(list: readonly Macro[], storage: Pick<Storage, 'setItem'> = localStorage): void {
  storage.setItem(KEY, JSON.stringify(list));
}
