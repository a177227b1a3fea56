/**
 * Three `serve --sim 16` processes on loopback as one fleet (issue 17):
 * 48 modems in one list with distinct ids, and one AT command broadcast to
 * all of them through their hosts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src-main/headless/cli';
import { type ServeProcess, startServe, stopAll } from './serve-process';
import { memoryIo } from '../../helpers/cli';

describe('a fleet of three hosts', () => {
  let hosts: ServeProcess[] = [];

  beforeAll(async () => {
    hosts = await Promise.all([21, 22, 23].map((seed) => startServe(['--sim', '16', '--seed', String(seed)], 120_000)));
  }, 180_000);

  afterAll(stopAll, 60_000);

  it('lists 48 modems with distinct ids, 16 per host, and runs AT+CSQ on all of them', async () => {
    const remotes = hosts.flatMap((h) => ['--remote', h.openUrl]);
    const io = memoryIo();
    expect(await main(['list', ...remotes, '--json'], io)).toBe(0);
    const modems = JSON.parse(io.stdout[0]!) as { id: string; host: string; conflict: boolean }[];
    expect(modems).toHaveLength(48);
    expect(new Set(modems.map((m) => m.id)).size).toBe(48);
    for (const h of hosts) expect(modems.filter((m) => m.host === `127.0.0.1:${h.port}`)).toHaveLength(16);
    expect(modems.some((m) => m.conflict)).toBe(false);

    const io2 = memoryIo();
    expect(await main(['at', ...remotes, '--modem', 'all', '--json', 'AT+CSQ'], io2)).toBe(0);
    const recs = io2.stdout.map((l) => JSON.parse(l) as { modemId: string; status: string; parsed: unknown });
    expect(recs).toHaveLength(48);
    expect(new Set(recs.map((r) => r.modemId))).toEqual(new Set(modems.map((m) => m.id)));
    expect(recs.every((r) => r.status === 'ok' && r.parsed !== null)).toBe(true);
  }, 120_000);
});
