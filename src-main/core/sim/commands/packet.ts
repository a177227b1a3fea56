/** Packet domain: PDP contexts, attach, addresses. */
import { intArg, unquote } from '../command-line';
import { OK, ERROR, cme } from '../wire';
import type { HandlerTable, ModemApi } from './types';

function address(m: ModemApi, cid: number): string {
  if (!m.network.registered || cid !== 1) return '0.0.0.0';
  return `10.${(m.index >> 8) & 255}.${m.index & 255}.${(cid * 17 + 2) & 255}`;
}

export const packetCommands: HandlerTable = {
  // EC25&EC21 AT Commands Manual V1.3 §10.8 AT+CGDATA=<L2P>[,<cid>]: enter data state like ATD*99***<cid>#
  // (27.007 §10.1.12): CONNECT when registered with the context defined, else NO CARRIER.
  '+CGDATA'(m, _ch, cmd) {
    if (cmd.op === 'test') return { lines: ['+CGDATA: ("PPP")'] };
    if (cmd.op !== 'set') return ERROR;
    const l2p = unquote(cmd.args[0]).toUpperCase();
    const cid = cmd.args[1] === undefined ? 1 : intArg(cmd.args[1]);
    if ((l2p !== 'PPP' && l2p !== '') || cid === null || cid < 1 || cid > 16) return cme(50);
    if (!m.network.registered || !m.contexts.has(cid)) return { final: { kind: 'no-carrier' }, latency: 'network' };
    return { final: { kind: 'connect' }, latency: 'network' };
  },
  // Quectel EC2x TCP/IP AT Commands Manual §2.1.1 AT+QICSGP=<contextID>[,<context_type>,"<APN>"[,"<username>",
  // "<password>"[,<authentication>]]]: the query answers `+QICSGP: <context_type>,"<APN>","<username>","<password>",<authentication>`.
  '+QICSGP'(m, _ch, cmd) {
    if (cmd.op === 'test') return { lines: ['+QICSGP: (1-16),(1-3),<APN>,<username>,<password>,(0-3)'] };
    if (cmd.op !== 'set') return ERROR;
    const id = intArg(cmd.args[0]);
    if (id === null || id < 1 || id > 16) return cme(50);
    if (cmd.args.length === 1) {
      const c = m.extras.qicsgp.get(id) ?? { type: 1, apn: '', user: '', password: '', auth: 0 };
      return { lines: [`+QICSGP: ${c.type},"${c.apn}","${c.user}","${c.password}",${c.auth}`] };
    }
    const type = intArg(cmd.args[1]);
    const auth = cmd.args[5] === undefined ? 0 : intArg(cmd.args[5]);
    if (type === null || type < 1 || type > 3 || auth === null || auth > 3 || cmd.args.length === 2) return cme(50);
    m.extras.qicsgp.set(id, { type, apn: unquote(cmd.args[2]), user: unquote(cmd.args[3]), password: unquote(cmd.args[4]), auth });
    return OK;
  },
  '+CGDCONT'(m, _ch, cmd) {
    if (cmd.op === 'test') return { lines: ['+CGDCONT: (1-16),"IP",,,(0-2),(0-4),(0,1),(0,1)', '+CGDCONT: (1-16),"IPV6",,,(0-2),(0-4),(0,1),(0,1)', '+CGDCONT: (1-16),"IPV4V6",,,(0-2),(0-4),(0,1),(0,1)'] };
    if (cmd.op === 'read') {
      const lines = [...m.contexts.entries()]
        .sort(([a], [b]) => a - b)
        .map(([cid, c]) => `+CGDCONT: ${cid},"${c.type}","${c.apn}","0.0.0.0,0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",0,0,0,0`);
      return { lines };
    }
    if (cmd.op !== 'set') return ERROR;
    const cid = intArg(cmd.args[0]);
    if (cid === null || cid < 1 || cid > 16) return cme(50);
    if (cmd.args.length === 1) {
      m.contexts.delete(cid);
      return OK;
    }
    const type = unquote(cmd.args[1]).toUpperCase();
    if (!['IP', 'IPV6', 'IPV4V6', 'PPP'].includes(type)) return cme(50);
    m.contexts.set(cid, { type, apn: unquote(cmd.args[2]) });
    return OK;
  },
  '+CGPADDR'(m, _ch, cmd) {
    if (cmd.op === 'test') return { lines: [`+CGPADDR: (${[...m.contexts.keys()].join(',')})`] };
    const cids = cmd.op === 'set' ? cmd.args.map((a) => intArg(a)) : [...m.contexts.keys()].sort((a, b) => a - b);
    if (cids.some((c) => c === null || !m.contexts.has(c))) return cme(50);
    return { lines: (cids as number[]).map((cid) => `+CGPADDR: ${cid},"${address(m, cid)}"`) };
  },
  '+CGATT'(m, _ch, cmd) {
    if (cmd.op === 'read') return { lines: [`+CGATT: ${m.network.registered ? 1 : 0}`] };
    if (cmd.op === 'test') return { lines: ['+CGATT: (0,1)'] };
    const n = intArg(cmd.args[0]);
    if (cmd.op !== 'set' || (n !== 0 && n !== 1)) return cme(50);
    // A module that cannot register answers a bare ERROR (EC25-AF forum thread).
    if (n === 1 && !m.network.registered) return { final: ERROR, latency: 'network' };
    return { latency: 'network' };
  },
  '+CGACT'(m, _ch, cmd) {
    if (cmd.op === 'read') return { lines: [...m.contexts.keys()].sort((a, b) => a - b).map((cid) => `+CGACT: ${cid},${m.network.registered && cid === 1 ? 1 : 0}`) };
    if (cmd.op !== 'set') return cmd.op === 'test' ? { lines: ['+CGACT: (0,1)'] } : ERROR;
    if (cmd.args[0] === '1' && !m.network.registered) return { final: ERROR, latency: 'network' };
    return { latency: 'network' };
  },
};
