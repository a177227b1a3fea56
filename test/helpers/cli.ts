import type { CliIo } from '../../src-main/headless/cli-util';
import { main } from '../../src-main/headless/cli';

/** Runs the modem-bench CLI in this process with its output captured line by line. */
export async function runCli(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (t) => out.push(...t.split('\n')),
    err: (t) => err.push(...t.split('\n')),
    untilStopped: () => new Promise(() => undefined),
    onStop: () => () => undefined,
    isTTY: false,
  };
  const code = await main(args, io);
  return { code, out, err };
}

/** A CLI io that keeps each write whole (a JSON document per write stays one entry), for tests that call `main` themselves. */
export function memoryIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (t) => stdout.push(t),
    err: (t) => stderr.push(t),
    untilStopped: () => new Promise(() => undefined),
    onStop: () => () => undefined,
    isTTY: false,
  };
}
