/**
 * Remote benches (issue 17): `serve --sim N` processes on loopback as one
 * fleet for `list`, `at` and the core's RemoteBench/Fleet: both hosts'
 * modems with a host column, an IMEI on two hosts shown as a conflict and
 * never merged, a host that goes away failing its in-flight command with
 * host-unreachable while the other host keeps working, and a wrong token
 * refused. Every serve started here is ended in afterAll.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fleet, HostRefusedError, RemoteBench, isHostUnreachableError } from '../../../src-main/core/fleet';
import { main } from '../../../src-main/headless/cli';
import { type ServeProcess, startServe, stopAll } from './serve-process';
import { memoryIo } from '../../helpers/cli';

const run = promisify(execFile);

interface Listed {
  id: string;
  label: string;
  host: string;
  conflict: boolean;
  state: string;
  identity: { imei: string | null };
}

describe('remote benches over the contract', () => {
  let a: ServeProcess;
  let b: ServeProcess;
  let twin: ServeProcess;
  const TOKEN = 'fleet-test-token-0123456789abcdef';

  beforeAll(async () => {
    // Different seeds: different IMEIs. The twin has A's seed: the same IMEIs on a third host.
    [a, b, twin] = await Promise.all([startServe(['--sim', '3', '--seed', '1']), startServe(['--sim', '3', '--seed', '2']), startServe(['--sim', '2', '--seed', '1', '--token', TOKEN])]);
  }, 120_000);

  afterAll(stopAll, 60_000);

  it('modem-bench list --remote A --remote B --json lists both hosts\' modems with distinct ids and a host column', async () => {
    const { stdout } = await run(process.execPath, ['src-main/headless/bin.mjs', 'list', '--remote', `http://127.0.0.1:${a.port}/`, '--remote', `http://127.0.0.1:${b.port}/`, '--json'], {
      timeout: 60_000,
    });
    const modems = JSON.parse(stdout) as Listed[];
    expect(modems).toHaveLength(6);
    expect(new Set(modems.map((m) => m.id)).size).toBe(6);
    expect(modems.filter((m) => m.host === `127.0.0.1:${a.port}`)).toHaveLength(3);
    expect(modems.filter((m) => m.host === `127.0.0.1:${b.port}`)).toHaveLength(3);
    for (const m of modems) {
      expect(m.id).toMatch(/^\d{15}$/);
      expect(m.identity.imei).toBe(m.id);
      expect(m.conflict).toBe(false);
    }
  }, 90_000);

  it('at --remote runs a command on one remote modem picked by IMEI, and the record carries its host', async () => {
    const io = memoryIo();
    expect(await main(['list', '--remote', `http://127.0.0.1:${b.port}/`, '--json'], io)).toBe(0);
    const target = (JSON.parse(io.stdout[0]!) as Listed[]).find((m) => m.label === 'sim2')!;
    const io2 = memoryIo();
    const code = await main(['at', '--remote', `http://127.0.0.1:${a.port}/`, '--remote', `http://127.0.0.1:${b.port}/`, '--modem', target.id, '--json', 'AT+CGSN', 'AT+NOSUCH'], io2);
    expect(io2.stderr).toEqual([]);
    expect(code).toBe(0);
    const recs = io2.stdout.map((l) => JSON.parse(l) as { host: string; modemId: string; command: string; status: string; final: string; lines: string[] });
    expect(recs.map((r) => [r.host, r.modemId, r.command, r.status])).toEqual([
      [`127.0.0.1:${b.port}`, target.id, 'AT+CGSN', 'ok'],
      [`127.0.0.1:${b.port}`, target.id, 'AT+NOSUCH', 'error'],
    ]);
    expect(recs[0]!.lines).toContain(target.id);
  }, 60_000);

  it('shows the same IMEI on two hosts as a conflict on both rows, and refuses a command that does not name the host', async () => {
    const io = memoryIo();
    const remotes = ['--remote', `http://127.0.0.1:${a.port}/`, '--remote', `http://127.0.0.1:${twin.port}/?token=${TOKEN}`];
    expect(await main(['list', ...remotes, '--json'], io)).toBe(0);
    const modems = JSON.parse(io.stdout[0]!) as Listed[];
    expect(modems).toHaveLength(5);
    const twins = modems.filter((m) => m.conflict);
    expect(twins).toHaveLength(4);
    expect(new Set(twins.map((m) => m.id)).size).toBe(2);
    expect(new Set(twins.map((m) => m.host))).toEqual(new Set([`127.0.0.1:${a.port}`, `127.0.0.1:${twin.port}`]));
    const dup = twins[0]!.id;
    const io2 = memoryIo();
    expect(await main(['at', ...remotes, '--modem', dup, 'AT'], io2)).toBe(2);
    expect(io2.stderr.join('\n')).toMatch(/is on .* and .*: give host\/id/);
    expect(io2.stdout).toEqual([]);
    const io3 = memoryIo();
    expect(await main(['at', ...remotes, '--modem', `127.0.0.1:${twin.port}/${dup}`, '--json', 'AT+CGSN'], io3)).toBe(0);
    expect(JSON.parse(io3.stdout[0]!)).toMatchObject({ host: `127.0.0.1:${twin.port}`, modemId: dup, status: 'ok' });
  }, 60_000);

  it('refuses a wrong or missing token with host-refused', async () => {
    for (const token of [null, 'not-the-token-not-the-token']) {
      const r = new RemoteBench({ url: `http://127.0.0.1:${twin.port}/`, token });
      const err = await r.connect().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HostRefusedError);
      expect((err as HostRefusedError).code).toBe('host-refused');
      expect((err as Error).message).not.toContain(TOKEN);
    }
    const io = memoryIo();
    expect(await main(['list', '--remote', `http://127.0.0.1:${twin.port}/`, '--remote-token', 'not-the-token-not-the-token', '--json'], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/refused the token/);
  }, 30_000);

  it('a host that goes away fails its in-flight command with host-unreachable; the other host keeps answering', async () => {
    // A host of its own, so killing it leaves the others to the tests above.
    const doomed = await startServe(['--sim', '1', '--seed', '7']);
    const fleet = new Fleet([{ url: `http://127.0.0.1:${doomed.port}/` }, { url: `http://127.0.0.1:${b.port}/` }]);
    try {
      expect(await fleet.connect()).toEqual([]);
      const listing = await fleet.list();
      const [gone] = listing.modems.filter((m) => m.host === `127.0.0.1:${doomed.port}`);
      const [stays] = listing.modems.filter((m) => m.host === `127.0.0.1:${b.port}`);
      const host = fleet.host(gone!.host);
      const downs: string[] = [];
      host.onDown((e) => downs.push(e.code));
      // The simulator takes 20-45 s over a network scan (AT+COPS=?): in flight when the host dies.
      const sent = new Promise<void>((resolve) => {
        host.on('console.entries', (p) => {
          if (p.entries.some((e) => e.kind === 'tx' && e.text.includes('AT+COPS=?'))) resolve();
        });
      });
      const scan = host.invoke('modem.exec', { modemId: gone!.id, command: 'AT+COPS=?', timeoutMs: 120_000 }).then(
        () => 'answered',
        (e: unknown) => e,
      );
      await sent;
      expect(host.inFlight).toBe(1);
      doomed.child.kill('SIGKILL');
      const err = await scan;
      expect(isHostUnreachableError(err)).toBe(true);
      expect((err as { code: string }).code).toBe('host-unreachable');
      expect(downs).toEqual(['host-unreachable']);
      expect(host.connected).toBe(false);
      // A command to the gone host fails at once, typed; the other host is untouched.
      await expect(host.invoke('bench.list', {})).rejects.toMatchObject({ code: 'host-unreachable' });
      const ok = await fleet.host(stays!.host).invoke('modem.exec', { modemId: stays!.id, command: 'AT' });
      expect(ok.final).toBe('OK');
      const after = await fleet.list();
      expect(after.unreachable.map((u) => [u.host, u.code])).toEqual([[`127.0.0.1:${doomed.port}`, 'host-unreachable']]);
      // The gone host's modem stays in the list, visibly offline; the other host's modems are untouched.
      const shown = after.modems.find((m) => m.key === gone!.key)!;
      expect([shown.online, shown.modem.state, shown.modem.reason]).toEqual([false, 'offline', `host 127.0.0.1:${doomed.port} unreachable`]);
      expect(after.modems.filter((m) => m.host === `127.0.0.1:${b.port}`).every((m) => m.online && m.modem.state !== 'offline')).toBe(true);
    } finally {
      await fleet.close();
      await doomed.stop(5_000);
    }
  }, 90_000);
});
