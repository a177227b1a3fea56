/** The simulator's SMS side against the EC2x manual's SMS chapter (§9) and real captures. */
import { describe, expect, it } from 'vitest';
import { ModemSimulator, SmsStorageFullError, decodePdu, encodeDeliver, PduError, type ModemSimulatorOptions } from '../../../src-main/core/sim/index';
import { smsCommands } from '../../../src-main/core/sim/commands/sms';
import { SMS_COMMAND_SOURCES } from '../../../src-main/core/sim/sms/sources';
import { TestHost, at, tick, simFixture } from '../../helpers/sim-host';

const fx = simFixture();

async function setup(options: ModemSimulatorOptions = {}): Promise<TestHost> {
  fx.bench = new ModemSimulator({ count: 1, latency: 0, chunking: false, ...options });
  const h = await TestHost.of(fx.bench, 0);
  fx.hosts.push(h);
  await at(h, 'ATE0');
  return h;
}

/** "hellohello" to +46708251358, 7-bit: the textbook SMS-SUBMIT (23 TPDU octets). */
const SUBMIT = '0011000B916407281553F80000AA0AE8329BFD4697D9EC37';

describe('PDU codec', () => {
  it('decodes an SMS-SUBMIT and counts its TPDU octets without the SMSC part', () => {
    const p = decodePdu(SUBMIT);
    expect(p.tpduLength).toBe(23);
    expect(p.tpdu).toMatchObject({ kind: 'submit', number: '+46708251358', toa: 145, text: 'hellohello', dcs: 0, vp: 0xaa });
  });

  it('decodes a real UCS2 SMS-DELIVER with a concatenation header (EC21 +CMGL capture, SeeedJP/WioLTEforArduino#31)', () => {
    const p = decodePdu(
      '0891683108508505F1640EA101800613046469000871210241422123240500032A020259825DF251736CE88BF75FFD75653002002030104E2D56FD79FB52A83011',
    );
    expect(p.tpduLength).toBe(56);
    expect(p.sca).toBe('+8613800558501');
    expect(p.tpdu.kind).toBe('deliver');
    expect(p.tpdu.scts).toBe('17/12/20,14:24:12+32');
  });

  it('round-trips a DELIVER it encodes, with extension characters', () => {
    const pdu = encodeDeliver({ sca: '+31653131313', from: '+31612345678', text: 'a {b} [c] €5', scts: '26/12/06,11:00:00+04' });
    expect(decodePdu(pdu).tpdu).toMatchObject({ number: '+31612345678', text: 'a {b} [c] €5', scts: '26/12/06,11:00:00+04' });
  });

  it.each([
    ['odd hex', SUBMIT.slice(0, -1)],
    ['not hex', SUBMIT.replace('AA', 'ZZ')],
    ['user data shorter than UDL', SUBMIT.slice(0, -2)],
    ['user data longer than UDL', `${SUBMIT}00`],
    ['a status report type', `00${'12'}${SUBMIT.slice(4)}`],
  ])('refuses %s', (_why, pdu) => {
    expect(() => decodePdu(pdu)).toThrow(PduError);
  });
});

describe('storage and settings', () => {
  it('AT+CPMS reads, sets and lists SM (50) and ME (255) as the §9.4 example', async () => {
    const h = await setup();
    expect(await at(h, 'AT+CPMS=?')).toBe('\r\n+CPMS: ("SM","ME","MT"),("SM","ME","MT"),("SM","ME","MT")\r\n\r\nOK\r\n');
    expect(await at(h, 'AT+CPMS?')).toBe('\r\n+CPMS: "ME",0,255,"ME",0,255,"ME",0,255\r\n\r\nOK\r\n');
    expect(await at(h, 'AT+CPMS="SM","SM","SM"')).toBe('\r\n+CPMS: 0,50,0,50,0,50\r\n\r\nOK\r\n');
    expect(await at(h, 'AT+CPMS?')).toBe('\r\n+CPMS: "SM",0,50,"SM",0,50,"SM",0,50\r\n\r\nOK\r\n');
    expect(await at(h, 'AT+CMEE=1;+CPMS="XX"')).toBe('\r\n+CMS ERROR: 302\r\n');
  });

  it('AT+CSCA, AT+CSMS, AT+CSDH and AT+CNMI answer their read, set and test forms', async () => {
    const h = await setup();
    expect(await at(h, 'AT+CSCA="+8613800210500",145')).toBe('\r\nOK\r\n');
    expect(await at(h, 'AT+CSCA?')).toBe('\r\n+CSCA: "+8613800210500",145\r\n\r\nOK\r\n');
    expect(await at(h, 'AT+CSMS=?')).toBe('\r\n+CSMS: (0,1)\r\n\r\nOK\r\n');
    expect(await at(h, 'AT+CSMS=1')).toBe('\r\n+CSMS: 1,1,1\r\n\r\nOK\r\n');
    expect(await at(h, 'AT+CSMS?')).toBe('\r\n+CSMS: 1,1,1,1\r\n\r\nOK\r\n');
    expect(await at(h, 'AT+CSDH?')).toBe('\r\n+CSDH: 0\r\n\r\nOK\r\n');
    expect(await at(h, 'AT+CNMI?')).toBe('\r\n+CNMI: 2,1,0,0,0\r\n\r\nOK\r\n');
    expect(await at(h, 'AT+CNMI=1,2,0,1,0')).toBe('\r\nOK\r\n');
    expect(await at(h, 'AT+CNMI?')).toBe('\r\n+CNMI: 1,2,0,1,0\r\n\r\nOK\r\n');
    expect(await at(h, 'AT+CNMI=9')).toBe('\r\n+CMS ERROR: 302\r\n');
  });
});

describe('SIM state', () => {
  it('SMS commands answer the +CMS code of a locked or missing SIM (27.005 311, 310)', async () => {
    const h = await setup({ sim: { pinLocked: [0] } });
    expect(await at(h, 'AT+CMEE=1;+CPMS?')).toBe('\r\n+CMS ERROR: 311\r\n');
    expect(await at(h, 'AT+CMGS=23')).toBe('\r\n+CMS ERROR: 311\r\n');
    await at(h, 'AT+CPIN="1234"');
    expect(await at(h, 'AT+CPMS?')).toContain('+CPMS: "ME",0,255');
  });

  it('an absent SIM is +CMS ERROR: 310', async () => {
    const h = await setup({ sim: { absent: [0] } });
    expect(await at(h, 'AT+CMEE=1;+CMGL=4')).toBe('\r\n+CMS ERROR: 310\r\n');
  });
});

describe('receiving', () => {
  it('stores an arriving SMS, announces +CMTI, lists it unread once, then read (text mode, §9.6/§9.7)', async () => {
    const h = await setup();
    await at(h, 'AT+CMGF=1');
    await at(h, 'AT+CPMS="SM","SM","SM"');
    expect(fx.bench!.modems[0]!.receiveSms({ from: '+31612345678', text: 'Hi there', timestamp: Date.UTC(2026, 11, 6, 11, 0, 0) })).toEqual({
      storage: 'SM',
      index: 0,
    });
    await tick();
    expect(h.take()).toBe('\r\n+CMTI: "SM",0\r\n');
    expect(await at(h, 'AT+CMGL="REC UNREAD"')).toBe('\r\n+CMGL: 0,"REC UNREAD","+31612345678",,"26/12/06,11:00:00+00"\r\nHi there\r\n\r\nOK\r\n');
    expect(await at(h, 'AT+CMGL="REC UNREAD"')).toBe('\r\nOK\r\n');
    await at(h, 'AT+CSDH=1');
    expect(await at(h, 'AT+CMGR=0')).toBe(
      '\r\n+CMGR: "REC READ","+31612345678",,"26/12/06,11:00:00+00",145,4,0,0,"+31653131313",145,8\r\nHi there\r\n\r\nOK\r\n',
    );
    expect(await at(h, 'AT+CMGR=7')).toBe('\r\nOK\r\n');
    expect(await at(h, 'AT+CMEE=1;+CMGR=50')).toBe('\r\n+CMS ERROR: 321\r\n');
  });

  it('lists in PDU mode with numeric stat and TPDU length; CMGD with delflag 4 empties the memory', async () => {
    const h = await setup();
    fx.bench!.modems[0]!.receiveSms({ from: '+31612345678', text: 'one', timestamp: 0 });
    fx.bench!.modems[0]!.receiveSms({ from: '+31612345678', text: 'two', timestamp: 0 });
    await tick();
    h.take();
    const list = await at(h, 'AT+CMGL=4');
    const rows = list.split('\r\n').filter((l) => l !== '');
    expect(rows[0]).toMatch(/^\+CMGL: 0,0,,\d+$/);
    expect(rows[2]).toMatch(/^\+CMGL: 1,0,,\d+$/);
    expect(decodePdu(rows[1]!).tpdu.text).toBe('one');
    expect(Number(rows[0]!.split(',')[3])).toBe(decodePdu(rows[1]!).tpduLength);
    expect(await at(h, 'AT+CMGD=?')).toBe('\r\n+CMGD: (0,1),(0-4)\r\n\r\nOK\r\n');
    expect(await at(h, 'AT+CMGD=0,4')).toBe('\r\nOK\r\n');
    expect(await at(h, 'AT+CPMS?')).toBe('\r\n+CPMS: "ME",0,255,"ME",0,255,"ME",0,255\r\n\r\nOK\r\n');
  });

  it('routes straight to the host as +CMT with AT+CNMI=2,2 and stores nothing', async () => {
    const h = await setup();
    await at(h, 'AT+CMGF=1;+CNMI=2,2,0,0,0');
    fx.bench!.modems[0]!.receiveSms({ from: '+31612345678', text: 'direct', timestamp: 0 });
    await tick();
    expect(h.take()).toBe('\r\n+CMT: "+31612345678",,"70/01/01,00:00:00+00"\r\ndirect\r\n');
    expect(await at(h, 'AT+CPMS?')).toContain('"ME",0,255');
  });

  it('AT+CNMA acknowledges a +CMT once under AT+CSMS=1; a second one is +CMS ERROR: 340 (§9.12 example)', async () => {
    const h = await setup();
    await at(h, 'AT+CMEE=1;+CMGF=1;+CSMS=1;+CNMI=1,2,0,0,0');
    expect(await at(h, 'AT+CNMA')).toBe('\r\n+CMS ERROR: 340\r\n');
    fx.bench!.modems[0]!.receiveSms({ from: '+31612345678', text: 'ack me', timestamp: 0 });
    await tick();
    expect(h.take()).toContain('+CMT: "+31612345678"');
    expect(await at(h, 'AT+CNMA')).toBe('\r\nOK\r\n');
    expect(await at(h, 'AT+CNMA')).toBe('\r\n+CMS ERROR: 340\r\n');
  });

  it('a full memory refuses the next message: SmsStorageFullError in-process, +CMS ERROR: 322 from AT+SIMSMS', async () => {
    const h = await setup();
    await at(h, 'AT+CMEE=1;+CPMS="SM","SM","SM"');
    const modem = fx.bench!.modems[0]!;
    for (let i = 0; i < 50; i++) modem.receiveSms({ from: '+31612345678', text: `n${i}`, timestamp: 0 });
    expect(() => modem.receiveSms({ from: '+31612345678', text: 'one too many', timestamp: 0 })).toThrow(SmsStorageFullError);
    await tick();
    h.take();
    expect(await at(h, 'AT+CPMS?')).toContain('+CPMS: "SM",50,50');
    expect(await at(h, 'AT+SIMSMS="+31612345678","again"')).toBe('\r\n+CMS ERROR: 322\r\n');
  });

  it('AT+SIMSMS on the modem port makes an SMS arrive, announced on the AT port', async () => {
    const h = await setup();
    const other = await TestHost.of(fx.bench!, 0, 3);
    fx.hosts.push(other);
    expect(await at(other, 'AT+SIMSMS="+31612345678","from, outside"')).toContain('+SIMSMS: "ME",0');
    await tick();
    expect(h.take()).toBe('\r\n+CMTI: "ME",0\r\n');
  });
});

describe('sending', () => {
  it('PDU mode: prompt of exactly 4 bytes, echo without Ctrl-Z, +CMGS: <mr>', async () => {
    const h = await setup();
    await at(h, 'ATE1');
    expect(await at(h, 'AT+CMGS=23')).toBe('AT+CMGS=23\r\r\n> ');
    await h.write(`${SUBMIT}\x1a`);
    await tick();
    expect(h.take()).toBe(`${SUBMIT}\r\n+CMGS: 1\r\n\r\nOK\r\n`);
  });

  it('PDU mode: a wrong length or a damaged PDU is +CMS ERROR: 304', async () => {
    const h = await setup();
    await at(h, 'AT+CMEE=1');
    expect(await at(h, 'AT+CMGS=22')).toBe('\r\n> ');
    await h.write(`${SUBMIT}\x1a`);
    await tick();
    expect(h.take()).toBe('\r\n+CMS ERROR: 304\r\n');
    await at(h, 'AT+CMGS=23');
    await h.write('00110000ZZ\x1a');
    await tick();
    expect(h.take()).toBe('\r\n+CMS ERROR: 304\r\n');
    expect(await at(h, 'AT+CMGS=500')).toBe('\r\n+CMS ERROR: 304\r\n');
  });

  it('text mode: a new `> ` after each Enter, ESC cancels with OK', async () => {
    const h = await setup();
    await at(h, 'ATE1;+CMGF=1');
    expect(await at(h, 'AT+CMGS="+31612345678"')).toBe('AT+CMGS="+31612345678"\r\r\n> ');
    await h.write('line one\rline two\x1a');
    await tick();
    expect(h.take()).toBe('line one\r\n> line two\r\n+CMGS: 1\r\n\r\nOK\r\n');
    await at(h, 'AT+CMGS="+31612345678"');
    await h.write('never mind\x1b');
    await tick();
    expect(h.take()).toBe('never mind\r\nOK\r\n');
  });

  it('text mode follows AT+CSCS="UCS2": number and text in hex both ways (27.005 §3.1)', async () => {
    const h = await setup();
    await at(h, 'AT+CMGF=1;+CSCS="UCS2"');
    // "+316" and "Hi €".
    expect(await at(h, 'AT+CMGW="002B003300310036"')).toBe('\r\n> ');
    await h.write('00480069002020AC\x1a');
    await tick();
    expect(h.take()).toBe('\r\n+CMGW: 0\r\n\r\nOK\r\n');
    expect(await at(h, 'AT+CMGR=0')).toBe('\r\n+CMGR: "STO UNSENT","002B003300310036",\r\n00480069002020AC\r\n\r\nOK\r\n');
    await at(h, 'AT+CMGF=0');
    expect(decodePdu((await at(h, 'AT+CMGR=0')).split('\r\n')[2]!).tpdu).toMatchObject({ number: '+316', text: 'Hi €' });
    await at(h, 'AT+CMGF=1;+CMEE=1');
    expect(await at(h, 'AT+CMGS="002B0033"')).toBe('\r\n> ');
    await h.write('48\x1a');
    await tick();
    expect(h.take()).toBe('\r\n+CMS ERROR: 305\r\n');
  });

  it('AT+CMGW stores a message (STO UNSENT), AT+CMSS sends it and marks it STO SENT (§9.10, §9.11)', async () => {
    const h = await setup();
    await at(h, 'AT+CMGF=1');
    await at(h, 'AT+CMGW="15021012496"');
    await h.write('Hello\x1a');
    await tick();
    expect(h.take()).toBe('\r\n+CMGW: 0\r\n\r\nOK\r\n');
    expect(await at(h, 'AT+CMGL="ALL"')).toBe('\r\n+CMGL: 0,"STO UNSENT","15021012496",,\r\nHello\r\n\r\nOK\r\n');
    expect(await at(h, 'AT+CMSS=0')).toBe('\r\n+CMSS: 1\r\n\r\nOK\r\n');
    expect(await at(h, 'AT+CMGL="STO SENT"')).toContain('+CMGL: 0,"STO SENT"');
    await at(h, 'AT+CMGF=0');
    await at(h, 'AT+CMGW=23');
    await h.write(`${SUBMIT}\x1a`);
    await tick();
    expect(h.take()).toBe('\r\n+CMGW: 1\r\n\r\nOK\r\n');
    expect(await at(h, 'AT+CMGR=1')).toBe(`\r\n+CMGR: 2,,23\r\n${SUBMIT}\r\n\r\nOK\r\n`);
  });
});

describe('sources', () => {
  it('names a source for every SMS command and for nothing else', () => {
    expect(Object.keys(smsCommands).sort()).toEqual(Object.keys(SMS_COMMAND_SOURCES).sort());
  });
});
