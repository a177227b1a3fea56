/**
 * `modem-bench qmi`: talk QMI as qmicli does (`qmi --device /dev/cdc-wdm0
 * dms-get-ids`), to a real device or a simulated modem, and decode captured
 * QMI bytes (`qmi decode HEX...`).
 */
import { parseArgs } from 'node:util';
import { toErrorInfo } from '../../core/errors';
import {
  describeMessage, messageLine, parseRequest, QmiClient, QmiFilePort, QmuxFramer, REQUESTS, REQUEST_NAMES, type QmiRequest, type QmiTransport,
} from '../../core/qmi/index';
import { ModemSimulator } from '../../core/sim';
import { openSimQmi } from '../../core/sim/qmi/index';
import { type CliIo, UsageError, faultsOption, intOption } from '../cli-util';

const HELP = `modem-bench qmi (--device PATH | --sim N [--modem ID|all] [--seed S] [--faults SPEC])
                [--timeout MS] [--sync] [--json] REQUEST [REQUEST...]
modem-bench qmi decode [--json] HEX...

Sends QMI requests, named like qmicli's options, to a modem's QMI port:
  --device PATH   the QMI character device, e.g. /dev/cdc-wdm0 (Linux; Windows does not
                  expose QMI as a file), or a simulator PTY (DIR/sim0-qmi from 'modem-bench sim')
  --sim N         start N simulated EC25 modems in this process
  --modem ID      with --sim: index, sim3, IMEI or its last digits, or all [all]
  --timeout MS    per-request timeout [10000]
  --sync          send CTL Sync first (drops client ids a crashed program left behind)
  --json          one JSON object per request per modem:
                  {modem, device, request, ok, latencyMs, service, message, result, fields, tlvs} or {.., ok:false, error}
Requests (an argument follows '=' as in qmicli, e.g. wds-start-network=apn=internet):
${REQUEST_NAMES.map((n) => `  ${n.padEnd(30)} ${REQUESTS[n]!.help}`).join('\n')}
Exit code: 0 when every request got a successful answer, 1 otherwise, 2 bad usage.

decode: reads the hex bytes (spaces, ':' and 0x allowed; the arguments are one stream) and prints
one line per complete message, or with --json one object per message:
  {service, serviceId, clientId, type, transactionId, messageId, message, tlvs:[{type,length,hex}], result, fields}
Malformed frames and incomplete trailing bytes are reported on stderr.
Exit code: 0 when every byte formed a message, 1 otherwise, 2 bad usage.`;

export async function qmiCommand(args: string[], io: CliIo): Promise<number> {
  if (args[0] === 'decode') return decodeCommand(args.slice(1), io);
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        device: { type: 'string' },
        sim: { type: 'string' },
        modem: { type: 'string' },
        seed: { type: 'string' },
        faults: { type: 'string' },
        timeout: { type: 'string' },
        sync: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if ((values.device !== undefined) === (values.sim !== undefined)) throw new UsageError('give either --device PATH or --sim N');
  if (values.modem !== undefined && values.sim === undefined) throw new UsageError('--modem goes with --sim');
  if (positionals.length === 0) throw new UsageError('give at least one request, e.g. dms-get-ids');
  const requests: QmiRequest[] = positionals.map((p) => {
    try {
      return parseRequest(p);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  });
  const timeoutMs = intOption('timeout', values.timeout, 1, 3_600_000) ?? 10_000;
  const faults = faultsOption(values.faults);

  const targets: { label: string; open: () => Promise<QmiTransport> }[] = [];
  let bench: ModemSimulator | null = null;
  if (values.sim !== undefined) {
    const count = intOption('sim', values.sim, 1, 1024)!;
    bench = new ModemSimulator({ count, seed: intOption('seed', values.seed, 0) ?? 1, ...(faults ? { faults } : {}) });
    const select = values.modem ?? 'all';
    const chosen = bench.modems.filter(
      (m) => select === 'all' || String(m.index) === select || `sim${m.index}` === select || m.identity.imei === select || (select.length >= 4 && m.identity.imei.endsWith(select)),
    );
    if (chosen.length === 0) {
      await bench.dispose();
      throw new UsageError(`--modem ${select}: no such simulated modem (use 0..${count - 1}, sim0.., an IMEI or its last digits, or all)`);
    }
    for (const m of chosen) targets.push({ label: `sim${m.index}`, open: async () => openSimQmi(m) });
  } else {
    const path = values.device!;
    targets.push({ label: path, open: () => QmiFilePort.open(path) });
  }

  const ac = new AbortController();
  const offStop = io.onStop(() => ac.abort('interrupted'));
  try {
    const results = await Promise.all(targets.map((t) => runOn(t, requests, { timeoutMs, sync: Boolean(values.sync), json: Boolean(values.json), signal: ac.signal }, io)));
    return results.every(Boolean) ? 0 : 1;
  } finally {
    offStop();
    await bench?.dispose();
  }
}

async function runOn(
  target: { label: string; open: () => Promise<QmiTransport> },
  requests: QmiRequest[],
  o: { timeoutMs: number; sync: boolean; json: boolean; signal: AbortSignal },
  io: CliIo,
): Promise<boolean> {
  let client: QmiClient;
  try {
    client = await QmiClient.open(await target.open(), { timeoutMs: o.timeoutMs, sync: o.sync });
  } catch (err) {
    const error = toErrorInfo(err);
    for (const r of requests) {
      io.out(o.json ? JSON.stringify({ modem: target.label, device: null, request: r.name, ok: false, error }) : `[${target.label}] ${r.name}\n  !! ${error.code}: ${error.message}`);
    }
    return false;
  }
  let ok = true;
  try {
    for (const r of requests) {
      const started = Date.now();
      try {
        const a = await client.send(r, { signal: o.signal });
        const latencyMs = Date.now() - started;
        io.out(o.json ? JSON.stringify({ modem: target.label, device: client.path, request: r.name, ok: true, latencyMs, ...a.view }) : human(target.label, r.name, latencyMs, a.view.fields));
      } catch (err) {
        ok = false;
        const error = { ...toErrorInfo(err), ...(typeof (err as { qmiError?: unknown }).qmiError === 'string' ? { qmiError: (err as { qmiError: string }).qmiError } : {}) };
        io.out(o.json ? JSON.stringify({ modem: target.label, device: client.path, request: r.name, ok: false, error }) : `[${target.label}] ${r.name}\n  !! ${error.code}: ${error.message}`);
      }
    }
  } finally {
    await client.close();
  }
  return ok;
}

function human(label: string, request: string, latencyMs: number, fields: Record<string, unknown>): string {
  const body = Object.entries(fields).map(([k, v]) => `  ${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  return [`[${label}] ${request}  (${latencyMs} ms)`, ...body, '  OK'].join('\n');
}

/** Hex bytes from the arguments: whitespace, ':' and ',' separate; a 0x prefix is allowed per token. */
export function parseHex(args: string[]): Buffer {
  const tokens = args.join(' ').split(/[\s:,]+/).filter((t) => t !== '');
  const parts: Buffer[] = [];
  for (const t of tokens) {
    const h = t.replace(/^0x/i, '');
    if (!/^[0-9a-f]*$/i.test(h) || h.length % 2 !== 0) throw new UsageError(`'${t}' is not hex bytes (two hex digits per byte)`);
    parts.push(Buffer.from(h, 'hex'));
  }
  return Buffer.concat(parts);
}

function decodeCommand(args: string[], io: CliIo): number {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (parsed.values.help) {
    io.out(HELP);
    return 0;
  }
  if (parsed.positionals.length === 0) throw new UsageError('give the hex bytes to decode, e.g. qmi decode 01 0c 00 00 02 01 00 01 00 25 00 00 00');
  const bytes = parseHex(parsed.positionals);
  const framer = new QmuxFramer({ maxFrame: 0x10000 });
  let clean = true;
  for (const ev of framer.push(bytes)) {
    if (ev.kind === 'message') {
      const v = describeMessage(ev.message);
      io.out(parsed.values.json ? JSON.stringify(v) : messageLine(v));
      continue;
    }
    clean = false;
    const e = ev.error;
    io.err(
      parsed.values.json
        ? JSON.stringify({ error: { code: e.code, problem: e.problem, message: e.message, details: e.details }, hex: ev.raw.toString('hex') })
        : `error: ${e.message} [${ev.raw.toString('hex')}]`,
    );
  }
  const rest = framer.pending;
  if (rest.length > 0) {
    clean = false;
    const need = rest.length >= 3 ? 1 + rest.readUInt16LE(1) : null;
    io.err(
      parsed.values.json
        ? JSON.stringify({ incomplete: { length: rest.length, expected: need, hex: rest.toString('hex') } })
        : `incomplete: ${rest.length} trailing byte(s)${need ? ` of a ${need}-byte frame` : ''} [${rest.toString('hex')}]`,
    );
  }
  return clean ? 0 : 1;
}
