/**
 * SMS commands as the EC25 answers them (EC2x/EG2x AT Commands Manual chapter 9 and 3GPP TS 27.005;
 * the source of each command is in ../sms/sources.ts). Indexes start at 0 as on Quectel firmware;
 * status reports ("SR") are not simulated.
 */
import { intArg, unquote } from '../command-line';
import { charsetOf, fromTe } from '../sms/charset';
import { cmglLines, cmgrLines } from '../sms/render';
import { decodePdu, encodeSubmit, PduError } from '../sms/pdu';
import { receiveSms, SmsStorageFullError } from '../sms/receive';
import { smsStateOf, STAT_TEXT, type SmsMemName, type SmsStat, type StoredSms } from '../sms/state';
import { OK, ERROR, type Final } from '../wire';
import { simBlocked } from './sim';
import type { HandlerResult, HandlerTable, ModemApi } from './types';

const cms = (code: number): Final => ({ kind: 'cms', code });
/** 27.005 §3.2.5: 302 operation not allowed, 304 invalid PDU mode parameter, 305 invalid text mode parameter, 321 invalid memory index, 322 memory full, 330 SMSC address unknown, 331 no network service, 340 no +CNMA expected. */
const NOT_ALLOWED = cms(302);

/** SMS commands need the SIM: its +CME state as the matching +CMS code (27.005 310/311/313). */
function smsBlocked(m: ModemApi): Final | null {
  const b = simBlocked(m);
  if (!b || b.kind !== 'cme') return b;
  return cms(b.code === 10 ? 310 : b.code === 11 ? 311 : 313);
}

function memName(arg: string | undefined): SmsMemName | null {
  const v = unquote(arg).toUpperCase();
  return v === 'SM' ? 'SM' : v === 'ME' || v === 'MT' ? 'ME' : null;
}

/** <stat> of +CMGL/+CMGW: the string in text mode, the number in PDU mode; 4 is ALL. */
function statArg(arg: string, textMode: boolean): number | null {
  if (textMode) {
    const i = [...STAT_TEXT, 'ALL'].indexOf(unquote(arg).toUpperCase());
    return i < 0 || !arg.startsWith('"') ? null : i;
  }
  const n = intArg(arg);
  return n !== null && n <= 4 ? n : null;
}

/** Destination of text-mode CMGS/CMGW: quoted number in the TE charset, optional type (145 when it starts with +). */
function destination(m: ModemApi, args: string[]): { da: string; toda: number } | null {
  const raw = args[0] ?? '';
  if (!raw.startsWith('"')) return null;
  const da = fromTe(unquote(raw), charsetOf(m));
  if (da === null) return null;
  if (!/^\+?[0-9*#]{1,20}$/.test(da)) return null;
  const toda = args[1] === undefined || args[1] === '' ? (da.startsWith('+') ? 145 : 129) : intArg(args[1]);
  return toda === null ? null : { da, toda };
}

export const smsCommands: HandlerTable = {
  '+CSMS'(m, _ch, cmd) {
    const st = smsStateOf(m);
    if (cmd.op === 'test') return { lines: ['+CSMS: (0,1)'] };
    if (cmd.op === 'read') return { lines: [`+CSMS: ${st.service},1,1,1`] };
    const n = intArg(cmd.args[0]);
    if (cmd.op !== 'set' || (n !== 0 && n !== 1)) return NOT_ALLOWED;
    st.service = n;
    return { lines: ['+CSMS: 1,1,1'] };
  },
  '+CMGF'(m, _ch, cmd) {
    if (cmd.op === 'read') return { lines: [`+CMGF: ${m.smsTextMode ? 1 : 0}`] };
    if (cmd.op === 'test') return { lines: ['+CMGF: (0,1)'] };
    const n = cmd.op === 'exec' ? 0 : intArg(cmd.args[0]);
    if (n !== 0 && n !== 1) return NOT_ALLOWED;
    m.smsTextMode = n === 1;
    return OK;
  },
  '+CSCA'(m, _ch, cmd) {
    const st = smsStateOf(m);
    if (cmd.op === 'test') return OK;
    const blocked = smsBlocked(m);
    if (blocked) return blocked;
    if (cmd.op === 'read') return { lines: [`+CSCA: "${st.sca}",${st.tosca}`] };
    if (cmd.op !== 'set' || !cmd.args[0]?.startsWith('"')) return NOT_ALLOWED;
    const sca = unquote(cmd.args[0]);
    const tosca = cmd.args[1] === undefined ? (sca.startsWith('+') ? 145 : 129) : intArg(cmd.args[1]);
    if (!/^\+?[0-9]{0,20}$/.test(sca) || tosca === null) return NOT_ALLOWED;
    st.sca = sca;
    st.tosca = tosca;
    return OK;
  },
  '+CPMS'(m, _ch, cmd) {
    const st = smsStateOf(m);
    const list = '("SM","ME","MT")';
    if (cmd.op === 'test') return { lines: [`+CPMS: ${list},${list},${list}`] };
    const blocked = smsBlocked(m);
    if (blocked) return blocked;
    const show = (i: 0 | 1 | 2): string => `${st.mem(i).used},${st.mem(i).capacity}`;
    if (cmd.op === 'read') {
      const part = (i: 0 | 1 | 2): string => `"${st.cpms[i]}",${show(i)}`;
      return { lines: [`+CPMS: ${part(0)},${part(1)},${part(2)}`] };
    }
    if (cmd.op !== 'set' || cmd.args.length > 3) return NOT_ALLOWED;
    const names = cmd.args.map(memName);
    if (names.some((n) => n === null)) return NOT_ALLOWED;
    names.forEach((n, i) => (st.cpms[i] = n!));
    return { lines: [`+CPMS: ${show(0)},${show(1)},${show(2)}`] };
  },
  '+CSDH'(m, _ch, cmd) {
    const st = smsStateOf(m);
    if (cmd.op === 'test') return { lines: ['+CSDH: (0,1)'] };
    if (cmd.op === 'read') return { lines: [`+CSDH: ${st.showHeader ? 1 : 0}`] };
    const n = cmd.op === 'exec' || cmd.value === '' ? 0 : intArg(cmd.args[0]);
    if (n !== 0 && n !== 1) return ERROR;
    st.showHeader = n === 1;
    return OK;
  },
  '+CSMP'(m, _ch, cmd) {
    const st = smsStateOf(m);
    if (cmd.op === 'test') return OK;
    if (cmd.op === 'read') return { lines: [`+CSMP: ${st.csmp.join(',')}`] };
    if (cmd.op !== 'set') return NOT_ALLOWED;
    const next = [...st.csmp] as typeof st.csmp;
    for (let i = 0; i < 4; i++) {
      const a = cmd.args[i];
      if (a === undefined || a === '') continue;
      const n = intArg(a);
      if (n === null || n > 255) return cms(305);
      next[i] = n;
    }
    st.csmp = next;
    return OK;
  },
  '+CNMI'(m, _ch, cmd) {
    const st = smsStateOf(m);
    if (cmd.op === 'test') return { lines: ['+CNMI: (0-2),(0-3),(0,2),(0-2),(0,1)'] };
    if (cmd.op === 'read') return { lines: [`+CNMI: ${st.cnmi.join(',')}`] };
    const max = [2, 3, 2, 2, 1];
    const next = [...st.cnmi] as typeof st.cnmi;
    if (cmd.op === 'set') {
      if (cmd.args.length > 5) return ERROR;
      for (let i = 0; i < cmd.args.length; i++) {
        const a = cmd.args[i]!;
        if (a === '') continue;
        const n = intArg(a);
        if (n === null || n > max[i]! || (i === 2 && n === 1)) return NOT_ALLOWED;
        next[i] = n;
      }
    }
    st.cnmi = next;
    return OK;
  },
  '+CMGL'(m, _ch, cmd) {
    const st = smsStateOf(m);
    if (cmd.op === 'test') {
      return { lines: [m.smsTextMode ? '+CMGL: ("REC UNREAD","REC READ","STO UNSENT","STO SENT","ALL")' : '+CMGL: (0-4)'] };
    }
    if (cmd.op === 'read') return ERROR;
    const blocked = smsBlocked(m);
    if (blocked) return blocked;
    const want = cmd.op === 'exec' ? 0 : statArg(cmd.args[0] ?? '', m.smsTextMode);
    if (want === null) return cms(m.smsTextMode ? 305 : 304);
    const lines: string[] = [];
    for (const [i, msg] of st.mem(0).entries()) {
      if (want !== 4 && msg.stat !== want) continue;
      lines.push(...cmglLines(i, msg, !m.smsTextMode, st.showHeader, charsetOf(m)));
      if (msg.stat === 0) msg.stat = 1;
    }
    return { lines };
  },
  '+CMGR'(m, _ch, cmd) {
    const st = smsStateOf(m);
    if (cmd.op === 'test') return OK;
    if (cmd.op !== 'set') return ERROR;
    const blocked = smsBlocked(m);
    if (blocked) return blocked;
    const index = intArg(cmd.args[0]);
    const mem = st.mem(0);
    if (index === null || !mem.validIndex(index)) return cms(321);
    const msg = mem.get(index);
    if (!msg) return OK;
    const lines = cmgrLines(msg, !m.smsTextMode, st.showHeader, st.tosca, charsetOf(m));
    if (msg.stat === 0) msg.stat = 1;
    return { lines };
  },
  '+CMGD'(m, _ch, cmd) {
    const st = smsStateOf(m);
    const mem = st.mem(0);
    if (cmd.op === 'test') return { lines: [`+CMGD: (${mem.entries().map(([i]) => i).join(',')}),(0-4)`] };
    if (cmd.op !== 'set') return ERROR;
    const blocked = smsBlocked(m);
    if (blocked) return blocked;
    const index = intArg(cmd.args[0]);
    const flag = cmd.args[1] === undefined ? 0 : intArg(cmd.args[1]);
    if (flag === null || flag > 4) return NOT_ALLOWED;
    if (flag === 0) {
      if (index === null || !mem.validIndex(index)) return cms(321);
      mem.delete(index);
      return OK;
    }
    // <delflag> 1: read; 2: + sent; 3: + unsent; 4: everything (§9.5).
    const doomed: SmsStat[] = flag === 1 ? [1] : flag === 2 ? [1, 3] : flag === 3 ? [1, 2, 3] : [0, 1, 2, 3];
    for (const [i, msg] of mem.entries()) if (doomed.includes(msg.stat)) mem.delete(i);
    return OK;
  },
  '+CMGS'(m, _ch, cmd) {
    if (cmd.op === 'test') return OK;
    if (cmd.op !== 'set' || cmd.value === '') return ERROR;
    const blocked = smsBlocked(m);
    if (blocked) return blocked;
    const st = smsStateOf(m);
    if (m.smsTextMode) {
      const d = destination(m, cmd.args);
      if (!d) return cms(305);
      st.pending = { command: 'CMGS', pdu: false, ...d };
    } else {
      const length = intArg(cmd.args[0]);
      if (length === null || length < 7 || length > 164 || cmd.args.length > 1) return cms(304);
      st.pending = { command: 'CMGS', pdu: true, length };
    }
    return { final: { kind: 'prompt' } };
  },
  '+CMGW'(m, _ch, cmd) {
    if (cmd.op === 'test') return OK;
    if (cmd.op === 'read') return ERROR;
    const blocked = smsBlocked(m);
    if (blocked) return blocked;
    const st = smsStateOf(m);
    if (m.smsTextMode) {
      const d = cmd.op === 'exec' ? { da: '', toda: 129 } : destination(m, cmd.args);
      const stat = cmd.args[2] === undefined ? 2 : statArg(cmd.args[2], true);
      if (!d || stat === null || stat > 3) return cms(305);
      st.pending = { command: 'CMGW', pdu: false, ...d, stat: stat as SmsStat };
    } else {
      const length = intArg(cmd.args[0]);
      const stat = cmd.args[1] === undefined ? 2 : statArg(cmd.args[1], false);
      if (length === null || length < 7 || length > 164 || stat === null || stat > 3) return cms(304);
      st.pending = { command: 'CMGW', pdu: true, length, stat: stat as SmsStat };
    }
    return { final: { kind: 'prompt' } };
  },
  '+CMSS'(m, _ch, cmd) {
    if (cmd.op === 'test') return OK;
    if (cmd.op !== 'set') return ERROR;
    const blocked = smsBlocked(m);
    if (blocked) return blocked;
    const st = smsStateOf(m);
    const mem = st.mem(1);
    const index = intArg(cmd.args[0]);
    if (index === null || !mem.validIndex(index)) return cms(321);
    const msg = mem.get(index);
    if (!msg || msg.tpdu.kind !== 'submit') return cms(321);
    if (!m.network.registered) return { final: cms(331), latency: 'network' };
    msg.stat = 3;
    return { lines: [`+CMSS: ${nextRef(m)}`], latency: 'network' };
  },
  /** §9.12: acknowledges a +CMT under <service> 1; anything else (or a second one) is +CMS ERROR: 340. */
  '+CNMA'(m, _ch, cmd) {
    const st = smsStateOf(m);
    if (cmd.op === 'test') return { lines: ['+CNMA: (0-2)'] };
    if (cmd.op === 'read') return ERROR;
    const n = cmd.op === 'exec' ? 0 : intArg(cmd.args[0]);
    if (n === null || n > 2 || (n !== 0 && m.smsTextMode)) return NOT_ALLOWED;
    if (!st.awaitingAck) return cms(340);
    st.awaitingAck = false;
    return OK;
  },
  /** §9.9: keep the relay link between sends; accepted and reported, no effect on the simulated network. */
  '+CMMS'(m, _ch, cmd) {
    const st = smsStateOf(m);
    if (cmd.op === 'test') return { lines: ['+CMMS: (0-2)'] };
    if (cmd.op === 'read') return { lines: [`+CMMS: ${st.cmms}`] };
    const n = cmd.op === 'exec' ? 0 : intArg(cmd.args[0]);
    if (n !== 0 && n !== 1 && n !== 2) return NOT_ALLOWED;
    st.cmms = n;
    return OK;
  },
  /** 27.005 §3.3.4/§3.3.5: the SMS settings are already kept across reboots (state.ts), so save and restore are OK. */
  '+CSAS': (_m, _ch, cmd) => (cmd.op === 'test' ? { lines: ['+CSAS: (0)'] } : cmd.op === 'read' ? ERROR : OK),
  '+CRES': (_m, _ch, cmd) => (cmd.op === 'test' ? { lines: ['+CRES: (0)'] } : cmd.op === 'read' ? ERROR : OK),
  /**
   * Test-only, not an EC25 command (like AT+SIMTAG): `AT+SIMSMS="<from>","<text>"` delivers a
   * message from the network, so tools outside the process (the interop tests) can make one
   * arrive while a client holds the AT port. Answers `+SIMSMS: "<mem>",<index>` or `+SIMSMS: "CMT"`.
   */
  '+SIMSMS'(m, _ch, cmd) {
    if (cmd.op !== 'set' || cmd.args.length !== 2 || !cmd.args[0]!.startsWith('"') || !cmd.args[1]!.startsWith('"')) return ERROR;
    const from = unquote(cmd.args[0]);
    if (!/^\+?[0-9]{1,20}$/.test(from)) return ERROR;
    try {
      const r = receiveSms(m, { from, text: unquote(cmd.args[1]) });
      return { lines: [r.storage === null ? '+SIMSMS: "CMT"' : `+SIMSMS: "${r.storage}",${r.index}`] };
    } catch (e) {
      if (e instanceof SmsStorageFullError) return cms(322);
      throw e;
    }
  },
};

function nextRef(m: ModemApi): number {
  m.smsRef = (m.smsRef + 1) % 256;
  return m.smsRef;
}

/** The message typed after `> `, as a stored record; a Final when it is refused. */
function parseBody(m: ModemApi, body: string): StoredSms | Final {
  const st = smsStateOf(m);
  const p = st.pending!;
  if (p.pdu) {
    try {
      const hex = body.replace(/\s+/g, '');
      const decoded = decodePdu(hex);
      if (decoded.tpduLength !== p.length) return cms(304);
      if (p.command === 'CMGS' && decoded.tpdu.kind !== 'submit') return cms(304);
      const stat: SmsStat = p.command === 'CMGW' ? p.stat : 2;
      return { stat, pdu: hex.toUpperCase(), tpduLength: decoded.tpduLength, sca: decoded.sca, tpdu: decoded.tpdu };
    } catch (e) {
      if (e instanceof PduError) return cms(304);
      throw e;
    }
  }
  // Text mode: the manual's limit is 160 characters (§9.8 <length>).
  // A CR typed between lines (each answered with a new `> `) is a line break in the message.
  const typed = fromTe(body.replace(/\r\n?/g, charsetOf(m) === 'UCS2' ? '' : '\n'), charsetOf(m));
  if (typed === null) return cms(305);
  const text = typed.length > 160 ? typed.slice(0, 160) : typed;
  const [, vp] = st.csmp;
  const hex = encodeSubmit({ sca: st.sca, to: p.da, text, vp });
  const decoded = decodePdu(hex);
  decoded.tpdu.toa = p.toda;
  const stat: SmsStat = p.command === 'CMGW' ? p.stat : 2;
  return { stat, pdu: hex, tpduLength: decoded.tpduLength, sca: decoded.sca, tpdu: decoded.tpdu };
}

/** What follows the text and Ctrl-Z (or ESC, `body` null: cancelled, OK per §9.8). */
export function smsResult(m: ModemApi, body: string | null): HandlerResult {
  const st = smsStateOf(m);
  const p = st.pending;
  st.pending = null;
  if (body === null || p === null) return { final: OK };
  st.pending = p;
  const parsed = parseBody(m, body);
  st.pending = null;
  if ('kind' in parsed) return { final: parsed };
  if (p.command === 'CMGW') {
    const index = st.mem(1).store(parsed);
    return index === null ? { final: cms(322) } : { lines: [`+CMGW: ${index}`] };
  }
  if (!parsed.sca && !st.sca) return { final: cms(330), latency: 'network' };
  if (!m.network.registered) return { final: cms(331), latency: 'network' };
  return { lines: [`+CMGS: ${nextRef(m)}`], latency: 'network' };
}
