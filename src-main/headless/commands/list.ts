import { discover, formatDiagnostic } from '../../core/discovery';
import { realBinding } from '../../core/serial/real-binding';
import { toErrorInfo } from '../../core/errors';
import { type CliIo, intOption, parse } from '../cli-util';
import { openFleet, openSimTargets } from '../targets';
import { modemIdOf } from '../../../src-preload/contract';

const HELP = `modem-bench list [--sim N] [--seed S] [--quick] [--json] [--remote URL... [--remote-token T]]

Without --sim: the OS's serial ports grouped by USB device, port roles by USB
interface (Quectel EC25/EG25/EC21/EG91/EG95/BG96/EP06), then each modem's AT
port probed for identity; a port that cannot be used says why and how to fix it.
  --quick  group and name roles only; open nothing
With --sim N: N simulated EC25 modems, their ports and roles, and their identity read over AT.
  --json   one JSON array of modems: {id, label, simulated, identity, ports: [{path, role, interface}]}
With --remote URL (repeatable; the URL serve prints, http://host:port/?token=...): the modems of
those bench hosts, read through their server, each with its host; with --sim too, the local
simulated ones join as host "local". The same IMEI on two hosts is listed on both, marked conflict.
  --remote-token T  token for the remotes whose URL has none (or one per --remote, in order)
  --remote-ca PEM   for https remotes: the certificate (or its CA) they must present`;

export interface ListedModem {
  id: string;
  label: string;
  simulated: boolean;
  usb: { vendorId: string | null; productId: string | null; serialNumber: string | null; location: string | null } | null;
  identity: Record<string, string | null> | null;
  ports: { path: string; role: string; interface: number | null }[];
  error?: string;
  /** With --remote: the bench host (host:port, or "local"). */
  host?: string;
  /** With --remote: the same id is on another host too. */
  conflict?: boolean;
  /** With --remote: the modem's state on its host. */
  state?: string;
}

export async function listCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(args, {
    sim: { type: 'string' },
    seed: { type: 'string' },
    quick: { type: 'boolean' },
    json: { type: 'boolean' },
    remote: { type: 'string', multiple: true },
    'remote-token': { type: 'string', multiple: true },
    'remote-ca': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const count = intOption('sim', values.sim, 1, 1024);
  if (values.remote?.length) return listRemote(values.remote, values['remote-token'] ?? [], values['remote-ca'], count, intOption('seed', values.seed, 0), Boolean(values.json), io);
  const modems = count !== undefined ? await listSim(count, intOption('seed', values.seed, 0)) : await listReal(io, Boolean(values.quick));
  if (modems === null) return 1;
  if (values.json) io.out(JSON.stringify(modems));
  else printTable(modems, io);
  return modems.some((m) => m.error) ? 1 : 0;
}

async function listSim(count: number, seed: number | undefined): Promise<ListedModem[]> {
  const t = await openSimTargets({ count, seed });
  try {
    const usb = new Map(t.sim!.describe().map((d) => [`sim${d.index}`, d]));
    return await Promise.all(
      t.modems.map(async (m): Promise<ListedModem> => {
        const d = usb.get(m.label)!;
        let error: string | undefined;
        try {
          await m.init();
          await m.readIdentity();
        } catch (err) {
          error = toErrorInfo(err).message;
        }
        return {
          id: modemIdOf({ imei: m.identity.imei, usbSerial: d.usbSerial, topology: d.location }),
          label: m.label,
          simulated: true,
          usb: { vendorId: '2c7c', productId: '0125', serialNumber: d.usbSerial, location: d.location },
          identity: { ...m.identity },
          ports: m.ports.map((p) => ({ path: p.path, role: p.role, interface: p.interface })),
          ...(error ? { error } : {}),
        };
      }),
    );
  } finally {
    await t.close();
  }
}

/** The OS port list grouped by USB device, roles by interface, then an AT probe for identity (unless --quick). */
async function listReal(io: CliIo, quick: boolean): Promise<ListedModem[] | null> {
  let r;
  try {
    r = await discover(realBinding(), { probe: !quick });
  } catch (err) {
    const hint = process.platform === 'linux' ? ' (on Linux the port list needs udevadm: install the udev package)' : '';
    io.err(`modem-bench: could not list serial ports: ${toErrorInfo(err).message}${hint}`);
    return null;
  }
  return r.modems.map((m) => {
    const problems = [...m.notes.map((n) => n.message), ...m.diagnostics.map(formatDiagnostic)];
    return {
      id: m.key,
      label: m.identity?.model ?? m.candidate.model ?? m.candidate.manufacturer ?? m.candidate.ports[0]!.path,
      simulated: false,
      usb: { vendorId: m.candidate.vendorId, productId: m.candidate.productId, serialNumber: m.candidate.serialNumber, location: m.candidate.location },
      identity: m.identity ? { ...m.identity } : null,
      ports: m.ports.map((p) => ({ path: p.path, role: p.role, interface: p.interface })),
      ...(m.ready || quick ? {} : { error: problems.join('\n') || 'no port answered AT' }),
    };
  });
}

function printTable(modems: ListedModem[], io: CliIo): void {
  if (modems.length === 0) {
    io.out('No serial ports found. Plug a modem in, check permissions, or try: modem-bench list --sim 4');
    return;
  }
  for (const m of modems) {
    const id = m.identity;
    const what = id ? [id.model, id.revision ?? id.firmware, id.iccid ? `ICCID ${id.iccid}` : null].filter(Boolean).join('  ') : '';
    const usb = m.usb ? `${m.usb.vendorId ?? '?'}:${m.usb.productId ?? '?'} ${m.usb.location ?? ''}` : '';
    io.out(`${m.label}  ${m.id}  ${what}  ${usb}${m.error ? `  !! ${m.error}` : ''}`);
    for (const p of m.ports) io.out(`    ${p.role.padEnd(13)} ${p.interface !== null ? `if${String(p.interface).padStart(2, '0')}` : '    '}  ${p.path}`);
  }
}

/** Remote hosts' modems (and the local simulated ones with --sim), one list with a host column. */
async function listRemote(urls: string[], tokens: string[], caFile: string | undefined, simCount: number | undefined, seed: number | undefined, json: boolean, io: CliIo): Promise<number> {
  let unreachable = 0;
  const fleet = await openFleet(urls, tokens, (host, err) => {
    unreachable++;
    io.err(`${host}: ${err.message}`);
  }, caFile);
  try {
    const listing = await fleet.list();
    for (const u of listing.unreachable) {
      unreachable++;
      io.err(`${u.host}: ${u.message}`);
    }
    const local = simCount !== undefined ? (await listSim(simCount, seed)).map((m) => ({ ...m, host: 'local' })) : [];
    const remote: ListedModem[] = listing.modems.map((r) => ({
      id: r.id,
      label: r.modem.label,
      simulated: r.modem.simulated,
      usb: r.modem.usb,
      identity: { ...r.modem.identity },
      ports: r.modem.ports,
      host: r.host,
      conflict: r.conflict,
      state: r.modem.state,
    }));
    const all = [...local, ...remote];
    const ids = new Map<string, Set<string>>();
    for (const m of all) ids.set(m.id, (ids.get(m.id) ?? new Set()).add(m.host!));
    for (const m of all) m.conflict = ids.get(m.id)!.size > 1;
    if (json) io.out(JSON.stringify(all));
    else {
      for (const m of all) {
        const id = m.identity;
        io.out(`${m.host}  ${m.label}  ${m.id}  ${m.state ?? ''}  ${[id?.model, id?.revision ?? id?.firmware].filter(Boolean).join('  ')}${m.conflict ? '  !! CONFLICT: this IMEI is on another host too' : ''}`);
      }
    }
    return unreachable > 0 || all.some((m) => m.error) ? 1 : 0;
  } finally {
    await fleet.close();
  }
}
