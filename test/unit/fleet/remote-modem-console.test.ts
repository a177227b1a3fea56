/**
 * A remote modem's console in the app (issue 17): the host's history first,
 * lines pushed meanwhile after it, and each of the host's lines once, even
 * when a coalesced push carries lines the history already held (the host
 * flushes its pending lines up to 100 ms late); a host back after going
 * away (restarted: numbering its lines from 1 again) is read again before
 * its pushes are shown.
 */
import { describe, expect, it } from 'vitest';
import type { ConsoleEntry, ModemView } from '../../../src-preload/contract';
import { RemoteModem } from '../../../src-main/core/fleet/app-source';
import { Mutex } from '../../../src-main/core/recovery';
import type { RemoteModemSource } from '../../../src-main/core/fleet/remote-source';

const line = (seq: number, text: string): ConsoleEntry => ({ seq, at: 1000 + seq, kind: 'tx', text });

function modem(history: ConsoleEntry[] | Error | (() => ConsoleEntry[])): RemoteModem {
  const source = {
    forward: async (_key: string, channel: string, input: { afterSeq?: number }) => {
      if (channel === 'modem.timeline') return { events: [] };
      expect(channel).toBe('modem.transcript');
      if (history instanceof Error) throw history;
      const all = typeof history === 'function' ? history() : history;
      return { entries: all.filter((e) => e.seq > (input.afterSeq ?? 0)) };
    },
  } as unknown as RemoteModemSource;
  return new RemoteModem('h:1/860000000000001', { id: 'h:1/860000000000001', host: 'h:1', simulated: true, label: 'sim0@h:1', identity: { imei: '860000000000001' }, state: 'idle' } as unknown as ModemView, source);
}

const texts = (m: RemoteModem): string[] => m.console.after(0, 100).map((e) => e.text);

describe('a remote modem\'s console', () => {
  it('history first, held pushes after it, each host line once', async () => {
    let host = [line(4, 'ATI'), line(5, 'AT+CSQ')];
    const m = modem(() => host);
    // Pushed while the history is on its way: held.
    expect(m.pushed([line(5, 'AT+CSQ'), line(6, 'AT+CGSN')])).toBe(false);
    expect(texts(m)).toEqual([]);
    await m.catchUp();
    expect(texts(m)).toEqual(['ATI', 'AT+CSQ', 'AT+CGSN']);
    // A late coalesced push of lines already in: not added again.
    expect(m.pushed([line(4, 'ATI'), line(5, 'AT+CSQ')])).toBe(false);
    expect(m.pushed([line(7, 'AT')])).toBe(true);
    expect(texts(m)).toEqual(['ATI', 'AT+CSQ', 'AT+CGSN', 'AT']);
    // Its host restarted: numbering from 1 again; its pushes wait until what it wrote is read.
    m.hostLost();
    host = [line(1, 'AT+CFUN?'), line(2, 'AT+CREG?')];
    expect(m.pushed([line(2, 'AT+CREG?'), line(3, 'AT+COPS?')])).toBe(false);
    await m.catchUp();
    expect(texts(m).slice(4)).toEqual([expect.stringMatching(/was away .* and restarted meanwhile; the 2 lines it wrote since follow$/), 'AT+CFUN?', 'AT+CREG?', 'AT+COPS?']);
  });

  it('a history that cannot be read leaves the console to what comes next', async () => {
    const m = modem(new Error('host went away'));
    m.pushed([line(9, 'AT')]);
    await m.catchUp();
    expect(texts(m)).toEqual(['AT']);
  });

  it('a host\'s modems catching up at once read at most the shared bound at a time, and each gets its lines', async () => {
    let inFlight = 0;
    let most = 0;
    const gates: (() => void)[] = [];
    const source = {
      forward: async (key: string, channel: string) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise<void>((r) => gates.push(r));
        inFlight--;
        return channel === 'modem.timeline' ? { events: [] } : { entries: [{ ...line(1, `ATI ${key}`) }] };
      },
    } as unknown as RemoteModemSource;
    const reads = new Mutex(3);
    const modems = Array.from({ length: 10 }, (_v, i) => new RemoteModem(`h:1/${i}`, { id: `h:1/${i}`, host: 'h:1', simulated: true, label: `sim${i}@h:1`, identity: { imei: null }, state: 'idle' } as unknown as ModemView, source, { reads }));
    const all = Promise.all(modems.map((m) => m.catchUp()));
    // Bounded: a catch-up that stalls fails here with a message, not as a bare test timeout.
    for (let turn = 0; modems.some((m) => texts(m).length === 0); turn++) {
      if (turn > 1000) throw new Error('the catch-up stalled: some modems never got their lines');
      await new Promise((r) => setImmediate(r));
      gates.splice(0).forEach((go) => go());
    }
    await all;
    expect(most).toBe(3);
    expect(modems.map((m) => texts(m))).toEqual(modems.map((m) => [`ATI ${m.key}`]));
  });
});
