/** Network service: registration, operator, signal, serving and neighbour cells. */
import { intArg, unquote } from '../command-line';
import { OPERATORS } from '../identity';
import { OK, ERROR, cme } from '../wire';
import { simBlocked } from './sim';
import type { Handler, HandlerTable } from './types';

function regCommand(name: 'CREG' | 'CGREG' | 'CEREG'): Handler {
  return (m, _ch, cmd) => {
    if (cmd.op === 'read') return { lines: [m.network.regRead(name)] };
    if (cmd.op === 'test') return { lines: [`+${name}: (0-2)`] };
    const n = cmd.op === 'exec' ? 0 : intArg(cmd.args[0]);
    if (n !== 0 && n !== 1 && n !== 2) return cme(50);
    m.network.urc[name] = n;
    return OK;
  };
}

export const networkCommands: HandlerTable = {
  '+CREG': regCommand('CREG'),
  '+CGREG': regCommand('CGREG'),
  '+CEREG': regCommand('CEREG'),
  '+COPS'(m, _ch, cmd) {
    // Quectel EC25&EC21 AT Commands Manual V1.3 §6.1: read `+COPS: <mode>[,<format>,<oper>[,<AcT>]]`; <format> as
    // last set with AT+COPS=3,<format> (real EC25: `+COPS: 0,2,"25099",7`, koshev-msk/luci-app-modeminfo#45).
    if (cmd.op === 'read') {
      const cell = m.network.cell;
      if (!cell || !m.network.registered) return { lines: ['+COPS: 0'], latency: 'cops' };
      const f = m.extras.copsFormat;
      const o = cell.operator;
      const oper = f === 2 ? `${o.mcc}${o.mnc}` : o.name;
      return { lines: [`+COPS: 0,${f},"${oper}",7`], latency: 'cops' };
    }
    if (cmd.op === 'test') {
      const blocked = simBlocked(m);
      if (blocked) return blocked;
      const cell = m.network.cell;
      const ops = OPERATORS.filter((o) => o.mcc === m.identity.home.mcc || o === cell?.operator).map((o) => {
        const stat = o === cell?.operator ? 2 : 1;
        return `(${stat},"${o.name}","${o.name}","${o.mcc}${o.mnc}",7)`;
      });
      return { lines: [`+COPS: ${ops.join(',')},,(0-4),(0-2)`], latency: 'scan' };
    }
    const mode = cmd.op === 'exec' ? 0 : intArg(cmd.args[0]);
    const format = cmd.args[1] === undefined || cmd.args[1] === '' ? null : intArg(cmd.args[1]);
    if (mode === null || mode > 4 || (cmd.args[1] !== undefined && cmd.args[1] !== '' && (format === null || format > 2))) return cme(50);
    if (format !== null) m.extras.copsFormat = format as 0 | 1 | 2;
    // Mode 3 only sets the <format> of the read response (27.007 §7.3).
    if (mode === 3) return OK;
    if (mode === 2) {
      m.network.stop();
      return { latency: 'cops' };
    }
    const blocked = simBlocked(m);
    if (blocked) return blocked;
    if (m.cfun === 1 && !m.network.registered && m.network.stat !== 2) m.network.start(false);
    return { latency: 'cops' };
  },
  '+CSQ'(m, _ch, cmd) {
    if (cmd.op === 'test') return { lines: ['+CSQ: (0-31,99),(0-7,99)'] };
    if (cmd.op !== 'exec') return ERROR;
    if (!m.network.registered) return { lines: ['+CSQ: 99,99'] };
    const { rssi } = m.network.radio();
    return { lines: [`+CSQ: ${Math.max(0, Math.min(31, Math.round((rssi + 113) / 2)))},99`] };
  },
  // 27.007 §8.69 +CESQ: `<rxlev>,<ber>,<rscp>,<ecno>,<rsrq>,<rsrp>`; on LTE only the last two are known:
  // rsrq index 0-34 in 0.5 dB steps from -19.5 dB, rsrp index 0-97 in 1 dB steps from -140 dBm.
  '+CESQ'(m, _ch, cmd) {
    if (cmd.op === 'test') return { lines: ['+CESQ: (0-63,99),(0-7,99),(0-96,255),(0-49,255),(0-34,255),(0-97,255)'] };
    if (cmd.op !== 'exec') return ERROR;
    if (!m.network.registered) return { lines: ['+CESQ: 99,99,255,255,255,255'] };
    const { rsrq, rsrp } = m.network.radio();
    const q = Math.max(0, Math.min(34, Math.floor((rsrq + 20) * 2)));
    const p = Math.max(0, Math.min(97, rsrp + 141));
    return { lines: [`+CESQ: 99,99,255,255,${q},${p}`] };
  },
  // Quectel manual §6.4 AT+CPOL: the preferred operator list (empty on a fresh SIM: OK only).
  '+CPOL'(m, _ch, cmd) {
    if (cmd.op === 'test') return { lines: ['+CPOL: (1-100),(0-2)'] };
    const blocked = simBlocked(m);
    if (blocked) return blocked;
    return cmd.op === 'read' || cmd.op === 'set' ? OK : ERROR;
  },
  '+QENG'(m, _ch, cmd) {
    if (cmd.op === 'test') return { lines: ['+QENG: "servingcell","neighbourcell"'] };
    if (cmd.op !== 'set') return ERROR;
    const what = unquote(cmd.args[0]).toLowerCase();
    const cell = m.network.cell;
    if (what === 'servingcell') {
      if (!cell || !m.network.registered) return { lines: ['+QENG: "servingcell","SEARCH"'] };
      const r = m.network.radio();
      const o = cell.operator;
      return {
        lines: [
          `+QENG: "servingcell","NOCONN","LTE","FDD",${o.mcc},${o.mnc},${cell.cellId},${cell.pci},${o.earfcn},${o.band},5,5,${cell.tac},${r.rsrp},${r.rsrq},${r.rssi},${r.sinr},-`,
        ],
      };
    }
    if (what === 'neighbourcell') {
      if (!cell || !m.network.registered) return {};
      const r = m.network.radio();
      const o = cell.operator;
      // Neighbour lines put rsrq before rsrp, unlike the servingcell line.
      return {
        lines: [
          `+QENG: "neighbourcell intra","LTE",${o.earfcn},${(cell.pci + 7) % 504},${r.rsrq - 2},${r.rsrp - 6},${r.rssi - 5},${r.sinr - 4},20,-,-,-,-`,
          `+QENG: "neighbourcell inter","LTE",${o.band === 20 ? 1300 : 6300},${(cell.pci + 113) % 504},${r.rsrq - 4},${r.rsrp - 12},${r.rssi - 10},-,12,5,-,-,-,-`,
        ],
      };
    }
    return cme(50);
  },
  '+QNWINFO'(m, _ch, cmd) {
    if (cmd.op !== 'exec') return cmd.op === 'test' ? OK : ERROR;
    const cell = m.network.cell;
    if (!cell || !m.network.registered) return { lines: ['+QNWINFO: No Service'] };
    const o = cell.operator;
    return { lines: [`+QNWINFO: "FDD LTE","${o.mcc}${o.mnc}","LTE BAND ${o.band}",${o.earfcn}`] };
  },
  '+QSPN'(m, _ch, cmd) {
    if (cmd.op !== 'exec') return cmd.op === 'test' ? OK : ERROR;
    const cell = m.network.cell;
    if (!cell || !m.network.registered) return cme(30);
    const o = cell.operator;
    return { lines: [`+QSPN: "${o.name}","${o.name}","",0,"${o.mcc}${o.mnc}"`] };
  },
};
