import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AtSession, type DiscardEvent } from '../../../src-main/core/at/session';
import type { UrcEvent } from '../../../src-main/core/at/types';
import { isCancelledError, isDisconnectedError, isProtocolError, isTimeoutError } from '../../../src-main/core/errors';
import { PortPool } from '../../../src-main/core/serial';
import { type Reply, reply, scriptedBinding } from '../../helpers/scripted-binding';

/** A modem that answers AT+SIMTAG=<x> with +SIMTAG: <x> after `delay(x)` ms, and the resync sentinel promptly. */
function taggedModem(delay: (tag: string) => number = () => 5) {
  return scriptedBinding((line): Reply => {
    const tag = /^AT\+SIMTAG=(.*)$/.exec(line);
    if (tag) return [{ afterMs: delay(tag[1]!), bytes: reply(line, `+SIMTAG: ${tag[1]}`, 'OK') }];
    const regs = sentinelAnswer(line);
    if (regs) return [{ afterMs: 2, bytes: reply(line, ...regs, 'OK') }];
    if (line === 'ATE1' || line === 'AT') return [{ afterMs: 2, bytes: reply(line, 'OK') }];
    return [{ afterMs: 2, bytes: reply(line, 'ERROR') }];
  });
}

/** The resync sentinel reads S3/S4 (V.250): `ATS3?S4?...` answers 013/010 per read. */
function sentinelAnswer(line: string): string[] | null {
  if (!/^AT(S[34]\?)+$/.test(line)) return null;
  return [...line.matchAll(/S([34])\?/g)].map((m) => (m[1] === '3' ? '013' : '010'));
}

async function open(binding: ReturnType<typeof scriptedBinding>['binding']) {
  const pool = new PortPool({ binding });
  const port = await pool.open('script0');
  return { pool, port, session: new AtSession(port) };
}

describe('AtSession', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('separates echo, info lines and the final, and measures latency from the end of the write', async () => {
    const { binding, modem } = scriptedBinding((line) => [{ afterMs: 40, bytes: reply(line, '+CSQ: 23,99', 'OK') }]);
    modem.writeDelayMs = 100;
    const { pool, session } = await open(binding);
    const p = session.exec('AT+CSQ');
    await vi.advanceTimersByTimeAsync(200);
    const r = await p;
    expect(r.echo).toBe('AT+CSQ');
    expect(r.lines).toEqual(['+CSQ: 23,99']);
    expect(r.final).toMatchObject({ kind: 'ok', success: true, raw: 'OK' });
    expect(r.parsed).toMatchObject({ type: 'csq', rssi: 23, rssiDbm: -67 });
    // The reply came 40 ms after the write completed (the write itself took 100 ms).
    expect(r.latencyMs).toBeCloseTo(40, 0);
    expect(modem.written).toEqual(['AT+CSQ']);
    session.dispose();
    await pool.close();
  });

  it('starts the timeout when the write completes, not when it starts', async () => {
    const { binding, modem } = scriptedBinding((line) => [{ afterMs: 900, bytes: reply(line, 'OK') }]);
    modem.writeDelayMs = 500;
    const { pool, session } = await open(binding);
    const p = session.exec('AT', { timeoutMs: 1000 });
    await vi.advanceTimersByTimeAsync(1500);
    await expect(p).resolves.toMatchObject({ final: { kind: 'ok' } });
    await pool.close();
  });

  it('routes URCs before the echo, between lines and glued after the final to subscribers, never into lines', async () => {
    const { binding } = scriptedBinding((line) => [
      { afterMs: 5, bytes: '\r\n+QGPSURC: "xtradataexpire",0,"1980/01/05,23:59:48"\r\n' },
      { afterMs: 6, bytes: `${line}\r\r\n+CREG: 2,1,"1A2B","01234567",7\r\n\r\n+CEREG: 5,"1A2B","0123` },
      { afterMs: 7, bytes: '4567",7\r\n\r\nOK\r\n\r\n+QIND: PB DONE\r\n' },
    ]);
    const { pool, session } = await open(binding);
    const urcs: UrcEvent[] = [];
    session.onUrc((u) => urcs.push(u));
    const p = session.exec('AT+CREG?');
    await vi.advanceTimersByTimeAsync(20);
    const r = await p;
    expect(r.lines).toEqual(['+CREG: 2,1,"1A2B","01234567",7']);
    expect(r.parsed).toMatchObject({ type: 'creg', stat: 1 });
    expect(urcs.map((u) => u.name)).toEqual(['+QGPSURC', '+CEREG', '+QIND']);
    expect(r.urcs.map((u) => u.name)).toEqual(['+QGPSURC', '+CEREG']);
    await pool.close();
  });

  it('never attributes a late reply to the next command: it resyncs and discards the late bytes', async () => {
    // The first command's answer comes 1.5 s after its timeout, while the sentinel waits behind it.
    const { binding, modem } = taggedModem((tag) => (tag === 'first' ? 2500 : 5));
    const { pool, session } = await open(binding);
    const discards: DiscardEvent[] = [];
    session.onDiscard((d) => discards.push(d));

    const first = session.exec('AT+SIMTAG=first', { timeoutMs: 1000 });
    const firstFailed = expect(first).rejects.toSatisfy(isTimeoutError);
    await vi.advanceTimersByTimeAsync(1000);
    await firstFailed;
    expect(session.needsResync).toBe(true);

    const second = session.exec('AT+SIMTAG=second', { timeoutMs: 1000 });
    await vi.advanceTimersByTimeAsync(2000);
    const r = await second;
    expect(r.lines).toEqual(['+SIMTAG: second']);
    expect(session.needsResync).toBe(false);
    expect(discards.filter((d) => d.reason === 'late').map((d) => d.text)).toEqual(['AT+SIMTAG=first', '+SIMTAG: first', 'OK']);
    // The sentinel went out before the second command did.
    expect(modem.written[1]).toMatch(/^AT(S[34]\?){4}$/);
    expect(modem.written[2]).toBe('AT+SIMTAG=second');
    await pool.close();
  });

  it('waits for a reply 9 s past its timeout, discards it, and answers the next command with its own reply', async () => {
    const { binding } = taggedModem((tag) => (tag === 'very-late' ? 10_000 : 5));
    const { pool, session } = await open(binding);
    const late = session.exec('AT+SIMTAG=very-late', { timeoutMs: 1000 });
    const lateFailed = expect(late).rejects.toSatisfy(isTimeoutError);
    await vi.advanceTimersByTimeAsync(1000);
    await lateFailed;
    // The sentinels queue behind the late reply; their windows grow (2, 4, 8 s) until one is answered.
    const next = session.exec('AT+SIMTAG=next');
    await vi.advanceTimersByTimeAsync(12_000);
    expect((await next).lines).toEqual(['+SIMTAG: next']);
    const after = session.exec('AT+SIMTAG=after');
    await vi.advanceTimersByTimeAsync(100);
    expect((await after).lines).toEqual(['+SIMTAG: after']);
    await pool.close();
  });

  it('fails fast with a protocol error when the channel cannot be resynced, and recovers when it answers again', async () => {
    let mute = true;
    const { binding } = scriptedBinding((line) => (mute ? [] : [{ afterMs: 3, bytes: reply(line, ...(sentinelAnswer(line) ?? []), 'OK') }]));
    const { pool, session } = await open(binding);
    const a = session.exec('AT', { timeoutMs: 500 });
    const aFailed = expect(a).rejects.toSatisfy(isTimeoutError);
    await vi.advanceTimersByTimeAsync(500);
    await aFailed;
    const b = session.exec('AT');
    const bFailed = expect(b).rejects.toSatisfy((e) => isProtocolError(e) && /no answer to/.test((e as Error).message));
    // Four sentinels, each waiting twice as long as the one before: 2 + 4 + 8 + 16 s, then a typed error.
    await vi.advanceTimersByTimeAsync(30_100);
    await bFailed;
    mute = false;
    const c = session.exec('AT');
    await vi.advanceTimersByTimeAsync(50);
    await expect(c).resolves.toMatchObject({ final: { kind: 'ok' } });
    await pool.close();
  });

  it('understands ATV0 numeric result codes and switches back with ATV1', async () => {
    let numeric = false;
    const { binding } = scriptedBinding((line) => {
      if (line === 'ATV0') {
        numeric = true;
        return [{ afterMs: 2, bytes: `${line}\r0\r` }];
      }
      if (line === 'ATV1') {
        numeric = false;
        return [{ afterMs: 2, bytes: reply(line, 'OK') }];
      }
      if (line === 'ATS3?') return [{ afterMs: 2, bytes: numeric ? `${line}\r013\r\n0\r` : reply(line, '013', 'OK') }];
      return [{ afterMs: 2, bytes: numeric ? `${line}\r4\r` : reply(line, 'ERROR') }];
    });
    const { pool, session } = await open(binding);
    const v0 = session.exec('ATV0');
    await vi.advanceTimersByTimeAsync(10);
    expect((await v0).final).toMatchObject({ kind: 'ok', raw: '0' });
    expect(session.resultMode).toBe('numeric');
    const s3 = session.exec('ATS3?');
    await vi.advanceTimersByTimeAsync(10);
    expect(await s3).toMatchObject({ lines: ['013'], final: { kind: 'ok', raw: '0' } });
    const bad = session.exec('AT+NOPE');
    await vi.advanceTimersByTimeAsync(10);
    expect((await bad).final).toMatchObject({ kind: 'error', success: false, raw: '4' });
    const v1 = session.exec('ATV1');
    await vi.advanceTimersByTimeAsync(10);
    await v1;
    expect(session.resultMode).toBe('verbose');
    // In verbose mode a lone digit is information, not a final.
    const s3v = session.exec('ATS3?');
    await vi.advanceTimersByTimeAsync(10);
    expect(await s3v).toMatchObject({ lines: ['013'], final: { raw: 'OK' } });
    await pool.close();
  });

  it('a verbose modem\'s lone-digit info line split between its CR and LF is information, not a numeric final', async () => {
    const { binding } = scriptedBinding((line) =>
      line === 'AT+QDIGIT'
        ? [
            { afterMs: 2, bytes: `${line}\r\r\n5\r` },
            { afterMs: 3, bytes: '\n\r\nOK\r\n' },
          ]
        : [{ afterMs: 2, bytes: reply(line, 'OK') }],
    );
    const { pool, session } = await open(binding);
    await Promise.all([session.exec('AT'), vi.advanceTimersByTimeAsync(10)]); // OK: the modem is verbose
    const p = session.exec('AT+QDIGIT');
    await vi.advanceTimersByTimeAsync(20);
    expect(await p).toMatchObject({ lines: ['5'], final: { raw: 'OK' } });
    await pool.close();
  });

  it('answers the SMS prompt with the payload and Ctrl-Z, and ignores the echoed body', async () => {
    const { binding, modem } = scriptedBinding((line) =>
      line.startsWith('AT+CMGS') ? [{ afterMs: 3, bytes: `${line}\r\r\n> ` }] : [],
    );
    const { pool, port, session } = await open(binding);
    const sent: string[] = [];
    port.onData(() => undefined);
    const orig = port.write.bind(port);
    vi.spyOn(port, 'write').mockImplementation((d, s) => {
      sent.push(Buffer.from(d as string, 'latin1').toString('latin1'));
      if (String(d).endsWith('\x1a')) modem.emit('Hello bench\r\n+CMGS: 42\r\n\r\nOK\r\n');
      return orig(d, s);
    });
    const p = session.exec('AT+CMGS="+15551234567"', { payload: 'Hello bench' });
    await vi.advanceTimersByTimeAsync(20);
    const r = await p;
    expect(sent).toEqual(['AT+CMGS="+15551234567"\r', 'Hello bench\x1a']);
    expect(r.lines).toEqual(['+CMGS: 42']);
    expect(r.final.kind).toBe('ok');
    await pool.close();
  });

  it('rejects the command in flight with a disconnect when the port vanishes', async () => {
    const { binding, modem } = scriptedBinding(() => []);
    const { pool, session } = await open(binding);
    const p = session.exec('AT+COPS=?');
    const failed = expect(p).rejects.toSatisfy(isDisconnectedError);
    await vi.advanceTimersByTimeAsync(10);
    modem.unplug();
    await failed;
    expect(session.state).toBe('disconnected');
    await expect(session.exec('AT')).rejects.toSatisfy(isDisconnectedError);
    await pool.close();
  });

  it('cancels through an AbortSignal and resyncs before the next command', async () => {
    const { binding, modem } = taggedModem((tag) => (tag === 'long' ? 60_000 : 5));
    const { pool, session } = await open(binding);
    const ac = new AbortController();
    const p = session.exec('AT+SIMTAG=long', { signal: ac.signal });
    const cancelled = expect(p).rejects.toSatisfy(isCancelledError);
    await vi.advanceTimersByTimeAsync(100);
    ac.abort('user');
    await cancelled;
    expect(session.needsResync).toBe(true);
    await pool.close();
    expect(modem.written).toEqual(['AT+SIMTAG=long']);
  });

  it('rejects multi-line or empty commands with a TypeError and loses nothing', async () => {
    const { binding, modem } = taggedModem();
    const { pool, session } = await open(binding);
    await expect(session.exec('AT\r\nAT+CFUN=0')).rejects.toThrow(TypeError);
    await expect(session.exec('')).rejects.toThrow(TypeError);
    expect(modem.written).toEqual([]);
    await pool.close();
  });
  describe('one timer per session', () => {
    it('a command after a long-timeout one times out at its own deadline, not the earlier timer\'s', async () => {
      // first answers in 5 ms with a 10 s timeout; then a hang with 300 ms.
      const { binding } = taggedModem((tag) => (tag === 'hang' ? 60_000 : 5));
      const { pool, session } = await open(binding);
      const first = session.exec('AT+SIMTAG=fast', { timeoutMs: 10_000 });
      await vi.advanceTimersByTimeAsync(10);
      await expect(first).resolves.toMatchObject({ lines: ['+SIMTAG: fast'] });
      let settled = false;
      const p = session.exec('AT+SIMTAG=hang', { timeoutMs: 300 });
      p.catch(() => undefined).finally(() => (settled = true));
      await vi.advanceTimersByTimeAsync(290);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(20);
      await expect(p).rejects.toSatisfy(isTimeoutError);
      expect(settled).toBe(true);
      session.dispose();
      await pool.close();
    });

    it('a command after a short-timeout one gets its whole (longer) timeout: the early timer re-arms', async () => {
      const { binding } = taggedModem((tag) => (tag === 'slow' ? 2_000 : 5));
      const { pool, session } = await open(binding);
      await Promise.all([session.exec('AT+SIMTAG=a', { timeoutMs: 300 }), vi.advanceTimersByTimeAsync(10)]);
      // The timer armed for the first command (300 ms) fires while this one runs; it must not end it.
      const p = session.exec('AT+SIMTAG=slow', { timeoutMs: 5_000 });
      await vi.advanceTimersByTimeAsync(2_100);
      await expect(p).resolves.toMatchObject({ lines: ['+SIMTAG: slow'] });
      const q = session.exec('AT+SIMTAG=slow', { timeoutMs: 1_000 });
      const timedOut = expect(q).rejects.toSatisfy(isTimeoutError);
      await vi.advanceTimersByTimeAsync(1_001);
      await timedOut;
      session.dispose();
      await pool.close();
    });

    it('leaves no timer behind once disposed', async () => {
      const { binding } = taggedModem();
      const { pool, session } = await open(binding);
      await Promise.all([session.exec('AT+SIMTAG=a', { timeoutMs: 60_000 }), vi.advanceTimersByTimeAsync(10)]);
      expect(vi.getTimerCount()).toBeGreaterThan(0); // the armed timer outlives the command...
      session.dispose();
      await pool.close();
      expect(vi.getTimerCount()).toBe(0); // ...but not the session
    });
  });

  it('listens once to a signal shared by many commands and cancels only the command in flight', async () => {
    const { binding, modem } = taggedModem((tag) => (tag === 'long' ? 60_000 : 5));
    const { pool, session } = await open(binding);
    const ac = new AbortController();
    let adds = 0;
    let removes = 0;
    const add = ac.signal.addEventListener.bind(ac.signal);
    const remove = ac.signal.removeEventListener.bind(ac.signal);
    ac.signal.addEventListener = ((...a: Parameters<typeof add>) => (adds++, add(...a))) as typeof add;
    ac.signal.removeEventListener = ((...a: Parameters<typeof remove>) => (removes++, remove(...a))) as typeof remove;
    for (const tag of ['a', 'b', 'c']) {
      await Promise.all([session.exec(`AT+SIMTAG=${tag}`, { signal: ac.signal }), vi.advanceTimersByTimeAsync(10)]);
    }
    expect(adds).toBe(1);
    const other = session.exec('AT+SIMTAG=d', { signal: new AbortController().signal });
    await vi.advanceTimersByTimeAsync(10);
    await expect(other).resolves.toMatchObject({ lines: ['+SIMTAG: d'] });
    expect(removes).toBe(1); // moved to the other signal
    // The old signal firing now touches nothing.
    const p = session.exec('AT+SIMTAG=long', { signal: ac.signal });
    const cancelled = expect(p).rejects.toSatisfy(isCancelledError);
    await vi.advanceTimersByTimeAsync(10);
    ac.abort('user');
    await cancelled;
    expect(modem.written.filter((l) => l.startsWith('AT+SIMTAG'))).toEqual(['AT+SIMTAG=a', 'AT+SIMTAG=b', 'AT+SIMTAG=c', 'AT+SIMTAG=d', 'AT+SIMTAG=long']);
    session.dispose();
    expect(removes).toBe(2);
    await pool.close();
  });

  it('runs commands given at once one after another, in order, each with its own answer', async () => {
    const { binding, modem } = taggedModem((tag) => Number(tag) * 3);
    const { pool, session } = await open(binding);
    const tags = ['9', '1', '5', '2', '7'];
    const all = Promise.all(tags.map((t) => session.exec(`AT+SIMTAG=${t}`)));
    expect(session.queued).toBe(4);
    await vi.advanceTimersByTimeAsync(200);
    const rs = await all;
    expect(rs.map((r) => r.lines[0])).toEqual(tags.map((t) => `+SIMTAG: ${t}`));
    expect(modem.written).toEqual(tags.map((t) => `AT+SIMTAG=${t}`));
    expect(session.queued).toBe(0);
    session.dispose();
    await pool.close();
  });
});
