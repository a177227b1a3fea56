/**
 * `npm run bench`: node --import tsx/esm test/perf/run.ts [--json] [--quick] [--no-bundle] [--compare ...]
 *
 * Bundles the suite with esbuild (as the app's build does: no tsx
 * `keepNames` wrappers around every closure, which would tax our code and
 * not serialport's), then runs it in a child `node --expose-gc` so heap
 * figures are taken after a full collection. `--no-bundle` runs the sources
 * under tsx instead. `--json` prints one JSON object on stdout. `--compare`
 * runs the quick side-by-side of compare.ts instead of the report, `--batch-only`
 * only the batch efficiency of batch.ts;
 * MODEM_BENCH_NODE_ARGS adds node flags to the child (`--cpu-prof`).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BatchClient, batchEfficiency as BatchEfficiency } from './batch';
import type { compare as Compare } from './compare';
import type { runSuite as RunSuite } from './suite';
import { MIXED_COMMANDS } from './workloads';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const noBundle = args.includes('--no-bundle');
const isChild = args.includes('--child');

async function child(): Promise<void> {
  if (args.includes('--compare')) {
    const entry = noBundle ? './compare.ts' : './compare.mjs';
    const { compare } = (await import(entry)) as { compare: typeof Compare };
    return compare(args);
  }
  if (args.includes('--batch-only')) {
    const entry = noBundle ? './batch.ts' : './batch.mjs';
    const { batchEfficiency } = (await import(entry)) as { batchEfficiency: typeof BatchEfficiency };
    const opt = (name: string): string[] | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3).split(',');
    const r = await batchEfficiency({
      sizes: opt('sizes')?.map(Number) ?? [64, 256],
      rounds: Number(opt('rounds')?.[0] ?? (quick ? 2 : 5)),
      seedRounds: Number(opt('rounds')?.[0] ?? (quick ? 1 : 3)),
      clients: opt('clients') as BatchClient[] | undefined,
      log: json ? undefined : (m) => process.stderr.write(`${m}\n`) });
    process.stdout.write(`${JSON.stringify(json ? r : { pool: r.pool, seed: r.seed, raw: r.raw, modem: r.modem, supervisor: r.supervisor, cpuUsPerCommand: r.cpuUsPerCommand, guideSemaphore: r.guideSemaphore })}\n`);
    return;
  }
  // Not a literal: the bundler must leave this import to run time.
  const suite = noBundle ? './suite.ts' : './suite.mjs';
  const { runSuite } = (await import(suite)) as { runSuite: typeof RunSuite };
  const ptyChild = noBundle
    ? { command: process.execPath, args: ['--import', 'tsx/esm', path.join(root, 'test/perf/pty-child.ts')] }
    : { command: process.execPath, args: [path.join(path.dirname(fileURLToPath(import.meta.url)), 'pty-child.mjs')] };
  const result = await runSuite({
    json,
    runMs: quick ? 1000 : 2000,
    warmupMs: quick ? 200 : 400,
    rounds: quick ? 2 : 5,
    sizes: [8, 64, 256],
    ptyChild,
    command: 'AT+CSQ',
    mixedCommands: [...MIXED_COMMANDS],
    // The full run adds our stack without the runner (Modem.exec, ModemSupervisor.exec) to split the pool's CPU.
    batch: { sizes: [64, 256], rounds: quick ? 2 : 5, seedRounds: quick ? 1 : 3, clients: quick ? ['pool', 'seed', 'raw'] : ['pool', 'seed', 'raw', 'modem', 'supervisor'] },
  });
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    const { throughput, ratios, rawVsSeedPattern, cpuRatios, addedLatencyMs, heapPerModemMB, externalPerModemMB, eventLoopDelayP99Ms, mixedWorkload, batchEfficiency, seedPatternBatchEfficiency } = result;
    const batch = result.batch as { raw?: unknown; cpuUsPerCommand?: unknown } | null;
    const rawBatchEfficiency = batch?.raw ?? null;
    const batchCpuUsPerCommand = batch?.cpuUsPerCommand ?? null;
    process.stdout.write(
      `\n${JSON.stringify({ batchEfficiency, seedPatternBatchEfficiency, rawBatchEfficiency, batchCpuUsPerCommand, throughput, ratios, rawVsSeedPattern, cpuRatios, addedLatencyMs, heapPerModemMB, externalPerModemMB, eventLoopDelayP99Ms, mixedWorkload }, null, 2)}\n`,
    );
    process.stdout.write('\nGoals:\n');
    for (const [k, g] of Object.entries(result.goals as Record<string, { target: string; value: unknown; met: boolean }>)) {
      process.stdout.write(`  ${g.met ? 'met   ' : 'MISSED'} ${k.padEnd(18)} ${String(g.value).padStart(8)}  (target ${g.target})\n`);
    }
    process.stdout.write(`\n(${result.durationSec} s; --json for every figure)\n`);
  }
}

async function launcher(): Promise<void> {
  let entry = path.join(here, 'run.ts');
  const nodeArgs = ['--expose-gc', ...(process.env.MODEM_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [])];
  if (noBundle) nodeArgs.push('--import', 'tsx/esm');
  else {
    const esbuild = await import('esbuild');
    const outdir = path.join(root, 'node_modules/.cache/modem-bench');
    await esbuild.build({
      entryPoints: { 'run': path.join(here, 'run.ts'), suite: path.join(here, 'suite.ts'), compare: path.join(here, 'compare.ts'), batch: path.join(here, 'batch.ts'), 'pty-child': path.join(here, 'pty-child.ts') },
      outdir,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      logLevel: 'error',
    });
    entry = path.join(outdir, 'run.mjs');
  }
  const p = spawn(process.execPath, [...nodeArgs, entry, ...args, '--child'], { stdio: 'inherit', cwd: root });
  p.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (isChild) {
  child().catch((err) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
} else {
  void launcher();
}
