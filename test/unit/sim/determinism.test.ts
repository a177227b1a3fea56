import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModemSimulator, type ModemSimulatorOptions } from '../../../src-main/core/sim/index';
import { TestHost, lines, tick } from '../../helpers/sim-host';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  expect(vi.getTimerCount()).toBe(0);
  vi.useRealTimers();
});

const SCRIPT = ['AT+CREG=2', 'AT+CEREG=1', 'ATI', 'AT+CSQ', 'AT+QENG="servingcell"', 'AT+CFUN=4', 'AT+CFUN=1', 'AT+SIMTAG=x', 'AT+COPS?'];

/** Runs a fixed script on modem 0 with real-ish latency and returns every read, chunk by chunk. */
async function transcript(options: ModemSimulatorOptions): Promise<string[]> {
  const bench = new ModemSimulator({ count: 2, registrationDelayMs: { min: 100, max: 3000 }, ...options });
  const h = await TestHost.of(bench, 0);
  const chunks: string[] = [];
  const port = h.port;
  const origRead = port.read.bind(port);
  port.read = async (b, o, l) => {
    const r = await origRead(b, o, l);
    chunks.push(b.toString('latin1', o, o + r.bytesRead));
    return r;
  };
  for (const cmd of SCRIPT) {
    await h.send(cmd);
    await tick(3000);
  }
  await h.close();
  await bench.dispose();
  return chunks;
}

describe('determinism', () => {
  it('gives the same bytes, split the same way, for the same seed', async () => {
    const opts: ModemSimulatorOptions = { seed: 42, faults: 'garbage:0.2,cme:0.2' };
    const a = await transcript(opts);
    const b = await transcript(opts);
    expect(a.length).toBeGreaterThan(SCRIPT.length);
    expect(b).toEqual(a);
    const c = await transcript({ ...opts, seed: 43 });
    expect(c.join('')).not.toEqual(a.join(''));
  });

  it('chunking changes only the split points, not the bytes', async () => {
    const opts: ModemSimulatorOptions = { seed: 5, latency: 0, interleaveUrcs: false };
    const chunked = await transcript({ ...opts, chunking: true });
    const whole = await transcript({ ...opts, chunking: false });
    expect(chunked.join('')).toBe(whole.join(''));
    expect(chunked.length).toBeGreaterThan(whole.length);
  });
});

describe('URC interleaving', () => {
  it('slots URCs before the echo, between lines and after the final, never inside a line', async () => {
    const positions = new Set<string>();
    for (let seed = 1; seed <= 30 && positions.size < 3; seed++) {
      const bench = new ModemSimulator({ count: 1, seed, chunking: false, latency: { short: { min: 5, max: 5 } }, registrationDelayMs: { min: 1, max: 1 } });
      const h = await TestHost.of(bench, 0);
      await h.send('AT+CREG=1');
      await tick(100);
      await h.send('AT+CFUN=4');
      await tick(2000);
      h.take();
      // The CFUN=1 transition queues +CREG URCs while ATI is in flight.
      await h.send('AT+CFUN=1');
      await h.send('ATI');
      await tick(3000);
      const all = lines(h.take());
      const ati = all.indexOf('ATI');
      const reg = all.findIndex((l, i) => i > all.indexOf('AT+CFUN=1') + 1 && l.startsWith('+CREG:'));
      expect(all.filter((l) => !l.startsWith('+') || l.startsWith('+CREG') === false)).toEqual(
        expect.arrayContaining(['ATI', 'Quectel', 'EC25', 'OK']),
      );
      if (reg >= 0 && ati >= 0) {
        const okAfterAti = all.indexOf('OK', ati);
        positions.add(reg < ati ? 'before-echo' : reg < okAfterAti ? 'between' : 'after');
      }
      for (const l of all) expect(l).toMatch(/^(AT.*|\+CREG: [0125]|\+CPIN: READY|\+QUSIM: 1|\+QIND: (SMS|PB) DONE|Quectel|EC25|Revision: .+|OK)$/);
      await h.close();
      await bench.dispose();
    }
    expect(positions.size).toBeGreaterThanOrEqual(2);
  });
});
