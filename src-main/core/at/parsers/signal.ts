/**
 * Signal and cell responses beyond CSQ/QENG: AT+CESQ (27.007 §8.69), AT+QCAINFO,
 * AT+QNETINFO ([MAN6] §6.11), AT+QSPN ([MAN6] §6.10), AT+QOPS ([MAN6] §6.15),
 * AT+CIND ([MAN6] CIND section; ModemManager test vectors for other vendors' lists).
 */
import { afterPrefix, firstBody, hex, hexValue, int, isQuoted, measure, splitFields, str, unquote } from './fields';
import { parseValues } from './generic';
import type { FieldValue } from './generic';

export interface CesqInfo {
  type: 'cesq';
  /** Raw indices as sent; 99 / 255 mean "not known or not detectable". */
  rxlev: number | null;
  ber: number | null;
  rscp: number | null;
  ecno: number | null;
  rsrq: number | null;
  rsrp: number | null;
  /** Converted per 27.007: rxlev-111 dBm, rscp-121 dBm, ecno/2-24.5 dB, rsrq/2-20 dB, rsrp-141 dBm (lower bound of each step). */
  rxlevDbm: number | null;
  rscpDbm: number | null;
  ecnoDb: number | null;
  rsrqDb: number | null;
  rsrpDbm: number | null;
}

const known = (v: number | null, max: number): number | null => (v === null || v < 0 || v > max ? null : v);

export function parseCesq(lines: readonly string[]): CesqInfo | null {
  const b = firstBody(lines, '+CESQ');
  if (b === null) return null;
  const f = splitFields(b).map((t) => int(t));
  if (f.length < 6 || f.some((v) => v === null)) return null;
  const [rxlev, ber, rscp, ecno, rsrq, rsrp] = f as number[];
  const rx = known(rxlev!, 63);
  const rs = known(rscp!, 96);
  const ec = known(ecno!, 49);
  const rq = known(rsrq!, 34);
  const rp = known(rsrp!, 97);
  return {
    type: 'cesq',
    rxlev: rxlev!,
    ber: ber!,
    rscp: rscp!,
    ecno: ecno!,
    rsrq: rsrq!,
    rsrp: rsrp!,
    rxlevDbm: rx === null ? null : rx - 111,
    rscpDbm: rs === null ? null : rs - 121,
    ecnoDb: ec === null ? null : ec / 2 - 24.5,
    rsrqDb: rq === null ? null : rq / 2 - 20,
    rsrpDbm: rp === null ? null : rp - 141,
  };
}

export interface CarrierInfo {
  /** `pcc` or `scc`, lowercased (firmware sends either case). */
  role: string;
  /** EARFCN or NR-ARFCN. */
  channel: number | null;
  /** As sent: RBs for LTE (25 = 5 MHz ... 100 = 20 MHz), an index for NR. */
  bandwidth: number | null;
  /** `LTE BAND 3`, `NR5G BAND 78`. */
  band: string | null;
  rat: 'LTE' | 'NR5G' | null;
  bandNumber: number | null;
  state: number | null;
  pci: number | null;
  rsrp: number | null;
  rsrq: number | null;
  rssi: number | null;
  sinr: number | null;
  /** All fields after the role (`-` and empty as null), for the firmware-specific tail (UL fields of SCCs). */
  fields: (string | null)[];
}

export interface QcainfoInfo {
  type: 'qcainfo';
  carriers: CarrierInfo[];
  /** More than one component carrier: carrier aggregation (or EN-DC) is active. */
  aggregated: boolean;
}

/** `+QCAINFO: "pcc",<earfcn>,<bw>,"LTE BAND 1",<state>,<pci>,<rsrp>,<rsrq>,<rssi>,<sinr>` (SCC lines may add UL fields). */
export function parseQcainfo(lines: readonly string[]): QcainfoInfo | null {
  const carriers: CarrierInfo[] = [];
  for (const line of lines) {
    const b = afterPrefix(line, '+QCAINFO');
    if (b === null) continue;
    const f = splitFields(b);
    const role = unquote(f[0]).toLowerCase();
    if (role === '') continue;
    const band = str(f[3]);
    const up = band?.toUpperCase() ?? '';
    const rat = up.startsWith('NR5G') ? 'NR5G' : up.startsWith('LTE') ? 'LTE' : null;
    const num = /(\d+)\s*$/.exec(up);
    // NR carriers on some firmware stop after the PCI (`"SCC",648768,10,"NR5G BAND 78",920`).
    const short = f.length <= 5;
    carriers.push({
      role,
      channel: int(f[1]),
      bandwidth: int(f[2]),
      band,
      rat,
      bandNumber: num ? Number(num[1]) : null,
      state: short ? null : int(f[4]),
      pci: short ? int(f[4]) : int(f[5]),
      rsrp: measure(f[6]),
      rsrq: measure(f[7]),
      rssi: measure(f[8]),
      sinr: measure(f[9]),
      fields: f.slice(1).map(str),
    });
  }
  return carriers.length > 0 ? { type: 'qcainfo', carriers, aggregated: carriers.length > 1 } : null;
}

export interface QnetinfoInfo {
  type: 'qnetinfo';
  rat: string | null;
  count: number | null;
  /** `"rsssnr",10` -> { rsssnr: [10] }; `-` values are null. */
  values: Record<string, (number | string | null)[]>;
}

/** `+QNETINFO: "LTE",1` then one unprefixed `"<func>",<value>[,...]` line per function ([MAN6] §6.11). */
export function parseQnetinfo(lines: readonly string[]): QnetinfoInfo | null {
  const i = lines.findIndex((l) => afterPrefix(l, '+QNETINFO') !== null);
  if (i < 0) return null;
  const f = splitFields(afterPrefix(lines[i]!, '+QNETINFO')!);
  const values: QnetinfoInfo['values'] = {};
  for (const line of lines.slice(i + 1)) {
    const g = splitFields(line);
    const name = unquote(g[0]);
    if (name === '') continue;
    values[name] = g.slice(1).map((t) => (isQuoted(t) ? unquote(t) : (int(t) ?? str(t))));
  }
  return { type: 'qnetinfo', rat: str(f[0]), count: int(f[1]), values };
}

export interface QspnInfo {
  type: 'qspn';
  fullName: string | null;
  shortName: string | null;
  spn: string | null;
  /** 0 GSM 7-bit, 1 UCS2 hex. */
  alphabet: number | null;
  rplmn: string | null;
}

export function parseQspn(lines: readonly string[]): QspnInfo | null {
  const b = firstBody(lines, '+QSPN');
  if (b === null) return null;
  const f = splitFields(b);
  return { type: 'qspn', fullName: str(f[0]), shortName: str(f[1]), spn: str(f[2]), alphabet: int(f[3]), rplmn: str(f[4]) };
}

export interface QopsCell {
  index: number | null;
  /** `2G`, `3G`, `4G`. */
  rat: string | null;
  /** ARFCN, UARFCN or EARFCN. */
  freq: number | null;
  /** LAC (2G/3G) or TAC (4G) as hex text and value. */
  areaHex: string | null;
  area: number | null;
  cellIdHex: string | null;
  cellId: number | null;
  /** BSIC (2G), PSC (3G) or PCI (4G). */
  code: number | null;
  rxlev: number | null;
  c1: number | null;
  rscp: number | null;
  ecno: number | null;
  rsrp: number | null;
  rsrq: number | null;
  /** Only with AT+QOPSCFG="displayrssi",1. */
  rssi: number | null;
  /** Cell barred (1) or not (0). */
  cba: number | null;
  gprs: number | null;
  fields: (string | null)[];
}

export interface QopsOperator {
  longName: string | null;
  shortName: string | null;
  numeric: string | null;
  cells: QopsCell[];
}

export interface QopsInfo {
  type: 'qops';
  operators: QopsOperator[];
}

/**
 * AT+QOPS: `+QOPS: <long>,<short>,<numeric>` then unprefixed cell lines, per RAT
 * ([MAN6] §6.15): 2G `<index>,"2G",<freq>,<lac>,<ci>,<bsic>,<rxlev>,<c1>,<cba>,<gprs>`;
 * 3G `<index>,"3G",<freq>,<psc>,<lac>,<ci>,<rscp>,<ecno>,<cba>`;
 * 4G `<index>,"4G",<freq>,<pci>,<tac>,<ci>,<rsrp>,<rsrq>[,<rssi>],<cba>`.
 */
export function parseQops(lines: readonly string[]): QopsInfo | null {
  const operators: QopsOperator[] = [];
  for (const line of lines) {
    const b = afterPrefix(line, '+QOPS');
    if (b !== null) {
      const f = splitFields(b);
      operators.push({ longName: str(f[0]), shortName: str(f[1]), numeric: str(f[2]), cells: [] });
      continue;
    }
    const op = operators[operators.length - 1];
    const f = splitFields(line);
    if (op === undefined || f.length < 6 || int(f[0]) === null) continue;
    op.cells.push(qopsCell(f));
  }
  return operators.length > 0 ? { type: 'qops', operators } : null;
}

function qopsCell(f: string[]): QopsCell {
  const rat = str(f[1])?.toUpperCase() ?? null;
  const c: QopsCell = {
    index: int(f[0]),
    rat,
    freq: int(f[2]),
    areaHex: null,
    area: null,
    cellIdHex: null,
    cellId: null,
    code: null,
    rxlev: null,
    c1: null,
    rscp: null,
    ecno: null,
    rsrp: null,
    rsrq: null,
    rssi: null,
    cba: null,
    gprs: null,
    fields: f.slice(1).map(str),
  };
  const area = (i: number, j: number): void => {
    c.areaHex = hex(f[i]);
    c.area = hexValue(c.areaHex);
    c.cellIdHex = hex(f[j]);
    c.cellId = hexValue(c.cellIdHex);
  };
  if (rat === '2G') {
    area(3, 4);
    c.code = int(f[5]);
    c.rxlev = int(f[6]);
    c.c1 = int(f[7]);
    c.cba = int(f[8]);
    c.gprs = int(f[9]);
  } else if (rat === '3G') {
    c.code = int(f[3]);
    area(4, 5);
    c.rscp = measure(f[6]);
    c.ecno = measure(f[7]);
    c.cba = int(f[8]);
  } else if (rat === '4G') {
    c.code = int(f[3]);
    area(4, 5);
    c.rsrp = measure(f[6]);
    c.rsrq = measure(f[7]);
    if (f.length >= 10) {
      c.rssi = measure(f[8]);
      c.cba = int(f[9]);
    } else c.cba = int(f[8]);
  }
  return c;
}

export interface CindIndicator {
  name: string;
  /** The values it can take, expanded from `(0-5)` / `(0,1)`. */
  values: number[];
  min: number | null;
  max: number | null;
}

export interface CindInfo {
  type: 'cind';
  /** Read form: the current values, in the order of the test form's list. */
  values: (number | null)[];
  /** Test form: the indicators and their ranges. */
  indicators: CindIndicator[];
}

/** AT+CIND? `+CIND: 0,3,1,...`; AT+CIND=? `+CIND: ("battchg",(0-5)),("signal",(0-5)),...`. */
export function parseCind(lines: readonly string[]): CindInfo | null {
  const b = firstBody(lines, '+CIND');
  if (b === null) return null;
  const indicators: CindIndicator[] = [];
  const values: (number | null)[] = [];
  if (b.trimStart().startsWith('(')) {
    for (const v of parseValues(b)) {
      if (!Array.isArray(v) || typeof v[0] !== 'string') continue;
      const nums = expand(v.slice(1));
      indicators.push({ name: v[0].trim(), values: nums, min: nums.length ? Math.min(...nums) : null, max: nums.length ? Math.max(...nums) : null });
    }
  } else {
    for (const t of splitFields(b)) values.push(int(t));
  }
  return { type: 'cind', values, indicators };
}

/** Numbers named by a parsed list: `[ [ {from:0,to:5} ] ]` -> 0..5. */
export function expand(vals: readonly FieldValue[]): number[] {
  const out: number[] = [];
  const visit = (x: FieldValue): void => {
    if (typeof x === 'number') out.push(x);
    else if (Array.isArray(x)) x.forEach(visit);
    else if (x !== null && typeof x === 'object' && x.to - x.from <= 1024) for (let n = x.from; n <= x.to; n++) out.push(n);
  };
  vals.forEach(visit);
  return out;
}
