/** V.250 line handling, S-registers, quiet mode, profiles (AT&W/ATZ/AT&F) and start states of the simulator. */
import { describe, expect, it } from 'vitest';
import { ModemSimulator, type ModemSimulatorOptions } from '../../../src-main/core/sim/index';
import { TestHost, at, lines, tick, simFixture } from '../../helpers/sim-host';

const fx = simFixture();

async function setup(options: ModemSimulatorOptions = {}, i = 0): Promise<TestHost> {
  fx.bench ??= new ModemSimulator({ count: 1, latency: 0, chunking: false, ...options });
  const h = await TestHost.of(fx.bench, i);
  fx.hosts.push(h);
  return h;
}

/** Lets a reboot (AT+CFUN=1,1 or a power cycle) finish and opens the AT port again. */
async function reopen(i = 0): Promise<TestHost> {
  await tick(20_000);
  for (const h of fx.hosts.splice(0)) await h.close();
  const h = await TestHost.of(fx.bench!, i);
  fx.hosts.push(h);
  h.take();
  return h;
}

describe('V.250 command line', () => {
  it('ignores text before AT (V.250 §5.2.1) and still answers the command', async () => {
    const h = await setup();
    expect(await at(h, 'xyzAT+CGMI')).toBe('xyzAT+CGMI\r\r\nQuectel\r\n\r\nOK\r\n');
    expect(await at(h, 'hello')).toBe('hello\r');
  });

  it('echoes characters as they are typed, one at a time, like a terminal user sees them', async () => {
    const h = await setup();
    for (const c of 'AT+CG') await h.write(c);
    await tick();
    expect(h.take()).toBe('AT+CG');
    await h.write('MI\r');
    await tick();
    expect(h.take()).toBe('MI\r\r\nQuectel\r\n\r\nOK\r\n');
  });

  it('drops a buffer full of noise without a line end instead of going deaf', async () => {
    const h = await setup();
    await at(h, 'ATE0');
    await h.write('\x7e'.repeat(8191));
    await tick();
    expect(await at(h, 'AT')).toMatch(/\r\nOK\r\n$/);
  });

  it('applies S5 (backspace) editing before interpreting the line', async () => {
    const h = await setup();
    expect(lines(await at(h, 'AT+CGMX\bI'))).toEqual(['AT+CGMX\bI', 'Quectel', 'OK']);
    expect(lines(await at(h, 'ATS5=127'))).toEqual(['ATS5=127', 'OK']);
    expect(lines(await at(h, 'AT+CGMX\x7fI'))).toEqual(['AT+CGMX\x7fI', 'Quectel', 'OK']);
  });

  it('A/ repeats the previous command line at once, without a CR (EC25 manual §2.17)', async () => {
    const h = await setup();
    await at(h, 'AT+SIMTAG=7');
    h.take();
    await h.write('A/');
    await tick();
    expect(h.take()).toBe('A/\r\n+SIMTAG: 7\r\n\r\nOK\r\n');
  });

  it('reads and writes S-registers with three-digit reads and range checks', async () => {
    const h = await setup();
    expect(lines(await at(h, 'ATS3?'))).toEqual(['ATS3?', '013', 'OK']);
    expect(lines(await at(h, 'ATS0=2'))).toEqual(['ATS0=2', 'OK']);
    expect(lines(await at(h, 'ATS0?'))).toEqual(['ATS0?', '002', 'OK']);
    expect(lines(await at(h, 'ATS0=256'))).toEqual(['ATS0=256', 'ERROR']);
    expect(lines(await at(h, 'ATS7?'))).toEqual(['ATS7?', '000', 'OK']);
    expect(lines(await at(h, 'ATS10=20'))).toEqual(['ATS10=20', 'OK']);
  });

  it('takes a different line terminator after ATS3=', async () => {
    const h = await setup();
    await at(h, 'ATE0');
    await at(h, 'ATS3=35');
    h.take();
    await h.write('AT+CGMI#');
    await tick();
    // S3 is also the first character of the response framing (V.250 §6.2.5).
    expect(h.take()).toBe('#\nQuectel#\n#\nOK#\n');
  });

  it('accepts the wvdial init string ATQ0 V1 E1 S0=0 &C1 &D2 and reports it in AT&V', async () => {
    const h = await setup();
    expect(lines(await at(h, 'ATQ0 V1 E1 S0=0 &C1 &D2 +FCLASS=0'))).toEqual(['ATQ0 V1 E1 S0=0 &C1 &D2 +FCLASS=0', 'OK']);
    await at(h, 'AT&C0&D1X3');
    expect(lines(await at(h, 'AT&V'))).toEqual([
      'AT&V',
      '&C: 0',
      '&D: 1',
      '&F: 0',
      '&W: 0',
      'Q: 0',
      'V: 1',
      'X: 3',
      'Z: 0',
      'E: 1',
      'S0: 0',
      'S4: 10',
      'S5: 8',
      'S6: 2',
      'S7: 0',
      'S8: 2',
      'S10: 15',
      'S3: 13',
      'OK',
    ]);
    expect(lines(await at(h, 'AT&D3'))).toEqual(['AT&D3', 'ERROR']);
  });

  it('ATQ1 suppresses result codes but not information text; ATQ0 brings them back', async () => {
    const h = await setup();
    expect(await at(h, 'ATQ1')).toBe('ATQ1\r');
    expect(await at(h, 'AT+CGMI')).toBe('AT+CGMI\r\r\nQuectel\r\n');
    expect(await at(h, 'AT+NOPE')).toBe('AT+NOPE\r');
    expect(await at(h, 'ATQ0')).toBe('ATQ0\r\r\nOK\r\n');
  });

  it('answers ATI1, AT+IPR and AT+GCAP', async () => {
    const h = await setup();
    expect(lines(await at(h, 'ATI1'))).toEqual(['ATI1', 'Quectel', 'EC25', expect.stringMatching(/^Revision: EC25/), 'OK']);
    expect(lines(await at(h, 'AT+IPR?'))).toEqual(['AT+IPR?', '+IPR: 115200', 'OK']);
    expect(lines(await at(h, 'AT+IPR=921600'))).toEqual(['AT+IPR=921600', 'OK']);
    expect(lines(await at(h, 'AT+IPR=1234'))).toEqual(['AT+IPR=1234', '+CME ERROR: 50']);
    expect(lines(await at(h, 'AT+GCAP'))).toEqual(['AT+GCAP', '+GCAP: +CGSM', 'OK']);
  });
});

describe('SMS text input after the > prompt', () => {
  it('echoes each character as it arrives and prompts again after every CR (27.005 §3.5.1)', async () => {
    const h = await setup();
    await at(h, 'AT+CMGF=1');
    expect(await at(h, 'AT+CMGS="+491701234567"')).toBe('AT+CMGS="+491701234567"\r\r\n> ');
    await h.write('he');
    await tick();
    expect(h.take()).toBe('he');
    await h.write('llo\rworld');
    await tick();
    expect(h.take()).toBe('llo\r\n> world');
    await h.write('\x1a');
    await tick();
    expect(lines(h.take())).toEqual([expect.stringMatching(/^\+CMGS: \d+$/), 'OK']);
  });

  it('ESC cancels the text: OK and no message', async () => {
    const h = await setup();
    await at(h, 'AT+CMGF=1');
    await at(h, 'AT+CMGS="+491701234567"');
    h.take();
    await h.write('abc\x1b');
    await tick();
    expect(h.take()).toBe('abc\r\nOK\r\n');
  });
});

describe('profiles', () => {
  it('AT&W saves E/V/CMEE/S-registers/&C/&D and they survive AT+CFUN=1,1; AT&F gives factory defaults', async () => {
    let h = await setup();
    await at(h, 'ATS0=3&C0&D0');
    await at(h, 'AT+CMEE=2');
    await at(h, 'ATE0V0');
    expect(await at(h, 'AT&W')).toBe('0\r');
    expect(await at(h, 'AT+CFUN=1,1')).toBe('0\r');
    h = await reopen();
    expect(await at(h, 'AT')).toBe('0\r');
    expect(await at(h, 'AT+CMEE?')).toBe('+CMEE: 2\r\n0\r');
    expect(await at(h, 'ATS0?')).toBe('003\r\n0\r');
    // ATZ reloads the profile after changes.
    await at(h, 'ATE1V1');
    expect(await at(h, 'ATZ')).toBe('ATZ\r0\r');
    expect(await at(h, 'AT&F')).toBe('\r\nOK\r\n');
    expect(lines(await at(h, 'AT&V')).slice(0, 3)).toEqual(['AT&V', '&C: 1', '&D: 2']);
    expect(lines(await at(h, 'AT+CMEE?'))[1]).toBe('+CMEE: 1');
  });

  it('the profile survives a power cycle; AT&F then AT&W restores factory settings for good', async () => {
    let h = await setup();
    await at(h, 'ATE0');
    await at(h, 'AT&W');
    fx.bench!.modems[0]!.powerCycle();
    h = await reopen();
    expect(await at(h, 'AT')).toBe('\r\nOK\r\n');
    await at(h, 'AT&F&W');
    fx.bench!.modems[0]!.powerCycle();
    h = await reopen();
    expect(await at(h, 'AT')).toBe('AT\r\r\nOK\r\n');
  });
});

describe('start states', () => {
  it('starts modems in E0, V0, CMEE0 from the startState option, per slot', async () => {
    fx.bench = new ModemSimulator({ count: 2, latency: 0, chunking: false, startState: 'e0,v0@0,cmee0' });
    const h0 = await setup({}, 0);
    const h1 = await setup({}, 1);
    expect(await at(h0, 'AT+CPIN=1234')).toBe('4\r');
    expect(await at(h1, 'AT+CPIN=1234')).toBe('\r\nERROR\r\n');
    // ATZ loads the same saved settings; AT&F gives the factory ones.
    expect(await at(h0, 'ATZ')).toBe('0\r');
    expect(await at(h0, 'AT&F')).toBe('\r\nOK\r\n');
    expect(await at(h0, 'AT')).toBe('AT\r\r\nOK\r\n');
  });

  it('takes start states from a fault spec state: item', async () => {
    fx.bench = new ModemSimulator({ count: 2, latency: 0, chunking: false, faults: 'state:e0+v0@1' });
    const h0 = await setup({}, 0);
    const h1 = await setup({}, 1);
    expect(await at(h0, 'AT')).toBe('AT\r\r\nOK\r\n');
    expect(await at(h1, 'AT')).toBe('0\r');
  });

  it('rejects a bad start state with the position of the problem', () => {
    expect(() => new ModemSimulator({ count: 1, startState: 'e0,v2' })).toThrow(/position 3: unknown setting 'v2'/);
    expect(() => new ModemSimulator({ count: 1, faults: 'state:e0+s99=1' })).toThrow(/S99 is not an EC25 S-register/);
  });
});

describe('calls and data mode', () => {
  it('ATD*99# answers CONNECT, +++ after the guard time gives OK, ATH hangs up', async () => {
    const h = await setup();
    expect(await at(h, 'ATDT*99#')).toBe('ATDT*99#\r\r\nCONNECT\r\n');
    // Data mode: AT commands are just data now.
    await h.write('AT\r~\x7d\x23');
    await tick(1000);
    expect(h.take()).toBe('');
    await h.write('+++');
    await tick(999);
    expect(h.take()).toBe('');
    await tick(1);
    expect(h.take()).toBe('\r\nOK\r\n');
    expect(await at(h, 'ATO')).toBe('ATO\r\r\nCONNECT\r\n');
    await tick(1000);
    await h.write('+++');
    await tick(1000);
    expect(h.take()).toBe('\r\nOK\r\n');
    expect(lines(await at(h, 'ATH'))).toEqual(['ATH', 'OK']);
    expect(lines(await at(h, 'ATO'))).toEqual(['ATO', 'NO CARRIER']);
    // ATZ clears a call held in online command mode.
    await at(h, 'ATD*99#');
    await tick(1000);
    await h.write('+++');
    await tick(1000);
    expect(lines(await at(h, 'ATZ'))).toEqual(['ATZ', 'OK']);
    expect(lines(await at(h, 'ATO'))).toEqual(['ATO', 'NO CARRIER']);
  });

  it('holds URCs back in data mode and sends them after the +++ OK', async () => {
    const h = await setup();
    await at(h, 'AT+CREG=1');
    await at(h, 'ATD*99#');
    fx.bench!.modems[0]!.network.stop();
    await tick(1000);
    expect(h.take()).toBe('');
    await h.write('+++');
    await tick(1000);
    expect(h.take()).toBe('\r\nOK\r\n\r\n+CREG: 0\r\n');
  });

  it('drives DCD per AT&C: with the carrier (&C1), always on (&C0)', async () => {
    const h = await setup();
    expect((await h.port.get()).dcd).toBe(false);
    await at(h, 'ATD*99#');
    expect((await h.port.get()).dcd).toBe(true);
    await h.port.set({ dtr: false });
    await tick();
    expect((await h.port.get()).dcd).toBe(false);
    await h.port.set({ dtr: true });
    await at(h, 'AT&C0');
    expect((await h.port.get()).dcd).toBe(true);
  });

  it('AT+CGDATA="PPP",1 enters data mode like ATD*99#; an undefined context gives NO CARRIER', async () => {
    const h = await setup();
    expect(lines(await at(h, 'AT+CGDATA=?'))).toEqual(['AT+CGDATA=?', '+CGDATA: ("PPP")', 'OK']);
    expect(lines(await at(h, 'AT+CGDATA="PPP",5'))).toEqual(['AT+CGDATA="PPP",5', 'NO CARRIER']);
    expect(lines(await at(h, 'AT+CGDATA="PPP",1'))).toEqual(['AT+CGDATA="PPP",1', 'CONNECT']);
    await h.port.set({ dtr: false });
    await tick();
    expect(h.take()).toBe('\r\nNO CARRIER\r\n');
  });

  it('a DTR drop with &D2 ends the data call with NO CARRIER', async () => {
    const h = await setup();
    await at(h, 'ATD*99***1#');
    await h.port.set({ dtr: false });
    await tick();
    expect(h.take()).toBe('\r\nNO CARRIER\r\n');
    expect(lines(await at(h, 'AT'))).toEqual(['AT', 'OK']);
  });

  it('NO CARRIER for a packet dial without registration, for ATA without a call; OK then NO CARRIER for voice', async () => {
    const h = await setup({ sim: { pinLocked: [0] } });
    expect(lines(await at(h, 'ATD*99#'))).toEqual(['ATD*99#', '+CME ERROR: 11']);
    await at(h, 'AT+CPIN=1234');
    expect(lines(await at(h, 'ATA'))).toEqual(['ATA', 'NO CARRIER']);
    expect(lines(await at(h, 'ATD*99#'))).toEqual(['ATD*99#', 'NO CARRIER']);
    await tick(10_000);
    h.take();
    expect(lines(await at(h, 'ATD+31612345678;'))).toEqual(['ATD+31612345678;', 'OK']);
    await tick(30_000);
    expect(lines(h.take())).toEqual(['NO CARRIER']);
  });
});

describe('voice calls', () => {
  it('rings an incoming call with +CRING/+CLIP, ATA answers it, ATH ends it; CPAS and CLCC follow', async () => {
    const h = await setup();
    await at(h, 'ATE0');
    await at(h, 'AT+CRC=1;+CLIP=1');
    expect(lines(await at(h, 'AT+SIMCALL="+31611111111"'))).toEqual(['OK', '+CRING: VOICE', '+CLIP: "+31611111111",145,,,,0']);
    expect(lines(await at(h, 'AT+CPAS'))).toEqual(['+CPAS: 3', 'OK']);
    expect(lines(await at(h, 'AT+CLCC'))).toEqual(['+CLCC: 1,1,4,0,0,"+31611111111",145', 'OK']);
    expect(lines(await at(h, 'ATA'))).toEqual(['OK']);
    expect(lines(await at(h, 'AT+CLCC'))).toEqual(['+CLCC: 1,1,0,0,0,"+31611111111",145', 'OK']);
    expect(lines(await at(h, 'AT+CPAS'))).toEqual(['+CPAS: 4', 'OK']);
    await tick(10_000);
    expect(h.take()).toBe('');
    expect(lines(await at(h, 'ATH'))).toEqual(['OK']);
    expect(lines(await at(h, 'AT+CPAS'))).toEqual(['+CPAS: 0', 'OK']);
    expect(lines(await at(h, 'ATA'))).toEqual(['NO CARRIER']);
  });

  it('plain RING every 3 s; S0=2 answers on the second ring', async () => {
    const h = await setup();
    await at(h, 'ATE0S0=2');
    expect(lines(await at(h, 'AT+SIMCALL="0612345678"'))).toEqual(['OK', 'RING']);
    await tick(3000);
    expect(lines(h.take())).toEqual(['RING']);
    expect(lines(await at(h, 'AT+CLCC'))).toEqual(['+CLCC: 1,1,0,0,0,"0612345678",129', 'OK']);
    await at(h, 'ATH');
  });

  it('RING and NO CARRIER are numeric result codes in ATV0 (V.250 §6.2.6)', async () => {
    const h = await setup();
    await at(h, 'ATE0V0');
    expect(await at(h, 'AT+SIMCALL="+31611111111"')).toBe('0\r2\r');
    await tick(30_000);
    expect(h.take()).toBe('2\r'.repeat(9) + '3\r');
  });

  it('the caller gives up after ten rings: NO CARRIER', async () => {
    const h = await setup();
    await at(h, 'ATE0');
    await at(h, 'AT+SIMCALL="+31611111111"');
    await tick(30_000);
    const urcs = lines(h.take());
    expect(urcs.filter((l) => l === 'RING')).toHaveLength(9);
    expect(urcs.at(-1)).toBe('NO CARRIER');
    expect(lines(await at(h, 'AT+CLCC'))).toEqual(['OK']);
  });

  it('an outgoing call shows as alerting until nobody answers', async () => {
    const h = await setup();
    await at(h, 'ATE0');
    expect(lines(await at(h, 'ATD+31612345678;'))).toEqual(['OK']);
    expect(lines(await at(h, 'AT+CLCC'))).toEqual(['+CLCC: 1,0,3,0,0,"+31612345678",145', 'OK']);
    await tick(30_000);
    expect(lines(h.take())).toEqual(['NO CARRIER']);
  });
});
