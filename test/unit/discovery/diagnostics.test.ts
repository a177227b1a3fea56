import { afterEach, describe, expect, it } from 'vitest';
import { classifyOpenError } from '../../../src-main/core/serial/open-errors';
import { CancelledError, DisconnectedError, PortBusyError, TimeoutError } from '../../../src-main/core/errors';
import { describePortError, diagnosePortFailure, formatDiagnostic, noAnswer } from '../../../src-main/core/discovery/index';
import { addProcess, fakeRoot, type FakeTree } from '../../fixtures/ports/fake-fs';

const trees: FakeTree[] = [];
afterEach(() => {
  for (const t of trees.splice(0)) t.remove();
});

/** Errors as serialport's native code words them, through the serial layer's classifier. */
const linuxOpen = (msg: string, path = '/dev/ttyUSB2') => classifyOpenError(path, new Error(msg), 'linux');

describe('describePortError', () => {
  it('permission denied on Linux: dialout/uucp and the udev rule', () => {
    const d = describePortError('/dev/ttyUSB2', linuxOpen('Error: Permission denied, cannot open /dev/ttyUSB2'), { platform: 'linux', role: 'at', interface: 2 });
    expect(d).toMatchObject({ problem: 'permission-denied', code: 'permission-denied', role: 'at', interface: 2 });
    expect(d.summary).toBe('Permission denied opening /dev/ttyUSB2 (If2, at).');
    expect(d.fixes[0]).toContain('`sudo usermod -aG dialout $USER`');
    expect(d.fixes[0]).toContain('uucp');
    expect(d.fixes[1]).toContain('99-modem-bench.rules');
  });

  it('busy with ModemManager as holder: the ID_MM_DEVICE_IGNORE rule and systemctl', () => {
    const err = linuxOpen('Error Resource temporarily unavailable Cannot lock port');
    const d = describePortError('/dev/ttyUSB2', err, { platform: 'linux', holders: [{ pid: 812, comm: 'ModemManager', cmdline: '/usr/sbin/ModemManager' }] });
    expect(d.problem).toBe('busy');
    expect(d.summary).toBe('/dev/ttyUSB2 is in use by ModemManager (pid 812).');
    expect(d.fixes.join('\n')).toContain('ENV{ID_MM_DEVICE_IGNORE}="1"');
    expect(d.fixes.join('\n')).toContain('`sudo systemctl stop ModemManager`');
  });

  it('busy with a terminal: close or kill it; without holders: fuser', () => {
    const err = new PortBusyError('/dev/ttyUSB2', null);
    const term = describePortError('/dev/ttyUSB2', err, { platform: 'linux', holders: [{ pid: 4242, comm: 'minicom', cmdline: null }] });
    expect(term.fixes).toEqual(['Close minicom (pid 4242), or end it: `kill 4242`.']);
    const unknown = describePortError('/dev/ttyUSB2', err, { platform: 'linux' });
    expect(unknown.summary).toBe('/dev/ttyUSB2 is in use by another program.');
    expect(unknown.fixes[0]).toContain('`sudo fuser -v /dev/ttyUSB2`');
  });

  it('Windows: "Access denied" is a busy port, with Windows programs named', () => {
    const err = classifyOpenError('COM12', new Error('Opening COM12: Access denied'), 'win32');
    const d = describePortError('COM12', err, { platform: 'win32', role: 'at', interface: 2 });
    expect(d.problem).toBe('busy');
    expect(d.fixes[0]).toMatch(/PuTTY.*QPST/);
  });

  it('held by this process, vanished, and anything else', () => {
    expect(describePortError('sim:0.1:2', new PortBusyError('sim:0.1:2', 'this Modem Bench'), { platform: 'linux' }).summary).toBe(
      'sim:0.1:2 is already open in this Modem Bench.',
    );
    const gone = describePortError('/dev/ttyUSB2', linuxOpen('Error: No such file or directory, cannot open /dev/ttyUSB2'), { platform: 'linux' });
    expect(gone).toMatchObject({ problem: 'vanished', code: 'port-not-found' });
    expect(describePortError('/dev/ttyUSB2', new DisconnectedError('/dev/ttyUSB2'), { platform: 'linux' }).problem).toBe('vanished');
    const other = describePortError('/dev/ttyUSB2', new TimeoutError('AT', 1000), { platform: 'linux' });
    expect(other).toMatchObject({ problem: 'failed', code: 'timeout' });
  });

  it('no answer: booting (RDY 10-30 s) or not an AT port; ERROR only: not ready', () => {
    const silent = noAnswer('/dev/ttyUSB2', { platform: 'linux', role: 'at', interface: 2 }, { attempts: 3, waitedMs: 4000 });
    expect(silent).toMatchObject({ problem: 'no-answer', code: 'timeout' });
    expect(silent.summary).toBe('No answer to AT on /dev/ttyUSB2 (If2, at) after 3 tries over 4.0 s.');
    expect(silent.fixes.join(' ')).toMatch(/RDY.*10-30 s/);
    expect(silent.fixes.join(' ')).toMatch(/RNDIS puts it on If4/);
    const err = noAnswer('/dev/ttyUSB2', { platform: 'linux' }, { attempts: 1, waitedMs: 100, answeredError: true });
    expect(err.problem).toBe('not-ready');
    expect(err.summary).toContain('answers AT with ERROR (1 tries over 0.1 s)');
  });

  it('formats the summary and the fixes as a list', () => {
    const d = noAnswer('COM12', { platform: 'win32' }, { attempts: 1, waitedMs: 1000 });
    expect(formatDiagnostic(d)).toBe(
      [
        'No answer to AT on COM12 after 1 try over 1.0 s.',
        '  - The modem may still be booting: the AT port stays silent until RDY, about 10-30 s after power-on. Rescan in a few seconds.',
        '  - It may not be an AT port: a DIAG or NMEA interface, or a composition that moved the AT port (RNDIS puts it on If4).',
        '  - If it stays silent, power-cycle the modem.',
      ].join('\n'),
    );
  });
});

describe('diagnosePortFailure', () => {
  it('looks up the holder of a busy Linux port under procRoot', async () => {
    const t = fakeRoot('mb-proc-');
    trees.push(t);
    addProcess(t.root, { pid: 812, comm: 'ModemManager', fds: { 9: '/dev/ttyUSB2' } });
    const d = await diagnosePortFailure('/dev/ttyUSB2', new PortBusyError('/dev/ttyUSB2', null), { platform: 'linux', procRoot: t.root });
    expect(d.holders).toEqual([{ pid: 812, comm: 'ModemManager', cmdline: null }]);
    expect(d.summary).toContain('ModemManager (pid 812)');
    const off = await diagnosePortFailure('/dev/ttyUSB2', new PortBusyError('/dev/ttyUSB2', null), { platform: 'linux', procRoot: t.root, lookupHolders: false });
    expect(off.holders).toEqual([]);
    const win = await diagnosePortFailure('COM3', new PortBusyError('COM3', null), { platform: 'win32', procRoot: t.root });
    expect(win.holders).toEqual([]);
    expect((await diagnosePortFailure('/dev/ttyUSB2', new CancelledError(), { platform: 'linux' })).problem).toBe('failed');
  });
});
