/** Device state responses: AT+CPIN?, AT+CFUN?, AT+CMEE?, AT+QTEMP, AT+QCFG. */
import { bodies, firstBody, int, isDigits, isQuoted, splitFields, str, unquote } from './fields';

export interface CpinInfo {
  type: 'cpin';
  /** `READY`, `SIM PIN`, `SIM PUK`, `PH-SIM PIN`, `NOT READY`... as sent. */
  state: string;
  ready: boolean;
}

export function parseCpinBody(body: string): CpinInfo | null {
  const state = str(body);
  return state === null ? null : { type: 'cpin', state, ready: state.toUpperCase() === 'READY' };
}

export function parseCpin(lines: readonly string[]): CpinInfo | null {
  const b = firstBody(lines, '+CPIN');
  return b === null ? null : parseCpinBody(b);
}

const FUN_NAMES: Record<number, string> = { 0: 'minimum', 1: 'full', 4: 'airplane' };

export interface CfunInfo {
  type: 'cfun';
  fun: number;
  /** 0 minimum, 1 full, 4 RF off ("airplane"). */
  funName: string | null;
}

export function parseCfunBody(body: string): CfunInfo | null {
  const fun = int(splitFields(body)[0]);
  return fun === null ? null : { type: 'cfun', fun, funName: FUN_NAMES[fun] ?? null };
}

export function parseCfun(lines: readonly string[]): CfunInfo | null {
  const b = firstBody(lines, '+CFUN');
  return b === null ? null : parseCfunBody(b);
}

export interface CmeeInfo {
  type: 'cmee';
  /** 0 bare ERROR, 1 numeric +CME ERROR, 2 verbose. */
  n: number;
}

export function parseCmee(lines: readonly string[]): CmeeInfo | null {
  const b = firstBody(lines, '+CMEE');
  const n = b === null ? null : int(b);
  return n === null ? null : { type: 'cmee', n };
}

export interface QtempInfo {
  type: 'qtemp';
  sensors: { name: string; celsius: number | null }[];
  /** The hottest sensor that reported a value. */
  maxCelsius: number | null;
}

const LEGACY_SENSORS = ['pmic', 'xo', 'pa'];

/**
 * Older firmware: `+QTEMP: <pmic>,<xo>,<pa>` on one line. Newer: one
 * `+QTEMP:"<sensor>","<value>"` line per sensor. Values at or below absolute zero
 * are how absent sensors report and become null.
 */
export function parseQtemp(lines: readonly string[]): QtempInfo | null {
  const sensors: QtempInfo['sensors'] = [];
  for (const b of bodies(lines, '+QTEMP')) {
    const f = splitFields(b);
    if (isQuoted(f[0]) && !isDigits(unquote(f[0]))) {
      sensors.push({ name: unquote(f[0]), celsius: celsius(f[1]) });
    } else {
      f.forEach((tok, i) => sensors.push({ name: LEGACY_SENSORS[i] ?? `sensor${i}`, celsius: celsius(tok) }));
    }
  }
  if (sensors.length === 0) return null;
  let maxCelsius: number | null = null;
  for (const s of sensors) if (s.celsius !== null && (maxCelsius === null || s.celsius > maxCelsius)) maxCelsius = s.celsius;
  return { type: 'qtemp', sensors, maxCelsius };
}

function celsius(tok: string | undefined): number | null {
  const v = int(tok);
  return v === null || v <= -273 ? null : v;
}

export interface QcfgSetting {
  /** Lowercased: the modem answers `"band"` to `"BAND"` (ec25-facts §6.7). */
  name: string;
  /** Decimal values as numbers; everything else (hex masks, words) as the string sent, unquoted. */
  values: (string | number)[];
  /** For `band`: the LTE bands enabled in the LTE mask (bit n-1 = band n). */
  lteBands?: number[];
}

export interface QcfgInfo {
  type: 'qcfg';
  /** The first (usually only) setting. */
  name: string;
  values: (string | number)[];
  settings: QcfgSetting[];
}

export function parseQcfg(lines: readonly string[]): QcfgInfo | null {
  const settings: QcfgSetting[] = [];
  for (const b of bodies(lines, '+QCFG')) {
    const f = splitFields(b);
    const name = unquote(f[0]).toLowerCase();
    if (name === '') continue;
    const values: (string | number)[] = [];
    for (let i = 1; i < f.length; i++) {
      const raw = f[i]!;
      const n = isQuoted(raw) ? null : int(raw);
      values.push(n ?? unquote(raw));
    }
    const setting: QcfgSetting = { name, values };
    if (name === 'band') {
      const bands = maskBits(values[1]);
      if (bands !== null) setting.lteBands = bands;
    }
    settings.push(setting);
  }
  const first = settings[0];
  return first === undefined ? null : { type: 'qcfg', name: first.name, values: first.values, settings };
}

/** Set bits of a hex mask as 1-based band numbers; null when the value is not a hex mask. */
export function maskBits(v: string | number | undefined): number[] | null {
  if (v === undefined) return null;
  const s = String(v);
  let mask: bigint;
  try {
    mask = BigInt(s.startsWith('0x') || s.startsWith('0X') ? s : '0x' + s);
  } catch {
    return null;
  }
  const out: number[] = [];
  for (let bit = 1; mask > 0n; bit++, mask >>= 1n) if (mask & 1n) out.push(bit);
  return out;
}
