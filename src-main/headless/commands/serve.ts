import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRemote } from '../../core/fleet';
import { createLogger } from '../../core/log';
import { type PrometheusExporter, createPrometheusExporter } from '../../core/metrics/exposition';
import { checkPowerCycleTemplate } from '../../core/recovery';
import { realBinding } from '../../core/serial/real-binding';
import { AppService, createDispatcher, defaultDirs } from '../../core/service';
import { ModemSimulator } from '../../core/sim';
import { type CliIo, UsageError, intOption, parse } from '../cli-util';
import { PROJECT_ROOT, examplesDir } from '../app-paths';
import { RENDERER_OUT, buildRenderer, rendererIsStale } from '../renderer-build';
import { isLoopback, startServer } from '../server';

const HELP = `modem-bench serve [--sim N] [--seed S] [--faults SPEC] [--serial PATH...] [--port P] [--host H] [--token T]
                   [--data-dir DIR] [--log-dir DIR] [--no-build] [--tls-cert PEM --tls-key PEM]
                   [--remote URL... [--remote-token T...] [--remote-ca PEM]]

Serves the Modem Bench UI to a browser, over the same contract as the desktop app,
and GET /metrics in the Prometheus text format (token as 'Authorization: Bearer T' off loopback).
  --sim N        start N simulated EC25 modems
  --discover     look for real modems too (the default when neither --sim nor --serial is given;
                 when nothing is found, a simulated bench of 8 starts)
  --serial PATH  a real modem's AT port (repeatable)
  --port P       HTTP port [7800]; 0 picks a free one
  --host H       address to bind [127.0.0.1]. Any non-loopback address requires a token:
                 one is generated and printed unless --token is given. Share the printed URL once;
                 the browser then keeps the token in a cookie.
  --data-dir DIR settings location [OS config dir]
  --log-dir DIR  log location [OS state/log dir]
  --no-build     do not rebuild the UI even if its sources are newer
  --tls-cert PEM, --tls-key PEM  serve HTTPS and WSS with this certificate and key (lab networks);
                 remotes then use https://host:port/ and check the certificate
  --remote URL   another bench host's serve (repeatable; the URL it prints): its modems join this
                 bench with their host, through the same contract; consoles, broadcasts and recovery
                 reach them. For this run only (the Benches page keeps the ones added there).
  --remote-token T  token for the remotes whose URL has none (or one per --remote, in order)
  --remote-ca PEM   for https remotes: the certificate (or its CA) they must present
  --power-cycle CMD  the recovery ladder's external power cycle for real modems, a command run
                 without a shell: {location} {usbSerial} {imei} {label} fill its arguments (also MB_*
                 environment variables; pipes and redirects go in a script),
                 e.g. 'uhubctl -l {location} -a cycle'; or set MODEM_BENCH_POWER_CYCLE`;

export async function serveCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(args, {
    sim: { type: 'string' },
    seed: { type: 'string' },
    faults: { type: 'string' },
    serial: { type: 'string', multiple: true },
    port: { type: 'string' },
    host: { type: 'string' },
    token: { type: 'string' },
    'data-dir': { type: 'string' },
    'log-dir': { type: 'string' },
    'no-build': { type: 'boolean' },
    discover: { type: 'boolean' },
    'power-cycle': { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    remote: { type: 'string', multiple: true },
    'remote-token': { type: 'string', multiple: true },
    'remote-ca': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const port = intOption('port', values.port, 0, 65535) ?? 7800;
  const serial = values.serial ?? [];
  const explicitSim = intOption('sim', values.sim, 0, 256);
  // Real modems are looked for unless the bench was named (--sim/--serial); nothing found means a simulated bench.
  const discoverReal = values.discover ?? (explicitSim === undefined && serial.length === 0);
  const seed = intOption('seed', values.seed, 0) ?? 1;
  const host = values.host ?? '127.0.0.1';
  if (values.token !== undefined && values.token.length < 16) throw new UsageError('--token must be at least 16 characters');
  if (values.token !== undefined && isLoopback(host)) io.err('note: --token given on a loopback address: it will be required anyway.');
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) throw new UsageError('--tls-cert and --tls-key go together');
  let tls: { cert: Buffer; key: Buffer } | null = null;
  if (values['tls-cert'] !== undefined && values['tls-key'] !== undefined) {
    try {
      tls = { cert: readFileSync(values['tls-cert']), key: readFileSync(values['tls-key']) };
    } catch (err) {
      throw new UsageError(`--tls-cert/--tls-key: ${(err as Error).message}`);
    }
  }

  const remotes = remoteHosts(values.remote ?? [], values['remote-token'] ?? [], values['remote-ca']);

  if (!values['no-build'] && rendererIsStale() && !buildRenderer(io.err)) {
    io.err('modem-bench: building the UI failed (see above).');
    return 1;
  }
  const dirs = defaultDirs();
  const dataDir = values['data-dir'] ?? dirs.dataDir;
  const logDir = values['log-dir'] ?? dirs.logDir;
  const log = createLogger(logDir);
  mkdirSync(dataDir, { recursive: true });
  const version = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const powerCycleCommand = values['power-cycle'] ?? process.env.MODEM_BENCH_POWER_CYCLE ?? null;
  // A template that would need a shell is refused now, not when a modem first needs the hook.
  const hookProblem = powerCycleCommand === null ? null : checkPowerCycleTemplate(powerCycleCommand);
  if (hookProblem !== null) throw new UsageError(`--power-cycle: ${hookProblem}`);
  const app = new AppService({
    version,
    dataDir,
    logDir,
    logFile: log.file,
    logger: log.logger,
    realBinding: serial.length || discoverReal ? realBinding() : null,
    ports: serial,
    runsDb: join(dataDir, 'runs.db'),
    powerCycleCommand,
    examplesDir: examplesDir(),
  });
  const dispatcher = createDispatcher(app, log.logger);
  let server;
  let exporter: PrometheusExporter | undefined;
  try {
    await app.start();
    try {
      app.benches.addTransient(remotes);
    } catch (err) {
      throw new UsageError(`--remote: ${(err as Error).message}`);
    }
    let simCount = explicitSim ?? 0;
    if (discoverReal) {
      const { found } = await app.startDiscovery().catch((err: unknown) => {
        io.err(`discovery failed: ${(err as Error).message}`);
        return { found: 0 };
      });
      io.out(found > 0 ? `${found} modem(s) found.` : 'No modems found: starting a simulated bench of 8 (use --sim N to choose).');
      if (found === 0 && explicitSim === undefined) simCount = 8;
    }
    if (simCount > 0) {
      const r = await dispatcher.invoke('bench.startSimulated', { count: simCount, seed, ...(values.faults ? { faults: values.faults } : {}) });
      if (!r.ok) throw new UsageError(r.error.message);
    }
    exporter = createPrometheusExporter(app);
    server = await startServer({ host, port, token: values.token ?? null, rendererDir: RENDERER_OUT, dispatcher, app, logger: log.logger, version, metrics: exporter, tls });
    log.logger.info({ url: server.url, host, simCount, serial }, 'serving');
    io.out(`Modem Bench serving ${server.openUrl}`);
    if (server.token) io.out(`Token required (non-loopback bind). Open the URL above once; keep it private.`);
    io.out(`${simCount > 0 ? `${simCount} simulated modem(s)` : ''}${serial.length ? ` ${serial.length} serial port(s)` : ''}. Logs: ${log.file}. Ctrl+C to stop.`);
    await io.untilStopped();
  } finally {
    await server?.close();
    exporter?.dispose();
    await app.stop();
    const orphans = await ModemSimulator.disposeAll();
    if (orphans > 0) log.logger.error({ orphans }, 'simulated benches were left running after the app stopped: disposed');
    log.close();
  }
  return 0;
}

/**
 * The hosts of --remote with their tokens (one for all, or one per --remote in order) and the
 * CA of --remote-ca, checked before anything starts. Tokens are never printed.
 */
function remoteHosts(urls: string[], tokens: string[], caFile: string | undefined): { url: string; token: string | null; ca: string | null }[] {
  if (urls.length === 0) {
    if (tokens.length > 0 || caFile !== undefined) throw new UsageError('--remote-token and --remote-ca go with --remote');
    return [];
  }
  if (tokens.length > 1 && tokens.length !== urls.length) throw new UsageError(`--remote-token: give one for all remotes or one per --remote (${urls.length})`);
  let ca: string | null = null;
  try {
    ca = caFile === undefined ? null : readFileSync(caFile, 'utf8');
  } catch (err) {
    throw new UsageError(`--remote-ca: ${(err as Error).message}`);
  }
  return urls.map((url, i) => {
    try {
      const own = parseRemote(url).token;
      const token = tokens.length === 0 ? own : tokens.length === 1 ? (own ?? tokens[0]!) : tokens[i]!;
      return { url, token, ca };
    } catch (err) {
      throw new UsageError(`--remote: ${(err as Error).message}`);
    }
  });
}
