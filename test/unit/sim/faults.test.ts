import { describe, expect, it } from 'vitest';
import { ModemSimulator, type ModemSimulatorOptions } from '../../../src-main/core/sim/index';
import { TestHost, at, lines, tick, simFixture } from '../../helpers/sim-host';

const fx = simFixture();

async function setup(options: ModemSimulatorOptions): Promise<TestHost> {
  fx.bench = new ModemSimulator({ count: 2, latency: 0, chunking: false, bootDelayMs: 1000, reenumerateDelayMs: 500, ...options });
  const h = await TestHost.of(fx.bench, 0);
  fx.hosts.push(h);
  return h;
}



describe('per-command faults', () => {
  it('hang: echo, then nothing for that command', async () => {
    const h = await setup({ faults: 'hang:1@0' });
    expect(await at(h, 'AT+SIMTAG=1', 60_000)).toBe('AT+SIMTAG=1\r');
    const other = await TestHost.of(fx.bench!, 1);
    fx.hosts.push(other);
    expect(await at(other, 'AT')).toBe('AT\r\r\nOK\r\n');
  });

  it('late: the reply comes after lateDelayMs and later commands queue behind it', async () => {
    const h = await setup({ faults: 'late:1', lateDelayMs: 8000 });
    await h.write('AT+SIMTAG=1\rAT+SIMTAG=2\r');
    await tick(7999);
    expect(h.text).toBe('AT+SIMTAG=1\r');
    await tick(1);
    expect(h.take()).toBe('AT+SIMTAG=1\r\r\n+SIMTAG: 1\r\n\r\nOK\r\nAT+SIMTAG=2\r');
    await tick(8000);
    expect(lines(h.take())).toEqual(['+SIMTAG: 2', 'OK']);
  });

  it('garbage: binary bytes inside an otherwise complete reply', async () => {
    const h = await setup({ faults: 'garbage:1' });
    const out = await at(h, 'AT+SIMTAG=9');
    expect(out).toMatch(/[\x00-\x08\x80-\xff]/);
    const clean = out.replace(/[\x00-\x08\x80-\xff]/g, '');
    expect(clean).toBe('AT+SIMTAG=9\r\r\n+SIMTAG: 9\r\n\r\nOK\r\n');
  });

  it('partial: half a line, then silence for that command', async () => {
    const h = await setup({ faults: 'partial:1' });
    const out = await at(h, 'AT+SIMTAG=12345678', 60_000);
    const full = 'AT+SIMTAG=12345678\r\r\n+SIMTAG: 12345678\r\n\r\nOK\r\n';
    expect(out.length).toBeLessThan(full.length);
    expect(full.startsWith(out)).toBe(true);
    expect(out).not.toMatch(/\r\n$/);
  });

  it('cme: a random +CME ERROR instead of the answer', async () => {
    const h = await setup({ faults: 'cme:1' });
    expect(lines(await at(h, 'AT+CGMI'))[1]).toMatch(/^\+CME ERROR: \d+$/);
  });

  it('slow: replies take factor times longer', async () => {
    const h = await setup({ faults: 'slow:5x', latency: { short: { min: 20, max: 20 } } });
    await h.send('AT');
    await tick(99);
    expect(h.text).toBe('AT\r');
    await tick(1);
    expect(h.take()).toBe('AT\r\r\nOK\r\n');
  });

  it('stuck: echoes but answers nothing until AT+CFUN=1,1, which still works', async () => {
    const h = await setup({ faults: 'stuck:1' });
    expect(await at(h, 'AT', 5000)).toBe('AT\r');
    expect(fx.bench!.modems[0]!.stuck).toBe(true);
    expect(await at(h, 'ATI', 5000)).toBe('ATI\r');
    expect(await at(h, 'AT+CFUN=1,1')).toBe('AT+CFUN=1,1\r\r\nOK\r\n');
    await tick(1);
    expect(h.error?.code).toBe('EIO');
    await tick(1500);
    expect(fx.bench!.modems[0]!.state).toBe('ready');
    expect(fx.bench!.modems[0]!.stuck).toBe(false);
  });

  it('applies only to the selected modems', async () => {
    await setup({ faults: 'cme:1@1' });
    const h0 = fx.hosts[0]!;
    expect(lines(await at(h0, 'AT+CGMI'))[1]).toBe('Quectel');
  });
});

describe('spontaneous faults', () => {
  it('disconnect: ports vanish and come back with new paths, no reboot', async () => {
    const h = await setup({ faults: 'disconnect:1/min@0' });
    await at(h, 'ATE0');
    const before = fx.bench!.modems[0]!.atPath;
    const events: string[] = [];
    fx.bench!.onChange((c) => events.push(`${c.modem}:${c.type}`));
    await tick(10 * 60_000);
    expect(h.error?.code).toBe('EIO');
    expect(h.error?.canceled).toBeUndefined();
    expect(events.slice(0, 2)).toEqual(['0:removed', '0:added']);
    if (!fx.bench!.modems[0]!.present) await tick(500);
    const after = fx.bench!.modems[0]!.atPath!;
    expect(after).not.toBe(before);
    const h2 = await TestHost.open(fx.bench!.binding, after);
    fx.hosts.push(h2);
    // Same running modem: echo is still off and it answers at once (no RDY).
    expect(await at(h2, 'AT')).toBe('\r\nOK\r\n');
  });

  it('reboot: like CFUN=1,1 unasked: new paths, silent until RDY, then the boot URCs', async () => {
    const h = await setup({ faults: 'reboot:1/min@0' });
    const paths: string[] = [];
    fx.bench!.onChange((c) => c.type === 'added' && paths.push(c.ports.find((p) => p.role === 'at')!.path));
    while (paths.length === 0) await tick(1000);
    expect(h.error?.code).toBe('EIO');
    const h2 = await TestHost.open(fx.bench!.binding, paths[0]!);
    fx.hosts.push(h2);
    await tick(2000);
    expect(lines(h2.take())[0]).toBe('RDY');
  });

  it('brick: a reboot brings it back as QHSUSB__BULK with only DM, until powerCycle()', async () => {
    const h = await setup({ faults: 'brick@0' });
    await at(h, 'AT+CFUN=1,1');
    await tick(600);
    expect(fx.bench!.modems[0]!.state).toBe('bricked');
    const ports = (await fx.bench!.binding.list()).filter((p) => p.locationId === fx.bench!.describe()[0]!.location);
    expect(ports).toHaveLength(1);
    expect(ports[0]!.pnpId).toBe('usb-Qualcomm_CDMA_Technologies_MSM_QHSUSB__BULK-if00-port0');
    expect(ports[0]!.serialNumber).toBeUndefined();
    await tick(60_000);
    expect(fx.bench!.modems[0]!.state).toBe('bricked');
    fx.bench!.powerCycle(0);
    await tick(1500);
    expect(fx.bench!.modems[0]!.state).toBe('ready');
    expect(fx.bench!.describe()[0]!.ports).toHaveLength(4);
  });
});
