/** The command table and the interpreter of one command line. */
import type { AtChannel } from '../channel';
import { parseCommandLine } from '../command-line';
import type { LatencyClass } from '../options';
import { OK, ERROR, type Final, type Reply } from '../wire';
import { callCommands } from './call';
import { generalCommands } from './general';
import { networkCommands } from './network';
import { packetCommands } from './packet';
import { phonebookCommands } from './phonebook';
import { simCommands } from './sim';
import { statusCommands } from './status';
import { smsCommands, smsResult } from './sms';
import { systemCommands } from './system';
import type { HandlerResult, HandlerTable, ModemApi } from './types';

export type { ModemApi, SimCardState, UrcPort, PdpContext } from './types';

const TABLE: HandlerTable = {
  ...generalCommands,
  ...callCommands,
  ...simCommands,
  ...networkCommands,
  ...systemCommands,
  ...packetCommands,
  ...statusCommands,
  ...phonebookCommands,
  ...smsCommands,
};

/** 27.007 §8.37 +CLAC: the supported commands, one per line, as a BG95 lists them (https://pastebin.com/LpeKYbYc). */
export const listCommands: HandlerTable = {
  '+CLAC': (_m, _ch, cmd) => (cmd.op === 'test' ? OK : cmd.op === 'exec' ? { lines: Object.keys(COMMANDS).filter((n) => !['+SIMTAG', '+SIMSMS', '+SIMCALL'].includes(n)) } : ERROR),
};

const COMMANDS: HandlerTable = { ...TABLE, ...listCommands };

const LATENCY_RANK: Record<LatencyClass, number> = { short: 0, cops: 1, cfun: 2, network: 3, scan: 4 };

function normalise(r: HandlerResult | Final): HandlerResult {
  return 'kind' in r ? { final: r } : r;
}

/**
 * Runs the commands of one line in order and stops at the first failure, like V.250:
 * info lines accumulate and the last result code is the line's. An unknown command
 * anywhere gives a bare ERROR (invalid command line), whatever AT+CMEE says.
 */
export function interpret(m: ModemApi, channel: AtChannel, line: string): Reply {
  const cmds = parseCommandLine(line);
  if (cmds === null) return { lines: [], final: ERROR, latency: 'short' };
  const lines: string[] = [];
  const afters: (() => void)[] = [];
  let latency: LatencyClass = 'short';
  let final: Final = OK;
  for (const cmd of cmds) {
    const handler = COMMANDS[cmd.name];
    if (!handler) return { lines: [], final: ERROR, latency };
    const r = normalise(handler(m, channel, cmd));
    if (r.lines) lines.push(...r.lines);
    if (r.latency && LATENCY_RANK[r.latency] > LATENCY_RANK[latency]) latency = r.latency;
    if (r.after) afters.push(r.after);
    final = r.final ?? OK;
    if (final.kind !== 'ok') break;
  }
  const reply: Reply = { lines, final, latency };
  if (afters.length === 1) reply.after = afters[0]!;
  else if (afters.length > 1) reply.after = () => afters.forEach((a) => a());
  return reply;
}

export function interpretSms(m: ModemApi, body: string | null): Reply {
  const r = smsResult(m, body);
  return { lines: r.lines ?? [], final: r.final ?? OK, latency: r.latency ?? 'short' };
}
