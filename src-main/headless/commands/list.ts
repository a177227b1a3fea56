import type { PortInfo } from '../../core/serial/binding';
import { realBinding } from '../../core/serial/real-binding';
import { toErrorInfo } from '../../core/errors';
import { type CliIo, intOption, parse } from '../cli-util';
import { openSimTargets } from '../targets';

const HELP = `modem-bench list [--sim N] [--seed S] [--json]

Without --sim: the serial ports the OS reports, grouped by USB device.
With --sim N: N simulated EC25 modems, their ports and roles, and their identity read over AT.
  --json   one JSON array of modems: {id, label, simulated, identity, ports: [{path, role, interface}]}`;

export interface ListedModem {
  id: string;
  label: string;
  simulated: boolean;
  usb: { vendorId: string | null; productId: string | null; serialNumber: string | null; location: string | null } | null;
  identity: Record<string, string | null> | null;
  ports: { path: string; role: string; interface: number | null }[];
  error?: string;
}

export async function listCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(args, {
    sim: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const count = intOption('sim', values.sim, 1, 1024);
  const modems = count !== undefined ? await listSim(count, intOption('seed', values.seed, 0)) : await listReal(io);
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
          id: m.id,
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

/** Groups the OS port list by USB device; a fuller discovery (roles, AT probing) reads these groups. */
async function listReal(io: CliIo): Promise<ListedModem[] | null> {
  let ports: PortInfo[];
  try {
    ports = await realBinding().list();
  } catch (err) {
    const hint = process.platform === 'linux' ? ' (on Linux the port list needs udevadm: install the udev package)' : '';
    io.err(`modem-bench: could not list serial ports: ${toErrorInfo(err).message}${hint}`);
    return null;
  }
  const groups = new Map<string, PortInfo[]>();
  for (const p of ports) {
    const key = p.serialNumber ? `${p.vendorId}:${p.productId}:${p.serialNumber}` : p.locationId ? `loc:${p.locationId}` : `path:${p.path}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.entries()].map(([key, ps]) => ({
    id: key,
    label: ps[0]!.manufacturer ?? ps[0]!.path,
    simulated: false,
    usb: {
      vendorId: ps[0]!.vendorId ?? null,
      productId: ps[0]!.productId ?? null,
      serialNumber: ps[0]!.serialNumber ?? null,
      location: ps[0]!.locationId ?? null,
    },
    identity: null,
    ports: ps.map((p) => ({ path: p.path, role: 'unknown', interface: interfaceNumber(p) })),
  }));
}

/** The USB interface number from Linux pnpId (`-if02-port0`) or Windows (`MI_02`). */
export function interfaceNumber(p: Pick<PortInfo, 'pnpId'>): number | null {
  const m = /-if(\d{2})/i.exec(p.pnpId ?? '') ?? /MI_(\d{2})/i.exec(p.pnpId ?? '');
  return m ? Number.parseInt(m[1]!, 16) : null;
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
