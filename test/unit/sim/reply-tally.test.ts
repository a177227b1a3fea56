import { describe, expect, it } from 'vitest';
import { ModemSimulator } from '../../../src-main/core/sim/index';
import { TestHost, at, simFixture, tick } from '../../helpers/sim-host';

const fx = simFixture();

describe('reply tally (the benchmark ideal)', () => {
  it('sums each modem its own drawn reply delays', async () => {
    fx.bench = new ModemSimulator({ count: 2, chunking: false, latency: { short: { min: 7, max: 7 }, cops: { min: 40, max: 40 } } });
    const a = await TestHost.of(fx.bench, 0);
    const b = await TestHost.of(fx.bench, 1);
    fx.hosts.push(a, b);
    await at(a, 'AT+CSQ', 7);
    await at(a, 'AT+COPS?', 40);
    await at(b, 'ATI', 7);
    expect(fx.bench.modems[0]!.replyTally).toEqual({ replies: 2, delayMs: 47, lateMs: 0 });
    expect(fx.bench.modems[1]!.replyTally).toEqual({ replies: 1, delayMs: 7, lateMs: 0 });
  });

  it('counts replies but no delay with latency off', async () => {
    fx.bench = new ModemSimulator({ count: 1, chunking: false, latency: 0 });
    const h = await TestHost.of(fx.bench, 0);
    fx.hosts.push(h);
    await at(h, 'AT+CSQ');
    await at(h, 'AT+CREG?');
    await tick();
    expect(fx.bench.modems[0]!.replyTally).toEqual({ replies: 2, delayMs: 0, lateMs: 0 });
  });

  it('draws within the default short class for an ordinary command', async () => {
    fx.bench = new ModemSimulator({ count: 1, chunking: false });
    const h = await TestHost.of(fx.bench, 0);
    fx.hosts.push(h);
    await at(h, 'AT+CSQ', 30);
    const t = fx.bench.modems[0]!.replyTally;
    expect(t.replies).toBe(1);
    expect(t.delayMs).toBeGreaterThanOrEqual(2);
    expect(t.delayMs).toBeLessThanOrEqual(30);
  });
});
