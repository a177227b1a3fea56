/**
 * SIM card commands: PIN state, facility locks, init status, ICCID, IMSI.
 * [MAN] = Quectel EC25&EC21 AT Commands Manual V1.3 chapter 5 (§5.1 CIMI, §5.2 CLCK, §5.3 CPIN, §5.7 QCCID,
 * §5.9 QINISTAT, §5.11 QSIMSTAT).
 */
import { intArg, unquote } from '../command-line';
import { OK, ERROR, cme, type Final } from '../wire';
import type { HandlerTable, ModemApi } from './types';

/** The +CME error a SIM-dependent command gets in the current state, or null when the SIM is usable. */
export function simBlocked(m: ModemApi, needPin = true): Final | null {
  if (m.cfun === 0) return cme(13);
  if (m.sim === 'absent') return cme(10);
  if (needPin && m.sim === 'pin') return cme(11);
  return null;
}

/** 19-digit ICCIDs are padded with F to 20 characters, as the EC25 prints them. */
export function qccid(iccid: string): string {
  return iccid.length === 19 ? `${iccid}F` : iccid;
}

/** [MAN] §5.2 test response: the facilities the EC25 supports. */
const FACILITIES = ['SC', 'AO', 'OI', 'OX', 'AI', 'IR', 'AB', 'AG', 'AC', 'FD', 'PF', 'PN', 'PU', 'PP', 'PC'];

export const simCommands: HandlerTable = {
  // [MAN] §5.2: `AT+CLCK=<fac>,<mode>[,<passwd>]`; mode 2 queries `+CLCK: <status>`. "SC" is the SIM PIN
  // lock (the PIN asked at power-on), checked against the SIM's PIN; barring facilities query as off.
  '+CLCK'(m, _ch, cmd) {
    if (cmd.op === 'test') return { lines: [`+CLCK: (${FACILITIES.map((f) => `"${f}"`).join(',')})`] };
    if (cmd.op !== 'set') return ERROR;
    const fac = unquote(cmd.args[0]).toUpperCase();
    const mode = intArg(cmd.args[1]);
    if (!FACILITIES.includes(fac) || mode === null || mode > 2) return cme(50);
    const blocked = simBlocked(m);
    if (blocked) return blocked;
    if (fac !== 'SC') {
      if (mode === 2) return { lines: ['+CLCK: 0'], latency: fac === 'FD' ? 'short' : 'network' };
      return cme(fac === 'FD' || fac.startsWith('P') ? 3 : 30);
    }
    if (mode === 2) return { lines: [`+CLCK: ${m.simLocked ? 1 : 0}`] };
    if (unquote(cmd.args[2]) !== m.simPin) return cme(16);
    m.setSimLock(mode === 1);
    return OK;
  },
  // [MAN] §5.9: `+QINISTAT: <status>`, a bit mask: 1 CPIN READY, 2 SMS done, 4 phonebook done (7: all).
  '+QINISTAT'(m, _ch, cmd) {
    if (cmd.op === 'test') return { lines: ['+QINISTAT: (0-7)'] };
    if (cmd.op !== 'exec') return ERROR;
    return { lines: [`+QINISTAT: ${m.cfun !== 0 && m.sim === 'ready' ? 7 : 0}`] };
  },
  '+CPIN'(m, _ch, cmd) {
    if (cmd.op === 'test') return OK;
    const blocked = simBlocked(m, false);
    if (blocked) return blocked;
    if (cmd.op === 'read') return { lines: [`+CPIN: ${m.sim === 'pin' ? 'SIM PIN' : 'READY'}`] };
    if (cmd.op !== 'set') return ERROR;
    if (m.sim !== 'pin') return cme(3);
    const pin = unquote(cmd.args[0]);
    if (pin !== m.simPin) return cme(16);
    return { final: OK, after: () => m.unlockSim() };
  },
  '+QCCID'(m, _ch, cmd) {
    if (cmd.op === 'test') return OK;
    return simBlocked(m, false) ?? { lines: [`+QCCID: ${qccid(m.identity.iccid)}`] };
  },
  '+CCID'(m, _ch, cmd) {
    if (cmd.op === 'test') return OK;
    return simBlocked(m, false) ?? { lines: [`+CCID: ${qccid(m.identity.iccid)}`] };
  },
  '+CIMI'(m, _ch, cmd) {
    if (cmd.op === 'test') return OK;
    return simBlocked(m) ?? { lines: [m.identity.imsi] };
  },
  '+QSIMSTAT'(m, _ch, cmd) {
    if (cmd.op === 'test') return { lines: ['+QSIMSTAT: (0,1)'] };
    if (cmd.op !== 'read') return cmd.op === 'set' && (cmd.args[0] === '0' || cmd.args[0] === '1') ? OK : cme(50);
    return { lines: [`+QSIMSTAT: 0,${m.sim === 'absent' ? 0 : 1}`] };
  },
};
