/** SMS sending: AT+CMGF and AT+CMGS with its `> ` prompt. */
import { intArg } from '../command-line';
import { OK, ERROR, cme } from '../wire';
import { simBlocked } from './sim';
import type { HandlerResult, HandlerTable, ModemApi } from './types';

export const smsCommands: HandlerTable = {
  '+CMGF'(m, _ch, cmd) {
    if (cmd.op === 'read') return { lines: [`+CMGF: ${m.smsTextMode ? 1 : 0}`] };
    if (cmd.op === 'test') return { lines: ['+CMGF: (0,1)'] };
    const n = cmd.op === 'exec' ? 0 : intArg(cmd.args[0]);
    if (n !== 0 && n !== 1) return cme(50);
    m.smsTextMode = n === 1;
    return OK;
  },
  '+CMGS'(m, _ch, cmd) {
    if (cmd.op === 'test') return OK;
    if (cmd.op !== 'set' || cmd.value === '') return ERROR;
    return simBlocked(m) ?? { final: { kind: 'prompt' } };
  },
};

/** What follows the text and Ctrl-Z (or ESC, `body` null). */
export function smsResult(m: ModemApi, body: string | null): HandlerResult {
  if (body === null) return { final: OK };
  if (!m.network.registered) return { final: { kind: 'cms', code: 331 }, latency: 'network' };
  m.smsRef = (m.smsRef + 1) % 256;
  return { lines: [`+CMGS: ${m.smsRef}`], latency: 'network' };
}
