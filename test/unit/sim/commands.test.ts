/** Non-SMS commands third-party clients send at start-up, answered in the EC25 manual's forms. */
import { describe, expect, it } from 'vitest';
import { ModemSimulator, type ModemSimulatorOptions } from '../../../src-main/core/sim/index';
import { TestHost, at, lines, tick, simFixture } from '../../helpers/sim-host';

const fx = simFixture();

async function setup(options: ModemSimulatorOptions = {}): Promise<TestHost> {
  fx.bench = new ModemSimulator({ count: 1, latency: 0, chunking: false, ...options });
  const h = await TestHost.of(fx.bench, 0);
  fx.hosts.push(h);
  await at(h, 'ATE0');
  return h;
}

/** The reply lines of one command (echo off). */
async function ask(h: TestHost, line: string): Promise<string[]> {
  return lines(await at(h, line));
}

describe('test forms and parameter errors', () => {
  it('answers =? with the manual ranges, OK only for identification', async () => {
    const h = await setup();
    expect(await ask(h, 'AT+CGMI=?')).toEqual(['OK']);
    expect(await ask(h, 'AT+CGSN=?')).toEqual(['OK']);
    expect(await ask(h, 'AT+GMR=?')).toEqual(['OK']);
    expect(await ask(h, 'AT+CSCS=?')).toEqual(['+CSCS: ("GSM","IRA","UCS2")', 'OK']);
    expect(await ask(h, 'AT+CPAS=?')).toEqual(['+CPAS: (0,3,4)', 'OK']);
    expect(await ask(h, 'AT+QTEMP=?')).toEqual(['OK']);
    expect(await ask(h, 'AT+CLCK=?')).toEqual(['+CLCK: ("SC","AO","OI","OX","AI","IR","AB","AG","AC","FD","PF","PN","PU","PP","PC")', 'OK']);
    expect(await ask(h, 'AT+WS46=?')).toEqual(['+WS46: (12,22,25,28,29,30,31)', 'OK']);
    expect((await ask(h, 'AT+CIND=?'))[0]).toMatch(/^\+CIND: \("battchg",\(0-5\)\),\("signal",\(0-5\)\),\("service",\(0-1\)\)/);
    expect(await ask(h, 'AT+CGDCONT=?')).toContain('+CGDCONT: (1-16),"IP",,,(0-2),(0-4),(0,1),(0,1)');
  });

  it('answers ERROR for forms a command does not have (ModemManager: "some ... will return ERROR")', async () => {
    const h = await setup();
    for (const cmd of ['AT+CSQ?', 'AT+QCCID?', 'AT+CIMI?', 'AT+CGMI?', 'AT+QTEMP?', 'AT+QNWINFO?', 'AT+CPAS?']) expect(await ask(h, cmd), cmd).toEqual(['ERROR']);
  });

  it('AT+CSCS="FOO" is an error shaped by AT+CMEE 0/1/2; a valid set is kept', async () => {
    const h = await setup();
    expect(await ask(h, 'AT+CSCS="FOO"')).toEqual(['+CME ERROR: 50']);
    await at(h, 'AT+CMEE=2');
    expect(await ask(h, 'AT+CSCS="FOO"')).toEqual(['+CME ERROR: Incorrect parameters']);
    await at(h, 'AT+CMEE=0');
    expect(await ask(h, 'AT+CSCS="FOO"')).toEqual(['ERROR']);
    expect(await ask(h, 'AT+CSCS="UCS2"')).toEqual(['OK']);
    expect(await ask(h, 'AT+CSCS?')).toEqual(['+CSCS: "UCS2"', 'OK']);
  });
});

describe('commands that answered ERROR before', () => {
  it('answers CPAS, CBC, CESQ, CRC, QINISTAT, CTZU, CLIP', async () => {
    const h = await setup();
    expect(await ask(h, 'AT+CPAS')).toEqual(['+CPAS: 0', 'OK']);
    expect((await ask(h, 'AT+CBC'))[0]).toMatch(/^\+CBC: 0,\d{1,3},\d{4}$/);
    expect((await ask(h, 'AT+CESQ'))[0]).toMatch(/^\+CESQ: 99,99,255,255,\d{1,2},\d{1,2}$/);
    expect(await ask(h, 'AT+CRC=1')).toEqual(['OK']);
    expect(await ask(h, 'AT+CRC?')).toEqual(['+CRC: 1', 'OK']);
    expect(await ask(h, 'AT+QINISTAT')).toEqual(['+QINISTAT: 7', 'OK']);
    expect(await ask(h, 'AT+CTZU=1')).toEqual(['OK']);
    expect(await ask(h, 'AT+CTZU?')).toEqual(['+CTZU: 1', 'OK']);
    expect(await ask(h, 'AT+CLIP?')).toEqual(['+CLIP: 0,1', 'OK']);
    expect(await ask(h, 'AT+CLIP=2')).toEqual(['+CME ERROR: 50']);
  });

  it('AT+CLAC lists the commands; AT+CMEE=2 texts come from 27.007 §9.2', async () => {
    const h = await setup({ sim: { pinLocked: [0] } });
    const list = await ask(h, 'AT+CLAC');
    expect(list).toEqual(expect.arrayContaining(['&V', 'S0', '+CGMI', '+CSQ', '+CLAC', 'OK']));
    expect(list).not.toContain('+SIMTAG');
    await at(h, 'AT+CMEE=2');
    expect(await ask(h, 'AT+CLCK="SC",2')).toEqual(['+CME ERROR: SIM PIN required']);
    expect(await ask(h, 'AT+CPBR=1')).toEqual(['+CME ERROR: SIM PIN required']);
  });

  it('AT+COPS=3,2 then AT+COPS? gives the numeric operator; 3,0 the long name', async () => {
    const h = await setup();
    expect(await ask(h, 'AT+COPS=3,2')).toEqual(['OK']);
    expect((await ask(h, 'AT+COPS?'))[0]).toMatch(/^\+COPS: 0,2,"\d{5,6}",7$/);
    await at(h, 'AT+COPS=3,0');
    expect((await ask(h, 'AT+COPS?'))[0]).toMatch(/^\+COPS: 0,0,"[A-Za-z][^"]*",7$/);
  });

  it('AT+CUSD sends the request and the answer arrives as a +CUSD URC', async () => {
    const h = await setup();
    expect(await ask(h, 'AT+CUSD=1,"*100#",15')).toEqual(['OK', expect.stringMatching(/^\+CUSD: 0,"Your balance is \d+\.00 EUR",15$/)]);
    expect(await ask(h, 'AT+CUSD?')).toEqual(['+CUSD: 1', 'OK']);
    // gammu --getussd switches to UCS2 first and sends the code in UCS2 hex; the answer comes back in UCS2.
    await at(h, 'AT+CSCS="UCS2"');
    const reply = await ask(h, 'AT+CUSD=1,"002A0031003000300023",15');
    expect(reply).toEqual(['OK', expect.stringMatching(/^\+CUSD: 0,"(00[0-9A-F]{2})+",15$/)]);
    expect(reply[1]).toContain('0059006F0075007200200062');
  });

  it('phonebook: CPBS, CPBR, CPBW and CNUM', async () => {
    const h = await setup();
    expect(await ask(h, 'AT+CPBS?')).toEqual(['+CPBS: "SM",1,250', 'OK']);
    expect(await ask(h, 'AT+CPBR=?')).toEqual(['+CPBR: (1-250),40,18', 'OK']);
    expect(await ask(h, 'AT+CPBR=1,10')).toEqual(['+CPBR: 1,"+31612345678",145,"Voicemail"', 'OK']);
    expect(await ask(h, 'AT+CPBW=5,"0612345678",129,"Bench"')).toEqual(['OK']);
    expect(await ask(h, 'AT+CPBR=5')).toEqual(['+CPBR: 5,"0612345678",129,"Bench"', 'OK']);
    expect(await ask(h, 'AT+CPBR=251')).toEqual(['+CME ERROR: 21']);
    await at(h, 'AT+CSCS="UCS2"');
    expect(await ask(h, 'AT+CPBW=6,"+4917012345",145,"00420065006E00630068"')).toEqual(['OK']);
    expect(await ask(h, 'AT+CPBR=6')).toEqual(['+CPBR: 6,"+4917012345",145,"00420065006E00630068"', 'OK']);
    expect(await ask(h, 'AT+CPBW=7,"+4917012345",145,"XYZ"')).toEqual(['+CME ERROR: 50']);
    await at(h, 'AT+CSCS="GSM"');
    expect(await ask(h, 'AT+CPBR=6')).toEqual(['+CPBR: 6,"+4917012345",145,"Bench"', 'OK']);
    expect(await ask(h, 'AT+CPBS="XX"')).toEqual(['+CME ERROR: 50']);
    expect((await ask(h, 'AT+CNUM'))[0]).toMatch(/^\+CNUM: "My number","\+\d+",145$/);
  });

  it('AT+CLCK "SC" queries and changes the SIM PIN lock, which applies from the next power-on', async () => {
    const h = await setup();
    expect(await ask(h, 'AT+CLCK="SC",2')).toEqual(['+CLCK: 0', 'OK']);
    expect(await ask(h, 'AT+CLCK="SC",1,"0000"')).toEqual(['+CME ERROR: 16']);
    expect(await ask(h, 'AT+CLCK="SC",1,"1234"')).toEqual(['OK']);
    expect(await ask(h, 'AT+CLCK="SC",2')).toEqual(['+CLCK: 1', 'OK']);
    expect(await ask(h, 'AT+CLCK="AO",2')).toEqual(['+CLCK: 0', 'OK']);
    fx.bench!.modems[0]!.powerCycle();
    await tick(20_000);
    for (const x of fx.hosts.splice(0)) await x.close();
    const h2 = await TestHost.of(fx.bench!, 0);
    fx.hosts.push(h2);
    expect(lines(await at(h2, 'AT+CPIN?'))).toEqual(['AT+CPIN?', '+CPIN: SIM PIN', 'OK']);
  });

  it('AT+QICSGP stores and reports a TCP/IP context', async () => {
    const h = await setup();
    expect(await ask(h, 'AT+QICSGP=1')).toEqual(['+QICSGP: 1,"","","",0', 'OK']);
    expect(await ask(h, 'AT+QICSGP=1,1,"internet","user","pw",1')).toEqual(['OK']);
    expect(await ask(h, 'AT+QICSGP=1')).toEqual(['+QICSGP: 1,"internet","user","pw",1', 'OK']);
    expect(await ask(h, 'AT+QICSGP=17')).toEqual(['+CME ERROR: 50']);
  });
});

describe('start-up sequences of third-party clients', () => {
  it('answers what ModemManager sends while probing and enabling (mm-broadband-modem.c)', async () => {
    const h = await setup();
    const seq = [
      'AT+GCAP',
      'ATI',
      'AT+CGMM',
      'AT+WS46=?',
      'AT+CPIN?',
      // primary_init_sequence, one command each.
      'ATE0',
      'ATV1',
      'AT+CMEE=1',
      'ATX4',
      'AT&C1',
      'AT+CREG=2',
      'AT+CGREG=2',
      'AT+CEREG=2',
      'AT+CIND=?',
      'AT+CIND?',
      'AT+CMER=?',
      'AT+CMER=3,0,0,1',
      'AT+QCFG="nwscanmode"',
      'AT+QCFG="nwscanmode",3,1',
      'AT+QINDCFG="csq",1,0',
      'AT+QINDCFG="all"',
      'AT+QSIMSTAT?',
      'AT+CPOL?',
      'AT+CGDCONT=?',
      'AT+CGEREP=2',
      'AT+CEMODE?',
      'AT+CLCC',
      'AT+CESQ=?',
      'AT+QLTS=2',
    ];
    for (const cmd of seq) {
      const reply = await ask(h, cmd);
      expect(reply.at(-1), cmd).toBe('OK');
    }
    expect(await ask(h, 'AT+QCFG="nwscanmode"')).toEqual(['+QCFG: "nwscanmode",3', 'OK']);
    expect(await ask(h, 'AT+QINDCFG="csq"')).toEqual(['+QINDCFG: "csq",1', 'OK']);
  });

  it('answers the SIM file reads and PIN-retry APDUs of ModemManager (mm-base-sim.c, mm-broadband-modem.c)', async () => {
    const h = await setup({ seed: 3 });
    const info = fx.bench!.describe()[0]!;
    const iccid = (await ask(h, 'AT+CRSM=176,12258,0,0,10'))[0]!;
    const hex = /^\+CRSM: 144,0,"([0-9A-F]{20})"$/.exec(iccid)![1]!;
    let digits = '';
    for (let i = 0; i < 20; i += 2) digits += hex[i + 1]! + hex[i]!;
    expect(digits.replace(/F+$/, '')).toBe(info.iccid);
    expect(await ask(h, 'AT+CRSM=176,28589,0,0,4')).toEqual([expect.stringMatching(/^\+CRSM: 144,0,"00000002"$/), 'OK']);
    expect((await ask(h, 'AT+CRSM=176,28486,0,0,17'))[0]).toMatch(/^\+CRSM: 144,0,"01[0-9A-F]{32}"$/);
    expect(await ask(h, 'AT+CRSM=176,28480,0,0,10')).toEqual(['+CRSM: 106,130,""', 'OK']);
    expect(await ask(h, 'AT+CSIM=10,"0020000100"')).toEqual(['+CSIM: 4,"63C3"', 'OK']);
    expect(await ask(h, 'AT+CSIM=10,"002C000100"')).toEqual(['+CSIM: 4,"63CA"', 'OK']);
    expect(await ask(h, 'AT+QPINC="SC"')).toEqual(['+QPINC: "SC",3,10', 'OK']);
  });

  it("answers gsmlib gsmctl's ME, OP, SIG, BATT, FLSTAT and CLIP queries", async () => {
    const h = await setup();
    for (const cmd of ['AT+CGMI', 'AT+CGMM', 'AT+CGMR', 'AT+CGSN', 'AT+CIMI', 'AT+COPS=3,0', 'AT+COPS?', 'AT+COPS=3,2', 'AT+COPS?', 'AT+CSQ', 'AT+CBC', 'AT+CFUN?', 'AT+CPIN?', 'AT+CLCK=?', 'AT+CLCK="SC",2', 'AT+CLCK="FD",2', 'AT+CLIP?']) {
      expect((await ask(h, cmd)).at(-1), cmd).toBe('OK');
    }
  });
});
