/** The consoles store: transcript buffers (fetch, pushed lines, cap), tabs and panes, commands, macros, resync. */
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommandResultView, ConsoleEntry } from '../../../src-preload/contract';
import { CONSOLE_CAP, useConsolesStore } from '../../../src-renderer/stores/consoles';
import { apiError, deferred, fakeApi, type Handlers } from '../../helpers/renderer-api';

const entry = (seq: number, text = `line ${seq}`): ConsoleEntry => ({ seq, at: 1000 + seq, kind: 'rx', text });
const okResult = (modemId: string, command: string): CommandResultView => ({ modemId, command, status: 'ok', final: 'OK', lines: [], urcs: [], echo: null, parsed: null, latencyMs: 5, error: null });

/** A bench whose transcripts the test fills; every other console command answers plainly. */
function consoleApi(over: Handlers = {}) {
  const transcripts: Record<string, ConsoleEntry[]> = {};
  const api = fakeApi({
    'console.subscribe': ({ modemIds }) => ({ modems: modemIds.length }),
    'modem.transcript': ({ modemId, afterSeq = 0, limit = 5000 }) => ({ entries: (transcripts[modemId] ?? []).filter((e) => e.seq > afterSeq).slice(-limit) }),
    'console.logFile': ({ enabled }) => ({ path: enabled ? '/logs/a.log' : null }),
    'modem.exec': ({ modemId, command }) => okResult(modemId, command),
    'modem.cancel': () => ({ cancelled: true }),
    ...over,
  });
  return { api, transcripts };
}

describe('consoles store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
  });
  afterEach(() => {
    useConsolesStore().stop();
    vi.useRealTimers();
  });

  it('opening a console subscribes first, then fetches its transcript; pushed lines merge once, in order', async () => {
    const { api, transcripts } = consoleApi();
    transcripts.a = [entry(1), entry(2)];
    const c = useConsolesStore();
    await c.start();
    await vi.advanceTimersByTimeAsync(0);
    const before = api.transport.calls.length;
    c.open(['a']);
    await vi.advanceTimersByTimeAsync(0);
    const order = api.transport.calls.slice(before).map((x) => x.channel);
    expect(order).toEqual(['console.subscribe', 'modem.transcript', 'console.logFile']);
    expect(api.inputs('console.subscribe').at(-1)).toEqual({ modemIds: ['a'] });
    const buf = c.buffers.get('a')!;
    expect(buf.entries.map((e) => e.seq)).toEqual([1, 2]);

    // A repeat of what the transcript had, then two lines out of order.
    api.emit('console.entries', { modemId: 'a', entries: [entry(2), entry(4), entry(3)] });
    expect(buf.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(buf.lastSeq).toBe(4);
    // Lines of a modem without an open console are not kept.
    api.emit('console.entries', { modemId: 'b', entries: [entry(1)] });
    expect(c.buffers.has('b')).toBe(false);
  });

  it(`keeps the last ${CONSOLE_CAP} lines and counts what fell off the front; clear() counts too`, async () => {
    const { api, transcripts } = consoleApi();
    transcripts.a = Array.from({ length: CONSOLE_CAP }, (_, i) => entry(i + 1));
    const c = useConsolesStore();
    await c.start();
    c.open(['a']);
    await vi.advanceTimersByTimeAsync(0);
    const buf = c.buffers.get('a')!;
    expect(buf.entries).toHaveLength(CONSOLE_CAP);
    expect(buf.dropped).toBe(0);
    api.emit('console.entries', { modemId: 'a', entries: [entry(CONSOLE_CAP + 1), entry(CONSOLE_CAP + 2)] });
    expect(buf.entries).toHaveLength(CONSOLE_CAP);
    expect(buf.entries[0]!.seq).toBe(3);
    expect(buf.dropped).toBe(2);
    c.clear('a');
    expect(buf.entries).toHaveLength(0);
    expect(buf.dropped).toBe(CONSOLE_CAP + 2);
  });

  it('lays tabs out in panes: one shows in the focused pane, several split, closing fills from spare tabs', async () => {
    const { api } = consoleApi();
    const c = useConsolesStore();
    await c.start();
    c.open(['a', 'b', 'c']);
    expect(c.split).toBe(2);
    expect(c.panes).toEqual(['a', 'b']);
    c.show('b');
    expect(c.focusedPane).toBe(1);
    c.show('c');
    expect(c.panes).toEqual(['a', 'c']);
    expect(c.focusedModem).toBe('c');
    c.setSplit(4);
    expect(c.panes).toEqual(['a', 'c', 'b', null]);
    c.setSplit(1);
    expect(c.panes).toEqual(['a']);
    expect(c.focusedPane).toBe(0);
    c.close('a');
    expect(c.tabs).toEqual(['b', 'c']);
    expect(c.panes).toEqual(['b']);
    await vi.advanceTimersByTimeAsync(0);
    expect(api.inputs('console.subscribe').at(-1)).toEqual({ modemIds: ['b', 'c'] });
    c.closeAll();
    expect(c.tabs).toEqual([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(api.inputs('console.subscribe').at(-1)).toEqual({ modemIds: [] });
  });

  it('runs one command at a time per modem, keeps a history without repeats, and maps error codes to a status', async () => {
    const gate = deferred<CommandResultView>();
    let failWith: ReturnType<typeof apiError> | null = null;
    consoleApi({
      'modem.exec': ({ modemId, command }) => {
        if (failWith) throw failWith;
        return command === 'AT+SLOW' ? gate.promise : okResult(modemId, command);
      },
    });
    const c = useConsolesStore();
    await c.start();
    const slow = c.exec('a', 'AT+SLOW');
    expect(c.running.a?.command).toBe('AT+SLOW');
    expect(await c.exec('a', 'ATI')).toBeNull();
    gate.resolve(okResult('a', 'AT+SLOW'));
    expect((await slow)?.status).toBe('ok');
    expect(c.running.a).toBeUndefined();
    await c.exec('a', 'ATI');
    await c.exec('a', 'ATI');
    expect(c.history.a).toEqual(['AT+SLOW', 'ATI']);

    failWith = apiError('port-closed', 'the port closed');
    const r = await c.exec('a', 'AT+CSQ');
    expect(r).toMatchObject({ status: 'disconnected', final: null, error: { code: 'port-closed', message: 'the port closed' } });
    expect(c.lastResult.a).toEqual(r);
    failWith = apiError('modem-error', '+CME ERROR: 10');
    expect((await c.exec('a', 'AT+CPIN?'))?.status).toBe('error');
  });

  it('runs a macro step by step on fake time; stopMacro ends the wait and cancels the running command', async () => {
    const gate = deferred<CommandResultView>();
    const { api } = consoleApi({ 'modem.exec': ({ modemId, command }) => (command === 'AT+HANG' ? gate.promise : okResult(modemId, command)) });
    const c = useConsolesStore();
    await c.start();
    const done = c.runMacro('a', 'm', [
      { kind: 'send', command: 'ATI' },
      { kind: 'wait', ms: 5000 },
      { kind: 'send', command: 'AT+CSQ' },
    ]);
    await vi.advanceTimersByTimeAsync(0);
    expect(c.macroRuns.a).toMatchObject({ step: 2, total: 3 });
    expect(c.macroRuns.a?.waitUntil).toBe(Date.now() + 5000);
    await vi.advanceTimersByTimeAsync(4999);
    expect(api.inputs('modem.exec').map((x) => x.command)).toEqual(['ATI']);
    await vi.advanceTimersByTimeAsync(1);
    await done;
    expect(api.inputs('modem.exec').map((x) => x.command)).toEqual(['ATI', 'AT+CSQ']);
    expect(c.macroRuns.a).toBeUndefined();

    const second = c.runMacro('a', 'm2', [
      { kind: 'send', command: 'AT+HANG' },
      { kind: 'send', command: 'ATI' },
    ]);
    await vi.advanceTimersByTimeAsync(0);
    c.stopMacro('a');
    await vi.advanceTimersByTimeAsync(0);
    // Its Cancel names the command it stopped (as sent with it), not every command of this window.
    expect(api.inputs('modem.cancel')).toEqual([{ modemId: 'a', requestId: api.inputs('modem.exec').at(-1)!.requestId }]);
    expect(api.inputs('modem.exec').at(-1)!.requestId).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(c.running.a?.cancelling).toBe(true);
    gate.resolve({ ...okResult('a', 'AT+HANG'), status: 'cancelled' });
    await second;
    expect(api.inputs('modem.exec').map((x) => x.command)).toEqual(['ATI', 'AT+CSQ', 'AT+HANG']);
  });

  it('after a reconnect subscribes again and fetches only what each open console missed', async () => {
    const { api, transcripts } = consoleApi();
    transcripts.a = [entry(1), entry(2)];
    const c = useConsolesStore();
    await c.start();
    c.open(['a']);
    await vi.advanceTimersByTimeAsync(0);
    transcripts.a.push(entry(3), entry(4));
    api.reconnect();
    await vi.advanceTimersByTimeAsync(0);
    expect(api.inputs('modem.transcript').at(-1)).toEqual({ modemId: 'a', afterSeq: 2, limit: CONSOLE_CAP });
    expect(api.inputs('console.subscribe').at(-1)).toEqual({ modemIds: ['a'] });
    expect(c.buffers.get('a')!.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it('turns file logging on and remembers the path; a failed call keeps what was known', async () => {
    let broken = false;
    consoleApi({
      'console.logFile': ({ enabled }) => {
        if (broken) throw apiError('internal', 'disk full');
        return { path: enabled ? '/logs/a.log' : null };
      },
    });
    const c = useConsolesStore();
    await c.start();
    expect(await c.logFile('a', true)).toBe('/logs/a.log');
    broken = true;
    expect(await c.logFile('a', false)).toBe('/logs/a.log');
    expect(c.logFiles.a).toBe('/logs/a.log');
  });
});
