import { describe, expect, it, vi } from 'vitest';
import { ModemSimulator, luhnValid, type ModemSimulatorOptions } from '../../../src-main/core/sim/index';
import { TestHost, at, lines, tick, simFixture } from '../../helpers/sim-host';

const fx = simFixture();

async function setup(options: ModemSimulatorOptions = {}, i = 0): Promise<TestHost> {
  fx.bench = new ModemSimulator({ count: 1, latency: 0, chunking: false, ...options });
  const h = await TestHost.of(fx.bench, i);
  fx.hosts.push(h);
  return h;
}



describe('echo and result modes', () => {
  it('echoes the command with a lone CR, then a CRLF-framed OK', async () => {
    const h = await setup();
    expect(await at(h, 'AT')).toBe('AT\r\r\nOK\r\n');
  });

  it('ATE0 stops the echo; ATE1 brings it back', async () => {
    const h = await setup();
    expect(await at(h, 'ATE0')).toBe('ATE0\r\r\nOK\r\n');
    expect(await at(h, 'AT')).toBe('\r\nOK\r\n');
    expect(await at(h, 'ATE1')).toBe('\r\nOK\r\n');
    expect(await at(h, 'AT')).toBe('AT\r\r\nOK\r\n');
  });

  it('ATV0 gives numeric codes ending in CR and info text ending in CRLF', async () => {
    const h = await setup();
    expect(await at(h, 'ATV0')).toBe('ATV0\r0\r');
    expect(await at(h, 'AT+CGMI')).toBe('AT+CGMI\rQuectel\r\n0\r');
    expect(await at(h, 'AT+NOPE')).toBe('AT+NOPE\r4\r');
    expect(await at(h, 'ATV1')).toBe('ATV1\r\r\nOK\r\n');
  });

  it('ATZ and AT&F restore echo and verbose codes', async () => {
    const h = await setup();
    await at(h, 'ATE0V0');
    // The final already uses the restored (verbose) format.
    expect(await at(h, 'ATZ')).toBe('\r\nOK\r\n');
    expect(await at(h, 'AT')).toBe('AT\r\r\nOK\r\n');
    await at(h, 'ATE0');
    await at(h, 'AT&F');
    expect(await at(h, 'AT')).toBe('AT\r\r\nOK\r\n');
  });

  it('follows AT+CMEE 0/1/2 for errors of known commands', async () => {
    const h = await setup({ sim: { absent: [0] } });
    await at(h, 'AT+CMEE=0');
    expect(lines(await at(h, 'AT+CPIN?'))).toEqual(['AT+CPIN?', 'ERROR']);
    await at(h, 'AT+CMEE=1');
    expect(lines(await at(h, 'AT+CPIN?'))).toEqual(['AT+CPIN?', '+CME ERROR: 10']);
    await at(h, 'AT+CMEE=2');
    expect(lines(await at(h, 'AT+CPIN?'))).toEqual(['AT+CPIN?', '+CME ERROR: SIM not inserted']);
    expect(lines(await at(h, 'AT+CMEE?'))).toEqual(['AT+CMEE?', '+CMEE: 2', 'OK']);
  });

  it('answers an unknown command (the resync sentinel) with echo then a bare ERROR, even with CMEE=2', async () => {
    const h = await setup();
    await at(h, 'AT+CMEE=2');
    expect(await at(h, 'AT+MBSYNC=42')).toBe('AT+MBSYNC=42\r\r\nERROR\r\n');
  });

  it('answers AT+SIMTAG=<token> with the token', async () => {
    const h = await setup();
    expect(await at(h, 'AT+SIMTAG=abc-17')).toBe('AT+SIMTAG=abc-17\r\r\n+SIMTAG: abc-17\r\n\r\nOK\r\n');
  });

  it('runs concatenated commands in order', async () => {
    const h = await setup();
    expect(lines(await at(h, 'AT+CGMI;+CGMM'))).toEqual(['AT+CGMI;+CGMM', 'Quectel', 'EC25', 'OK']);
  });
});

describe('identity', () => {
  it('reports IMEI, ICCID, IMSI and firmware consistent with describe()', async () => {
    const h = await setup({ seed: 7 });
    const info = fx.bench!.describe()[0]!;
    expect(info.imei).toMatch(/^86\d{13}$/);
    expect(luhnValid(info.imei)).toBe(true);
    expect(info.iccid).toMatch(/^89\d{17,18}$/);
    expect(luhnValid(info.iccid)).toBe(true);
    expect(lines(await at(h, 'AT+CGSN'))[1]).toBe(info.imei);
    expect(lines(await at(h, 'AT+GSN'))[1]).toBe(info.imei);
    const q = lines(await at(h, 'AT+QCCID'))[1]!;
    expect(q).toBe(`+QCCID: ${info.iccid.length === 19 ? `${info.iccid}F` : info.iccid}`);
    expect(lines(await at(h, 'AT+CIMI'))[1]).toBe(info.imsi);
    expect(lines(await at(h, 'ATI'))).toEqual(['ATI', 'Quectel', 'EC25', expect.stringMatching(/^Revision: EC25/), 'OK']);
    expect(lines(await at(h, 'AT+QGMR'))[1]).toBe(info.firmware);
    expect(info.firmware.startsWith(lines(await at(h, 'AT+CGMR'))[1]!)).toBe(true);
  });

  it('pads 19-digit ICCIDs with F and leaves 20-digit ones alone', () => {
    const b = new ModemSimulator({ count: 40, latency: 0 });
    const lengths = new Set(b.describe().map((d) => d.iccid.length));
    expect(lengths).toEqual(new Set([19, 20]));
    void b.dispose();
  });

  it('a fault-free modem never fades below the health monitor\'s weak-signal line (-115 dBm) over hours', () => {
    const b = (fx.bench = new ModemSimulator({ count: 100, latency: 0 }));
    let lowest = 0;
    for (let minute = 0; minute < 180; minute++) {
      vi.setSystemTime(Date.now() + 60_000);
      for (const m of b.modems) lowest = Math.min(lowest, m.network.radio().rsrp);
    }
    expect(lowest).toBeGreaterThanOrEqual(-112);
    expect(lowest).toBeLessThan(-100); // the walk still moves
  });

  it('gives every modem of a fx.bench a distinct IMEI and a stable USB serial and location', () => {
    const b = new ModemSimulator({ count: 100, latency: 0 });
    const d = b.describe();
    expect(new Set(d.map((x) => x.imei)).size).toBe(100);
    expect(new Set(d.map((x) => x.location)).size).toBe(100);
    const b2 = new ModemSimulator({ count: 100, latency: 0 });
    expect(b2.describe().map((x) => x.usbSerial)).toEqual(d.map((x) => x.usbSerial));
    void b.dispose();
    void b2.dispose();
  });
});

describe('SIM and functionality', () => {
  it('AT+CFUN=0 powers the SIM off; CFUN=1 replays the SIM URCs and registers again', async () => {
    const h = await setup({ registrationDelayMs: { min: 1000, max: 1000 } });
    expect(lines(await at(h, 'AT+COPS?'))[1]).toMatch(/^\+COPS: 0,0,".+",7$/);
    expect(lines(await at(h, 'AT+CFUN=0'))).toEqual(['AT+CFUN=0', 'OK']);
    expect(lines(await at(h, 'AT+CFUN?'))[1]).toBe('+CFUN: 0');
    expect(lines(await at(h, 'AT+CPIN?'))[1]).toBe('+CME ERROR: 13');
    expect(lines(await at(h, 'AT+COPS?'))[1]).toBe('+COPS: 0');
    const back = lines(await at(h, 'AT+CFUN=1'));
    expect(back.slice(0, 2)).toEqual(['AT+CFUN=1', 'OK']);
    expect(back.slice(2, 4)).toEqual(['+CPIN: READY', '+QUSIM: 1']);
    expect(back.slice(4).sort()).toEqual(['+QIND: PB DONE', '+QIND: SMS DONE']);
    expect(lines(await at(h, 'AT+COPS?'))[1]).toBe('+COPS: 0');
    await tick(1000);
    expect(lines(await at(h, 'AT+COPS?'))[1]).toMatch(/^\+COPS: 0,0,/);
  });

  it('asks for the PIN of a locked SIM and unlocks with the right one', async () => {
    const h = await setup({ sim: { pinLocked: [0], pin: '4321' } });
    expect(lines(await at(h, 'AT+CPIN?'))[1]).toBe('+CPIN: SIM PIN');
    expect(lines(await at(h, 'AT+CIMI'))[1]).toBe('+CME ERROR: 11');
    expect(lines(await at(h, 'AT+CPIN=0000'))[1]).toBe('+CME ERROR: 16');
    const ok = lines(await at(h, 'AT+CPIN="4321"'));
    expect(ok.slice(0, 4)).toEqual(['AT+CPIN="4321"', 'OK', '+CPIN: READY', '+QUSIM: 1']);
    expect(lines(await at(h, 'AT+CPIN?'))[1]).toBe('+CPIN: READY');
  });

  it('AT+CFUN=4 deregisters with +CREG/+CEREG URCs (no <n>) and CFUN=1 registers again', async () => {
    const h = await setup({ registrationDelayMs: { min: 500, max: 500 } });
    await at(h, 'AT+CREG=1');
    await at(h, 'AT+CEREG=2');
    expect(lines(await at(h, 'AT+CREG?'))[1]).toMatch(/^\+CREG: 1,[15]$/);
    const off = lines(await at(h, 'AT+CFUN=4'));
    expect(off).toEqual(['AT+CFUN=4', 'OK', '+CREG: 0', '+CEREG: 0']);
    const on = lines(await at(h, 'AT+CFUN=1', 0));
    expect(on).toEqual(['AT+CFUN=1', 'OK', '+CREG: 2', '+CEREG: 2']);
    await tick(500);
    const reg = lines(h.take());
    expect(reg[0]).toMatch(/^\+CREG: [15]$/);
    expect(reg[1]).toMatch(/^\+CEREG: [15],"[0-9A-F]{4}","[0-9A-F]{6,7}",7$/);
  });

  it('loses registration now and then and searches again', async () => {
    const h = await setup({ registrationLossPerHour: 60, registrationDelayMs: { min: 2000, max: 2000 } });
    await at(h, 'AT+CGREG=1');
    await tick(60 * 60_000);
    const urcs = lines(h.take());
    expect(urcs).toContain('+CGREG: 2');
    expect(urcs.some((l) => /^\+CGREG: [15]$/.test(l))).toBe(true);
  });
});

describe('network and info commands', () => {
  it('answers the radio and configuration commands in the EC25 formats', async () => {
    const h = await setup();
    expect(lines(await at(h, 'AT+CSQ'))[1]).toMatch(/^\+CSQ: \d{1,2},99$/);
    expect(lines(await at(h, 'AT+QENG="servingcell"'))[1]).toMatch(
      /^\+QENG: "servingcell","NOCONN","LTE","FDD",\d{3},\d{2},[0-9A-F]+,\d+,\d+,\d+,5,5,[0-9A-F]+,-\d+,-\d+,-\d+,-?\d+,-$/,
    );
    const n = lines(await at(h, 'AT+QENG="neighbourcell"'));
    expect(n[1]).toMatch(/^\+QENG: "neighbourcell intra","LTE",/);
    expect(lines(await at(h, 'AT+QNWINFO'))[1]).toMatch(/^\+QNWINFO: "FDD LTE","\d{5}","LTE BAND \d+",\d+$/);
    expect(lines(await at(h, 'AT+QTEMP'))[1]).toMatch(/^\+QTEMP: \d+,\d+,\d+$/);
    expect(lines(await at(h, 'AT+QCFG="BAND"'))[1]).toMatch(/^\+QCFG: "band",0x260,0x[0-9a-f]+,0x0$/);
    expect(lines(await at(h, 'AT+QCFG="usbnet"'))[1]).toBe('+QCFG: "usbnet",0');
    expect(lines(await at(h, 'AT+CGDCONT=1,"IP","internet"'))[1]).toBe('OK');
    expect(lines(await at(h, 'AT+CGDCONT?'))[1]).toMatch(/^\+CGDCONT: 1,"IP","internet",/);
    expect(lines(await at(h, 'AT+CGPADDR=1'))[1]).toMatch(/^\+CGPADDR: 1,"10\.\d+\.\d+\.\d+"$/);
    expect(lines(await at(h, 'AT+CGATT?'))[1]).toBe('+CGATT: 1');
    expect(lines(await at(h, 'AT+QURCCFG="urcport"'))[1]).toBe('+QURCCFG: "urcport","usbat"');
  });

  it('takes tens of seconds for AT+COPS=? with the default latency', async () => {
    const h = await setup({ latency: {} });
    await h.send('AT+COPS=?');
    await tick(15_000);
    expect(h.take()).toBe('AT+COPS=?\r');
    await tick(31_000);
    expect(lines(h.take())[0]).toMatch(/^\+COPS: \(\d,"/);
  });

  it('answers strictly in order: a command written during another waits for it', async () => {
    const h = await setup({ latency: { short: { min: 20, max: 20 } } });
    await h.write('AT+CGMI\rAT+SIMTAG=2\r');
    await tick(10);
    expect(h.text).toBe('AT+CGMI\r');
    await tick(40);
    expect(h.take()).toBe('AT+CGMI\r\r\nQuectel\r\n\r\nOK\r\nAT+SIMTAG=2\r\r\n+SIMTAG: 2\r\n\r\nOK\r\n');
  });

  it('sends an SMS through the > prompt', async () => {
    const h = await setup();
    await at(h, 'AT+CMGF=1');
    expect(await at(h, 'AT+CMGS="+491701234567"')).toBe('AT+CMGS="+491701234567"\r\r\n> ');
    h.take();
    await h.write('hello\x1a');
    await tick();
    expect(h.take()).toBe('hello\r\n+CMGS: 1\r\n\r\nOK\r\n');
  });

  it('routes URCs to the port chosen with AT+QURCCFG', async () => {
    const h = await setup();
    const modemPort = await TestHost.of(fx.bench!, 0, 3);
    fx.hosts.push(modemPort);
    await at(h, 'AT+CREG=1');
    await at(h, 'AT+QURCCFG="urcport","usbmodem"');
    await at(h, 'AT+CFUN=4');
    await tick();
    expect(modemPort.take()).toBe('\r\n+CREG: 0\r\n');
    expect(await at(modemPort, 'AT')).toBe('AT\r\r\nOK\r\n');
  });

  it('emits NMEA on interface 1 after AT+QGPS=1 and the DM port never answers', async () => {
    const h = await setup();
    const nmea = await TestHost.of(fx.bench!, 0, 1);
    const dm = await TestHost.of(fx.bench!, 0, 0);
    fx.hosts.push(nmea, dm);
    await at(h, 'AT+QGPS=1');
    await tick(2000);
    expect(nmea.take()).toMatch(/^\$GPGGA,.*\*[0-9A-F]{2}\r\n\$GPRMC,/);
    await dm.send('AT');
    await tick(1000);
    expect(dm.text).toBe('');
    await at(h, 'AT+QGPSEND');
  });
});
