import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AtSession } from '../../../src-main/core/at/session';
import { PortPool } from '../../../src-main/core/serial';
import { reply, scriptedBinding } from '../../helpers/scripted-binding';
import type * as Parsers from '../../../src-main/core/at/parsers';

// Every parse the session does goes through this count: parsing a reply nobody reads is the cost this file is about.
const calls = vi.hoisted(() => ({ n: 0 }));
vi.mock('../../../src-main/core/at/parsers', async (importOriginal) => {
  const real = await importOriginal<typeof Parsers>();
  return {
    ...real,
    responseParserFor: (command: string) => {
      const parse = real.responseParserFor(command);
      return (lines: string[]) => {
        calls.n++;
        return parse(lines);
      };
    },
  };
});

async function open() {
  const { binding } = scriptedBinding((line) => {
    if (line === 'AT+CSQ') return [{ afterMs: 5, bytes: reply(line, '+CSQ: 23,99', 'OK') }];
    if (line === 'AT+CREG?') return [{ afterMs: 5, bytes: reply(line, '+CME ERROR: 10') }];
    return [{ afterMs: 5, bytes: reply(line, 'ERROR') }];
  });
  const pool = new PortPool({ binding });
  const port = await pool.open('script0');
  return { pool, session: new AtSession(port) };
}

describe('AtSession parses a reply when its parsed fields are first read', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    calls.n = 0;
  });
  afterEach(() => vi.useRealTimers());

  it('does not parse an answer nobody reads, parses it once on the first read of parsed, and keeps the result', async () => {
    const { pool, session } = await open();
    const p = session.exec('AT+CSQ');
    await vi.advanceTimersByTimeAsync(20);
    const r = await p;
    expect(r.lines).toEqual(['+CSQ: 23,99']);
    expect(r.final.success).toBe(true);
    expect(calls.n).toBe(0);
    const parsed = r.parsed;
    expect(parsed).toMatchObject({ type: 'csq', rssi: 23, rssiDbm: -67 });
    expect(r.parsed).toBe(parsed);
    expect(calls.n).toBe(1);
    session.dispose();
    await pool.close();
  });

  it('gives null without parsing for an error final', async () => {
    const { pool, session } = await open();
    const p = session.exec('AT+CREG?');
    await vi.advanceTimersByTimeAsync(20);
    const r = await p;
    expect(r.final).toMatchObject({ kind: 'cme-error', code: 10 });
    expect(r.parsed).toBeNull();
    expect(calls.n).toBe(0);
    session.dispose();
    await pool.close();
  });

  it('serialises to the same JSON as the plain response it replaces, parsed fields included, in the same key order', async () => {
    const { pool, session } = await open();
    const p = session.exec('AT+CSQ');
    await vi.advanceTimersByTimeAsync(20);
    const r = await p;
    const json = JSON.parse(JSON.stringify(r)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['command', 'echo', 'lines', 'final', 'parsed', 'urcs', 'latencyMs', 'damaged']);
    expect(json).toEqual({
      command: 'AT+CSQ',
      echo: 'AT+CSQ',
      lines: ['+CSQ: 23,99'],
      final: { kind: 'ok', success: true, raw: 'OK', code: null, text: null },
      parsed: JSON.parse(JSON.stringify(r.parsed)) as unknown,
      urcs: [],
      latencyMs: r.latencyMs,
      damaged: false,
    });
    expect(json.parsed).toMatchObject({ type: 'csq', rssi: 23 });
    session.dispose();
    await pool.close();
  });
});
