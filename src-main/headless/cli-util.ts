import { parseArgs, type ParseArgsConfig } from 'node:util';
import { type FaultPlan, parseFaultSpec } from '../core/sim';

/** Bad command-line usage: exit code 2 with the message. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Where the CLI writes; tests pass their own. `signals` lets a test stand in for Ctrl+C. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Resolves when the user asks to stop (SIGINT/SIGTERM). */
  untilStopped(): Promise<string>;
  /** Registers a handler for SIGINT/SIGTERM while a command runs; returns an unregister. */
  onStop(handler: () => void): () => void;
  isTTY: boolean;
}

/** A closed pipe (`modem-bench list | head`) ends the output quietly instead of crashing. */
function quietOnEpipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

export function defaultIo(): CliIo {
  quietOnEpipe(process.stdout);
  quietOnEpipe(process.stderr);
  const onStop = (handler: () => void): (() => void) => {
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    return () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    };
  };
  return {
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
    untilStopped: () =>
      new Promise((resolve) => {
        const off = onStop(() => {
          off();
          resolve('signal');
        });
      }),
    onStop,
    isTTY: Boolean(process.stdout.isTTY),
  };
}

/** parseArgs with strict options; its errors become UsageErrors. */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export function intOption(name: string, value: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number, got '${value}'`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** --faults SPEC as a plan; a bad spec is a usage error that shows where it went wrong. */
export function faultsOption(spec: string | undefined): FaultPlan | undefined {
  if (spec === undefined) return undefined;
  try {
    return parseFaultSpec(spec);
  } catch (err) {
    throw new UsageError(`--faults: ${(err as Error).message}`);
  }
}
