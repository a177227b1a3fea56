import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCancelledError } from '../../../src-main/core/errors';
import { expandPowerCycleCommand, shellPowerCycle } from '../../../src-main/core/recovery';

const vars = { location: '1-1.4', usbSerial: 'ABC123', imei: '861458037506563', label: "bench 'A'" };

describe('external power-cycle hook', () => {
  it('quotes placeholders so a value cannot break out of the command', () => {
    expect(expandPowerCycleCommand('cycle {location} {label} {unknown}', vars, 'linux')).toBe(`cycle '1-1.4' 'bench '\\''A'\\''' {unknown}`);
    expect(expandPowerCycleCommand('cycle {label}', vars, 'win32')).toBe(`cycle "bench 'A'"`);
  });

  it.runIf(process.platform !== 'win32')('runs the command with the values as arguments and MB_* variables', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-hook-'));
    const out = join(dir, 'out.txt');
    await shellPowerCycle(`printf '%s|%s|%s' {label} "$MB_IMEI" "$MB_LOCATION" > ${out}`, vars)(new AbortController().signal);
    expect(readFileSync(out, 'utf8')).toBe("bench 'A'|861458037506563|1-1.4");
  });

  it.runIf(process.platform !== 'win32')('a failing command fails the step with its exit code and stderr', async () => {
    await expect(shellPowerCycle('echo relay not found >&2; exit 3', vars)(new AbortController().signal)).rejects.toThrow(/exited with 3: relay not found/);
  });

  it.runIf(process.platform !== 'win32')('is cancelled with the ladder', async () => {
    const ac = new AbortController();
    const p = shellPowerCycle('sleep 30', vars)(ac.signal);
    // The command has started (spawn is synchronous); cancel it at once, no waiting.
    ac.abort('stop');
    await expect(p).rejects.toSatisfy(isCancelledError);
  });

  it('refuses an empty command', () => {
    expect(() => shellPowerCycle('  ', vars)).toThrow(TypeError);
  });
});
