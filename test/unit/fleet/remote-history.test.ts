/**
 * A remote modem's console and timeline across its host going away and
 * coming back (issue 17): what the host wrote meanwhile is read and shown
 * once, in order, after one line that marks the gap, before what it pushes
 * after; a restarted host (numbering from 1 again) is told apart from the
 * same process by the line it holds under the last number shown; more than
 * one read's worth is said to be missing; a host gone again while it is read
 * is read again at the next rejoin. Against a host fake that keeps its own
 * numbering, as ConsoleLog.after and the timeline do.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleEntry, TimelineEventView } from '../../../src-preload/contract';
import { ApiError } from '../../../src-preload/contract';
import { HostUnreachableError } from '../../../src-main/core/fleet/errors';
import { RemoteHistory } from '../../../src-main/core/fleet/remote-history';
import { ConsoleLog } from '../../../src-main/core/service/console-log';

/** One host process: its console and timeline, numbered from 1. */
class FakeHost {
  lines: ConsoleEntry[] = [];
  events: TimelineEventView[] = [];
  down = false;
  /** Answers reads with a refusal of its own (its queue full), as a loaded host may. */
  busy = false;
  write(text: string): ConsoleEntry {
    const e: ConsoleEntry = { seq: this.lines.length + 1, at: Date.now(), kind: 'tx', text };
    this.lines.push(e);
    return e;
  }
  event(kind: string): TimelineEventView {
    const e: TimelineEventView = { seq: this.events.length + 1, at: Date.now(), kind, step: null, cause: null, detail: null };
    this.events.push(e);
    return e;
  }
}

const clock = (at: number): string => new Date(at).toTimeString().slice(0, 8);

function follow(o: { lines?: number } = {}) {
  let host = new FakeHost();
  const log = new ConsoleLog();
  const added: TimelineEventView[] = [];
  let notified = 0;
  const h = new RemoteHistory(
    log,
    {
      transcript: async (afterSeq, limit) => {
        if (host.down) throw new HostUnreachableError('h:1', 'h:1 went away');
        if (host.busy) throw new ApiError({ code: 'queue-full', message: 'too many requests' });
        return host.lines.filter((e) => e.seq > afterSeq).slice(-limit);
      },
      timeline: async (afterSeq) => {
        if (host.down) throw new HostUnreachableError('h:1', 'h:1 went away');
        return host.events.filter((e) => e.seq > afterSeq);
      },
    },
    { host: 'h:1', ...o, onLines: () => notified++, onEvent: (ev) => added.push(ev) },
  );
  return {
    h,
    get host() {
      return host;
    },
    restart: () => (host = new FakeHost()),
    texts: () => log.after(0, 10_000).map((e) => e.text),
    added,
    notified: () => notified,
  };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date(2026, 11, 6, 12, 3, 0));
});
afterEach(() => vi.useRealTimers());

describe('a remote modem\'s history across its host going away', () => {
  it('same process: the lines written while away once, in order, after the gap line, before what it pushes after', async () => {
    const f = follow();
    f.host.write('ATI');
    f.host.write('AT+CSQ');
    f.host.event('boot');
    await f.h.catchUp();
    expect(f.texts()).toEqual(['ATI', 'AT+CSQ']);
    expect(f.h.timeline().map((e) => [e.seq, e.kind])).toEqual([[1, 'boot']]);
    f.host.write('AT');
    expect(f.h.pushLines([f.host.lines[2]!])).toBe(true);

    vi.setSystemTime(new Date(2026, 11, 6, 12, 3, 4));
    const since = Date.now();
    f.h.hostLost();
    expect(f.h.away).toBe(true);
    // Written while this app could not hear it.
    f.host.write('AT+CREG?');
    f.host.write('AT+COPS?');
    f.host.event('recovery-step');
    vi.setSystemTime(new Date(2026, 11, 6, 12, 3, 40));
    // Back: a coalesced push (old and new lines) comes before the catch-up; it waits.
    const more = f.host.write('AT+CGATT?');
    const ev = f.host.event('recovered');
    expect(f.h.pushLines(f.host.lines.slice(3))).toBe(false);
    expect(f.h.pushEvents([ev])).toEqual([]);
    const before = f.notified();
    await f.h.catchUp();
    expect(f.texts()).toEqual(['ATI', 'AT+CSQ', 'AT', `host h:1 was away ${clock(since)}–${clock(Date.now())}; 3 lines it wrote meanwhile follow`, 'AT+CREG?', 'AT+COPS?', 'AT+CGATT?']);
    expect(f.texts()[3]).toBe('host h:1 was away ' + '12:03:04–12:03:40; 3 lines it wrote meanwhile follow');
    expect(f.notified()).toBeGreaterThan(before);
    expect(f.h.away).toBe(false);
    expect(f.h.timeline().map((e) => [e.seq, e.kind])).toEqual([
      [1, 'boot'],
      [2, 'recovery-step'],
      [3, 'recovered'],
    ]);
    expect(f.added.map((e) => e.kind)).toEqual(['boot', 'recovery-step', 'recovered']);
    // Live again: a late push of a line already in is not added twice.
    expect(f.h.pushLines([more])).toBe(false);
    expect(f.h.pushEvents([ev])).toEqual([]);
  });

  it('restarted meanwhile (numbering from 1 again, as far as before and further): only its new lines, and the timeline numbered on here', async () => {
    const f = follow();
    for (const t of ['ATI', 'AT+CSQ', 'AT']) f.host.write(t);
    f.host.event('boot');
    await f.h.catchUp();
    f.h.hostLost();
    f.restart();
    vi.advanceTimersByTime(1000);
    for (const t of ['AT+CFUN?', 'AT+CREG?', 'AT+COPS?', 'AT+CGSN']) f.host.write(t);
    f.host.event('boot');
    await f.h.catchUp();
    expect(f.texts().slice(3)).toEqual([expect.stringMatching(/^host h:1 was away \d\d:\d\d:\d\d–\d\d:\d\d:\d\d and restarted meanwhile; the 4 lines it wrote since follow$/), 'AT+CFUN?', 'AT+CREG?', 'AT+COPS?', 'AT+CGSN']);
    expect(f.h.timeline().map((e) => [e.seq, e.kind])).toEqual([
      [1, 'boot'],
      [2, 'boot'],
    ]);
    expect(f.h.timeline(1).map((e) => e.seq)).toEqual([2]);
    // Its numbering goes on from the new process's.
    const next = f.host.write('AT+QTEMP');
    expect(f.h.pushLines([f.host.lines[3]!, next])).toBe(true);
    expect(f.texts().at(-1)).toBe('AT+QTEMP');
    expect(f.texts().filter((t) => t === 'AT+CGSN')).toHaveLength(1);
  });

  it('more written while away than one read holds: its last lines, the gap said to be missing lines', async () => {
    const f = follow({ lines: 3 });
    f.host.write('ATI');
    await f.h.catchUp();
    f.h.hostLost();
    for (let i = 0; i < 6; i++) f.host.write(`AT+N${i}`);
    await f.h.catchUp();
    expect(f.texts()).toEqual(['ATI', expect.stringMatching(/; the last 3 lines it wrote meanwhile follow, earlier lines are missing$/), 'AT+N3', 'AT+N4', 'AT+N5']);
  });

  it('a read the host refuses after a rejoin: the gap line says its lines could not be read, never "0 lines it wrote meanwhile"', async () => {
    const f = follow();
    f.host.write('ATI');
    await f.h.catchUp();
    f.h.hostLost();
    f.host.write('AT+WHILE-AWAY');
    f.host.busy = true;
    await f.h.catchUp();
    expect(f.texts()).toEqual(['ATI', expect.stringMatching(/^host h:1 was away \d\d:\d\d:\d\d–\d\d:\d\d:\d\d; it refused to be read: the lines it wrote meanwhile are missing$/)]);
  });

  it('gone again while it is read: nothing shown, its pushes still held, read at the next rejoin', async () => {
    const f = follow();
    f.host.write('ATI');
    await f.h.catchUp();
    f.h.hostLost();
    f.host.write('AT+CSQ');
    f.host.down = true;
    await f.h.catchUp();
    expect(f.texts()).toEqual(['ATI']);
    expect(f.h.away).toBe(true);
    expect(f.h.pushLines([f.host.write('AT')])).toBe(false);
    f.host.down = false;
    await f.h.catchUp();
    expect(f.texts()).toEqual(['ATI', expect.stringContaining('2 lines it wrote meanwhile follow'), 'AT+CSQ', 'AT']);
  });

  it('lost again during the read: that answer is dropped and read again after the next rejoin', async () => {
    const f = follow();
    f.host.write('ATI');
    await f.h.catchUp();
    f.h.hostLost();
    f.host.write('AT+CSQ');
    const reading = f.h.catchUp();
    f.h.hostLost();
    await reading;
    expect(f.texts()).toEqual(['ATI']);
    f.host.write('AT');
    await f.h.catchUp();
    expect(f.texts()).toEqual(['ATI', expect.stringContaining('2 lines it wrote meanwhile follow'), 'AT+CSQ', 'AT']);
  });
});
