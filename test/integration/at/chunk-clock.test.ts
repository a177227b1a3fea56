import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AtSession, type TraceEvent } from '../../../src-main/core/at/session';
import type { UrcEvent } from '../../../src-main/core/at/types';
import { PortPool } from '../../../src-main/core/serial';
import { scriptedBinding } from '../../helpers/scripted-binding';

/**
 * The clock is read once per chunk (issue 16): every line framed from a chunk
 * happened when the chunk was read, so its trace event, a URC in it and the
 * transcript's entry for it carry that one reading. Date.now() here moves on at
 * every call, so a second reading inside one chunk would show.
 */
describe('one clock reading per received chunk', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('stamps the lines, URCs and transcript entry of one chunk with the same time, and the next chunk with a later one', async () => {
    const { binding } = scriptedBinding((line) => [
      { afterMs: 5, bytes: `${line}\r\r\n+CSQ: 23,99\r\n\r\n+CREG: 5\r\n` },
      { afterMs: 6, bytes: '\r\nOK\r\n' },
    ]);
    const pool = new PortPool({ binding });
    const port = await pool.open('script0');
    const session = new AtSession(port);
    const traces: TraceEvent[] = [];
    const urcs: UrcEvent[] = [];
    session.onTrace((t) => traces.push(t));
    session.onUrc((u) => urcs.push(u));
    let t = 1_000_000;
    const now = vi.spyOn(Date, 'now').mockImplementation(() => (t += 7));

    const p = session.exec('AT+CSQ');
    await vi.advanceTimersByTimeAsync(20);
    const r = await p;
    expect(r.lines).toEqual(['+CSQ: 23,99']);

    const rx = port.transcript.entries().filter((e) => e.dir === 'rx');
    expect(rx).toHaveLength(2);
    const at = (kind: string, text: string): number | undefined => traces.find((e) => e.kind === kind && e.text === text)?.at;
    // First chunk: echo, the info line and the URC.
    expect(at('echo', 'AT+CSQ')).toBe(rx[0]!.at);
    expect(at('info', '+CSQ: 23,99')).toBe(rx[0]!.at);
    expect(at('urc', '+CREG: 5')).toBe(rx[0]!.at);
    expect(urcs.map((u) => u.at)).toEqual([rx[0]!.at]);
    // Second chunk: the final, at its own reading.
    expect(at('final', 'OK')).toBe(rx[1]!.at);
    expect(rx[1]!.at).toBeGreaterThan(rx[0]!.at);
    // Outside a chunk (the command going out) the clock is read as before.
    expect(at('tx', 'AT+CSQ')).toBeLessThan(rx[0]!.at);
    expect(now).toHaveBeenCalled();
    session.dispose();
    await pool.close();
  });

  it('reads no clock for a chunk without a transcript until something asks for the time', async () => {
    const { binding } = scriptedBinding((line) => [{ afterMs: 5, bytes: `${line}\r\r\n+CSQ: 23,99\r\n\r\nOK\r\n` }]);
    const pool = new PortPool({ binding, port: { recordTranscript: false } });
    const port = await pool.open('script0');
    const seen: number[] = [];
    port.onData(() => {
      seen.push(port.now(), port.now());
    });
    let t = 5_000;
    vi.spyOn(Date, 'now').mockImplementation(() => (t += 1));
    port.write('AT+CSQ\r').catch(() => undefined);
    await vi.advanceTimersByTimeAsync(20);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(seen[1]);
    // Between chunks now() is the clock itself.
    expect(port.now()).toBeGreaterThan(seen[0]!);
    await pool.close();
  });
});
