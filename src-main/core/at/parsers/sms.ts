/**
 * SMS responses ([MAN9] = EC2x AT manual ch. 9; 3GPP TS 27.005): AT+CMGL, AT+CMGR,
 * AT+CPMS, AT+CSCA, AT+CNMI, AT+CSMS, AT+CMGF. CMGL and CMGR have a PDU form
 * (`<index>,<stat>,[<alpha>],<length>` then the PDU line) and a text form (quoted
 * `<stat>`, then the text lines); the stat's quoting tells them apart.
 */
import { afterPrefix, bodies, firstBody, int, isQuoted, splitFields, str, unquote } from './fields';

const STAT_NAMES = ['REC UNREAD', 'REC READ', 'STO UNSENT', 'STO SENT', 'ALL'];

export interface SmsMessage {
  index: number | null;
  /** PDU mode: 0..4; text mode: the number of the quoted word, when known. */
  stat: number | null;
  /** `REC UNREAD`, `REC READ`, `STO UNSENT`, `STO SENT`. */
  statName: string | null;
  mode: 'pdu' | 'text';
  /** PDU mode: TPDU length in octets; text mode (CSDH=1): the text length. */
  length: number | null;
  alpha: string | null;
  /** Text mode: originator or destination address. */
  address: string | null;
  /** Text mode: service centre time stamp as sent (`13/12/13,15:06:37+32`). */
  timestamp: string | null;
  /** Text mode: type of address (129, 145). */
  toa: number | null;
  /** PDU mode: the hex PDU line. */
  pdu: string | null;
  /** Text mode: the message lines, joined with `\n`. */
  text: string | null;
  /** Every field of the header line after the index (raw strings, `-` and empty as null). */
  fields: (string | null)[];
}

function header(body: string, withIndex: boolean): SmsMessage {
  const f = splitFields(body);
  const k = withIndex ? 1 : 0;
  const statTok = f[k];
  const text = isQuoted(statTok);
  const statName = text ? unquote(statTok) : null;
  const statNum = text ? STAT_NAMES.indexOf((statName ?? '').toUpperCase()) : int(statTok);
  const m: SmsMessage = {
    index: withIndex ? int(f[0]) : null,
    stat: statNum === null || statNum < 0 ? null : statNum,
    statName: text ? statName : statNum === null ? null : (STAT_NAMES[statNum] ?? null),
    mode: text ? 'text' : 'pdu',
    length: null,
    alpha: null,
    address: null,
    timestamp: null,
    toa: null,
    pdu: null,
    text: null,
    fields: f.slice(k).map(str),
  };
  if (text) {
    m.address = str(f[k + 1]);
    m.alpha = str(f[k + 2]);
    m.timestamp = str(f[k + 3]);
    m.toa = int(f[k + 4]);
    // CMGL (CSDH=1) ends with <length>; CMGR carries <fo>,<pid>,<dcs>,<sca>,<tosca>,<length>.
    m.length = int(f[f.length - 1]);
  } else {
    m.alpha = str(f[k + 1]);
    m.length = int(f[k + 2]);
  }
  return m;
}

export interface CmglInfo {
  type: 'cmgl';
  messages: SmsMessage[];
}

/** AT+CMGL: each `+CMGL:` header line owns the lines after it until the next header. */
export function parseCmgl(lines: readonly string[]): CmglInfo | null {
  const messages: SmsMessage[] = [];
  let body: string[] = [];
  const flush = (): void => {
    const m = messages[messages.length - 1];
    if (m === undefined) return;
    if (m.mode === 'pdu') m.pdu = body[0]?.trim() || null;
    else m.text = body.length > 0 ? body.join('\n') : null;
    body = [];
  };
  for (const line of lines) {
    const b = afterPrefix(line, '+CMGL');
    if (b !== null) {
      flush();
      messages.push(header(b, true));
    } else if (messages.length > 0) body.push(line);
  }
  flush();
  // No messages is a valid answer (OK alone), but then there are no lines either.
  return messages.length > 0 || lines.length === 0 ? { type: 'cmgl', messages } : null;
}

export interface CmgrInfo {
  type: 'cmgr';
  message: SmsMessage;
}

export function parseCmgr(lines: readonly string[]): CmgrInfo | null {
  const i = lines.findIndex((l) => afterPrefix(l, '+CMGR') !== null);
  if (i < 0) return null;
  const message = header(afterPrefix(lines[i]!, '+CMGR')!, false);
  const rest = lines.slice(i + 1);
  if (message.mode === 'pdu') message.pdu = rest[0]?.trim() || null;
  else message.text = rest.length > 0 ? rest.join('\n') : null;
  return { type: 'cmgr', message };
}

export interface CpmsStorage {
  /** `SM`, `ME`, `MT`; null in the write response, which names no storage. */
  mem: string | null;
  used: number | null;
  total: number | null;
}

export interface CpmsInfo {
  type: 'cpms';
  /** mem1 (read/delete), mem2 (write/send), mem3 (receive). */
  storages: CpmsStorage[];
  /** Test form: the storages each of mem1..mem3 supports. */
  supported: string[][];
}

/** `+CPMS: "ME",0,255,...` (read), `+CPMS: 0,50,0,50,...` (write), `+CPMS: ("ME","MT"),...` (test). */
export function parseCpms(lines: readonly string[]): CpmsInfo | null {
  const b = firstBody(lines, '+CPMS');
  if (b === null) return null;
  const f = splitFields(b);
  const storages: CpmsStorage[] = [];
  const supported: string[][] = [];
  if (f.some((t) => t.startsWith('('))) {
    for (const t of f) {
      const inner = t.startsWith('(') ? t.slice(1, t.endsWith(')') ? -1 : undefined) : t;
      supported.push(inner.trim() === '' ? [] : splitFields(inner).map(unquote).filter((s) => s !== ''));
    }
  } else if (isQuoted(f[0])) {
    for (let i = 0; i < f.length; i += 3) storages.push({ mem: str(f[i]), used: int(f[i + 1]), total: int(f[i + 2]) });
  } else {
    for (let i = 0; i < f.length; i += 2) storages.push({ mem: null, used: int(f[i]), total: int(f[i + 1]) });
  }
  return { type: 'cpms', storages, supported };
}

export interface CscaInfo {
  type: 'csca';
  sca: string | null;
  tosca: number | null;
}

export function parseCsca(lines: readonly string[]): CscaInfo | null {
  const b = firstBody(lines, '+CSCA');
  if (b === null) return null;
  const f = splitFields(b);
  return { type: 'csca', sca: str(f[0]), tosca: int(f[1]) };
}

export interface CnmiInfo {
  type: 'cnmi';
  mode: number | null;
  mt: number | null;
  bm: number | null;
  ds: number | null;
  bfr: number | null;
}

export function parseCnmi(lines: readonly string[]): CnmiInfo | null {
  const b = firstBody(lines, '+CNMI');
  if (b === null) return null;
  const f = splitFields(b);
  if (int(f[0]) === null) return null;
  return { type: 'cnmi', mode: int(f[0]), mt: int(f[1]), bm: int(f[2]), ds: int(f[3]), bfr: int(f[4]) };
}

export interface CsmsInfo {
  type: 'csms';
  /** Only in the read response (`+CSMS: <service>,<mt>,<mo>,<bm>`); the write response has three fields. */
  service: number | null;
  mt: number | null;
  mo: number | null;
  bm: number | null;
}

export function parseCsms(lines: readonly string[]): CsmsInfo | null {
  const b = firstBody(lines, '+CSMS');
  if (b === null) return null;
  const f = splitFields(b).map((t) => int(t));
  if (f.length === 4) return { type: 'csms', service: f[0]!, mt: f[1]!, mo: f[2]!, bm: f[3]! };
  if (f.length === 3) return { type: 'csms', service: null, mt: f[0]!, mo: f[1]!, bm: f[2]! };
  return null;
}

export interface CmgfInfo {
  type: 'cmgf';
  /** 0 PDU, 1 text. */
  mode: number;
}

export function parseCmgf(lines: readonly string[]): CmgfInfo | null {
  const b = firstBody(lines, '+CMGF');
  const mode = b === null ? null : int(b);
  return mode === null ? null : { type: 'cmgf', mode };
}

/** Every `+CMGS:`/`+CMGW:`/`+CMSS:` message reference. */
export interface MessageRefInfo {
  type: 'message-ref';
  ref: number;
}

export function parseMessageRef(prefix: string): (lines: readonly string[]) => MessageRefInfo | null {
  return (lines) => {
    for (const b of bodies(lines, prefix)) {
      const ref = int(splitFields(b)[0]);
      if (ref !== null) return { type: 'message-ref', ref };
    }
    return null;
  };
}
