import { describe, expect, it, vi } from 'vitest';
import { ModemSimulator, type SimPortsChange } from '../../../src-main/core/sim/index';
import { TestHost, at, lines, tick, simFixture } from '../../helpers/sim-host';

const fx = simFixture();


function make(count = 3, extra = {}): ModemSimulator {
  fx.bench = new ModemSimulator({ count, latency: 0, chunking: false, bootDelayMs: 3000, reenumerateDelayMs: 1500, ...extra });
  return fx.bench;
}

async function open(path: string): Promise<TestHost> {
  const h = await TestHost.open(fx.bench!.binding, path);
  fx.hosts.push(h);
  return h;
}

describe('ModemSimulator USB view', () => {
  it('lists If0-If3 of each modem like serialport on Linux', async () => {
    const b = make(2);
    const list = await b.binding.list();
    expect(list).toHaveLength(8);
    const d = b.describe()[1]!;
    const p = list.find((x) => x.path === d.ports[2]!.path)!;
    expect(p).toEqual({
      path: 'sim:1.1:2',
      manufacturer: 'Quectel',
      serialNumber: d.usbSerial,
      pnpId: `usb-Quectel_EC25-EUX_${d.usbSerial}-if02-port0`,
      locationId: d.location,
      vendorId: '2c7c',
      productId: '0125',
    });
    expect(list.every((x) => !x.path.startsWith('/dev/'))).toBe(true);
    expect(d.ports.map((x) => [x.interface, x.role])).toEqual([
      [0, 'diag'],
      [1, 'nmea'],
      [2, 'at'],
      [3, 'at-secondary'],
    ]);
    expect(d).toMatchObject({ index: 1, model: 'EC25-EUX', present: true, state: 'ready', bricked: false });
  });

  it('AT+CFUN=1,1: OK, every port drops, new paths after the delay, silent until RDY, then boot URCs', async () => {
    const b = make(1);
    const changes: SimPortsChange[] = [];
    b.onChange((c) => changes.push(c));
    const oldPorts = b.describe()[0]!.ports.map((p) => p.path);
    const h = await open(oldPorts[2]!);
    const h3 = await open(oldPorts[3]!);
    expect(await at(h, 'AT+CFUN=1,1')).toBe('AT+CFUN=1,1\r\r\nOK\r\n');
    await tick();
    expect(h.error).toMatchObject({ code: 'EIO' });
    expect(h.error?.canceled).toBeUndefined();
    expect(h3.error).toMatchObject({ code: 'EIO' });
    await expect(h.port.write(Buffer.from('AT\r'))).rejects.toMatchObject({ code: 'EIO' });
    expect(await b.binding.list()).toEqual([]);
    await expect(b.binding.open({ path: oldPorts[2]!, baudRate: 115200 })).rejects.toMatchObject({ code: 'ENOENT' });
    await tick(1500);
    const info = b.describe()[0]!;
    const newPorts = info.ports.map((p) => p.path);
    expect(newPorts).toEqual(['sim:0.2:0', 'sim:0.2:1', 'sim:0.2:2', 'sim:0.2:3']);
    expect(changes.map((c) => c.type)).toEqual(['removed', 'added']);
    const list = await b.binding.list();
    expect(new Set(list.map((x) => x.serialNumber))).toEqual(new Set([info.usbSerial]));
    const h2 = await open(newPorts[2]!);
    expect(await at(h2, 'AT', 2000)).toBe('');
    await tick(1000);
    const boot = lines(h2.take());
    expect(boot[0]).toBe('RDY');
    expect(boot.slice(1, 3).sort()).toEqual(['+CFUN: 1', '+CPIN: READY']);
    expect(boot[3]).toBe('+QUSIM: 1');
    expect(boot.slice(4).sort()).toEqual(['+QIND: PB DONE', '+QIND: SMS DONE']);
    expect(await at(h2, 'AT')).toBe('AT\r\r\nOK\r\n');
  });

  it('varies the order of the boot URCs between modems', async () => {
    const b = make(12, { startReady: false });
    const hs = await Promise.all(b.modems.map((m) => open(m.atPath!)));
    await tick(4000);
    const orders = new Set(hs.map((h) => lines(h.take()).join('|')));
    expect(orders.size).toBeGreaterThan(1);
    for (const h of hs) expect(h.error).toBeNull();
  });

  it('AT+QPOWD: OK, POWERED DOWN, then gone until powerOn()', async () => {
    const b = make(1);
    const h = await open(b.modems[0]!.atPath!);
    await h.send('AT+QPOWD=1');
    await tick(60_000);
    expect(lines(h.text)).toEqual(['AT+QPOWD=1', 'OK', 'POWERED DOWN']);
    expect(h.error).toMatchObject({ code: 'EIO' });
    expect(b.describe()[0]!).toMatchObject({ present: false, state: 'off' });
    b.powerOn(0);
    await tick(1500);
    expect(b.describe()[0]!.present).toBe(true);
    await tick(3000);
    expect(b.modems[0]!.state).toBe('ready');
  });

  it('unplug/replug: gone at once, back with new paths and the same identity', async () => {
    const b = make(2);
    const before = b.describe()[1]!;
    const h = await open(before.ports[2]!.path);
    b.unplug(1);
    await tick();
    expect(h.error).toMatchObject({ code: 'EIO' });
    expect((await b.binding.list()).filter((p) => p.locationId === before.location)).toEqual([]);
    await tick(60_000);
    expect(b.describe()[1]!.present).toBe(false);
    b.replug(1);
    await tick(1500);
    const after = b.describe()[1]!;
    expect(after.ports[2]!.path).not.toBe(before.ports[2]!.path);
    expect({ ...after, ports: [], state: '' }).toEqual({ ...before, ports: [], state: '' });
    expect(() => b.unplug(9)).toThrow(RangeError);
  });

  it('answers a lone port close with canceled reads and keeps others untouched', async () => {
    const b = make(1);
    const h = await open(b.modems[0]!.atPath!);
    const other = await open(b.modems[0]!.ports()[3]!.path);
    await h.close();
    expect(h.error).toMatchObject({ canceled: true });
    expect(await at(other, 'AT')).toBe('AT\r\r\nOK\r\n');
  });

  it('releases every timer on dispose, whatever is in flight', async () => {
    const b = make(4, { faults: 'all', latency: {}, startReady: false });
    const hs = await Promise.all(b.modems.map((m) => open(m.atPath!)));
    for (const h of hs) await h.send('AT+COPS=?');
    await tick(5000);
    expect(vi.getTimerCount()).toBeGreaterThan(0);
  });
});

describe('benchmark mode', () => {
  it('serves 256 modems at zero latency without timers on the hot path', async () => {
    const b = make(256);
    const hs = await Promise.all(b.modems.map((m) => open(m.atPath!)));
    await Promise.all(hs.map((h) => at(h, 'ATE0')));
    const timersBefore = vi.getTimerCount();
    const t0 = performance.now();
    const N = 40;
    await Promise.all(
      hs.map(async (h, i) => {
        for (let k = 0; k < N; k++) {
          h.take();
          await h.send(`AT+SIMTAG=${i}.${k}`);
          while (!h.text.endsWith('OK\r\n')) await Promise.resolve();
          expect(h.text).toBe(`\r\n+SIMTAG: ${i}.${k}\r\n\r\nOK\r\n`);
        }
      }),
    );
    const perSecond = (256 * N) / ((performance.now() - t0) / 1000);
    expect(vi.getTimerCount()).toBe(timersBefore);
    expect(perSecond).toBeGreaterThan(5000);
  });
});
