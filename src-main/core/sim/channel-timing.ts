/** How a channel's replies are timed, cut and faulted: seeded from the modem's RNG streams. */
import type { ChannelHost } from './channel';
import type { PerCommandFault } from './faults';
import type { LatencyClass } from './options';
import type { Rng } from './prng';

/**
 * What a modem's replies cost in simulated time: the benchmark's ideal batch time is the
 * longest modem's `delayMs` over the batch (it cannot answer faster than that).
 */
export interface ReplyTally {
  /** Replies (command answers) delivered. */
  replies: number;
  /** Sum of their drawn delays (ms), `late` fault delays included. */
  delayMs: number;
  /** Sum of how much later than drawn their timers actually fired (ms): the event loop's share. */
  lateMs: number;
}

/** The delay of a reply of class `cls`, stretched by the `slow` fault (at least 10 ms then). */
export function replyDelay(host: ChannelHost, cls: LatencyClass): number {
  const { latency, zeroLatency } = host.options;
  const factor = host.faults.slowFactor;
  let base = 0;
  if (!zeroLatency) {
    const r = latency[cls];
    base = r.max === 0 ? 0 : host.rngLatency.int(r.min, r.max);
  }
  return factor > 1 ? Math.round(Math.max(base, 10) * factor) : base;
}

/** The per-command fault for the next command: a forced one first, then the plan's odds. */
export function rollFault(host: ChannelHost): PerCommandFault | null {
  const forced = host.takeForcedFault();
  if (forced) return forced;
  if (!host.faultsEnabled) return null;
  const p = host.faults.perCommand;
  const rng = host.rngFaults;
  if (p.hang > 0 && rng.chance(p.hang)) return 'hang';
  if (p.late > 0 && rng.chance(p.late)) return 'late';
  if (p.garbage > 0 && rng.chance(p.garbage)) return 'garbage';
  if (p.partial > 0 && rng.chance(p.partial)) return 'partial';
  if (p.cme > 0 && rng.chance(p.cme)) return 'cme';
  if (p.stuck > 0 && rng.chance(p.stuck)) return 'stuck';
  return null;
}

/** `out` cut at up to three seeded points (each piece is one read for the host). */
export function chunks(out: string, rng: Rng): string[] {
  const cuts = rng.int(0, Math.min(3, out.length - 1));
  const points: number[] = [];
  for (let i = 0; i < cuts; i++) points.push(rng.int(1, out.length - 1));
  points.sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const p of points) {
    if (p > from) pieces.push(out.slice(from, p));
    from = Math.max(from, p);
  }
  pieces.push(out.slice(from));
  return pieces;
}
