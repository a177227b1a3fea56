import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type BatchFileProblem, isBatchFileError, loadBatchFile, parseBatch } from '../../../src-main/core/batch';

const dir = mkdtempSync(join(tmpdir(), 'mb-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function problems(run: () => Promise<unknown>): Promise<BatchFileProblem[]> {
  try {
    await run();
  } catch (err) {
    if (isBatchFileError(err)) return err.problems;
    throw err;
  }
  throw new Error('the file was accepted');
}
const check = (text: string, file = 'x.yaml', o = {}) => problems(() => parseBatch(text, file, o));

describe('bounded parsing (issue 13)', () => {
  it('nested repeats are refused from the product of their counts, even around an include with no steps', async () => {
    // 10^15 iterations if unrolled; the old loader spun forever here.
    const text = ['steps:', '  - repeat: 100000', '    steps:', '      - repeat: 100000', '        steps:', '          - repeat: 100000', '            steps:', '              - include: missing.yaml'].join('\n');
    const ps = await check(text);
    expect(ps).toContainEqual(expect.objectContaining({ line: 4, column: 17, message: expect.stringMatching(/^more than 100,000 step instances per modem once repeats are unrolled/) }));
    expect(ps).toContainEqual(expect.objectContaining({ line: 8, message: 'cannot read missing.yaml: no such file' }));
    // One repeat problem, not one per level.
    expect(ps.filter((p) => p.message.startsWith('more than'))).toHaveLength(1);
  });

  it('nested repeats around a good include are refused without unrolling', async () => {
    writeFileSync(join(dir, 'one.yaml'), 'steps:\n  - send: AT\n');
    const top = join(dir, 'nest.yaml');
    writeFileSync(top, 'steps:\n  - repeat: 100000\n    steps:\n      - repeat: 100000\n        steps:\n          - repeat: 100000\n            steps:\n              - include: one.yaml\n');
    const ps = await problems(() => loadBatchFile(top));
    expect(ps).toEqual([expect.objectContaining({ file: top, line: 4, column: 17, message: 'more than 100,000 step instances per modem once repeats are unrolled (this repeat makes 10,000,000,000)' })]);
  });

  it('a repeat whose body is empty still counts its iterations', async () => {
    const ps = await check('steps:\n  - repeat: 100000\n    steps:\n      - repeat: 100000\n        steps:\n          - include: /abs.yaml\n');
    expect(ps.map((p) => [p.line, p.message])).toEqual([
      [2, 'more than 100,000 step instances per modem once repeats are unrolled (this repeat makes 10,000,000,000)'],
      [6, 'include paths are relative to the including file'],
    ]);
  });

  it('an include used a thousand times is read and parsed once, and checking stops at the step limit', async () => {
    const inc = 'steps:\n' + '  - send: AT+CSQ\n    expect: [ok, "rssi != 99"]\n'.repeat(1000);
    let reads = 0;
    const readFile = async (p: string): Promise<string> => {
      reads++;
      if (p.endsWith('inc.yaml')) return inc;
      throw Object.assign(new Error('no'), { code: 'ENOENT' });
    };
    const top = 'steps:\n' + '  - include: inc.yaml\n'.repeat(1000);
    const ps = await problems(() => parseBatch(top, 'top.yaml', { readFile }));
    expect(reads).toBe(1);
    expect(ps).toEqual([expect.objectContaining({ file: 'inc.yaml', line: 1962, column: 5, message: 'more than 20,000 steps written in the file and its includes (each include counted where it is included)' })]);
    // Distinct includes count towards a total size.
    const many = await problems(() =>
      parseBatch('steps:\n' + Array.from({ length: 5 }, (_, i) => `  - include: f${i}.yaml\n`).join(''), 'top.yaml', { readFile: async () => inc, maxTotalBytes: 150_000 }),
    );
    expect(many.map((p) => [p.line, p.message])).toEqual([
      [5, 'the file and its includes are larger than 150000 bytes together'],
      [6, 'the file and its includes are larger than 150000 bytes together'],
    ]);
  });

  it('refuses a file larger than the limit from its size, before reading it', async () => {
    const big = join(dir, 'big.yaml');
    writeFileSync(big, '');
    truncateSync(big, 24 * 1024 * 1024);
    const ps = await problems(() => loadBatchFile(big));
    expect(ps).toEqual([expect.objectContaining({ file: big, line: 1, column: 1, message: 'the file is larger than 1000000 bytes (25165824 bytes)' })]);
    expect((await check('#'.repeat(1_000_001)))[0]!.message).toBe('the file is larger than 1000000 bytes');
    expect((await check('steps: [{send: AT}]', 'x.yaml', { maxFileBytes: 10 }))[0]!.message).toBe('the file is larger than 10 bytes');
  });

  it.each([
    ['flow lists', 'steps: ' + '['.repeat(200_000) + ']'.repeat(200_000), 1, 72],
    ['flow maps', 'steps: ' + '{a: '.repeat(100_000) + '1' + '}'.repeat(100_000), 1, 264],
    ['block lists', 'steps:\n  ' + '- '.repeat(100_000) + 'x', 2, 131],
    ['block maps', 'steps:\n' + Array.from({ length: 300 }, (_, i) => ' '.repeat(i + 1) + 'a:').join('\n') + ' 1', 65, 65],
    ['repeats', 'steps: ' + '[{repeat: 1, steps: '.repeat(30_000) + '[{send: AT}]' + '}]'.repeat(30_000), 1, 648],
  ])('refuses YAML nested too deeply (%s) with a position, no stack overflow', async (_, text, line, column) => {
    const ps = await check(text);
    expect(ps).toEqual([expect.objectContaining({ line, column, message: 'YAML nested deeper than 64 levels' })]);
  });
});

describe('aliases', () => {
  it('an alias bomb is refused with the position of the first alias', async () => {
    const rows = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const [n, p] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e'], ['g', 'f']]) rows.push(`${n}: &${n} [${Array(9).fill(`*${p}`).join(',')}]`);
    rows.push('steps: [*g]');
    expect(await check(rows.join('\n'))).toEqual([expect.objectContaining({ line: 2, column: 8, message: 'YAML: aliases (*name) expand too much' })]);
  });
});

describe('the checker lists every problem at once and catches typos (issue 14 item 9)', () => {
  it('expect: okk is an unknown expectation, with a suggestion', async () => {
    const ps = await check('steps:\n  - send: AT\n    expect: okk\n  - send: AT\n    expect: [ok, "Error"]\n  - send: AT\n    expect: [ok, "ok and rssi > 3"]\n');
    expect(ps).toEqual([
      expect.objectContaining({ line: 3, column: 13, message: "unknown expectation 'okk' (did you mean 'ok'?)" }),
      expect.objectContaining({ line: 7, column: 18, message: "'ok' is an expectation of its own, not part of a condition" }),
    ]);
    // A keyword in another case is the keyword; a true/false field is tested with == true.
    await expect(parseBatch('steps:\n  - send: AT+CEREG?\n    expect: [OK, "registered == true"]\n', 'x.yaml')).resolves.toBeTruthy();
  });

  it('schema problems and semantic problems of different steps come together, each with line:col', async () => {
    const text = [
      'settings:',
      '  parallel: many', // 2
      'steps:',
      '  - send: AT',
      '    on_failure: stopp', // 5
      '  - send: AT',
      '    expect: okk', // 7
      '  - send: AT+CSQ;+QPOWD', // 8
      '  - send: AT',
      '    expct: ok', // 10
      '  - repeat: 2',
      '    steps:',
      '      - send: AT',
      "        expect: { match: '(a)\\1' }", // 14
      '  - poll: { send: AT, until: "x matches (?=y)" }', // 15
    ].join('\n');
    const ps = await check(text);
    expect(ps.map((p) => `${p.line}:${p.column}`)).toEqual(['2:13', '5:17', '7:13', '8:11', '10:5', '14:30', '15:41']);
    expect(ps.map((p) => p.message)).toEqual([
      "'many' is not allowed here",
      "'stopp' is not allowed here",
      "unknown expectation 'okk' (did you mean 'ok'?)",
      'AT+CSQ;+QPOWD is a dangerous command (AT+QPOWD: powers the modem down; it stays off until its power is cycled)',
      "unknown key 'expct'",
      'bad regular expression: backreferences are not supported (they need a backtracking engine that can take forever)',
      'condition: bad regular expression: lookahead and lookbehind are not supported (they need a backtracking engine that can take forever)',
    ]);
  });

  it('regexes RE2 cannot run are refused in captures and modem selectors too', async () => {
    const ps = await check("modems: { label: ['/(?<!x)y/', 'EC*'] }\nsteps:\n  - send: AT\n    capture: { v: { match: 'a(?=b)' } }\n");
    expect(ps.map((p) => [p.line, p.column, p.message.slice(0, 40)])).toEqual([
      [1, 21, 'bad regular expression: lookahead and lo'],
      [4, 30, 'bad regular expression: lookahead and lo'],
    ]);
    // What RE2 runs is accepted, including patterns that backtrack catastrophically in JavaScript.
    await expect(parseBatch("modems: { model: '/^EC2[15]/i' }\nsteps:\n  - send: AT\n    expect: { match: '^(.+)+Z$' }\n", 'x.yaml')).resolves.toBeTruthy();
  });

  it('every dangerous disguise in a batch file needs allow_dangerous', async () => {
    for (const cmd of ['AT+CSQ;+QPOWD', 'AT +QPOWD', 'AT+CFUN=0;', 'AT+CFUN =0', 'ATE0&F', 'AT;+QFASTBOOT', 'AT+CFUN=4;+CSQ', 'AT+QCFG=\\"usbcfg\\",1', 'AT+QNVFW', 'AT+QFOTADL=\\"x\\"', 'AT+CLCK=\\"SC\\",1,\\"1234\\"', 'AT&W', 'ATZ']) {
      const ps = await check(`steps:\n  - send: "${cmd}"\n`);
      expect(ps, cmd).toHaveLength(1);
      expect(ps[0]!.message, cmd).toContain('is a dangerous command');
      await expect(parseBatch(`steps:\n  - send: "${cmd}"\n    allow_dangerous: true\n`, 'x.yaml'), cmd).resolves.toBeTruthy();
    }
  });
});

describe('includes stay inside the allowed folders (issue 13)', () => {
  const secret = 'root:x:0:0:root:/root:/bin/bash';
  const outside = join(dir, 'outside');
  const batches = join(dir, 'batches');
  mkdirSync(outside, { recursive: true });
  mkdirSync(join(batches, 'sub'), { recursive: true });
  writeFileSync(join(outside, 'passwd'), secret + '\n');
  writeFileSync(join(outside, 'lib.yaml'), 'steps:\n  - send: ATI\n');
  writeFileSync(join(batches, 'sub', 'inner.yaml'), 'steps:\n  - send: AT\n');
  writeFileSync(join(batches, 'notbatch.yaml'), secret + '\n');
  symlinkSync(join(outside, 'lib.yaml'), join(batches, 'link.yaml'));

  const top = (name: string, include: string): string => {
    const f = join(batches, name);
    writeFileSync(f, `steps:\n  - include: ${include}\n`);
    return f;
  };

  it('refuses ../ paths and symlinks that leave the folder, without reading them', async () => {
    for (const inc of ['../outside/passwd', '../../../../../../etc/passwd', 'sub/../../outside/lib.yaml', 'link.yaml']) {
      const f = top('t.yaml', inc);
      const ps = await problems(() => loadBatchFile(f));
      expect(ps, inc).toEqual([expect.objectContaining({ file: f, line: 2, column: 14, message: `${inc} is outside the batch file's folder` })]);
    }
  });

  it.runIf(process.platform !== 'win32')('a FIFO or a folder is refused without blocking', async () => {
    execFileSync('mkfifo', [join(batches, 'fifo.yaml')]);
    mkdirSync(join(batches, 'dir.yaml'), { recursive: true });
    const ps = await problems(() => loadBatchFile(top('t6.yaml', 'fifo.yaml')));
    expect(ps).toEqual([expect.objectContaining({ line: 2, column: 14, message: 'cannot read fifo.yaml: not a regular file' })]);
    expect((await problems(() => loadBatchFile(join(batches, 'fifo.yaml'))))[0]!.message).toBe('cannot read the file: not a regular file');
    expect((await problems(() => loadBatchFile(join(batches, 'dir.yaml'))))[0]!.message).toBe('cannot read the file: it is a folder, not a file');
  });

  it('never prints what it read', async () => {
    const ps = await problems(() => loadBatchFile(top('t2.yaml', 'notbatch.yaml')));
    expect(ps.length).toBeGreaterThan(0);
    for (const p of ps) expect(JSON.stringify(p)).not.toContain('root:x');
  });

  it('accepts subfolders, and a folder given as an include folder', async () => {
    expect((await loadBatchFile(top('t3.yaml', 'sub/inner.yaml'))).steps.map((s) => s.kind === 'send' && s.command)).toEqual(['AT']);
    const f = top('t4.yaml', 'lib.yaml');
    await expect(loadBatchFile(f)).rejects.toThrow(/cannot read lib\.yaml: no such file/);
    expect((await loadBatchFile(f, { includeDirs: [outside] })).steps.map((s) => s.kind === 'send' && s.command)).toEqual(['ATI']);
    expect((await loadBatchFile(top('t5.yaml', 'link.yaml'), { includeDirs: [outside] })).steps).toHaveLength(1);
  });
});
