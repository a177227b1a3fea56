/**
 * Status, indicators, time zone and supplementary services.
 *
 * [MAN] = Quectel EC25&EC21 AT Commands Manual V1.3; [27.007] = 3GPP TS 27.007; [MM] = ModemManager
 * 1d4caa92 src/mm-broadband-modem.c, which sends every command here while probing or enabling a modem.
 */
import { intArg, unquote } from '../command-line';
import { OK, ERROR, cme } from '../wire';
import { QIND_TYPES } from './extras';
import { simBlocked } from './sim';
import type { Handler, HandlerTable, ModemApi } from './types';

const CHARSETS = ['GSM', 'IRA', 'UCS2'] as const;

/** A read/test/set command with one small numeric setting. */
function flag(name: string, range: string, max: number, get: (m: ModemApi) => number, set: (m: ModemApi, v: number) => void): Handler {
  return (m, _ch, cmd) => {
    if (cmd.op === 'test') return { lines: [`+${name}: ${range}`] };
    if (cmd.op === 'read') return { lines: [`+${name}: ${get(m)}`] };
    const v = cmd.op === 'exec' ? 0 : intArg(cmd.args[0]);
    if (v === null || v > max) return cme(50);
    set(m, v);
    return OK;
  };
}

/** +CBC <bcl>: a battery-less EC25 on a bench supply reads its VBAT; 3.8 V nominal. */
function battery(m: ModemApi): string {
  const mv = 3800 + ((m.index * 37) % 200);
  return `+CBC: 0,${Math.min(100, Math.round((mv - 3300) / 9))},${mv}`;
}

export const statusCommands: HandlerTable = {
  // [MAN] §2.24: read `+CSCS: "GSM"`, test `+CSCS: ("GSM","IRA","UCS2")`, anything else +CME ERROR: 50.
  '+CSCS'(m, _ch, cmd) {
    if (cmd.op === 'read') return { lines: [`+CSCS: "${m.charset}"`] };
    if (cmd.op === 'test') return { lines: [`+CSCS: (${CHARSETS.map((c) => `"${c}"`).join(',')})`] };
    if (cmd.op !== 'set') return ERROR;
    const cs = unquote(cmd.args[0]).toUpperCase();
    if (!(CHARSETS as readonly string[]).includes(cs)) return cme(50);
    m.charset = cs as (typeof CHARSETS)[number];
    return OK;
  },
  // [MAN] §4.1 / [27.007] §8.1: `+CPAS: 0` ready, 4 while a data call is up; test `+CPAS: (0,3,4)`.
  '+CPAS'(m, ch, cmd) {
    if (cmd.op === 'test') return { lines: ['+CPAS: (0,3,4)'] };
    if (cmd.op !== 'exec') return ERROR;
    return { lines: [`+CPAS: ${m.voice.activity ?? (ch.online ? 4 : 0)}`] };
  },
  // [MAN] §13.3 (AT+CBC): `+CBC: <bcs>,<bcl>,<voltage>` (mV); a BG95 capture answers `+CBC: 0,100,4248`
  // (https://pastebin.com/LpeKYbYc). Test per [27.007] §8.4: `+CBC: (list of <bcs>s),(list of <bcl>s)`.
  '+CBC'(m, _ch, cmd) {
    if (cmd.op === 'test') return { lines: ['+CBC: (0-2),(0-100)'] };
    return cmd.op === 'exec' ? { lines: [battery(m)] } : ERROR;
  },
  // [MAN] §11.4 AT+CLIP: read `+CLIP: <n>,<m>` (<m> 1: CLIP provisioned), test `+CLIP: (0,1)`.
  '+CLIP'(m, _ch, cmd) {
    if (cmd.op === 'test') return { lines: ['+CLIP: (0,1)'] };
    if (cmd.op === 'read') return simBlocked(m) ?? { lines: [`+CLIP: ${m.extras.clip},1`], latency: 'network' };
    const v = cmd.op === 'exec' ? 0 : intArg(cmd.args[0]);
    if (v !== 0 && v !== 1) return cme(50);
    m.extras.clip = v;
    return OK;
  },
  // [MAN] §7.17 AT+CRC: cellular result codes (+CRING) 0/1.
  '+CRC': flag('CRC', '(0,1)', 1, (m) => m.extras.crc, (m, v) => (m.extras.crc = v as 0 | 1)),
  // [MAN] §11.8 AT+CUSD: `AT+CUSD=1,"*100#",15` -> OK, then the network's answer as the URC
  // `+CUSD: 0,"<text>",15` (27.007 §7.15; <m> 0: no further action).
  '+CUSD'(m, _ch, cmd) {
    if (cmd.op === 'test') return { lines: ['+CUSD: (0-2)'] };
    if (cmd.op === 'read') return { lines: [`+CUSD: ${m.extras.cusd}`] };
    const n = cmd.op === 'exec' ? 0 : intArg(cmd.args[0]);
    if (n === null || n > 2) return cme(50);
    m.extras.cusd = n === 1 ? 1 : 0;
    if (cmd.args.length < 2 || n === 2) return OK;
    const blocked = simBlocked(m);
    if (blocked) return blocked;
    if (!m.network.registered) return cme(30);
    // The service string is in the AT+CSCS character set (27.007 §7.15): UCS2 hex as gammu sends it.
    const raw = unquote(cmd.args[1]);
    const str = m.charset === 'UCS2' ? fromUcs2(raw) : raw;
    if (str === null || !/^[0-9*#]+$/.test(str)) return cme(50);
    const text = `Your balance is ${(m.index % 50) + 5}.00 EUR`;
    return { latency: 'network', after: () => m.urc(`+CUSD: 0,"${m.charset === 'UCS2' ? ucs2(text) : text}",15`) };
  },
  // [27.007] §8.9 +CIND, the indicator list a Qualcomm-based module reports ([MM] parses it for signal).
  '+CIND'(m, _ch, cmd) {
    if (cmd.op === 'test') {
      return {
        lines: [
          '+CIND: ("battchg",(0-5)),("signal",(0-5)),("service",(0-1)),("call",(0-1)),("roam",(0-1)),("smsfull",(0-1)),("GPRS coverage",(0-1)),("callsetup",(0-3))',
        ],
      };
    }
    if (cmd.op !== 'read') return cmd.op === 'set' ? OK : ERROR;
    const reg = m.network.registered;
    const bars = reg ? Math.max(0, Math.min(5, Math.round((m.network.radio().rsrp + 125) / 10))) : 0;
    return { lines: [`+CIND: 5,${bars},${reg ? 1 : 0},0,${m.network.stat === 5 ? 1 : 0},0,${reg ? 1 : 0},0`] };
  },
  // [27.007] §8.10 +CMER; [MM] sends `+CMER=?` then `+CMER=3,0,0,1`.
  '+CMER'(m, _ch, cmd) {
    if (cmd.op === 'test') return { lines: ['+CMER: (0-3),(0),(0),(0-2),(0,1)'] };
    if (cmd.op === 'read') return { lines: [`+CMER: ${m.extras.cmer.join(',')}`] };
    const v = cmd.args.map((a) => (a === '' ? 0 : intArg(a)));
    const max = [3, 0, 0, 2, 1];
    if (cmd.op !== 'set' || v.length > 5 || v.some((x, i) => x === null || x > max[i]!)) return cme(50);
    v.forEach((x, i) => (m.extras.cmer[i] = x!));
    return OK;
  },
  // [MAN] §6.6 AT+CTZU automatic time zone update, §6.7 AT+CTZR time zone reporting.
  '+CTZU': flag('CTZU', '(0,1)', 1, (m) => m.extras.ctzu, (m, v) => (m.extras.ctzu = v as 0 | 1)),
  '+CTZR': flag('CTZR', '(0-2)', 2, (m) => m.extras.ctzr, (m, v) => (m.extras.ctzr = v as 0 | 1 | 2)),
  // [MAN] §6.8 AT+QLTS: `+QLTS: "yy/MM/dd,hh:mm:ss±zz,dst"` (the dst inside the quotes).
  '+QLTS'(m, _ch, cmd) {
    if (cmd.op === 'test') return { lines: ['+QLTS: (0-2)'] };
    if (!m.network.registered) return { lines: ['+QLTS: ""'] };
    const d = new Date(Date.now());
    const p = (n: number) => String(n).padStart(2, '0');
    return { lines: [`+QLTS: "${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())},${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}+04,0"`] };
  },
  // [MAN] §4.4 AT+QINDCFG=<urctype>[,<enable>[,<savetonvram>]]; query `+QINDCFG: "<urctype>",<enable>`.
  '+QINDCFG'(m, _ch, cmd) {
    if (cmd.op === 'test') return { lines: [`+QINDCFG: (${QIND_TYPES.map((t) => `"${t}"`).join(',')}),(0,1),(0,1)`] };
    if (cmd.op !== 'set') return ERROR;
    const type = unquote(cmd.args[0]).toLowerCase();
    if (!(QIND_TYPES as readonly string[]).includes(type)) return cme(50);
    if (cmd.args.length === 1) return { lines: [`+QINDCFG: "${type}",${m.extras.qind[type] ?? 0}`] };
    const on = intArg(cmd.args[1]);
    const save = cmd.args[2] === undefined ? 0 : intArg(cmd.args[2]);
    if ((on !== 0 && on !== 1) || (save !== 0 && save !== 1)) return cme(50);
    m.extras.qind[type] = on;
    return OK;
  },
  // [27.007] §5.9 +WS46; [MM] sends `+WS46=?` (its comment shows `+WS46: (12,22,25,28,29)`). An EC25-EUX
  // does GSM, WCDMA and LTE: 12, 22, 25 (all), 28 (LTE only), 29, 30, 31.
  '+WS46'(_m, _ch, cmd) {
    if (cmd.op === 'test') return { lines: ['+WS46: (12,22,25,28,29,30,31)'] };
    if (cmd.op === 'read') return { lines: ['+WS46: 25'] };
    return cmd.op === 'set' && ['12', '22', '25', '28', '29', '30', '31'].includes(cmd.args[0] ?? '') ? OK : cme(50);
  },
  // [MAN] §4.2 AT+CEER: the last call's release cause.
  '+CEER': (_m, _ch, cmd) => (cmd.op === 'test' ? OK : { lines: ['+CEER: "No cause information available"'] }),
  // [27.007] §10.1.19 +CGEREP; [MM] sends `+CGEREP=?` and `+CGEREP=2`.
  '+CGEREP'(m, _ch, cmd) {
    if (cmd.op === 'test') return { lines: ['+CGEREP: (0-2),(0,1)'] };
    if (cmd.op === 'read') return { lines: [`+CGEREP: ${m.extras.cgerep.join(',')}`] };
    const mode = cmd.op === 'exec' ? 0 : intArg(cmd.args[0]);
    const bfr = cmd.args[1] === undefined ? 0 : intArg(cmd.args[1]);
    if (mode === null || mode > 2 || (bfr !== 0 && bfr !== 1)) return cme(50);
    m.extras.cgerep = [mode, bfr];
    return OK;
  },
  // [27.007] §10.1.28 +CEMODE (read by [MM]): 2 = CS/PS mode 2 of operation (data centric with CSFB).
  '+CEMODE': (_m, _ch, cmd) => (cmd.op === 'read' ? { lines: ['+CEMODE: 2'] } : cmd.op === 'test' ? { lines: ['+CEMODE: (0-3)'] } : OK),
};

/** UCS2 hex back to text, or null when it is not UCS2 hex. */
export function fromUcs2(hex: string): string | null {
  if (!/^([0-9A-Fa-f]{4})+$/.test(hex)) return null;
  let out = '';
  for (let i = 0; i < hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return out;
}

/** UCS2 hex as AT+CSCS="UCS2" prints text (27.007 §5.5). */
export function ucs2(text: string): string {
  let out = '';
  for (const ch of text) out += ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return out;
}
