/**
 * How stored messages read in +CMGL / +CMGR / +CMT, text and PDU mode
 * (EC2x/EG2x AT Commands Manual §9.6 AT+CMGL, §9.7 AT+CMGR, §9.13 AT+CNMI,
 * §9.15 AT+CSDH for the optional header fields).
 */
import { toTe, type TeCharset } from './charset';
import { STAT_TEXT, type StoredSms } from './state';

const q = (s: string): string => `"${s}"`;

/** Text-mode length: characters of the body (§9.6 <length>). */
function textLength(m: StoredSms): number {
  return [...m.tpdu.text].length;
}

/** `+CMGL:` header and body lines of one message. */
export function cmglLines(index: number, m: StoredSms, pduMode: boolean, showHeader: boolean, cs: TeCharset = 'GSM'): string[] {
  if (pduMode) return [`+CMGL: ${index},${m.stat},,${m.tpduLength}`, m.pdu];
  const t = m.tpdu;
  const head = `+CMGL: ${index},${q(STAT_TEXT[m.stat])},${q(toTe(t.number, cs))},,`;
  const when = t.kind === 'deliver' ? q(t.scts ?? '') : '';
  const extra = showHeader ? `,${t.toa},${textLength(m)}` : '';
  return [head + when + extra, toTe(t.text, cs)];
}

/** `+CMGR:` header and body lines. */
export function cmgrLines(m: StoredSms, pduMode: boolean, showHeader: boolean, tosca: number, cs: TeCharset = 'GSM'): string[] {
  if (pduMode) return [`+CMGR: ${m.stat},,${m.tpduLength}`, m.pdu];
  const t = m.tpdu;
  const stat = q(STAT_TEXT[m.stat]);
  if (t.kind === 'deliver') {
    const extra = showHeader ? `,${t.toa},${t.fo},${t.pid},${t.dcs},${q(m.sca)},${tosca},${textLength(m)}` : '';
    return [`+CMGR: ${stat},${q(toTe(t.number, cs))},,${q(t.scts ?? '')}${extra}`, toTe(t.text, cs)];
  }
  const extra = showHeader ? `,${t.toa},${t.fo},${t.pid},${t.dcs},${t.vp ?? ''},${q(m.sca)},${tosca},${textLength(m)}` : '';
  return [`+CMGR: ${stat},${q(toTe(t.number, cs))},${extra}`, toTe(t.text, cs)];
}

/** The `+CMT:` URC of a message routed straight to the host (<mt>=2): two lines in one URC. */
export function cmtUrc(m: StoredSms, pduMode: boolean, showHeader: boolean, tosca: number, cs: TeCharset = 'GSM'): string {
  if (pduMode) return `+CMT: ,${m.tpduLength}\r\n${m.pdu}`;
  const t = m.tpdu;
  const extra = showHeader ? `,${t.toa},${t.fo},${t.pid},${t.dcs},${q(m.sca)},${tosca},${textLength(m)}` : '';
  return `+CMT: ${q(toTe(t.number, cs))},,${q(t.scts ?? '')}${extra}\r\n${toTe(t.text, cs)}`;
}
