import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCancelledError } from '../../../src-main/core/errors';
import { checkPowerCycleTemplate, expandPowerCycleArgv, parsePowerCycleTemplate, shellPowerCycle } from '../../../src-main/core/recovery';

const vars = { location: '1-1.4', usbSerial: 'ABC123', imei: '861458037506563', label: "bench 'A'" };
const dir = mkdtempSync(join(tmpdir(), 'mb-hook-'));
// A stand-in for uhubctl: writes its argv and MB_* variables as JSON, or fails, or waits.
const tool = join(dir, 'tool.cjs');
writeFileSync(
  tool,
  `const fs = require('fs');
const [out, mode] = [process.argv[2], process.argv[3]];
if (mode === 'fail') { process.stderr.write('relay not found\\n'); process.exit(3); }
if (mode === 'wait') setTimeout(() => {}, 30000);
else fs.writeFileSync(out, JSON.stringify({ argv: process.argv.slice(4), env: { MB_IMEI: process.env.MB_IMEI, MB_LABEL: process.env.MB_LABEL, MB_LOCATION: process.env.MB_LOCATION } }));`,
);
const node = `'${process.execPath}' '${tool}'`;
const run = async (template: string, v: Parameters<typeof shellPowerCycle>[1], out: string) => {
  await shellPowerCycle(template, v)(new AbortController().signal);
  return JSON.parse(readFileSync(out, 'utf8')) as { argv: string[]; env: Record<string, string> };
};

describe('external power-cycle hook (no shell)', () => {
  it('splits the template once into words; each placeholder fills its own word', () => {
    const words = parsePowerCycleTemplate(`uhubctl -l {location} -p "3" -a 'cycle now' --name "{label}"`, 'linux');
    expect(words).toEqual(['uhubctl', '-l', '{location}', '-p', '3', '-a', 'cycle now', '--name', '{label}']);
    expect(expandPowerCycleArgv(words, { ...vars, label: 'a b; rm -rf ~' })).toEqual(['uhubctl', '-l', '1-1.4', '-p', '3', '-a', 'cycle now', '--name', 'a b; rm -rf ~']);
    expect(parsePowerCycleTemplate('C:\\tools\\cycle.exe {location}', 'win32')).toEqual(['C:\\tools\\cycle.exe', '{location}']);
  });

  it.each(['cycle {label} | tee log', 'a; b', 'x > out', 'echo $(id)', 'echo `id`', 'a && b', 'say "$MB_LABEL"', "unclosed 'quote"])('refuses shell syntax it would not honour: %s', (t) => {
    expect(checkPowerCycleTemplate(t, 'linux')).toMatch(/^template: /);
  });

  it.runIf(process.platform !== 'win32')('device-reported strings never reach a shell, quoted placeholders or not (issue 13)', async () => {
    const marker = join(dir, 'pwned');
    const label = `x'; touch ${marker}1; echo '$(touch ${marker}2)\`touch ${marker}3\`"; touch ${marker}4; "`;
    const out = join(dir, 'out1.json');
    // The old hook ran these through sh -c: "{label}" let $(…) and `…` run.
    const got = await run(`${node} ${out} ok "{label}" '{label}' {label} x{imei}y`, { ...vars, label }, out);
    expect(got.argv).toEqual([label, label, label, `x${vars.imei}y`]);
    expect(got.env.MB_LABEL).toBe(label);
    for (const n of [1, 2, 3, 4]) expect(existsSync(`${marker}${n}`), `marker ${n}`).toBe(false);
  });

  it.runIf(process.platform !== 'win32')('reads the values when it runs: an IMEI learnt after the modem was added is filled', async () => {
    const out = join(dir, 'out2.json');
    const live = { ...vars, imei: null as string | null };
    const hook = shellPowerCycle(`${node} ${out} ok {imei}`, () => live);
    live.imei = '861458037506563';
    await hook(new AbortController().signal);
    const got = JSON.parse(readFileSync(out, 'utf8')) as { argv: string[]; env: Record<string, string> };
    expect(got.argv).toEqual(['861458037506563']);
    expect(got.env.MB_IMEI).toBe('861458037506563');
  });

  it.runIf(process.platform !== 'win32')('a failing command fails the step with its exit code and stderr', async () => {
    await expect(shellPowerCycle(`${node} - fail`, vars)(new AbortController().signal)).rejects.toThrow(/exited with 3: relay not found/);
  });

  it('a template that needs a shell fails the step with the reason, without running anything', async () => {
    await expect(shellPowerCycle('cycle {label}; reboot', vars)(new AbortController().signal)).rejects.toThrow(/power-cycle command refused: template: ';' at column 14/);
  });

  it.runIf(process.platform !== 'win32')('is cancelled with the ladder', async () => {
    const ac = new AbortController();
    const p = shellPowerCycle(`${node} - wait`, vars)(ac.signal);
    // The command has started (spawn is synchronous); cancel it at once, no waiting.
    ac.abort('stop');
    await expect(p).rejects.toSatisfy(isCancelledError);
  });

  it('refuses an empty command', () => {
    expect(() => shellPowerCycle('  ', vars)).toThrow(TypeError);
  });
});
