/**
 * Start states: the AT settings a simulated modem has saved in its user profile
 * at power-on, so a bench can present modems left in ATE0, ATV0, AT+CMEE=0, ...
 * by someone else (as if they had sent the settings and AT&W). ATZ and every
 * reboot restore them; AT&F gives the factory settings.
 *
 * ## Grammar (`--start-state`, `ModemSimulatorOptions.startState`)
 *
 * ```text
 * spec     := 'none' | item ( ',' item )*
 * item     := setting [ '@' selector ]          selector as in faults.ts: 0-3+7
 * setting  := 'e0' | 'e1' | 'v0' | 'v1' | 'q0' | 'q1' | 'cmee0' | 'cmee1' | 'cmee2'
 *           | 'x' 0-4 | '&c' 0-1 | '&d' 0-2 | 's' n '=' value | 'ipr=' rate
 * ```
 *
 * Example: `e0,v0,cmee0` (every modem), `e0@0-3,v0@2` (0-3 echo off, 2 also numeric).
 * In a fault spec the same settings join with '+': `state:e0+v0+cmee0@0-3`.
 * Items apply left to right; a later item wins for the same setting.
 */
import type { ModemSelector } from './faults';
import { IPR_RATES, S_REGISTERS, type SettingsPatch } from './settings';

export interface StartStateRule {
  patch: SettingsPatch;
  modems: readonly ModemSelector[];
}

export class StartStateSpecError extends Error {
  override readonly name = 'StartStateSpecError';
  readonly code = 'start-state-spec' as const;
  constructor(
    readonly spec: string,
    readonly position: number,
    problem: string,
  ) {
    super(`Bad start state at position ${position}: ${problem}\n  ${spec}\n  ${' '.repeat(position)}^`);
  }
}

export const START_STATE_HELP = "e0|e1, v0|v1, q0|q1, cmee0-2, x0-4, &c0-1, &d0-2, s<n>=<v>, ipr=<rate>";

/** One setting token (`e0`, `cmee2`, `s0=1`) as a patch, or the problem with it. */
export function parseSetting(token: string): SettingsPatch | string {
  const t = token.toLowerCase();
  let m: RegExpExecArray | null;
  if ((m = /^([evq])([01])$/.exec(t))) {
    const on = m[2] === '1';
    return m[1] === 'e' ? { echo: on } : m[1] === 'v' ? { verbose: on } : { quiet: on };
  }
  if ((m = /^cmee([012])$/.exec(t))) return { cmee: Number(m[1]) as 0 | 1 | 2 };
  if ((m = /^x([0-4])$/.exec(t))) return { x: Number(m[1]) };
  if ((m = /^&c([01])$/.exec(t))) return { dcd: Number(m[1]) as 0 | 1 };
  if ((m = /^&d([012])$/.exec(t))) return { dtr: Number(m[1]) as 0 | 1 | 2 };
  if ((m = /^s(\d+)=(\d+)$/.exec(t))) {
    const n = Number(m[1]);
    const r = S_REGISTERS[n];
    if (!r) return `S${n} is not an EC25 S-register (${Object.keys(S_REGISTERS).map((k) => `S${k}`).join(', ')})`;
    const v = Number(m[2]);
    if (v < r.min || v > r.max) return `S${n} must be ${r.min}-${r.max}, got ${v}`;
    return { s: { [n]: v } };
  }
  if ((m = /^ipr=(\d+)$/.exec(t))) {
    const rate = Number(m[1]);
    if (!(IPR_RATES as readonly number[]).includes(rate)) return `ipr must be one of ${IPR_RATES.join(', ')}`;
    return { ipr: rate };
  }
  return `unknown setting '${token}' (expected ${START_STATE_HELP})`;
}

export function mergePatch(a: SettingsPatch, b: SettingsPatch): SettingsPatch {
  const s = a.s || b.s ? { ...(a.s ?? {}), ...(b.s ?? {}) } : undefined;
  return { ...a, ...b, ...(s ? { s } : {}) };
}

/** Parses `--start-state`; throws StartStateSpecError pointing at the bad part. */
export function parseStartState(spec: string): StartStateRule[] {
  const text = spec.trim();
  if (text === '' || text === 'none') return [];
  const rules: StartStateRule[] = [];
  let pos = spec.indexOf(text);
  for (const item of text.split(',')) {
    const at = item.indexOf('@');
    const token = (at < 0 ? item : item.slice(0, at)).trim();
    const lead = item.length - item.trimStart().length;
    const patch = parseSetting(token);
    if (typeof patch === 'string') throw new StartStateSpecError(spec, pos + lead, patch);
    const modems = at < 0 ? [] : [parseSelector(spec, item.slice(at + 1).trim(), pos + at + 1)];
    rules.push({ patch, modems });
    pos += item.length + 1;
  }
  return rules;
}

/** `0-3+7` as a selector (the fault grammar's). */
export function parseSelector(spec: string, text: string, pos: number): ModemSelector {
  const ranges: [number, number][] = [];
  let offset = pos;
  for (const part of text.split('+')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new StartStateSpecError(spec, offset, `expected a modem index or range like 0-3, got '${part}'`);
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo) throw new StartStateSpecError(spec, offset, `modem range ${lo}-${hi} is backwards`);
    ranges.push([lo, hi]);
    offset += part.length + 1;
  }
  return { type: 'ranges', ranges };
}

/** The saved settings patch of one slot: matching items merged left to right. */
export function startStateFor(rules: readonly StartStateRule[], index: number): SettingsPatch {
  let patch: SettingsPatch = {};
  for (const r of rules) if (r.modems.every((s) => matches(s, index))) patch = mergePatch(patch, r.patch);
  return patch;
}

function matches(s: ModemSelector, index: number): boolean {
  if (s.type === 'every') return index % s.period === s.offset;
  return s.ranges.some(([lo, hi]) => index >= lo && index <= hi);
}
