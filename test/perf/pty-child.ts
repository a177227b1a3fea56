/**
 * Child process of the benchmark: N simulated modems (zero latency) exposed
 * on real PTYs, so the parent's clients go through the OS serial path. Prints
 * one JSON line `{ "links": [...] }` when ready; exits when stdin closes.
 *
 * node --import tsx/esm test/perf/pty-child.ts <count> <dir>
 */
import { ModemSimulator, SimPtyExposure } from '../../src-main/core/sim';

const count = Number(process.argv[2] ?? 8);
const dir = process.argv[3];
if (!Number.isInteger(count) || count < 1 || !dir) {
  process.stderr.write('usage: pty-child <count> <dir>\n');
  process.exit(2);
}
const sim = new ModemSimulator({ count, latency: 0, chunking: false, interleaveUrcs: false, faults: 'none' });
const exposure = await SimPtyExposure.create(sim, { dir });
const links = sim.modems.map((m) => exposure.atLink(m.index));
process.stdout.write(`${JSON.stringify({ links })}\n`);

let done = false;
async function shutdown(): Promise<void> {
  if (done) return;
  done = true;
  await exposure.dispose();
  await sim.dispose();
  process.exit(0);
}
process.stdin.on('end', () => void shutdown());
process.stdin.on('close', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
process.stdin.resume();
