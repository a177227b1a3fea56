import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** `modem-bench run|runs` in a real child process (the entry the CLI will route to). */
const dir = mkdtempSync(join(tmpdir(), 'mb-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, 'runs.db');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx/esm', 'test/fixtures/batch/run-child.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('modem-bench run / runs (child process)', () => {
  it('a malformed file: exit 2, file:line:col: message, nothing stored', () => {
    const r = cli('run', 'test/fixtures/batch/malformed.yaml', '--sim', '2', '--db', db);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe("test/fixtures/batch/malformed.yaml:3:13: 'many' is not allowed here (expected a whole number from 1 to 1024)");
    expect(cli('runs', 'list', '--db', db, '--json').out.trim()).toBe('[]');
  }, 60_000);

  it('the inventory on 3 simulated modems: exit 0, JUnit and CSV written; a failing file exits 1; runs list/show/export/compare/delete', () => {
    const junit = join(dir, 'out.xml');
    const csv = join(dir, 'out.csv');
    const ok = cli('run', 'examples/identity-inventory.yaml', '--sim', '3', '--db', db, '--junit', junit, '--csv', csv);
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/run 1 "Identity inventory": 3 modem\(s\) x 6 step\(s\), completed in/);
    expect(ok.out).toContain('passed 18  failed 0  errors 0  skipped 0  not run 0');
    expect(readFileSync(junit, 'utf8')).toContain('<testsuites name="Identity inventory" tests="18" failures="0" errors="0"');
    expect(readFileSync(csv, 'utf8').split('\r\n')).toHaveLength(1 + 18 + 1);

    const bad = cli('run', 'test/fixtures/batch/failing.yaml', '--sim', '2', '--db', db, '--json');
    expect(bad.code).toBe(1);
    const events = bad.out.trim().split('\n').map((l) => JSON.parse(l) as { event: string; status?: string; failed?: number });
    expect(events.filter((e) => e.event === 'step')).toHaveLength(4);
    expect(events[events.length - 1]).toMatchObject({ event: 'summary', status: 'completed', failed: 2 });

    const list = JSON.parse(cli('runs', 'list', '--db', db, '--json').out) as { id: number; status: string; failed: number }[];
    expect(list.map((r) => [r.id, r.status, r.failed])).toEqual([
      [2, 'completed', 2],
      [1, 'completed', 0],
    ]);
    const show = cli('runs', 'show', '2', '--db', db);
    expect(show.out).toMatch(/sim0 +\d{15} .* done +\.F/);

    const out = join(dir, 'r2.xml');
    expect(cli('runs', 'export', '2', '--format', 'junit', '--out', out, '--db', db).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('failures="2"');
    expect(cli('runs', 'export', '2', '--format', 'yaml', '--db', db).code).toBe(2);

    const cmp = cli('runs', 'compare', '1', '--db', db);
    expect(cmp.out).toMatch(/: 3 modem\(s\)|: 1 modem\(s\)/);
    const two = JSON.parse(cli('runs', 'compare', '1', '2', '--json', '--db', db).out) as { steps: { stepId: string }[] };
    expect(two.steps.map((s) => s.stepId)).toContain('6');

    expect(cli('runs', 'delete', '2', '--db', db).out.trim()).toBe('deleted 1 run(s)');
    expect(cli('runs', 'show', '2', '--db', db)).toMatchObject({ code: 1 });
    expect(existsSync(db)).toBe(true);
  }, 120_000);

  it('hostile files exit 2 with file:line:col before anything is opened, no stack trace, no file content (issue 13)', () => {
    const h = join(dir, 'hostile');
    mkdirSync(join(h, 'lib'), { recursive: true });
    const secretDir = join(dir, 'secret');
    mkdirSync(secretDir, { recursive: true });
    writeFileSync(join(secretDir, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
    writeFileSync(join(h, 'lib', 'one.yaml'), 'steps:\n  - send: ATI\n');
    const file = (name: string, text: string): string => {
      writeFileSync(join(h, name), text);
      return join(h, name);
    };
    const big = file('big.yaml', '');
    truncateSync(big, 24 * 1024 * 1024);
    const cases: [string, RegExp][] = [
      [file('nested.yaml', 'steps:\n  - repeat: 100000\n    steps:\n      - repeat: 100000\n        steps:\n          - repeat: 100000\n            steps:\n              - include: lib/one.yaml\n'), /nested\.yaml:4:17: more than 100,000 step instances per modem once repeats are unrolled/],
      [big, /big\.yaml:1:1: the file is larger than 1000000 bytes \(25165824 bytes\)/],
      [file('deep.yaml', 'steps: ' + '['.repeat(100_000) + ']'.repeat(100_000)), /deep\.yaml:1:72: YAML nested deeper than 64 levels/],
      [file('deep2.yaml', 'steps:\n  - ' + '- '.repeat(50_000) + 'x'), /deep2\.yaml:2:131: YAML nested deeper than 64 levels/],
      [file('escape.yaml', 'steps:\n  - include: ../secret/passwd\n'), /escape\.yaml:2:14: \.\.\/secret\/passwd is outside the batch file's folder/],
      [file('regex.yaml', "steps:\n  - send: AT\n    expect: { match: '(a)\\1' }\n"), /regex\.yaml:3:26: bad regular expression: backreferences are not supported/],
      [file('danger.yaml', 'steps:\n  - send: AT +CFUN =0\n'), /danger\.yaml:2:11: AT \+CFUN =0 is a dangerous command/],
      [file('typo.yaml', 'steps:\n  - send: AT\n    expect: okk\n  - send: AT\n    expect: erorr\n'), /typo\.yaml:3:13: unknown expectation 'okk' \(did you mean 'ok'\?\)[^\n]*\n[^\n]*typo\.yaml:5:13: unknown expectation 'erorr' \(did you mean 'error'\?\)/],
    ];
    for (const [f, want] of cases) {
      const r = cli('run', f, '--sim', '1', '--db', join(h, 'runs.db'));
      expect(r.code, f).toBe(2);
      expect(r.err, f).toMatch(want);
      expect(r.err, f).not.toMatch(/\n\s+at |root:x/);
    }
    // Nothing was stored, not even a database.
    expect(existsSync(join(h, 'runs.db'))).toBe(false);
    // With the folder given as an include folder, the same include is read.
    writeFileSync(join(secretDir, 'lib.yaml'), 'steps:\n  - send: ATI\n');
    const ok = cli('run', file('lib.yaml', 'steps:\n  - include: ../secret/lib.yaml\n'), '--sim', '1', '--db', join(h, 'runs.db'), '--include-dir', secretDir);
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
  }, 120_000);
});
