/**
 * Batch runs over remote benches (issue 17): `run FILE --remote A --remote B
 * --junit` runs here, stores here, sends each step to the modem's host, and
 * writes one testsuite per modem across hosts; a host killed mid-run leaves
 * its modems interrupted (the step after its wait unrecorded) while the other
 * host's modems complete, and --resume finishes them once the host is back.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunStore } from '../../../src-main/core/store';
import { type ServeProcess, startServe, stopAll } from './serve-process';

const tmp = mkdtempSync(join(tmpdir(), 'mb-fleet-run-'));

/** The CLI as a child process; `onLine` sees stdout lines as they come. Ended by the test's bound at worst. */
function runCli(args: string[], onLine: (line: string) => void = () => undefined): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, ['src-main/headless/bin.mjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let partial = '';
    c.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      partial += d.toString();
      const lines = partial.split('\n');
      partial = lines.pop()!;
      for (const l of lines) onLine(l);
    });
    c.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const bound = setTimeout(() => c.kill('SIGKILL'), 120_000);
    c.once('exit', (code) => {
      clearTimeout(bound);
      resolve({ code, out, err });
    });
  });
}

describe('run --remote', () => {
  let a: ServeProcess;
  let b: ServeProcess;

  beforeAll(async () => {
    [a, b] = await Promise.all([startServe(['--sim', '2', '--seed', '1']), startServe(['--sim', '3', '--seed', '2'])]);
  }, 120_000);

  afterAll(async () => {
    await stopAll();
    rmSync(tmp, { recursive: true, force: true });
  }, 60_000);

  it('runs examples/identity-inventory.yaml across two hosts: one JUnit testsuite per modem, results stored here with the host', async () => {
    const junit = join(tmp, 'out.xml');
    const db = join(tmp, 'runs.db');
    const r = await runCli(['run', 'examples/identity-inventory.yaml', '--remote', a.openUrl, '--remote', b.openUrl, '--junit', junit, '--db', db]);
    expect(r.code, r.out + r.err).toBe(0);
    const suites = [...readFileSync(junit, 'utf8').matchAll(/<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)" errors="(\d+)"/g)];
    expect(suites).toHaveLength(5);
    expect(suites.filter((s) => s[1]!.includes(`@127.0.0.1:${a.port}`))).toHaveLength(2);
    expect(suites.filter((s) => s[1]!.includes(`@127.0.0.1:${b.port}`))).toHaveLength(3);
    for (const s of suites) expect([s[2], s[3], s[4]]).toEqual(['6', '0', '0']);
    const store = RunStore.open({ path: db });
    try {
      const run = store.getRun(store.listRuns({ limit: 10 })[0]!.id);
      expect(run.status).toBe('completed');
      expect(run.modems.map((m) => m.key.split('/')[0]).sort()).toEqual([a, a, b, b, b].map((s) => `127.0.0.1:${s.port}`).sort());
      // The IMEI each host's modem reported is the one in its key.
      for (const m of run.modems) expect(m.key.endsWith(`/${m.identity.imei}`)).toBe(true);
    } finally {
      store.close();
    }
  }, 120_000);

  it('a host killed mid-run leaves its modems interrupted and resumable; the other host\'s modems complete', async () => {
    const doomed = await startServe(['--sim', '2', '--seed', '9']);
    const file = join(tmp, 'slow.yaml');
    writeFileSync(
      file,
      [
        'version: 1',
        'name: Two halves',
        // The lost host's modems wait 1 x 1 s for it once only they are left (the plan's bounded waits).
        'settings: { timeout: 5s, unavailable_retries: 1, unavailable_delay: 1s }',
        'steps:',
        '  - { name: before, send: ATI, expect: ok }',
        '  - { name: pause, wait: 4s }',
        '  - { name: after, send: AT+CGSN, expect: ok }',
        '',
      ].join('\n'),
    );
    const db = join(tmp, 'runs2.db');
    const seen = new Set<string>();
    let killed = false;
    const r = await runCli(['run', file, '--remote', doomed.openUrl, '--remote', b.openUrl, '--json', '--db', db], (line) => {
      const e = JSON.parse(line) as { event: string; modem?: string; step?: string };
      if (e.event === 'step' && e.step === '1') seen.add(e.modem!);
      // Every modem past its first step, all of them in the 4 s pause: the host goes now.
      if (!killed && seen.size === 5) {
        killed = true;
        doomed.child.kill('SIGKILL');
      }
    });
    expect(killed).toBe(true);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/run \d+ interrupted: 2 modem\(s\) lost their host/);
    const goneHost = `127.0.0.1:${doomed.port}`;
    const steps = (out: string) =>
      out
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { event: string; runId: number; modem: string; step: string; status: string })
        .filter((e) => e.event === 'step');
    const first = steps(r.out);
    const runId = first[0]!.runId;
    expect(first.filter((s) => s.step === '3' && s.modem.startsWith(`127.0.0.1:${b.port}/`)).map((s) => s.status)).toEqual(['pass', 'pass', 'pass']);
    // The step after the pause, failed with the host gone, is not recorded: it is what a resume runs.
    expect(first.filter((s) => s.step === '3' && s.modem.startsWith(`${goneHost}/`))).toEqual([]);
    let store = RunStore.open({ path: db });
    try {
      expect(store.getRun(runId).status).toBe('interrupted');
    } finally {
      store.close();
    }

    // The host comes back on its address; the run resumes and only the lost modems' steps are sent.
    await doomed.exited;
    const back = await startServe(['--sim', '2', '--seed', '9', '--port', String(doomed.port)]);
    expect(back.port).toBe(doomed.port);
    const again = await runCli(['run', '--resume', String(runId), '--remote', back.openUrl, '--remote', b.openUrl, '--json', '--db', db]);
    expect(again.code, again.out + again.err).toBe(0);
    const resumed = steps(again.out);
    expect(resumed.map((s) => [s.modem.split('/')[0], s.step, s.status])).toEqual([
      [goneHost, '3', 'pass'],
      [goneHost, '3', 'pass'],
    ]);
    store = RunStore.open({ path: db });
    try {
      const run = store.getRun(runId);
      expect(run.status).toBe('completed');
      expect(run.results).toHaveLength(15);
    } finally {
      store.close();
    }
  }, 120_000);

  it('a host that goes away and comes back during the run is rejoined: its modems pick up their step and the run completes', async () => {
    const flaky = await startServe(['--sim', '2', '--seed', '11']);
    const file = join(tmp, 'blip.yaml');
    writeFileSync(
      file,
      [
        'version: 1',
        'name: Blip',
        // Time enough for the host to restart and be rejoined (backoff 1, 2, 4... s), while the
        // other host's modems still run or the lost ones wait (up to 20 x 2 s) for it.
        'settings: { timeout: 5s, unavailable_retries: 20, unavailable_delay: 2s }',
        'steps:',
        '  - { name: before, send: ATI, expect: ok }',
        '  - { name: pause, wait: 8s }',
        '  - { name: after, send: AT+CGSN, expect: ok }',
        '',
      ].join('\n'),
    );
    const db = join(tmp, 'runs3.db');
    const seen = new Set<string>();
    let restarted: Promise<ServeProcess> | null = null;
    const r = await runCli(['run', file, '--remote', flaky.openUrl, '--remote', b.openUrl, '--json', '--db', db], (line) => {
      const e = JSON.parse(line) as { event: string; modem?: string; step?: string };
      if (e.event === 'step' && e.step === '1') seen.add(e.modem!);
      if (!restarted && seen.size === 5) {
        flaky.child.kill('SIGKILL');
        restarted = flaky.exited.then(() => startServe(['--sim', '2', '--seed', '11', '--port', String(flaky.port)]));
      }
    });
    expect(restarted).not.toBeNull();
    await restarted;
    expect(r.code, r.out + r.err).toBe(0);
    const steps = r.out
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { event: string; modem: string; step: string; status: string })
      .filter((e) => e.event === 'step');
    const host = `127.0.0.1:${flaky.port}/`;
    expect(steps.filter((x) => x.modem.startsWith(host) && x.step === '3').map((x) => x.status)).toEqual(['pass', 'pass']);
    expect(steps.filter((x) => x.status !== 'pass')).toEqual([]);
    const store = RunStore.open({ path: db });
    try {
      const run = store.getRun((JSON.parse(r.out.split('\n')[0]!) as { runId: number }).runId);
      expect(run.status).toBe('completed');
      expect(run.results).toHaveLength(15);
    } finally {
      store.close();
    }
  }, 120_000);
});
