/** The fleet's typed failures travel across the bridge as contract codes (issue 17). */
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, statusOfErrorCode } from '../../../src-preload/contract';
import { HostRefusedError, HostUnreachableError } from '../../../src-main/core/fleet';

describe('fleet error codes in the contract', () => {
  it('carries host-unreachable and host-refused', () => {
    for (const e of [new HostUnreachableError('h:1', 'gone'), new HostRefusedError('h:1', 'no')]) {
      expect(ERROR_CODES as readonly string[]).toContain(e.code);
      expect(e.toInfo().details).toEqual({ host: 'h:1' });
    }
  });

  it('a command lost with its host is a lost link (disconnected), a refusal an error', () => {
    expect(statusOfErrorCode('host-unreachable')).toBe('disconnected');
    expect(statusOfErrorCode('host-refused')).toBe('error');
  });
});
