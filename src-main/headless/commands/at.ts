import type { AtResponse } from '../../core/at/types';
import type { Modem } from '../../core/modem';
import { type CommandOutcome, outcomeOf } from '../../core/modem/outcome';
import { toErrorInfo } from '../../core/errors';
import { parseArgs } from 'node:util';
import { type CliIo, UsageError, intOption } from '../cli-util';
import { type SetUpModems, portSource, setUpModems, simSource } from '../setup';
import { classifyCommandLine } from '../../../src-preload/contract';
import { atRemote } from './at-remote';

const HELP = `modem-bench at (--port PATH [--baud B] | --sim N [--modem ID|all] [--seed S] [--faults SPEC])
               [--timeout MS] [--no-init] [--confirm] [--json] CMD [--payload TEXT] [CMD [--payload TEXT]...]

Sends each CMD in order (one in flight per modem; modems in parallel).
  --port PATH     a serial port (repeatable): /dev/ttyUSB2, /dev/serial/by-id/..., COM7
  --baud B        baud rate for --port (USB modems ignore it) [115200]
  --sim N         start N simulated EC25 modems in this process
  --modem ID      with --sim: index, sim3, IMEI or its last digits, or all [all]
  --timeout MS    per-command timeout (default: by command class, e.g. AT+COPS 180 s)
  --no-init       no start-up resync and no ATV1/AT+CMEE=2 (a resync still follows a timeout;
                  echo, ATV0/ATV1 and +CMEE are read from the modem's answers, never assumed)
  --payload TEXT  the text for the command just before it on the line, one that asks for it
                  with the '> ' prompt (AT+CMGS, AT+CMGW, AT+CMGC, AT+QISEND, AT+QSSLSEND).
                  Ctrl-Z is added; a newline in TEXT (bash: $'one\\ntwo') is an Enter.
                  A prompt command without --payload is cancelled with ESC (nothing is sent;
                  its final reads '> ').
                  e.g. at --port /dev/ttyUSB2 AT+CMGF=1 'AT+CMGS="+31612345678"' --payload 'Hello'
  --confirm       send dangerous command lines (power off, reset, factory/profile, USB composition,
                  firmware, SIM lock; also when chained, e.g. AT+CSQ;+QPOWD); without it they are
                  refused with exit 2 and nothing is sent
  --json          one JSON object per command per line:
                  {modem, port, command, status, final, lines, urcs, echo, parsed, latencyMs,
                   error, damaged}; damaged: bytes were lost while it ran (see the transcript)
  --remote URL    instead of --port/--sim: modems of a bench host running serve (repeatable; the
                  URL serve prints). --modem then takes host:port/ID too (an IMEI on two hosts
                  needs its host). A host that goes away ends its commands with status
                  disconnected and error code host-unreachable; JSON records carry the host.
  --remote-token T  token for remotes whose URL has none (or one per --remote, in order)
  --remote-ca PEM for https remotes: the certificate (or its CA) they must present
Exit code: 0 when every command got a final result code (OK or an error code), 1 otherwise, 2 bad usage.`;

export interface CommandRecord extends CommandOutcome {
  modem: string;
  port: string;
}

export async function atCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals, payloads } = parseAtArgs(args);
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const ports = values.port ?? [];
  const remotes = values.remote ?? [];
  if ([ports.length > 0, values.sim !== undefined, remotes.length > 0].filter(Boolean).length !== 1) throw new UsageError('give one of --port PATH, --sim N or --remote URL');
  if (positionals.length === 0) throw new UsageError('give at least one command, e.g. AT+CSQ');
  for (const c of positionals) {
    if (!/^(AT|A\/)/i.test(c)) throw new UsageError(`'${c}' is not an AT command (it must start with AT)`);
    if (/[\r\n]/.test(c)) throw new UsageError(`'${JSON.stringify(c)}' contains a line break`);
  }
  // The same classifier as the console, Broadcast, the API and batch files: a line that powers
  // off, resets, reflashes or re-composes the modem is sent only when the engineer says so.
  if (!values.confirm) {
    const risky = positionals.flatMap((c) => classifyCommandLine(c).commands.map((d) => `${d.text}: ${d.reason}`));
    if (risky.length > 0) throw new UsageError(`dangerous command${risky.length > 1 ? 's' : ''} not sent (add --confirm to send):\n  ${risky.join('\n  ')}`);
  }
  if (remotes.length > 0) {
    return atRemote({ remotes, tokens: values['remote-token'] ?? [], caFile: values['remote-ca'], select: values.modem ?? 'all', commands: positionals, payloads, timeoutMs: intOption('timeout', values.timeout, 1, 3_600_000), json: Boolean(values.json) }, io);
  }
  if (values.modem !== undefined && values.sim === undefined) throw new UsageError('--modem goes with --sim');
  if (values.baud !== undefined && ports.length === 0) throw new UsageError('--baud goes with --port');
  const timeoutMs = intOption('timeout', values.timeout, 1, 3_600_000);
  const baud = intOption('baud', values.baud, 50, 10_000_000);

  const source =
    values.sim !== undefined
      ? await simSource({ count: intOption('sim', values.sim, 1, 1024)!, seed: intOption('seed', values.seed, 0), faults: values.faults, select: values.modem })
      : portSource(ports);
  const ac = new AbortController();
  const offStop = io.onStop(() => ac.abort('interrupted'));
  let targets: SetUpModems | null = null;
  try {
    // No identity, no supervisor: the engineer's commands go to the port as typed, sent once.
    targets = await setUpModems(source, {
      init: !values['no-init'],
      // Init failing is worth saying, but the user's commands may still work.
      onInitFailed: (m, err) => io.err(`${m.label}: init failed: ${toErrorInfo(err).message}`),
      identity: false,
      ...(baud ? { baudRate: baud } : {}),
      signal: ac.signal,
    });
    const allFinal = targets.failed.length === 0;
    for (const f of targets.failed) {
      const info = toErrorInfo(f.error);
      io.err(`${f.label}: ${info.message}`);
      if (values.json) {
        for (const command of positionals) {
          io.out(JSON.stringify(record(f.label, f.path, command, { error: f.error })));
        }
      }
    }
    const results = await Promise.all(targets.modems.map(({ modem }) => runOnModem(modem, positionals, payloads, { timeoutMs, json: Boolean(values.json), signal: ac.signal }, io)));
    return allFinal && results.every(Boolean) ? 0 : 1;
  } finally {
    offStop();
    if (targets) await targets.close();
    else await source.close();
  }
}

/** Commands that ask for text with the `> ` prompt (27.005 §3.5.1-3.5.4; Quectel TCP/IP and SSL send). */
const PROMPT_COMMAND = /^AT\+(CMGS|CMGW|CMGC|QISEND|QSSLSEND)(=|$)/i;

const OPTIONS = {
  port: { type: 'string', multiple: true },
  baud: { type: 'string' },
  sim: { type: 'string' },
  modem: { type: 'string' },
  seed: { type: 'string' },
  faults: { type: 'string' },
  timeout: { type: 'string' },
  'no-init': { type: 'boolean' },
  json: { type: 'boolean' },
  confirm: { type: 'boolean' },
  payload: { type: 'string', multiple: true },
  remote: { type: 'string', multiple: true },
  'remote-token': { type: 'string', multiple: true },
  'remote-ca': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * parseArgs with its tokens, because a --payload belongs to the command written just
 * before it: the order of options and commands matters here and nowhere else.
 */
function parseAtArgs(args: string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const payloads = new Map<number, string>();
  let last = -1;
  for (const t of parsed.tokens) {
    if (t.kind === 'positional') last++;
    if (t.kind !== 'option' || t.name !== 'payload') continue;
    const command = parsed.positionals[last];
    if (command === undefined) throw new UsageError('--payload goes right after the command it is for, e.g. \'AT+CMGS="+31612345678"\' --payload \'Hello\'');
    if (!PROMPT_COMMAND.test(command)) {
      throw new UsageError(`--payload is for a command that asks for text (AT+CMGS, AT+CMGW, AT+CMGC, AT+QISEND, AT+QSSLSEND); '${command}' does not`);
    }
    if (payloads.has(last)) throw new UsageError(`'${command}' has two --payload; give one (a newline in the text is an Enter)`);
    if (/\x1a|\x1b/.test(t.value ?? '')) throw new UsageError('--payload must not contain Ctrl-Z or ESC (Ctrl-Z is added)');
    payloads.set(last, t.value ?? '');
  }
  return { values: parsed.values, positionals: parsed.positionals, payloads };
}

async function runOnModem(
  modem: Modem,
  commands: string[],
  payloads: ReadonlyMap<number, string>,
  o: { timeoutMs: number | undefined; json: boolean; signal: AbortSignal },
  io: CliIo,
): Promise<boolean> {
  let ok = true;
  for (const [i, command] of commands.entries()) {
    let rec: CommandRecord;
    try {
      const r = await modem.exec(command, { timeoutMs: o.timeoutMs, signal: o.signal, payload: payloads.get(i) });
      rec = record(modem.label, modem.atPath, command, { response: r });
    } catch (error) {
      rec = record(modem.label, modem.atPath, command, { error });
    }
    if (rec.final === null) ok = false;
    io.out(o.json ? JSON.stringify(rec) : human(rec));
    if (rec.status === 'disconnected' || rec.status === 'cancelled') {
      // The rest cannot get an answer on this port; say so for each of them.
      for (const rest of commands.slice(commands.indexOf(command) + 1)) {
        const r2: CommandRecord = { ...rec, command: rest };
        io.out(o.json ? JSON.stringify(r2) : human(r2));
      }
      break;
    }
  }
  return ok;
}

function record(modem: string, port: string, command: string, outcome: { response: AtResponse } | { error: unknown }): CommandRecord {
  return { modem, port, ...outcomeOf(command, outcome) };
}

function human(r: CommandRecord): string {
  const head = `[${r.modem}] ${r.command}${r.latencyMs !== null ? `  (${r.latencyMs} ms)` : ''}`;
  const body = [...r.lines, ...r.urcs.map((u) => `  urc: ${u}`)];
  const tail = (r.final ?? `!! ${r.status}: ${r.error?.message ?? ''}`) + (r.damaged ? '  (damaged: bytes were lost while it ran; see the transcript)' : '');
  return [head, ...body.map((l) => `  ${l}`), `  ${tail}`].join('\n');
}
