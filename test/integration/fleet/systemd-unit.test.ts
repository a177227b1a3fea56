/**
 * The bench PC service (issue 17): the systemd unit in build/ verifies with
 * systemd-analyze and says what the issue asks (restart on failure, dialout,
 * state and log directories, SIGTERM), and SIGTERM ends a real `serve` with
 * its port closed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RemoteBench } from '../../../src-main/core/fleet';
import { RunStore } from '../../../src-main/core/store';
import { startServe, stopAll } from './serve-process';

const root = join(__dirname, '../../..');

function directives(text: string): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const x = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (x) m.set(x[1]!, [...(m.get(x[1]!) ?? []), x[2]!]);
  }
  return m;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

afterEach(stopAll);

describe('build/modem-bench.service', () => {
  const text = readFileSync(join(root, 'build/modem-bench.service'), 'utf8');
  const d = directives(text);

  it('verifies with systemd-analyze', () => {
    // The installed app's command line; verify checks that the binary exists, so a stand-in takes its place here.
    expect(d.get('ExecStart')![0]!.startsWith('/usr/bin/modem-bench-cli ')).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'mb-unit-'));
    try {
      const copy = join(dir, 'modem-bench.service');
      const standIn = join(dir, 'modem-bench-cli');
      writeFileSync(standIn, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
      writeFileSync(copy, text.replace('ExecStart=/usr/bin/modem-bench-cli ', `ExecStart=${standIn} `));
      // Throws (exit code 1 and the complaint) on an unknown key, a bad assignment or a missing binary.
      const out = execFileSync('systemd-analyze', ['verify', copy], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expect(out).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('restarts on failure, runs with dialout, keeps data and logs in its own directories, and is stopped by SIGTERM', () => {
    expect(d.get('Restart')).toEqual(['on-failure']);
    expect(d.get('SupplementaryGroups')).toEqual(['dialout']);
    expect(d.get('StateDirectory')).toEqual(['modem-bench']);
    expect(d.get('LogsDirectory')).toEqual(['modem-bench']);
    expect(d.get('KillSignal')).toEqual(['SIGTERM']);
    const exec = d.get('ExecStart')![0]!;
    expect(exec).toMatch(/^\/usr\/bin\/modem-bench-cli serve /);
    expect(exec).toContain('--data-dir %S/modem-bench');
    expect(exec).toContain('--log-dir %L/modem-bench');
    expect(d.get('WantedBy')).toEqual(['multi-user.target']);
  });

  it('is shipped in the .deb and put in place by its post-install, never enabled there', () => {
    const builder = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    expect(builder).toContain('from: build/modem-bench.service');
    expect(builder).toContain('from: build/linux/modem-bench-cli');
    const post = readFileSync(join(root, 'build/linux/after-install.sh'), 'utf8');
    expect(post).toContain("UNIT_SOURCE='/opt/${sanitizedProductName}/systemd/modem-bench.service'");
    // The command the unit runs is put in place by the same post-install, and taken away by the post-remove.
    expect(post).toContain("CLI_SOURCE='/opt/${sanitizedProductName}/modem-bench-cli'");
    expect(post).toContain('ln -sf "$CLI_SOURCE" /usr/bin/modem-bench-cli');
    // Only the hint it prints names `systemctl enable`; no command line runs it.
    const commands = post.split('\n').filter((l) => !l.trim().startsWith('echo') && !l.trim().startsWith('#'));
    expect(commands.join('\n')).not.toMatch(/systemctl (enable|start)/);
    expect(post).toContain('sudo systemctl enable --now modem-bench');
    const postrm = readFileSync(join(root, 'build/linux/after-remove.sh'), 'utf8');
    expect(postrm).toContain('systemctl disable --now modem-bench.service');
    // The post-remove recognises its own unit by the first line.
    expect(text.split('\n')[0]).toMatch(/^# Modem Bench headless server/);
  });
});

describe('serve under SIGTERM', () => {
  it('closes its port and exits 0 with a client connected', async () => {
    const s = await startServe(['--sim', '4']);
    expect(await portOpen(s.port)).toBe(true);
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}/api`);
    await new Promise((r, j) => {
      ws.once('open', r);
      ws.once('error', j);
    });
    const closed = new Promise((r) => ws.once('close', r));
    // A bound, not a tolerance: the unit gives 20 s before SIGKILL, a bench must be far under it.
    const code = await s.stop(10_000);
    expect(code, s.output()).toBe(0);
    await closed;
    expect(await portOpen(s.port)).toBe(false);
  }, 90_000);

  it('leaves a batch it was running interrupted and resumable', async () => {
    const data = mkdtempSync(join(tmpdir(), 'mb-serve-data-'));
    try {
      const s = await startServe(['--sim', '2', '--data-dir', data]);
      const r = new RemoteBench({ url: s.openUrl });
      await r.connect();
      const text = ['version: 1', 'name: Long', 'steps:', '  - { name: first, send: ATI, expect: ok }', '  - { name: pause, wait: 10min }', ''].join('\n');
      const { runId } = await r.invoke('batch.start', { text });
      // Both modems past their first step: the run is mid-flight in its long pause.
      const started = new Promise<void>((resolve) => {
        const seen = new Set<string>();
        r.on('batch.results', (p) => {
          if (p.runId === runId) for (const x of p.results) seen.add(x.modemKey);
          if (seen.size === 2) resolve();
        });
      });
      await started;
      expect(await s.stop(10_000)).toBe(0);
      const store = RunStore.open({ path: join(data, 'runs.db') });
      try {
        const run = store.getRun(runId);
        expect(run.status).toBe('interrupted');
        expect(run.results.filter((x) => x.stepKey === '1' && x.status === 'pass')).toHaveLength(2);
      } finally {
        store.close();
      }
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  }, 90_000);
});
