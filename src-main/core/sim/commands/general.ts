/** V.250 basics, identification and the test-only AT+SIMTAG. */
import { OK, ERROR, cme } from '../wire';
import type { HandlerTable } from './types';

const onOff = (v: string): boolean | null => (v === '' || v === '0' ? false : v === '1' ? true : null);

export const generalCommands: HandlerTable = {
  E(_m, ch, cmd) {
    const on = onOff(cmd.value);
    if (on === null) return ERROR;
    ch.echo = on;
    return OK;
  },
  V(_m, ch, cmd) {
    const on = onOff(cmd.value);
    if (on === null) return ERROR;
    ch.verbose = on;
    return OK;
  },
  Z(m, ch) {
    m.resetChannel(ch);
    return OK;
  },
  '&F'(m, ch) {
    m.resetChannel(ch);
    return OK;
  },
  '&W': () => OK,
  Q: (_m, _ch, cmd) => (cmd.value === '' || cmd.value === '0' ? OK : ERROR),
  X: () => OK,
  S3: (_m, _ch, cmd) => (cmd.op === 'read' ? { lines: ['013'] } : cmd.args[0] === '13' || cmd.op === 'exec' ? OK : ERROR),
  S4: (_m, _ch, cmd) => (cmd.op === 'read' ? { lines: ['010'] } : OK),
  I: (m, _ch, cmd) =>
    cmd.value === '' || cmd.value === '0' ? { lines: ['Quectel', 'EC25', `Revision: ${m.identity.firmware.revision}`] } : ERROR,
  '+CMEE'(_m, ch, cmd) {
    if (cmd.op === 'read') return { lines: [`+CMEE: ${ch.cmee}`] };
    if (cmd.op === 'test') return { lines: ['+CMEE: (0-2)'] };
    const n = cmd.op === 'exec' ? 0 : cmd.args[0];
    if (n !== 0 && n !== '0' && n !== '1' && n !== '2') return cme(50);
    ch.cmee = Number(n) as 0 | 1 | 2;
    return OK;
  },
  '+CGMI': () => ({ lines: ['Quectel'] }),
  '+GMI': () => ({ lines: ['Quectel'] }),
  '+CGMM': () => ({ lines: ['EC25'] }),
  '+GMM': () => ({ lines: ['EC25'] }),
  '+CGMR': (m) => ({ lines: [m.identity.firmware.revision] }),
  '+GMR': (m) => ({ lines: [m.identity.firmware.revision] }),
  '+QGMR': (m) => ({ lines: [m.identity.firmware.full] }),
  '+CGSN': (m, _ch, cmd) => (cmd.op === 'test' ? OK : { lines: [m.identity.imei] }),
  '+GSN': (m) => ({ lines: [m.identity.imei] }),
  '+SIMTAG'(_m, _ch, cmd) {
    if (cmd.op !== 'set' || cmd.value === '') return ERROR;
    return { lines: [`+SIMTAG: ${cmd.value}`] };
  },
};
