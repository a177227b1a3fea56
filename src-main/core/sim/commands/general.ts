/**
 * V.250 basics, S-registers, profiles, serial interface settings, identification and the test-only AT+SIMTAG.
 *
 * [MAN] = Quectel EC25&EC21 AT Commands Manual V1.3. Basic (V.250) commands answer a bare `ERROR` for a
 * value out of range whatever AT+CMEE says ([V250] §5.6.1 / §6.1.1 "ERROR"); extended commands answer
 * `+CME ERROR: 50` (Incorrect parameters, 27.007 §9.2; shape per AT+CMEE, [MAN] §2.23).
 */
import { intArg } from '../command-line';
import { IPR_RATES, S_REGISTERS, ampersandV, sRead } from '../settings';
import { OK, ERROR, cme } from '../wire';
import type { Handler, HandlerTable } from './types';

/** A basic command's value: '' means 0 ([V250] §5.3.1 "if the value is omitted, 0 is assumed"). */
function basicValue(v: string, max: number): number | null {
  if (v === '') return 0;
  const n = Number(v);
  return /^\d+$/.test(v) && n <= max ? n : null;
}

/** S<n>? reads three digits, S<n>=<v> sets within [MAN]'s range, bare S<n> selects (OK). */
function sRegister(n: number): Handler {
  const r = S_REGISTERS[n]!;
  return (_m, ch, cmd) => {
    if (cmd.op === 'read') return { lines: [sRead(ch.settings.s[n] ?? r.factory)] };
    if (cmd.op === 'test') return { lines: [`S${n}: (${r.min}-${r.max})`] };
    if (cmd.op === 'exec') return OK;
    const v = intArg(cmd.args[0] === '' ? '0' : cmd.args[0]);
    if (v === null || v < r.min || v > r.max) return ERROR;
    ch.settings.s[n] = v;
    return OK;
  };
}

const sRegisters: Record<string, Handler> = {};
// S12 (the +++ guard time) is kept internally but not offered: AT&V does not list it.
for (const n of Object.keys(S_REGISTERS)) if (n !== '12') sRegisters[`S${n}`] = sRegister(Number(n));

/** ATI ([MAN] §2.1): `Quectel`, the model, `Revision: <rev>`. */
const identification: Handler = (m, _ch, cmd) => {
  // [MAN] §2.1 lists ATI without a value; ATI0 and ATI1 (sent by some probes) answer the same here,
  // since no EC25 capture of ATI1 was found. Other values are not supported.
  if (!['', '0', '1'].includes(cmd.value)) return ERROR;
  return { lines: ['Quectel', 'EC25', `Revision: ${m.identity.firmware.revision}`] };
};

/** +GMI/+CGMI and friends: `=?` answers OK only ([MAN] §2.2-2.9 test command: "Response OK"). */
function ident(lines: (m: Parameters<Handler>[0]) => string[]): Handler {
  return (m, _ch, cmd) => (cmd.op === 'test' ? OK : cmd.op === 'exec' ? { lines: lines(m) } : ERROR);
}

export const generalCommands: HandlerTable = {
  // [MAN] §2.16 ATE<value> 0/1.
  E(_m, ch, cmd) {
    const v = basicValue(cmd.value, 1);
    if (v === null || cmd.op !== 'exec') return ERROR;
    ch.settings.echo = v === 1;
    return OK;
  },
  // [MAN] §2.15 ATV<value>: 0 numeric, 1 verbose. The OK of ATV0 is already numeric.
  V(_m, ch, cmd) {
    const v = basicValue(cmd.value, 1);
    if (v === null || cmd.op !== 'exec') return ERROR;
    ch.settings.verbose = v === 1;
    return OK;
  },
  // [MAN] §2.14 ATQ<n>: 1 suppresses result codes (ATQ1 itself answers nothing).
  Q(_m, ch, cmd) {
    const v = basicValue(cmd.value, 1);
    if (v === null || cmd.op !== 'exec') return ERROR;
    ch.settings.quiet = v === 1;
    return OK;
  },
  // [MAN] §2.21 ATX<value> 0-4.
  X(_m, ch, cmd) {
    const v = basicValue(cmd.value, 4);
    if (v === null || cmd.op !== 'exec') return ERROR;
    ch.settings.x = v;
    return OK;
  },
  // [MAN] §2.13 ATZ[<value>] (0 only): loads the user profile; the OK uses the loaded settings. A data
  // call on the port is cleared first (V.250 §6.1.1: the DCE disconnects any call before the reset).
  Z(m, ch, cmd) {
    if (basicValue(cmd.value, 0) === null) return ERROR;
    ch.hangUp(false);
    m.resetChannel(ch);
    return OK;
  },
  // [MAN] §2.10 AT&F[<value>] (0 only): factory settings for this port; the saved profile is kept.
  '&F'(m, ch, cmd) {
    if (basicValue(cmd.value, 0) === null) return ERROR;
    m.factoryChannel(ch);
    return OK;
  },
  // [MAN] §2.12 AT&W[<n>] (0 only): stores the current settings to the user profile.
  '&W'(m, ch, cmd) {
    if (basicValue(cmd.value, 0) === null) return ERROR;
    m.saveProfile(ch);
    return OK;
  },
  // [MAN] §2.11 AT&V[<n>]: the current settings, one `X: v` line each.
  '&V'(_m, ch, cmd) {
    if (basicValue(cmd.value, 0) === null) return ERROR;
    return { lines: ampersandV(ch.settings) };
  },
  // [MAN] §3.1 AT&C[<value>] 0/1 (DCD).
  '&C'(_m, ch, cmd) {
    const v = basicValue(cmd.value, 1);
    if (v === null) return ERROR;
    ch.settings.dcd = v as 0 | 1;
    return OK;
  },
  // [MAN] §3.2 AT&D[<value>] 0/1/2 (DTR).
  '&D'(_m, ch, cmd) {
    const v = basicValue(cmd.value, 2);
    if (v === null) return ERROR;
    ch.settings.dtr = v as 0 | 1 | 2;
    return OK;
  },
  ...sRegisters,
  I: identification,
  // [MAN] §2.23: read `+CMEE: <n>`, test `+CMEE: (0-2)`, bare AT+CMEE sets 0.
  '+CMEE'(_m, ch, cmd) {
    if (cmd.op === 'read') return { lines: [`+CMEE: ${ch.cmee}`] };
    if (cmd.op === 'test') return { lines: ['+CMEE: (0-2)'] };
    const n = cmd.op === 'exec' ? 0 : intArg(cmd.args[0]);
    if (n !== 0 && n !== 1 && n !== 2) return cme(50);
    ch.cmee = n;
    return OK;
  },
  // [MAN] §3.5 AT+IPR: test `+IPR: (list of supported auto-detectable <rate>s),(list of fixed-only <rate>s)`.
  '+IPR'(_m, ch, cmd) {
    if (cmd.op === 'read') return { lines: [`+IPR: ${ch.settings.ipr}`] };
    if (cmd.op === 'test') return { lines: [`+IPR: (0),(${IPR_RATES.filter((r) => r !== 0).join(',')})`] };
    const rate = cmd.op === 'exec' ? 115200 : intArg(cmd.args[0]);
    if (rate === null || !(IPR_RATES as readonly number[]).includes(rate)) return cme(50);
    // USB ports ignore the rate; the UART would switch after the OK.
    ch.settings.ipr = rate;
    return OK;
  },
  // [MAN] §3.3 AT+IFC (flow control) and §3.4 AT+ICF (character framing), as in the BG95 capture of settings.ts.
  '+IFC': (_m, _ch, cmd) => (cmd.op === 'read' ? { lines: ['+IFC: 0,0'] } : cmd.op === 'test' ? { lines: ['+IFC: (0,2),(0,2)'] } : OK),
  '+ICF': (_m, _ch, cmd) => (cmd.op === 'read' ? { lines: ['+ICF: 3,3'] } : cmd.op === 'test' ? { lines: ['+ICF: (1-6),(0-3)'] } : OK),
  // +FCLASS (V.250 annex / T.31): only class 0 (data). wvdial's default Init2 ends in `+FCLASS=0` and wvdial
  // is widely used with EC2x modems, so the firmware accepts it (not in [MAN]; Qualcomm ATCOP command).
  '+FCLASS'(_m, _ch, cmd) {
    if (cmd.op === 'read') return { lines: ['+FCLASS: 0'] };
    if (cmd.op === 'test') return { lines: ['+FCLASS: (0)'] };
    return cmd.op === 'set' && cmd.args[0] === '0' ? OK : cme(50);
  },
  '+CGMI': ident(() => ['Quectel']),
  '+GMI': ident(() => ['Quectel']),
  '+CGMM': ident(() => ['EC25']),
  '+GMM': ident(() => ['EC25']),
  '+CGMR': ident((m) => [m.identity.firmware.revision]),
  '+GMR': ident((m) => [m.identity.firmware.revision]),
  '+QGMR': ident((m) => [m.identity.firmware.full]),
  '+CGSN': ident((m) => [m.identity.imei]),
  '+GSN': ident((m) => [m.identity.imei]),
  // V.250 §6.1.9 +GCAP: the EC25 lists its command sets (ModemManager probes it; mm-broadband-modem.c
  // load_current_capabilities). Real Quectel LTE firmware answers `+GCAP: +CGSM` (EC25 capture in
  // ModemManager's test logs is not in the corpus; this follows the 27.007 convention).
  '+GCAP': ident(() => ['+GCAP: +CGSM']),
  '+SIMTAG'(_m, _ch, cmd) {
    if (cmd.op !== 'set' || cmd.value === '') return ERROR;
    return { lines: [`+SIMTAG: ${cmd.value}`] };
  },
};
