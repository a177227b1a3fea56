/**
 * A client's cancel can name one command by its requestId (issue 17: the
 * app forwards many clients' commands to a host over one connection, so the
 * host must be able to cancel one of them): without an id, every command of
 * that client on the modem, as before; other clients' never.
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { commands } from '../../../src-preload/contract';
import { ClientCommands } from '../../../src-main/core/service/client-commands';

describe('ClientCommands with requestIds', () => {
  it('cancels the one command named, then the rest without an id; never another modem\'s', () => {
    const c = new ClientCommands();
    const scan = c.track('m1', 'scan');
    const imei = c.track('m1', 'imei');
    const plain = c.track('m1');
    const other = c.track('m2', 'scan');
    expect(c.cancel('m1', 'nope')).toBe(false);
    expect(c.cancel('m1', 'scan')).toBe(true);
    expect([scan.signal.aborted, imei.signal.aborted, plain.signal.aborted, other.signal.aborted]).toEqual([true, false, false, false]);
    expect((scan.signal.reason as { code: string }).code).toBe('cancelled');
    scan.done();
    // Cancelled and ended: the id is free again and cancels nothing.
    expect(c.cancel('m1', 'scan')).toBe(false);
    expect(c.size).toBe(3);
    expect(c.cancel('m1')).toBe(true);
    expect([imei.signal.aborted, plain.signal.aborted, other.signal.aborted]).toEqual([true, true, false]);
    imei.done();
    plain.done();
    expect(c.size).toBe(1);
    expect(c.cancel('m1')).toBe(false);
    c.cancelAll();
    expect(other.signal.aborted).toBe(true);
  });

  it('the contract bounds requestId: 1-64 of letters, digits, - and _', () => {
    const exec = (requestId: unknown) => v.safeParse(commands['modem.exec'].input, { modemId: 'm', command: 'AT', requestId }).success;
    const cancel = (requestId: unknown) => v.safeParse(commands['modem.cancel'].input, { modemId: 'm', requestId }).success;
    expect([exec('a-1_B'), exec('x'.repeat(64)), exec(''), exec('x'.repeat(65)), exec('a b'), exec(7)]).toEqual([true, true, false, false, false, false]);
    expect([cancel('a-1_B'), cancel(''), cancel('a/b')]).toEqual([true, false, false]);
    expect(v.safeParse(commands['modem.cancel'].input, { modemId: 'm' }).success).toBe(true);
  });
});
