/**
 * AT+QENG="servingcell" and AT+QENG="neighbourcell" ([MAN6] §6.17). The layouts vary
 * (ec25-facts §6.6): SEARCH has two fields, `-` fills unknown fields, sentinels such as
 * -32768 mean "no measurement", some lines have no space after the colon, neighbour
 * lines have firmware-dependent field counts and put rsrq before rsrp. Every cell keeps
 * its raw fields so nothing a newer firmware adds is lost.
 */
import { afterPrefix, hex, hexValue, int, measure, splitFields, str, unquote } from './fields';
import { nrCell } from './qeng-nr';
import type { NrCell } from './qeng-nr';

export interface LteServingCell {
  rat: 'LTE';
  duplex: 'FDD' | 'TDD' | null;
  mcc: string | null;
  /** A string: `01` and `1` are different MNCs. */
  mnc: string | null;
  cellIdHex: string | null;
  cellId: number | null;
  pci: number | null;
  earfcn: number | null;
  band: number | null;
  /** Bandwidth index as sent (0=1.4, 1=3, 2=5, 3=10, 4=15, 5=20 MHz) and in MHz. */
  ulBandwidth: number | null;
  dlBandwidth: number | null;
  ulBandwidthMhz: number | null;
  dlBandwidthMhz: number | null;
  tacHex: string | null;
  tac: number | null;
  rsrp: number | null;
  rsrq: number | null;
  rssi: number | null;
  /** dB, -20..+30 on this manual's firmware; may be negative. */
  sinr: number | null;
  srxlev: number | null;
  fields: (string | null)[];
}

export interface WcdmaServingCell {
  rat: 'WCDMA';
  mcc: string | null;
  mnc: string | null;
  lacHex: string | null;
  lac: number | null;
  cellIdHex: string | null;
  cellId: number | null;
  uarfcn: number | null;
  psc: number | null;
  rac: number | null;
  rscp: number | null;
  ecio: number | null;
  fields: (string | null)[];
}

export interface GsmServingCell {
  rat: 'GSM';
  mcc: string | null;
  mnc: string | null;
  lacHex: string | null;
  lac: number | null;
  cellIdHex: string | null;
  cellId: number | null;
  bsic: number | null;
  arfcn: number | null;
  band: number | null;
  rxlev: number | null;
  /** Traffic channel; the letter `h` in dedicated mode with hopping. */
  tch: string | null;
  fields: (string | null)[];
}

export interface OtherServingCell {
  rat: string;
  fields: (string | null)[];
}

export type ServingCell = LteServingCell | WcdmaServingCell | GsmServingCell | OtherServingCell;

export interface QengServingInfo {
  type: 'qeng-serving';
  /** `SEARCH`, `LIMSRV`, `NOCONN`, `CONNECT`. */
  state: string;
  /** The LTE (or GSM/WCDMA) cell; in EN-DC the anchor LTE cell. */
  cell: ServingCell | null;
  /** The NR cell: NR5G-SA on the servingcell line, or the NR5G-NSA line of EN-DC. */
  nr: NrCell | null;
}

const BANDWIDTH_MHZ = [1.4, 3, 5, 10, 15, 20];

/** MCC, MNC, LAC and cell id: the same four fields at the same places in WCDMA and GSM servingcell lines. */
function lacCell(f: string[]) {
  const lacHex = hex(f[5]);
  const cellIdHex = hex(f[6]);
  return { mcc: str(f[3]), mnc: str(f[4]), lacHex, lac: hexValue(lacHex), cellIdHex, cellId: hexValue(cellIdHex) };
}
const bw = (i: number | null): number | null => (i === null ? null : (BANDWIDTH_MHZ[i] ?? null));

export function parseQengServing(lines: readonly string[]): QengServingInfo | null {
  let out: QengServingInfo | null = null;
  for (const line of lines) {
    const b = afterPrefix(line, '+QENG');
    if (b === null) continue;
    const f = splitFields(b);
    const kind = unquote(f[0]).toLowerCase();
    if (out === null) {
      if (kind !== 'servingcell') continue;
      const state = str(f[1]);
      if (state === null) return null;
      const rat = str(f[2]);
      out = { type: 'qeng-serving', state, cell: null, nr: null };
      if (rat === null) continue; // EN-DC: the cells follow on their own lines
      if (rat.toUpperCase().startsWith('NR5G')) out.nr = nrCell(f.slice(2));
      else {
        out.cell = servingCell(rat, f);
        return out;
      }
      continue;
    }
    // EN-DC continuation lines: `"LTE","FDD",...` is the servingcell layout without its first two fields.
    if (kind === 'lte') out.cell = servingCell('LTE', ['', '', ...f]);
    else if (kind.startsWith('nr5g')) out.nr = nrCell(f);
  }
  return out;
}

function servingCell(rat: string, f: string[]): ServingCell {
  const fields = f.slice(3).map(str);
  switch (rat.toUpperCase()) {
    case 'LTE': {
      const d = str(f[3])?.toUpperCase();
      const cellIdHex = hex(f[6]);
      const tacHex = hex(f[12]);
      const ul = int(f[10]);
      const dl = int(f[11]);
      return {
        rat: 'LTE',
        duplex: d === 'FDD' || d === 'TDD' ? d : null,
        mcc: str(f[4]),
        mnc: str(f[5]),
        cellIdHex,
        cellId: hexValue(cellIdHex),
        pci: int(f[7]),
        earfcn: int(f[8]),
        band: int(f[9]),
        ulBandwidth: ul,
        dlBandwidth: dl,
        ulBandwidthMhz: bw(ul),
        dlBandwidthMhz: bw(dl),
        tacHex,
        tac: hexValue(tacHex),
        rsrp: measure(f[13]),
        rsrq: measure(f[14]),
        rssi: measure(f[15]),
        sinr: measure(f[16]),
        srxlev: measure(f[17]),
        fields,
      };
    }
    case 'WCDMA': {
      return {
        rat: 'WCDMA',
        ...lacCell(f),
        uarfcn: int(f[7]),
        psc: int(f[8]),
        rac: int(f[9]),
        rscp: measure(f[10]),
        ecio: measure(f[11]),
        fields,
      };
    }
    case 'GSM': {
      return {
        rat: 'GSM',
        ...lacCell(f),
        bsic: int(f[7]),
        arfcn: int(f[8]),
        band: int(f[9]),
        rxlev: measure(f[10]),
        tch: str(f[17]),
        fields,
      };
    }
    default:
      return { rat, fields };
  }
}

export interface NeighbourCell {
  rat: string;
  /** `intra`/`inter` for LTE neighbours of an LTE cell, else null. */
  scope: 'intra' | 'inter' | null;
  /** Which documented layout the fields were read with; `raw` when none fits. */
  layout: 'lte' | 'wcdma-from-lte' | 'wcdma-from-wcdma' | 'gsm-from-lte' | 'gsm-from-gsm' | 'raw';
  /** EARFCN, UARFCN or ARFCN. */
  channel: number | null;
  /** PCI (LTE), PSC (WCDMA) or BSIC (GSM). */
  cellId: number | null;
  rsrp: number | null;
  rsrq: number | null;
  rssi: number | null;
  sinr: number | null;
  rscp: number | null;
  ecno: number | null;
  rxlev: number | null;
  srxlev: number | null;
  /** All fields after the RAT, `-` as null. */
  fields: (string | null)[];
}

export interface QengNeighboursInfo {
  type: 'qeng-neighbours';
  cells: NeighbourCell[];
}

export function parseQengNeighbours(lines: readonly string[]): QengNeighboursInfo | null {
  const cells: NeighbourCell[] = [];
  let seen = false;
  for (const line of lines) {
    const b = afterPrefix(line, '+QENG');
    if (b === null) continue;
    const f = splitFields(b);
    const kind = unquote(f[0]).toLowerCase();
    if (!kind.startsWith('neighbourcell')) continue;
    seen = true;
    const scope = kind.endsWith(' intra') ? 'intra' : kind.endsWith(' inter') ? 'inter' : null;
    const rat = str(f[1]) ?? '';
    cells.push(neighbour(rat.toUpperCase(), scope, f));
  }
  return seen ? { type: 'qeng-neighbours', cells } : null;
}

function neighbour(rat: string, scope: 'intra' | 'inter' | null, f: string[]): NeighbourCell {
  const c: NeighbourCell = {
    rat,
    scope,
    layout: 'raw',
    channel: int(f[2]),
    cellId: null,
    rsrp: null,
    rsrq: null,
    rssi: null,
    sinr: null,
    rscp: null,
    ecno: null,
    rxlev: null,
    srxlev: null,
    fields: f.slice(2).map(str),
  };
  if (rat === 'LTE' && (scope !== null || f.length >= 9)) {
    // <earfcn>,<pci>,<rsrq>,<rsrp>,<rssi>,<sinr>,<srxlev>,...: rsrq first, unlike servingcell.
    c.layout = 'lte';
    c.cellId = int(f[3]);
    c.rsrq = measure(f[4]);
    c.rsrp = measure(f[5]);
    c.rssi = measure(f[6]);
    c.sinr = measure(f[7]);
    c.srxlev = measure(f[8]);
  } else if (rat === 'WCDMA' && f.length >= 10) {
    // Two 10-field layouts: from an LTE cell thresholds (>= 0) sit where, from a WCDMA
    // cell, the (always negative) RSCP sits. Inference from the manual's syntax lines.
    const f5 = int(f[5]);
    if (f5 !== null && f5 < 0) {
      c.layout = 'wcdma-from-wcdma';
      c.cellId = int(f[4]);
      c.rscp = measure(f[5]);
      c.ecno = measure(f[6]);
    } else {
      c.layout = 'wcdma-from-lte';
      c.cellId = int(f[6]);
      c.rscp = measure(f[7]);
      c.ecno = measure(f[8]);
    }
    c.srxlev = measure(f[9]);
  } else if (rat === 'GSM' && f.length >= 13) {
    // From a GSM cell: <mcc>,<mnc>,<lac>,<cellid>,<bsic>,<arfcn>,<rxlev>,<c1>,<c2>,<c31>,<c32>.
    c.layout = 'gsm-from-gsm';
    c.cellId = int(f[6]);
    c.channel = int(f[7]);
    c.rxlev = measure(f[8]);
  } else if (rat === 'GSM' && f.length >= 11) {
    // From an LTE cell: <arfcn>,<prio>,<thresh_high>,<thresh_low>,<ncc>,<band>,<bsic>,<rssi>,<srxlev>.
    c.layout = 'gsm-from-lte';
    c.cellId = int(f[8]);
    c.rssi = measure(f[9]);
    c.srxlev = measure(f[10]);
  }
  return c;
}
