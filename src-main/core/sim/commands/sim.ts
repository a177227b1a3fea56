/** SIM card commands: PIN state, ICCID, IMSI. */
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

export const simCommands: HandlerTable = {
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
  '+CCID'(m) {
    return simBlocked(m, false) ?? { lines: [`+CCID: ${qccid(m.identity.iccid)}`] };
  },
  '+CIMI'(m, _ch, cmd) {
    if (cmd.op === 'test') return OK;
    return simBlocked(m) ?? { lines: [m.identity.imsi] };
  },
  '+QSIMSTAT'(m, _ch, cmd) {
    if (cmd.op !== 'read') return cmd.op === 'set' && intArg(cmd.args[0]) !== null ? OK : ERROR;
    return { lines: [`+QSIMSTAT: 0,${m.sim === 'absent' ? 0 : 1}`] };
  },
};
