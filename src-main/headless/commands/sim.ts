import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModemSimulator, SimPtyExposure, StartStateSpecError, parseStartState } from '../../core/sim';
import { type CliIo, UsageError, faultsOption, intOption, parse } from '../cli-util';

const HELP = `modem-bench sim --count N [--pty-dir DIR] [--faults SPEC] [--seed S] [--start-state SPEC] [--latency real|none]

Runs N virtual EC25 modems on pseudo-terminals so any serial tool (minicom,
picocom, 'modem-bench at --port DIR/sim0') can talk to them. Links:
  DIR/simK          the AT port (interface 2) of modem K
  DIR/simK-ifNN     every serial interface (00 DM, 01 NMEA, 02 AT, 03 modem)
  DIR/simK-qmi      the QMI interface (If4): 'modem-bench qmi --device DIR/simK-qmi dms-get-ids',
                    or qmicli -d DIR/simK-qmi --device-open-qmi --dms-get-ids
The links follow a modem through resets and re-enumeration. Ctrl+C stops and cleans up.
  --pty-dir DIR   where the links go [<tmp>/modem-bench-sim]
  --faults SPEC   fault plan, e.g. 'hang:0.02,late:0.01@0-3,reboot:2/min,brick@7' or 'all'
  --seed S        seed for identities, latencies and faults [1]
  --start-state SPEC
                  AT settings the modems have saved (AT&W) at power-on, so they start as a modem
                  left that way: e0 (echo off), v0 (numeric codes), q1, cmee0..2, x0..4, &c0..1,
                  &d0..2, s<n>=<v>, ipr=<rate>; '@0-3' picks slots. e.g. 'e0,v0,cmee0' or 'e0@0-3'.
                  ATZ keeps them, AT&F restores factory. With other commands: --faults 'state:e0+v0@0-3'
  --latency MODE  real: EC25-like answer times (AT+COPS=? scans 20-45 s) [real];
                  none: every answer at once (scripted client tests)`;

export async function simCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(args, {
    count: { type: 'string' },
    'pty-dir': { type: 'string' },
    faults: { type: 'string' },
    seed: { type: 'string' },
    'start-state': { type: 'string' },
    latency: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const count = intOption('count', values.count, 1, 1024);
  if (count === undefined) throw new UsageError('--count N is required');
  if (process.platform === 'win32') throw new UsageError('sim needs pseudo-terminals (Linux or macOS); on Windows use --sim with the other commands');
  const faults = faultsOption(values.faults);
  const dir = values['pty-dir'] ?? join(tmpdir(), 'modem-bench-sim');
  mkdirSync(dir, { recursive: true });
  let startState;
  try {
    startState = parseStartState(values['start-state'] ?? 'none');
  } catch (err) {
    if (err instanceof StartStateSpecError) throw new UsageError(`--start-state: ${err.message}`);
    throw err;
  }
  const latency = values.latency ?? 'real';
  if (latency !== 'real' && latency !== 'none') throw new UsageError(`--latency must be real or none, got '${latency}'`);
  const bench = new ModemSimulator({
    count,
    seed: intOption('seed', values.seed, 0) ?? 1,
    startState,
    ...(latency === 'none' ? { latency: 0 } : {}),
    ...(faults ? { faults } : {}),
  });
  let exposure: SimPtyExposure | null = null;
  try {
    exposure = await SimPtyExposure.create(bench, { dir });
    const infos = new Map(bench.describe().map((d) => [d.index, d]));
    io.out(`${count} simulated EC25 modem(s); links in ${dir}`);
    for (const p of exposure.paths()) {
      if (p.role !== 'at') continue;
      const d = infos.get(p.modem);
      io.out(`sim${p.modem}  IMEI ${d?.imei ?? '?'}  ${p.link} -> ${p.ptyPath}`);
    }
    io.out('Ctrl+C to stop.');
    await io.untilStopped();
    io.out('stopping…');
  } finally {
    await exposure?.dispose();
    await bench.dispose();
  }
  return 0;
}
