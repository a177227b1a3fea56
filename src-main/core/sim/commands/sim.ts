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

/** ICCID as EF_ICCID stores it: BCD with the nibbles of each byte swapped, F-padded (ETSI TS 102 221 §13.2). */
function efIccid(iccid: string): string {
  const d = iccid.padEnd(20, 'F');
  let out = '';
  for (let i = 0; i < 20; i += 2) out += d[i + 1]! + d[i]!;
  return out;
}

/** EF_SPN (TS 31.102 §4.2.12): display condition 01, the name in the GSM alphabet (ASCII subset), FF-padded to 16. */
function efSpn(name: string): string {
  let out = '01';
  for (const ch of name.slice(0, 16)) out += ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');
  return out.padEnd(34, 'F');
}

/**
 * +CRSM READ BINARY (27.007 §8.18, command 176) of the files ModemManager reads (1d4caa92 src/mm-base-sim.c:
 * `+CRSM=176,12258,0,0,10` ICCID, `+CRSM=176,28589,0,0,4` EF_AD for the MNC length, `+CRSM=176,28486,0,0,17`
 * EF_SPN, `+CRSM=176,28599,0,0,15` EF_ECC). Others answer SW 6A82 (file not found).
 */
function crsmRead(m: ModemApi, file: number): string | null {
  if (file === 12258) return efIccid(m.identity.iccid);
  if (file === 28589) return `000000${m.identity.home.mnc.length === 3 ? '03' : '02'}`;
  if (file === 28486) return efSpn(m.identity.home.name);
  if (file === 28599) return '11F2FF19F1FF'.padEnd(30, 'F');
  return null;
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
  '+CRSM'(m, _ch, cmd) {
    if (cmd.op === 'test') return OK;
    if (cmd.op !== 'set') return ERROR;
    const blocked = simBlocked(m);
    if (blocked) return blocked;
    const [command, file] = [intArg(cmd.args[0]), intArg(cmd.args[1])];
    if (command === null || ![176, 178, 192, 214, 220, 242].includes(command)) return cme(50);
    const data = command === 176 && file !== null ? crsmRead(m, file) : null;
    return { lines: [data === null ? '+CRSM: 106,130,""' : `+CRSM: 144,0,"${data}"`] };
  },
  // 27.007 §8.17 +CSIM: ModemManager (mm-broadband-modem.c) sends VERIFY/UNBLOCK APDUs without data to read
  // the attempts left: SW 63Cx (x tries left): 3 for PIN/PIN2, 10 for PUK/PUK2.
  '+CSIM'(m, _ch, cmd) {
    if (cmd.op === 'test') return OK;
    if (cmd.op !== 'set') return ERROR;
    const blocked = simBlocked(m, false);
    if (blocked) return blocked;
    const apdu = unquote(cmd.args[1]).toUpperCase();
    if (intArg(cmd.args[0]) !== apdu.length || !/^([0-9A-F]{2}){4,}$/.test(apdu)) return cme(50);
    const ins = apdu.slice(2, 4);
    const sw = ins === '20' ? '63C3' : ins === '2C' ? '63CA' : '6D00';
    return { lines: [`+CSIM: 4,"${sw}"`] };
  },
  // [MAN] §5.8 AT+QPINC: `+QPINC: <facility>,<pincounter>,<pukcounter>` for "SC" and "P2".
  '+QPINC'(m, _ch, cmd) {
    if (cmd.op === 'test') return { lines: ['+QPINC: ("SC","P2")'] };
    const blocked = simBlocked(m, false);
    if (blocked) return blocked;
    const all = ['+QPINC: "SC",3,10', '+QPINC: "P2",3,10'];
    if (cmd.op === 'read') return { lines: all };
    const fac = unquote(cmd.args[0]).toUpperCase();
    if (cmd.op !== 'set' || (fac !== 'SC' && fac !== 'P2')) return cme(50);
    return { lines: [all[fac === 'SC' ? 0 : 1]!] };
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
    if (cmd.op !== 'exec') return cmd.op === 'test' ? OK : ERROR;
    return simBlocked(m, false) ?? { lines: [`+QCCID: ${qccid(m.identity.iccid)}`] };
  },
  '+CCID'(m, _ch, cmd) {
    if (cmd.op === 'test') return OK;
    return simBlocked(m, false) ?? { lines: [`+CCID: ${qccid(m.identity.iccid)}`] };
  },
  '+CIMI'(m, _ch, cmd) {
    if (cmd.op !== 'exec') return cmd.op === 'test' ? OK : ERROR;
    return simBlocked(m) ?? { lines: [m.identity.imsi] };
  },
  '+QSIMSTAT'(m, _ch, cmd) {
    if (cmd.op === 'test') return { lines: ['+QSIMSTAT: (0,1)'] };
    if (cmd.op !== 'read') return cmd.op === 'set' && (cmd.args[0] === '0' || cmd.args[0] === '1') ? OK : cme(50);
    return { lines: [`+QSIMSTAT: 0,${m.sim === 'absent' ? 0 : 1}`] };
  },
};
