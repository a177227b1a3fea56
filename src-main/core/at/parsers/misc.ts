/**
 * Device, call and GNSS responses: AT+QDAI ([MAN12]), AT+QGPSLOC (EC25 GNSS manual),
 * AT&V ([MAN2] §2.11), AT+CLIP, AT+CUSD, AT+CLCC ([MAN7]/[MAN11], 27.007), AT+CBC
 * ([MAN13]), AT+CPAS ([MAN4]), AT+QINISTAT ([MAN5] §5.9), AT+CTZU ([MAN6] §6.6),
 * AT+QICSGP (TCP/IP manual), AT+CCLK, AT+QLTS ([MAN6] §6.8). [MANn] = chapter n of
 * the EC2x/EG2x AT Commands Manual (see ec25-facts.md).
 */
import { bodies, firstBody, int, splitFields, str } from './fields';

const ints = (b: string): (number | null)[] => splitFields(b).map((t) => int(t));

export interface QdaiInfo {
  type: 'qdai';
  /** 1..6: which codec / PCM interface ([MAN12] QDAI). */
  io: number | null;
  mode: number | null;
  fsync: number | null;
  clock: number | null;
  format: number | null;
  sample: number | null;
  numSlots: number | null;
  slotMapping: number | null;
}

/** AT+QDAI? `+QDAI: 1,1,0,1,0,0,1,1` (EG25-G, [LUP]). */
export function parseQdai(lines: readonly string[]): QdaiInfo | null {
  const b = firstBody(lines, '+QDAI');
  if (b === null || b.includes('(')) return null;
  const v = ints(b);
  return { type: 'qdai', io: v[0] ?? null, mode: v[1] ?? null, fsync: v[2] ?? null, clock: v[3] ?? null, format: v[4] ?? null, sample: v[5] ?? null, numSlots: v[6] ?? null, slotMapping: v[7] ?? null };
}

export interface QgpslocInfo {
  type: 'qgpsloc';
  /** `hhmmss.sss` as sent. */
  utc: string | null;
  /** Decimal degrees (south and west negative), whatever `<mode>` formatted them as. */
  latitude: number | null;
  longitude: number | null;
  hdop: number | null;
  altitude: number | null;
  /** 2 = 2D, 3 = 3D. */
  fix: number | null;
  cog: number | null;
  speedKmh: number | null;
  speedKnots: number | null;
  /** `ddmmyy` as sent. */
  date: string | null;
  satellites: number | null;
}

/** `ddmm.mmmmN` (mode 0/1) or signed decimal degrees (mode 2) to decimal degrees. */
export function coordinate(tok: string | undefined): number | null {
  const v = str(tok);
  if (v === null) return null;
  const last = v.charAt(v.length - 1).toUpperCase();
  if ('NSEW'.includes(last)) {
    const body = v.slice(0, -1);
    const n = Number(body);
    if (!Number.isFinite(n)) return null;
    const deg = Math.trunc(n / 100);
    const dec = deg + (n - deg * 100) / 60;
    return Math.round((last === 'S' || last === 'W' ? -dec : dec) * 1e7) / 1e7;
  }
  const n = Number(v);
  return Number.isFinite(n) && v.trim() !== '' ? n : null;
}

const num = (t: string | undefined): number | null => {
  const v = str(t);
  if (v === null) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

/** `+QGPSLOC: <UTC>,<lat>,<lon>,<hdop>,<altitude>,<fix>,<cog>,<spkm>,<spkn>,<date>,<nsat>`. */
export function parseQgpsloc(lines: readonly string[]): QgpslocInfo | null {
  const b = firstBody(lines, '+QGPSLOC');
  if (b === null) return null;
  const f = splitFields(b);
  if (f.length < 11) return null;
  return {
    type: 'qgpsloc',
    utc: str(f[0]),
    latitude: coordinate(f[1]),
    longitude: coordinate(f[2]),
    hdop: num(f[3]),
    altitude: num(f[4]),
    fix: int(f[5]),
    cog: num(f[6]),
    speedKmh: num(f[7]),
    speedKnots: num(f[8]),
    date: str(f[9]),
    satellites: int(f[10]),
  };
}

export interface AmpVInfo {
  type: 'settings';
  /** `E: 1` -> { E: 1 }, `S3: 13` -> { S3: 13 }, `&C: 1` -> { '&C': 1 }. */
  values: Record<string, number | string>;
  echo: boolean | null;
  verbose: boolean | null;
  quiet: boolean | null;
}

/** AT&V: one `<name>: <value>` line per setting ([MAN2] §2.11, table 4). */
export function parseAmpV(lines: readonly string[]): AmpVInfo | null {
  const values: AmpVInfo['values'] = {};
  for (const line of lines) {
    const c = line.indexOf(':');
    if (c <= 0) continue;
    const name = line.slice(0, c).trim();
    const raw = line.slice(c + 1).trim();
    if (name === '' || name.includes(' ')) continue;
    values[name] = int(raw) ?? raw;
  }
  if (Object.keys(values).length === 0) return null;
  const flag = (k: string): boolean | null => (typeof values[k] === 'number' ? values[k] === 1 : null);
  return { type: 'settings', values, echo: flag('E'), verbose: flag('V'), quiet: flag('Q') };
}

export interface ClipInfo {
  type: 'clip';
  /** Presentation enabled (read form). */
  n: number | null;
  /** Network status: 0 not provisioned, 1 provisioned, 2 unknown. */
  m: number | null;
}

export function parseClip(lines: readonly string[]): ClipInfo | null {
  const b = firstBody(lines, '+CLIP');
  if (b === null) return null;
  const v = ints(b);
  return v[0] === null && v[1] === null ? null : { type: 'clip', n: v[0] ?? null, m: v[1] ?? null };
}

export interface CusdInfo {
  type: 'cusd';
  /** Read: presentation enabled; response: 0 no further action, 1 more, 2 terminated... */
  mode: number | null;
  text: string | null;
  dcs: number | null;
}

export function parseCusd(lines: readonly string[]): CusdInfo | null {
  const b = firstBody(lines, '+CUSD');
  if (b === null) return null;
  const f = splitFields(b);
  return { type: 'cusd', mode: int(f[0]), text: str(f[1]), dcs: int(f[2]) };
}

export interface CbcInfo {
  type: 'cbc';
  /** 0 not charging, 1 charging, 2 charging finished. */
  bcs: number | null;
  /** Battery charge level, percent. */
  bcl: number | null;
  voltageMv: number | null;
}

export function parseCbc(lines: readonly string[]): CbcInfo | null {
  const b = firstBody(lines, '+CBC');
  if (b === null || b.includes('(')) return null;
  const v = ints(b);
  return { type: 'cbc', bcs: v[0] ?? null, bcl: v[1] ?? null, voltageMv: v[2] ?? null };
}

const PAS_NAMES: Record<number, string> = { 0: 'ready', 1: 'unavailable', 2: 'unknown', 3: 'ringing', 4: 'call-in-progress', 5: 'asleep' };

export interface CpasInfo {
  type: 'cpas';
  pas: number;
  pasName: string | null;
}

export function parseCpas(lines: readonly string[]): CpasInfo | null {
  const b = firstBody(lines, '+CPAS');
  const pas = b === null ? null : int(b);
  return pas === null ? null : { type: 'cpas', pas, pasName: PAS_NAMES[pas] ?? null };
}

export interface QinistatInfo {
  type: 'qinistat';
  /** Bit mask ([MAN5] §5.9): 1 CPIN READY, 2 SMS DONE, 4 PB DONE; 7 = fully initialised. */
  status: number;
  cpinReady: boolean;
  smsDone: boolean;
  pbDone: boolean;
}

export function parseQinistat(lines: readonly string[]): QinistatInfo | null {
  const b = firstBody(lines, '+QINISTAT');
  const s = b === null ? null : int(b);
  return s === null ? null : { type: 'qinistat', status: s, cpinReady: (s & 1) !== 0, smsDone: (s & 2) !== 0, pbDone: (s & 4) !== 0 };
}

export interface CtzuInfo {
  type: 'ctzu';
  /** 0 off, 1 NITZ updates the time zone, 3 and the RTC too ([MAN6] §6.6). */
  enable: number;
}

export function parseCtzu(lines: readonly string[]): CtzuInfo | null {
  const b = firstBody(lines, '+CTZU');
  const e = b === null ? null : int(b);
  return e === null ? null : { type: 'ctzu', enable: e };
}

export interface QicsgpInfo {
  type: 'qicsgp';
  /** 1 IPv4, 2 IPv6, 3 IPv4v6. */
  contextType: number | null;
  apn: string | null;
  username: string | null;
  password: string | null;
  /** 0 none, 1 PAP, 2 CHAP, 3 PAP or CHAP. */
  authentication: number | null;
}

export function parseQicsgp(lines: readonly string[]): QicsgpInfo | null {
  const b = firstBody(lines, '+QICSGP');
  if (b === null) return null;
  const f = splitFields(b);
  return { type: 'qicsgp', contextType: int(f[0]), apn: str(f[1]), username: str(f[2]), password: str(f[3]), authentication: int(f[4]) };
}

export interface CallInfo {
  id: number | null;
  /** 0 mobile originated, 1 mobile terminated. */
  dir: number | null;
  /** 0 active, 1 held, 2 dialling, 3 alerting, 4 incoming, 5 waiting. */
  stat: number | null;
  /** 0 voice, 1 data, 2 fax. */
  mode: number | null;
  mpty: number | null;
  number: string | null;
  toa: number | null;
  alpha: string | null;
  /** 27.007: eMLPP priority level and CLI validity (0 valid, 1 withheld, 2 not available). */
  priority: number | null;
  cliValidity: number | null;
}

export interface ClccInfo {
  type: 'clcc';
  calls: CallInfo[];
}

export function parseClcc(lines: readonly string[]): ClccInfo {
  const calls: CallInfo[] = [];
  for (const b of bodies(lines, '+CLCC')) {
    const f = splitFields(b);
    calls.push({ id: int(f[0]), dir: int(f[1]), stat: int(f[2]), mode: int(f[3]), mpty: int(f[4]), number: str(f[5]), toa: int(f[6]), alpha: str(f[7]), priority: int(f[8]), cliValidity: int(f[9]) });
  }
  return { type: 'clcc', calls };
}

export interface ClockInfo {
  type: 'clock';
  /** As sent: `yy/MM/dd,hh:mm:ss±zz` (CCLK) or `yyyy/MM/dd,hh:mm:ss±zz` (QLTS). */
  time: string | null;
  /** Time zone in quarter hours, when the string carries one. */
  quarterHours: number | null;
  /** QLTS: daylight saving adjustment (inside the quoted string, ec25-facts §6.7). */
  dst: number | null;
}

/** AT+CCLK? and AT+QLTS: `"08/01/04,00:19:43+00"`, `"2017/10/13,03:40:48+32,0"`. */
export function parseClock(prefix: string): (lines: readonly string[]) => ClockInfo | null {
  return (lines) => {
    const b = firstBody(lines, prefix);
    if (b === null) return null;
    const whole = str(b.trim());
    if (whole === null) return { type: 'clock', time: null, quarterHours: null, dst: null };
    // The dst of QLTS sits inside the quotes after a third comma-separated part.
    const parts = whole.split(',');
    const time = parts.slice(0, 2).join(',');
    const tz = /([+-]\d{1,2})$/.exec(time);
    return { type: 'clock', time, quarterHours: tz ? Number(tz[1]) : null, dst: parts.length > 2 ? int(parts[2]) : null };
  };
}
