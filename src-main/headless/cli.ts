/**
 * `modem-bench`: the headless entry point. Each subcommand lives in
 * ./commands; this file only routes and turns usage errors into exit code 2.
 */
import { UsageError, type CliIo, defaultIo } from './cli-util';
import { atCommand } from './commands/at';
import { listCommand } from './commands/list';
import { qmiCommand } from './commands/qmi';
import { runCommand } from './commands/run';
import { runsCommand } from './commands/runs';
import { serveCommand } from './commands/serve';
import { simCommand } from './commands/sim';
import { soakCommand } from './commands/soak';

const HELP = `modem-bench — bench-test cellular modems (Quectel EC25 family) over serial

Usage:
  modem-bench list [--sim N] [--seed S] [--json]
      Modems and their ports: real ones from the OS port list, or N simulated ones.
  modem-bench at (--port PATH [--baud B] | --sim N [--modem ID|all] [--seed S] [--faults SPEC])
                 [--timeout MS] [--no-init] [--json] CMD [CMD...]
      Sends the commands in order to each selected modem.
      Exit code 0 when every command got a final result code, 1 otherwise, 2 for bad usage.
  modem-bench qmi (--device PATH | --sim N [--modem ID|all]) [--json] REQUEST [REQUEST...]
      QMI requests named like qmicli's (dms-get-ids, nas-get-signal-info ...) to the QMI port (Linux cdc-wdm).
  modem-bench qmi decode [--json] HEX...
      Decodes QMUX/QMI bytes; exit 0 when every byte formed a message, 1 otherwise.
  modem-bench serve [--sim N] [--port P] [--host H] [--serial PATH...]
      Serves the UI to a browser (127.0.0.1 only unless --host; then a token is required).
  modem-bench run FILE (--sim N [--seed S] [--faults SPEC] | --port PATH...) [--db PATH] [--parallel N] [--json] [--junit OUT] [--csv OUT] [--resume ID]
      Runs a batch file; exit 0 when every step passed, 1 otherwise, 2 for a bad file (file:line:col: message).
  modem-bench runs [list|show ID|export ID --format json|csv|junit [--out FILE]|compare A [B]|delete ID...|retention] [--db PATH]
      Stored runs: list, matrix, exports, comparison (two runs, or one run by firmware), delete, retention.
  modem-bench soak (--sim N [--faults SPEC] [--seed S] | --port PATH...) --duration SECONDS [--rate R] [--json]
      Burn-in under faults: recovery and health at work; prints what completed, failed, was lost or misattributed.
  modem-bench sim --count N [--pty-dir DIR] [--faults SPEC] [--seed S]
      Runs N virtual EC25 modems on pseudo-terminals (Linux/macOS), with stable
      links DIR/sim0.. (AT port) and DIR/sim0-if00..if03, until Ctrl+C.

Options:
  --json        machine-readable output (one JSON object per line for 'at')
  --help, -h    this help (also after a subcommand)

Run 'modem-bench <command> --help' for details.`;

export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.out(HELP);
        return cmd === undefined ? 2 : 0;
      case 'list':
        return await listCommand(rest, io);
      case 'at':
        return await atCommand(rest, io);
      case 'qmi':
        return await qmiCommand(rest, io);
      case 'sim':
        return await simCommand(rest, io);
      case 'serve':
        return await serveCommand(rest, io);
      case 'soak':
        return await soakCommand(rest, io);
      case 'run':
        return await runCommand(rest, io);
      case 'runs':
        return await runsCommand(rest, io);
      default:
        throw new UsageError(`unknown command '${cmd}'`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`modem-bench: ${err.message}\nRun 'modem-bench --help' for usage.`);
      return 2;
    }
    throw err;
  }
}
