import { ModemSet } from '../../core/modem';
import { toErrorInfo } from '../../core/errors';
import { type PortLocator, checkPowerCycleTemplate, shellPowerCycle } from '../../core/recovery';
import { realBinding } from '../../core/serial/real-binding';
import { simLocator } from '../../core/service/sim-locator';
import { ModemSimulator } from '../../core/sim';
import { openSimQmi } from '../../core/sim/qmi';
import { QmiClient } from '../../core/qmi';
import { type SoakSummary, type SoakTarget, runSoak } from '../../core/soak';
import { type CliIo, UsageError, faultsOption, intOption, parse } from '../cli-util';
import { soakRemote } from './soak-remote';

const HELP = `modem-bench soak (--sim N [--faults SPEC] [--seed S] | --port PATH...) --duration SECONDS [--rate CMD_PER_S] [--json]

Burn-in: a command mix against every modem for --duration seconds while the
recovery engine and health monitoring work, then a settle phase (faults off
for simulated modems), then a summary:
  submitted, completed, failed (code -> count), misattributed (a reply matched
  to the wrong command: every simulated reply is identifiable), lost (submitted
  without exactly one outcome), recoveries by ladder step, modems by final
  health state, leaks (timers, handles, listeners, ports and QMI clients left
  after shutdown). With --sim a fifth of each modem's requests go to its QMI
  port (DMS Get IDs, NAS Get Signal Info, NAS Get Serving System), counted the
  same way under "qmi" (an answer naming another modem's IMEI is misattributed).
  --rate R       commands per second across all modems [100]
  --sample-interval S  every S seconds of the load: the heap after a forced full GC and the
                 event-loop delay p99 of the interval, in "heap" (samples, growthPct2to10: from
                 the sample at minute 2 to the last at or before minute 10) and
                 "eventLoopP99Ms" (one per interval) [30; 0 = not sampled]
  --faults SPEC  fault plan for --sim ('all' = every kind; see README)
  --power-cycle CMD  with --port: the ladder's external power cycle (run without a shell, {label} = the port)
Exit code 0 when misattributed, lost (AT and QMI) and leaks are 0 and (with --sim) every
modem ends healthy except the ones the simulator made unrecoverable, which end failed.
  --remote URL   instead: the modems of bench hosts running serve (repeatable; the URL serve
                 prints), a read-only command mix through their servers; the summary gives
                 submitted, completed, failed by code (host-unreachable for a host gone), lost,
                 recoveries and health as each host saw them. Exit 0 when nothing was lost and
                 every host stayed. --remote-token T, --remote-ca PEM as for list.`;

export async function soakCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(args, {
    sim: { type: 'string' },
    port: { type: 'string', multiple: true },
    faults: { type: 'string' },
    seed: { type: 'string' },
    duration: { type: 'string' },
    rate: { type: 'string' },
    'sample-interval': { type: 'string' },
    'power-cycle': { type: 'string' },
    remote: { type: 'string', multiple: true },
    'remote-token': { type: 'string', multiple: true },
    'remote-ca': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const ports = values.port ?? [];
  const remotes = values.remote ?? [];
  if ([ports.length > 0, values.sim !== undefined, remotes.length > 0].filter(Boolean).length !== 1) throw new UsageError('give one of --sim N, --port PATH... or --remote URL...');
  const duration = intOption('duration', values.duration, 1, 7 * 24 * 3600);
  if (duration === undefined) throw new UsageError('--duration SECONDS is required');
  const rate = intOption('rate', values.rate, 1, 10_000) ?? 100;
  if (remotes.length > 0) {
    if (values.faults !== undefined || values['power-cycle'] !== undefined) throw new UsageError('--faults and --power-cycle are set on each host, not with --remote');
    const rac = new AbortController();
    const off = io.onStop(() => rac.abort('interrupted'));
    try {
      return await soakRemote({ remotes, tokens: values['remote-token'] ?? [], caFile: values['remote-ca'], durationS: duration, rate, json: Boolean(values.json), signal: rac.signal }, io);
    } finally {
      off();
    }
  }
  const seed = intOption('seed', values.seed, 0) ?? 1;
  const sampleS = intOption('sample-interval', values['sample-interval'], 0, 3600) ?? 30;
  if (values.faults !== undefined && values.sim === undefined) throw new UsageError('--faults goes with --sim');
  const faults = faultsOption(values.faults);

  const baseline = resourceCounts();
  const sim = values.sim !== undefined ? new ModemSimulator({ count: intOption('sim', values.sim, 1, 1024)!, seed, ...(faults ? { faults } : {}) }) : null;
  const bench = new ModemSet({ binding: sim ? sim.binding : realBinding() });
  const ac = new AbortController();
  const offStop = io.onStop(() => ac.abort('interrupted'));
  let summary: SoakSummary;
  const targets: SoakTarget[] = [];
  try {
    const specs = sim
      ? sim.describe().map((d) => ({ label: `sim${d.index}`, ports: d.ports.map((p) => ({ path: p.path, role: p.role, interface: p.interface })), locator: simLocator(sim, d.index), qmi: async () => openSimQmi(sim.modems[d.index]!) }))
      : ports.map((path) => {
          const ps = [{ path, role: 'at' as const, interface: null }];
          const locator: PortLocator = { current: () => ps, onChange: () => () => undefined };
          const cmd = values['power-cycle'];
          const problem = cmd ? checkPowerCycleTemplate(cmd) : null;
          if (problem !== null) throw new UsageError(`--power-cycle: ${problem}`);
          const powerCycle = cmd ? shellPowerCycle(cmd, { location: null, usbSerial: null, imei: null, label: path }) : null;
          return { label: path, ports: ps, locator, powerCycle };
        });
    // Set-up is not under test: the fault plan starts with the load.
    sim?.modems.forEach((m) => m.setFaultsEnabled(false));
    for (const s of specs) {
      try {
        const modem = await bench.add(s.ports, s.label, { signal: ac.signal });
        await modem.init(ac.signal);
        await modem.readIdentity(ac.signal);
        targets.push({ modem, locator: s.locator, powerCycle: 'powerCycle' in s ? s.powerCycle : null, qmi: 'qmi' in s ? s.qmi : null });
      } catch (err) {
        io.err(`${s.label}: not usable: ${toErrorInfo(err).message}`);
      }
    }
    if (targets.length === 0) {
      io.err('modem-bench: no modem could be opened');
      return 1;
    }
    sim?.modems.forEach((m) => m.setFaultsEnabled(true));
    if (!values.json) io.out(`soak: ${targets.length} modem(s), ${duration} s at ${rate} commands/s${values.faults ? `, faults ${values.faults}` : ''}…`);
    summary = await runSoak({
      bench,
      targets,
      durationMs: duration * 1000,
      rate,
      seed,
      tagged: sim !== null,
      signal: ac.signal,
      resources: sampleS > 0 ? { intervalMs: sampleS * 1000 } : null,
      onLoadEnd: () => sim?.modems.forEach((m) => m.setFaultsEnabled(false)),
    });
  } finally {
    offStop();
    await bench.close();
  }
  const bricked = sim ? sim.describe().filter((d) => d.bricked).map((d) => `sim${d.index}`) : [];
  await sim?.dispose();
  const leftover = bench.leaks();
  const after = resourceCounts();
  const handleLeaks = Object.fromEntries(Object.entries(after).filter(([k, n]) => n > (baseline[k] ?? 0)).map(([k, n]) => [k, n - (baseline[k] ?? 0)]));
  // QMI clients still open after the soak closed its own (each holds client ids on the device).
  const qmiClients = QmiClient.live;
  const leaks = Object.values(handleLeaks).reduce((a, b) => a + b, 0) + Object.values(leftover).reduce((a, b) => a + b, 0) + qmiClients;
  const expected = summary.byModem.every((m) => (bricked.includes(m.modem) ? m.health === 'failed' : m.health === 'healthy'));
  const result = { ...summary, leaks, leakDetails: { handles: handleLeaks, bench: leftover, qmiClients }, unrecoverable: bricked, expectationsMet: sim ? expected : null };
  if (values.json) io.out(JSON.stringify(result));
  else printSummary(result, io);
  const ok = summary.misattributed === 0 && summary.lost === 0 && (summary.qmi?.misattributed ?? 0) === 0 && (summary.qmi?.lost ?? 0) === 0 && leaks === 0 && (sim ? expected : true);
  return ok ? 0 : 1;
}

/** Active handles and requests by type (timers, sockets, fds): compared before and after to find leaks. */
function resourceCounts(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) out[r] = (out[r] ?? 0) + 1;
  return out;
}

function printSummary(r: SoakSummary & { leaks: number; unrecoverable: string[]; expectationsMet: boolean | null }, io: CliIo): void {
  io.out(`submitted ${r.submitted}  completed ${r.completed}  misattributed ${r.misattributed}  lost ${r.lost}  leaks ${r.leaks}`);
  if (r.qmi) io.out(`qmi: submitted ${r.qmi.submitted}  completed ${r.qmi.completed}  misattributed ${r.qmi.misattributed}  lost ${r.qmi.lost}  failed: ${Object.entries(r.qmi.failed).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
  io.out(`failed: ${Object.entries(r.failed).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
  io.out(`recoveries: ${Object.entries(r.recoveries).map(([k, n]) => `${k} ${n}`).join(', ')}; reboots ${r.reboots}`);
  if (r.heap) {
    const used = r.heap.samples.map((s) => s.usedMB);
    io.out(`heap after GC: ${used.length ? `${Math.min(...used)}..${Math.max(...used)} MB` : 'no sample'}, growth minute 2 to 10: ${r.heap.growthPct2to10 === null ? 'n/a (load too short)' : `${r.heap.growthPct2to10} %`}; event-loop p99 per ${r.heap.intervalS} s at most ${r.eventLoopP99MaxMs ?? 'n/a'} ms`);
  }
  io.out(`health: ${Object.entries(r.health).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  for (const m of r.byModem.filter((x) => x.health !== 'healthy')) io.out(`  ${m.modem}: ${m.health} (${m.reasons.join('; ')})`);
  if (r.expectationsMet !== null) io.out(`unrecoverable (bricked by the simulator): ${r.unrecoverable.join(', ') || 'none'}; expectations ${r.expectationsMet ? 'met' : 'NOT met'}`);
}
