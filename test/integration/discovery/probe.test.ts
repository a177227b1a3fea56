/**
 * discover() and probing against the simulator's binding, in fake time.
 * Failures come from below: the simulator (booting, bricked), a port held by
 * another host, a binding whose listing dresses a modem up as an FTDI adapter.
 */
import { describe, expect, it, vi } from 'vitest';
import { discover, groupPorts, probeCandidates, toKnownModems, type DiscoveryResult } from '../../../src-main/core/discovery/index';
import type { BindingPortInterface, OpenOptions, PortInfo, SerialBinding } from '../../../src-main/core/serial/binding';
import { PortPool } from '../../../src-main/core/serial/pool';
import { ModemSimulator, type ModemSimulatorOptions } from '../../../src-main/core/sim/index';
import { TestHost, simFixture } from '../../helpers/sim-host';

const fx = simFixture();


function make(options: ModemSimulatorOptions = {}): ModemSimulator {
  fx.bench = new ModemSimulator({ count: 4, latency: 0, chunking: false, bootDelayMs: 3000, reenumerateDelayMs: 1500, ...options });
  return fx.bench;
}

/** The binding, with a record of every path opened through it. */
function spied(inner: SerialBinding, list?: () => Promise<PortInfo[]>): { binding: SerialBinding; opened: string[] } {
  const opened: string[] = [];
  const binding: SerialBinding = {
    list: list ?? (() => inner.list()),
    open: (o: OpenOptions): Promise<BindingPortInterface> => {
      opened.push(o.path);
      return inner.open(o);
    },
  };
  return { binding, opened };
}

/** Runs `p` while fake time passes, in steps so that timers chain. */
async function settle<T>(p: Promise<T>, ms = 10_000): Promise<T> {
  let done = false;
  let result: { ok: true; v: T } | { ok: false; e: unknown } | null = null;
  p.then(
    (v) => ((done = true), (result = { ok: true, v })),
    (e) => ((done = true), (result = { ok: false, e })),
  );
  for (let t = 0; t < ms && !done; t += 50) await vi.advanceTimersByTimeAsync(50);
  if (!done) throw new Error(`still pending after ${ms} ms of fake time`);
  const r = result as unknown as { ok: true; v: T } | { ok: false; e: unknown };
  if (!r.ok) throw r.e;
  return r.v;
}

const pathOf = (b: ModemSimulator, modem: number, iface: number): string => b.describe()[modem]!.ports.find((p) => p.interface === iface)!.path;

describe('discover() against the simulator', () => {
  it('finds 4 ready modems, reads their identity over If2 only, keys them by IMEI', async () => {
    const b = make();
    const { binding, opened } = spied(b.binding);
    const result = await settle(discover(binding, { platform: 'linux' }));
    const d = b.describe();
    expect(result.other).toEqual([]);
    expect(result.modems).toHaveLength(4);
    for (const m of result.modems) {
      const sim = d.find((x) => x.usbSerial === m.candidate.serialNumber)!;
      expect(m).toMatchObject({ key: sim.imei, matchedBy: 'new', ready: true, atPath: sim.ports[2]!.path, diagnostics: [] });
      expect(m.identity).toEqual({
        imei: sim.imei,
        manufacturer: 'Quectel',
        model: 'EC25',
        firmware: sim.firmware.split('_')[0],
        revision: sim.firmware,
        iccid: sim.iccid,
        imsi: sim.imsi,
      });
      expect(m.ports.map((p) => [p.interface, p.role])).toEqual([
        [0, 'diag'],
        [1, 'nmea'],
        [2, 'at'],
        [3, 'at-secondary'],
      ]);
      expect(m.probes!.map((p) => p.status)).toEqual(['skipped', 'skipped', 'answered', 'not-needed']);
    }
    // DIAG and NMEA are never opened; the secondary AT port is not needed.
    expect(opened.sort()).toEqual(d.map((x) => x.ports[2]!.path).sort());
    expect(b.modems.every((m) => m.endpoints.every((e) => !e.attached))).toBe(true);
  });

  it('booting modems: no answer (with the RDY hint) on both AT ports, then ready after RDY', async () => {
    const b = make({ count: 2, startReady: false });
    const { binding, opened } = spied(b.binding);
    const early = await settle(discover(binding, { platform: 'linux', attempts: 2, timeoutMs: 300, retryDelayMs: 200 }));
    expect(early.modems.map((m) => m.ready)).toEqual([false, false]);
    const m0 = early.modems[0]!;
    expect(m0.key).toMatch(/^usb:[0-9a-f]{8}@1-1\.1\.1$/);
    expect(m0.diagnostics.map((x) => [x.problem, x.role, x.interface])).toEqual([
      ['no-answer', 'at', 2],
      ['no-answer', 'at-secondary', 3],
    ]);
    expect(m0.diagnostics[0]!.summary).toMatch(/after 2 tries/);
    expect(m0.diagnostics[0]!.fixes[0]).toMatch(/RDY/);
    expect(opened.some((p) => p.endsWith(':0') || p.endsWith(':1'))).toBe(false);

    await vi.advanceTimersByTimeAsync(3000);
    const later = await settle(discover(binding, { platform: 'linux', known: toKnownModems(early.modems) }));
    expect(later.modems.map((m) => m.ready)).toEqual([true, true]);
    // The key handed out before the IMEI was known stays: matched by serial + topology.
    expect(later.modems.map((m) => [m.key, m.matchedBy])).toEqual(early.modems.map((m) => [m.key, 'usb-serial+topology']));
    expect(later.modems[0]!.identity!.imei).toBe(b.describe()[0]!.imei);
  });

  it('an AT port held by another program: busy diagnostic, the modem is used through If3', async () => {
    const b = make({ count: 1 });
    const held = await TestHost.open(b.binding, pathOf(b, 0, 2));
    fx.hosts.push(held);
    const [m] = (await settle(discover(b.binding, { platform: 'linux', lookupHolders: false }))).modems;
    expect(m!.ready).toBe(true);
    expect(m!.atPath).toBe(pathOf(b, 0, 3));
    expect(m!.ports.map((p) => [p.interface, p.role])).toEqual([
      [0, 'diag'],
      [1, 'nmea'],
      [2, 'at-secondary'],
      [3, 'at'],
    ]);
    expect(m!.diagnostics).toHaveLength(1);
    expect(m!.diagnostics[0]).toMatchObject({ problem: 'busy', code: 'port-busy', path: pathOf(b, 0, 2), interface: 2 });
    expect(m!.identity!.imei).toBe(b.describe()[0]!.imei);
  });

  it('a modem that came back as QHSUSB__BULK: nothing opened, bootloader note, same key by topology', async () => {
    const b = make({ count: 2, faults: 'brick@1' });
    const first = await settle(discover(b.binding, { platform: 'linux' }));
    const host = await TestHost.open(b.binding, pathOf(b, 1, 2));
    fx.hosts.push(host);
    await host.send('AT+CFUN=1,1');
    await vi.advanceTimersByTimeAsync(2000);
    expect(b.describe()[1]!.bricked).toBe(true);
    const { binding, opened } = spied(b.binding);
    const after: DiscoveryResult = await settle(discover(binding, { platform: 'linux', known: toKnownModems(first.modems) }));
    const bricked = after.modems.find((m) => m.candidate.topology === b.describe()[1]!.location)!;
    expect(bricked).toMatchObject({ ready: false, atPath: null, key: first.modems[1]!.key, matchedBy: 'topology' });
    expect(bricked.candidate.composition).toBe('bootloader');
    expect(bricked.notes.map((n) => n.kind)).toEqual(['bootloader']);
    expect(bricked.probes!.map((p) => p.status)).toEqual(['skipped']);
    expect(opened).toEqual([pathOf(b, 0, 2)]);
    expect(after.modems.find((m) => m !== bricked)!.key).toBe(first.modems[0]!.key);
  });

  it('an unknown vendor: its port is probed, answers AT, and becomes a generic modem', async () => {
    const b = make({ count: 1 });
    // The modem's UART behind an FTDI adapter: one port, vendor 0403, no known roles.
    const ftdiList = async (): Promise<PortInfo[]> => [
      {
        path: pathOf(b, 0, 2),
        manufacturer: 'FTDI',
        serialNumber: 'A50285BI',
        pnpId: 'usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0',
        locationId: undefined,
        vendorId: '0403',
        productId: '6001',
      },
      { path: '/dev/ttyS0', manufacturer: undefined, serialNumber: undefined, pnpId: undefined, locationId: undefined, vendorId: undefined, productId: undefined },
    ];
    const { binding, opened } = spied(b.binding, ftdiList);
    const result = await settle(discover(binding, { platform: 'linux', sysfs: false }));
    expect(result.other.map((p) => p.path)).toEqual(['/dev/ttyS0']);
    const [m] = result.modems;
    expect(m!.candidate.composition).toBe('generic');
    expect(m).toMatchObject({ ready: true, atPath: pathOf(b, 0, 2), ports: [{ path: pathOf(b, 0, 2), role: 'at', interface: 0 }] });
    expect(m!.identity).toMatchObject({ manufacturer: 'Quectel', model: 'EC25', imei: b.describe()[0]!.imei, revision: null });
    expect(opened).toEqual([pathOf(b, 0, 2)]);
    // probeUnknown: false leaves such ports alone.
    const off = await settle(discover(binding, { platform: 'linux', sysfs: false, probeUnknown: false }));
    expect(off.modems[0]).toMatchObject({ ready: false, diagnostics: [] });
    expect(off.modems[0]!.probes!.map((p) => p.status)).toEqual(['skipped']);
    expect(opened).toHaveLength(1);
  });

  it('a modem unplugged while its identity is read: that one is unusable (vanished), the others are fine', async () => {
    const b = make({ count: 2 });
    const victim = pathOf(b, 1, 2);
    // Below the probe: the port's write of AT+CGSN pulls the plug on modem 1.
    const binding: SerialBinding = {
      list: () => b.binding.list(),
      open: async (o: OpenOptions): Promise<BindingPortInterface> => {
        const port = await b.binding.open(o);
        if (o.path !== victim) return port;
        const write = port.write.bind(port);
        port.write = async (data: Buffer): Promise<void> => {
          if (data.toString('latin1').startsWith('AT+CGSN')) {
            b.unplug(1);
            throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
          }
          return write(data);
        };
        return port;
      },
    };
    const result = await settle(discover(binding, { platform: 'linux' }));
    const [ok, gone] = result.modems;
    expect(ok!.ready).toBe(true);
    expect(gone).toMatchObject({ ready: false, atPath: null, identity: null });
    expect(gone!.diagnostics.map((d) => [d.problem, d.path])).toEqual([['vanished', victim]]);
    expect(b.modems[0]!.endpoints.every((e) => !e.attached)).toBe(true);
  });

  it('probes through the fx.bench pool: a port the fx.bench holds is busy "in this Modem Bench"', async () => {
    const b = make({ count: 1 });
    const pool = new PortPool({ binding: b.binding });
    const h = await pool.open(pathOf(b, 0, 2));
    const { candidates } = groupPorts(await b.binding.list(), 'linux');
    const [r] = await settle(probeCandidates(b.binding, candidates, { pool, platform: 'linux', readIdentity: false }));
    expect(r!.diagnostics[0]!.summary).toBe(`${pathOf(b, 0, 2)} (If2, at) is already open in this Modem Bench.`);
    expect(r!.atPath).toBe(pathOf(b, 0, 3));
    expect(r!.identity).toBeNull();
    expect(pool.get(pathOf(b, 0, 3))).toBeUndefined();
    await pool.release(h);
    await pool.close();
  });

  it('an aborted discovery rejects as cancelled and leaves no port open', async () => {
    const b = make({ count: 4, startReady: false });
    const ac = new AbortController();
    const p = discover(b.binding, { platform: 'linux', signal: ac.signal, timeoutMs: 1000 });
    const outcome = p.then(
      () => 'resolved',
      (e: { code?: string }) => e.code,
    );
    await vi.advanceTimersByTimeAsync(500);
    expect(b.modems.some((m) => m.endpoints.some((e) => e.attached))).toBe(true);
    ac.abort();
    await vi.advanceTimersByTimeAsync(10);
    expect(await outcome).toBe('cancelled');
    expect(b.modems.every((m) => m.endpoints.every((e) => !e.attached))).toBe(true);
    await vi.advanceTimersByTimeAsync(3000); // let the modems finish booting so dispose has nothing odd to clear
  });

  it('rejects bad options with a TypeError naming the field', async () => {
    const b = make({ count: 1 });
    await expect(discover(b.binding, { timeoutMs: 0 })).rejects.toThrow(/timeoutMs/);
    await expect(discover(b.binding, { attempts: 1.5 })).rejects.toThrow(/attempts/);
    await expect(discover(b.binding, { concurrency: 0 })).rejects.toThrow(/concurrency/);
    await expect(discover(b.binding, { known: {} as never })).rejects.toThrow(/known/);
    await expect(discover({} as SerialBinding)).rejects.toThrow(/binding/);
  });
});
