/**
 * The 5G forms of AT+QENG="servingcell" (Quectel RG50x/RM50x manuals; captures of
 * RM520N/RM500Q in public repositories, see test/fixtures/transcripts/corpus): SA has
 * the cell on the servingcell line (`"NR5G-SA",<duplex>,<mcc>,<mnc>,<cellid>,<pcid>,
 * <tac>,<arfcn>,<band>,<dl_bw>,<rsrp>,<rsrq>,<sinr>,<scs>,<srxlev>`); EN-DC (NSA) has a
 * bare `"servingcell",<state>` line followed by an `"LTE",...` line (the LTE layout
 * without the first two fields) and an `"NR5G-NSA",<mcc>,<mnc>,<pcid>,<rsrp>,<sinr>,
 * <rsrq>,<arfcn>,<band>,<dl_bw>,<scs>` line.
 */
import { hex, hexValue, int, measure, str } from './fields';

export interface NrCell {
  rat: 'NR5G-SA' | 'NR5G-NSA';
  duplex: string | null;
  mcc: string | null;
  mnc: string | null;
  cellIdHex: string | null;
  cellId: number | null;
  pci: number | null;
  tacHex: string | null;
  tac: number | null;
  arfcn: number | null;
  band: number | null;
  dlBandwidth: number | null;
  rsrp: number | null;
  rsrq: number | null;
  sinr: number | null;
  scs: number | null;
  srxlev: number | null;
  fields: (string | null)[];
}

/** `f` starts at the RAT token (`"NR5G-SA"` / `"NR5G-NSA"`). */
export function nrCell(f: string[]): NrCell | null {
  const rat = str(f[0])?.toUpperCase();
  const fields = f.slice(1).map(str);
  if (rat === 'NR5G-SA') {
    const cellIdHex = hex(f[4]);
    const tacHex = hex(f[6]);
    return {
      rat,
      duplex: str(f[1]),
      mcc: str(f[2]),
      mnc: str(f[3]),
      cellIdHex,
      cellId: hexValue(cellIdHex),
      pci: int(f[5]),
      tacHex,
      tac: hexValue(tacHex),
      arfcn: int(f[7]),
      band: int(f[8]),
      dlBandwidth: int(f[9]),
      rsrp: measure(f[10]),
      rsrq: measure(f[11]),
      sinr: measure(f[12]),
      scs: int(f[13]),
      srxlev: measure(f[14]),
      fields,
    };
  }
  if (rat === 'NR5G-NSA') {
    return {
      rat,
      duplex: null,
      mcc: str(f[1]),
      mnc: str(f[2]),
      cellIdHex: null,
      cellId: null,
      pci: int(f[3]),
      tacHex: null,
      tac: null,
      rsrp: measure(f[4]),
      sinr: measure(f[5]),
      rsrq: measure(f[6]),
      arfcn: int(f[7]),
      band: int(f[8]),
      dlBandwidth: int(f[9]),
      scs: int(f[10]),
      srxlev: null,
      fields,
    };
  }
  return null;
}
