/** The broadcast store: one line to many modems, the dangerous-line confirmation, resend to the failed, cancel. */
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommandResultView } from '../../../src-preload/contract';
import { useBroadcastStore } from '../../../src-renderer/stores/broadcast';
import { apiError, deferred, fakeApi } from '../../helpers/renderer-api';

const result = (modemId: string, command: string, status: CommandResultView['status'] = 'ok', lines = ['EC25']): CommandResultView => ({
  modemId,
  command,
  status,
  final: status === 'ok' ? 'OK' : null,
  lines: status === 'ok' ? lines : [],
  urcs: [],
  echo: null,
  parsed: null,
  latencyMs: 5,
  error: status === 'ok' ? null : { code: status, message: status },
});

describe('broadcast store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
  });

  it('sends one line to every target and keeps a history without repeats', async () => {
    const api = fakeApi({ 'broadcast.exec': ({ modemIds, command }) => ({ results: modemIds.map((id) => result(id, command)) }) });
    const b = useBroadcastStore();
    b.setTargets(['a', 'b']);
    await b.run('  ATI ');
    await b.run('ATI');
    expect(api.inputs('broadcast.exec')[0]).toEqual({ modemIds: ['a', 'b'], command: 'ATI' });
    expect(b.history).toEqual(['ATI']);
    expect(b.results.map((r) => r.modemId)).toEqual(['a', 'b']);
    expect(b.lastCommand).toBe('ATI');
    expect(b.running).toBeNull();
  });

  it('asks before a dangerous line, listing the modems, and sends it with confirm only after yes', async () => {
    const api = fakeApi({ 'broadcast.exec': ({ modemIds, command }) => ({ results: modemIds.map((id) => result(id, command)) }) });
    const b = useBroadcastStore();
    b.setTargets(['a', 'b']);
    await b.run('AT+CFUN=1,1');
    expect(api.inputs('broadcast.exec')).toEqual([]);
    expect(b.pendingConfirm).toMatchObject({ command: 'AT+CFUN=1,1', modemIds: ['a', 'b'] });
    expect(b.pendingConfirm?.commands.length).toBeGreaterThan(0);
    b.cancelPending();
    expect(b.pendingConfirm).toBeNull();
    await b.run('AT+CFUN=1,1');
    await b.confirmPending();
    expect(api.inputs('broadcast.exec')).toEqual([{ modemIds: ['a', 'b'], command: 'AT+CFUN=1,1', confirm: true }]);
    expect(b.pendingConfirm).toBeNull();
  });

  it("asks the same way when the server's classifier refuses a line this page let through", async () => {
    let confirmed = false;
    fakeApi({
      'broadcast.exec': ({ modemIds, command, confirm }) => {
        if (!confirm) throw apiError('confirmation-required', 'dangerous', { commands: [{ command, category: 'reset', reason: 'new rule' }] });
        confirmed = true;
        return { results: modemIds.map((id) => result(id, command)) };
      },
    });
    const b = useBroadcastStore();
    b.setTargets(['a']);
    await b.run('AT+QNEW');
    expect(b.pendingConfirm).toEqual({ command: 'AT+QNEW', modemIds: ['a'], commands: [{ command: 'AT+QNEW', category: 'reset', reason: 'new rule' }] });
    expect(b.error).toBeNull();
    await b.confirmPending();
    expect(confirmed).toBe(true);
  });

  it('resends to the failed modems only and keeps the other rows', async () => {
    let round = 0;
    const api = fakeApi({
      'broadcast.exec': ({ modemIds, command }) => {
        round++;
        return { results: modemIds.map((id) => result(id, command, round === 1 && id === 'b' ? 'timeout' : 'ok')) };
      },
    });
    const b = useBroadcastStore();
    b.setTargets(['a', 'b', 'c']);
    await b.run('ATI');
    expect(b.failed).toEqual(['b']);
    const firstA = b.results.find((r) => r.modemId === 'a');
    await b.resendFailed();
    expect(api.inputs('broadcast.exec')[1]).toEqual({ modemIds: ['b'], command: 'ATI' });
    expect(b.results.map((r) => [r.modemId, r.status])).toEqual([
      ['a', 'ok'],
      ['b', 'ok'],
      ['c', 'ok'],
    ]);
    expect(b.results.find((r) => r.modemId === 'a')).toBe(firstA);
    expect(b.failed).toEqual([]);
  });

  it('cancels every target while running; a failed call shows its code', async () => {
    const gate = deferred<{ results: CommandResultView[] }>();
    let broken = false;
    const api = fakeApi({
      'broadcast.exec': () => {
        if (broken) throw apiError('queue-full', 'too many commands waiting');
        return gate.promise;
      },
      'modem.cancel': () => ({ cancelled: true }),
    });
    const b = useBroadcastStore();
    b.setTargets(['a', 'b']);
    const running = b.run('AT+COPS=?');
    await b.run('ATI'); // one at a time
    expect(api.inputs('broadcast.exec')).toHaveLength(1);
    await b.cancel();
    expect(b.running?.cancelling).toBe(true);
    expect(api.inputs('modem.cancel')).toEqual([{ modemId: 'a' }, { modemId: 'b' }]);
    gate.resolve({ results: [result('a', 'AT+COPS=?', 'cancelled'), result('b', 'AT+COPS=?', 'cancelled')] });
    await running;
    broken = true;
    await b.run('ATI');
    expect(b.error).toBe('queue-full: too many commands waiting');
  });
});
