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
    if (cmd.op === 'read') {
      const cell = m.network.cell;
      return { lines: [cell && m.network.registered ? `+COPS: 0,0,"${cell.operator.name}",7` : '+COPS: 0'], latency: 'cops' };
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
    if (mode === null || mode > 4) return cme(50);
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
    if (!m.network.registered) return { lines: ['+CSQ: 99,99'] };
    const { rssi } = m.network.radio();
    return { lines: [`+CSQ: ${Math.max(0, Math.min(31, Math.round((rssi + 113) / 2)))},99`] };
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
  '+QNWINFO'(m) {
    const cell = m.network.cell;
    if (!cell || !m.network.registered) return { lines: ['+QNWINFO: No Service'] };
    const o = cell.operator;
    return { lines: [`+QNWINFO: "FDD LTE","${o.mcc}${o.mnc}","LTE BAND ${o.band}",${o.earfcn}`] };
  },
  '+QSPN'(m) {
    const cell = m.network.cell;
    if (!cell || !m.network.registered) return cme(30);
    const o = cell.operator;
    return { lines: [`+QSPN: "${o.name}","${o.name}","",0,"${o.mcc}${o.mnc}"`] };
  },
};
