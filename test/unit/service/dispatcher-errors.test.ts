/** Typed errors of every core family cross the bridge with their own code, not as `internal` (issue 12). */
import { describe, expect, it } from 'vitest';
import { BATCH_ERROR_CODES, CORE_ERROR_CODES, ERROR_CODES, FLEET_ERROR_CODES } from '../../../src-preload/contract';
import { BatchFileError, StoreError } from '../../../src-main/core/batch';
import { HostUnreachableError } from '../../../src-main/core/fleet';
import { UnknownModemError } from '../../../src-main/core/errors';
import { type AppService, createDispatcher } from '../../../src-main/core/service';

/** A AppService whose run history throws what it is given: the dispatcher is the subject, not the app. */
function appThrowing(err: unknown): AppService {
  const runs = { get: () => { throw err; } };
  return { runs } as unknown as AppService;
}

describe('dispatcher error codes', () => {
  it.each([
    ['store-error', new StoreError('not-found', 'no run 7', { runId: 7 })],
    ['batch-file-invalid', new BatchFileError([{ file: 'b.yaml', line: 2, column: 3, path: '/steps', message: 'bad', expected: null }])],
    ['host-unreachable', new HostUnreachableError('h:1', 'gone')],
    ['unknown-modem', new UnknownModemError('x')],
  ])('%s travels as its own code', async (code, err) => {
    const r = await createDispatcher(appThrowing(err)).invoke('runs.get', { runId: 7 });
    expect(r).toMatchObject({ ok: false, error: { code, message: (err as Error).message } });
  });

  it('an unexpected throw is internal', async () => {
    const r = await createDispatcher(appThrowing(new Error('boom'))).invoke('runs.get', { runId: 7 });
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('every family of codes is in ERROR_CODES once', () => {
    const all = [...CORE_ERROR_CODES, ...BATCH_ERROR_CODES, ...FLEET_ERROR_CODES];
    for (const c of all) expect(ERROR_CODES.filter((x) => x === c)).toHaveLength(1);
  });
});
