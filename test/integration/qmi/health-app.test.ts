import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppService } from '../../../src-main/core/service';
import { SimModem } from '../../../src-main/core/sim/modem';

/** Every AT line the simulated modems receive, counted at the simulator (not at the host's session). */
function atAtSimulator() {
  const spy = vi.spyOn(SimModem.prototype, 'execute');
  return {
    lines: (m: SimModem) => spy.mock.calls.filter((_, i) => spy.mock.contexts[i] === m).map((c) => c[1]),
    modems: () => [...new Set(spy.mock.contexts as SimModem[])],
  };
}
const SIGNAL_AT = /^AT\+(CSQ|QENG="servingcell")$/i;

describe('a simulated modem in the app reads its health signal over QMI (issue 15)', () => {
  let app: AppService | null = null;
  beforeEach(() => vi.useFakeTimers());
  afterEach(async () => {
    const stopping = app?.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    await stopping;
    app = null;
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  async function start() {
    const sim = atAtSimulator();
    app = new AppService({ version: 'test', dataDir: null, logDir: '/nonexistent', logFile: null, logger: pino({ level: 'silent' }), eventIntervalMs: 20, consoleIntervalMs: 10, simOptions: { latency: 0 } });
    const starting = app.start().then(() => app!.startSimulated(1, 5));
    await vi.advanceTimersByTimeAsync(5_000);
    await starting;
    const m = sim.modems()[0]!;
    return { sim, m };
  }

  it('polls signal through NAS Get Signal Info: no AT+CSQ/AT+QENG health command reaches its AT port', async () => {
    const { sim, m } = await start();
    const answeredBefore = m.qmi!.answered;
    await vi.advanceTimersByTimeAsync(95_000); // three more 30 s health polls
    const lines = sim.lines(m);
    expect(lines.filter((l) => /^AT\+CEREG\?$/i.test(l)).length).toBeGreaterThanOrEqual(4);
    expect(lines.filter((l) => SIGNAL_AT.test(l))).toEqual([]);
    expect(m.qmi!.answered).toBeGreaterThan(answeredBefore);
    const h = app!.list().modems[0]!;
    // SINR comes only from QMI's LTE SNR or AT+QENG: with no QENG sent, a SINR proves the QMI reading landed.
    expect(h.signal).toMatchObject({ rsrp: expect.any(Number), rsrq: expect.any(Number), sinr: expect.any(Number) });
    // Held only per read: the QMI port is free between polls for the engineer's own requests.
    expect(m.qmi!.attached).toBe(false);
  });

  it('falls back to AT+CSQ/AT+QENG for a poll whose QMI read gets no answer, then goes back to QMI', async () => {
    const { sim, m } = await start();
    m.qmi!.injectFault('no-answer', 1);
    const n0 = sim.lines(m).length;
    await vi.advanceTimersByTimeAsync(40_000); // one poll, its 5 s QMI timeout, then AT
    const fallback = sim.lines(m).slice(n0);
    expect(fallback.filter((l) => SIGNAL_AT.test(l)).sort()).toEqual(['AT+CSQ', 'AT+QENG="servingcell"']);
    const n1 = sim.lines(m).length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sim.lines(m).slice(n1).filter((l) => SIGNAL_AT.test(l))).toEqual([]);
  });
});
