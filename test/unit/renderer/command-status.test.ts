/**
 * One error -> status table: the console shows a command that failed on a
 * closed port the way the bridge reports it (`disconnected`), not `error`.
 */
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { STATUS_BY_ERROR_CODE, fail, statusOfErrorCode, type Transport } from '../../../src-preload/contract';
import { install, type Connection } from '../../../src-renderer/api';
import { useConsolesStore } from '../../../src-renderer/stores/consoles';
import { outcomeOf } from '../../../src-main/core/modem/outcome';
import { CancelledError, DisconnectedError, PortClosedError, TimeoutError } from '../../../src-main/core/errors';
import { HostUnreachableError } from '../../../src-main/core/fleet/errors';

const conn: Connection = { current: { state: 'open', attempt: 0, retryAt: null, opens: 1 }, onChange: () => () => undefined, retryNow() {} };

function failing(code: string): Transport {
  return { kind: 'memory', invoke: async () => fail(code as never, `failed with ${code}`), on: () => () => undefined };
}

describe('error code -> command status, one table', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('the table: port-closed and disconnected are a lost link; unknown codes are error', () => {
    expect(statusOfErrorCode('port-closed')).toBe('disconnected');
    expect(statusOfErrorCode('disconnected')).toBe('disconnected');
    expect(statusOfErrorCode('timeout')).toBe('timeout');
    expect(statusOfErrorCode('cancelled')).toBe('cancelled');
    expect(statusOfErrorCode('modem-failed')).toBe('error');
    expect(statusOfErrorCode('toString')).toBe('error');
  });

  it('the core outcome and the console store agree for every code in the table', async () => {
    const errors = { 'port-closed': new PortClosedError('/dev/ttyUSB2'), disconnected: new DisconnectedError('/dev/ttyUSB2'), timeout: new TimeoutError('AT', 1), cancelled: new CancelledError('x'), 'host-unreachable': new HostUnreachableError('10.0.0.2:7800', 'gone') };
    for (const [code, status] of Object.entries(STATUS_BY_ERROR_CODE)) {
      expect(outcomeOf('AT', { error: errors[code as keyof typeof errors] }).status).toBe(status);
      setActivePinia(createPinia());
      install(failing(code), conn);
      const r = await useConsolesStore().exec('m1', 'AT');
      expect(r).toMatchObject({ status, error: { code } });
    }
  });
});
