import { setMaxListeners } from 'node:events';
import type { AtResponse } from '../at/types';
import type { ModemSet } from '../modem/modem-set';
import type { Modem } from '../modem/modem';
import { isBenchError } from '../errors';
import { HealthMonitor, type HealthState } from '../health';
import { ModemSupervisor, type LadderStep, type PortLocator } from '../recovery';
import type { QmiTransport } from '../qmi/transport';
import { QmiLoad, type QmiSoakSummary } from './qmi-load';
import { type ResourceReport, ResourceWatch, type ResourceWatchOptions } from './resource-watch';

export type { QmiSoakSummary, ResourceReport };

export interface SoakTarget {
  modem: Modem;
  locator: PortLocator;
  powerCycle?: ((signal: AbortSignal) => Promise<void>) | null;
  /** Opens the modem's QMI port: the soak then sends a share of QMI requests to it. @default none */
  qmi?: (() => Promise<QmiTransport>) | null;
}

export interface SoakOptions {
  bench: ModemSet;
  targets: SoakTarget[];
  /** Load phase length (ms). */
  durationMs: number;
  /** Commands submitted per second across all modems. @default 100 */
  rate?: number;
  /** Modems answer AT+SIMTAG=<n> with +SIMTAG: <n> (the simulator): every reply is then identifiable. @default false */
  tagged?: boolean;
  /** Called when the load ends and before the settle phase (the simulator turns its faults off). @default none */
  onLoadEnd?: () => void;
  /** Longest wait for outstanding commands and recoveries after the load (ms). @default 150000 */
  drainMs?: number;
  /** Health poll interval during the soak (ms). @default 5000 */
  healthIntervalMs?: number;
  /** Seed of the command mix. @default 1 */
  seed?: number;
  /** Share of the requests to a modem with a QMI port that go to its QMI port instead of AT. @default 0.2 */
  qmiShare?: number;
  /** Timeout of one QMI request (ms). @default 3000 */
  qmiTimeoutMs?: number;
  /** Sample the heap after GC and the event-loop delay during the load (a forced GC per interval). @default null (not sampled) */
  resources?: ResourceWatchOptions | null;
  signal?: AbortSignal;
}

export interface SoakSummary {
  modems: number;
  durationMs: number;
  submitted: number;
  /** Answered with OK. */
  completed: number;
  /** Everything else, by error code (`modem-error` is an error final such as +CME ERROR). */
  failed: Record<string, number>;
  /** A reply matched to the wrong command: measured from identifiable replies. */
  misattributed: number;
  misattributions: { modem: string; command: string; lines: string[] }[];
  /** Submitted without exactly one outcome. */
  lost: number;
  /** Successful recoveries by the ladder step that fixed them, and ladders that ended failed. */
  recoveries: Record<LadderStep | 'failed', number>;
  reboots: number;
  /** Modems by their final health state. */
  health: Record<HealthState, number>;
  /** Final state per modem; for the ones not healthy, their last timeline entries say why. */
  byModem: { modem: string; health: HealthState; reasons: string[]; lastEvents?: string[] }[];
  /** The QMI requests, counted like the AT ones; null when no modem had a QMI port. */
  qmi: QmiSoakSummary | null;
  /** Heap after GC and event-loop p99 per interval of the load; null when not sampled (options.resources). */
  heap: ResourceReport['heap'] | null;
  eventLoopP99Ms: ResourceReport['eventLoopP99Ms'] | null;
  eventLoopP99MaxMs: number | null;
  eventLoopMaxMs: number | null;
}

/** A seeded PRNG (mulberry32) so a soak's command mix repeats. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Check = (r: AtResponse) => boolean;

/**
 * The burn-in: a command mix against every modem while the supervisors and
 * health monitors work, then a settle phase, then the accounting. Every reply
 * is checked against its command, so a misattributed reply is counted, not
 * assumed away.
 */
export async function runSoak(o: SoakOptions): Promise<SoakSummary> {
  const { bench, targets, durationMs, rate = 100, tagged = false, drainMs = 150_000, healthIntervalMs = 5000, seed = 1 } = o;
  if (!(durationMs > 0)) throw new TypeError(`durationMs must be > 0, got ${durationMs}`);
  if (!(rate > 0 && rate <= 10_000)) throw new TypeError(`rate must be in (0, 10000], got ${rate}`);
  if (targets.length === 0) throw new TypeError('targets must not be empty');
  const { qmiShare = 0.2, qmiTimeoutMs = 3000 } = o;
  if (!(qmiShare >= 0 && qmiShare <= 1)) throw new TypeError(`qmiShare must be in [0, 1], got ${qmiShare}`);
  const random = rng(seed);
  const qmi = new QmiLoad(
    targets.map((t) => ({ label: t.modem.label, imei: () => t.modem.identity.imei, open: t.qmi ?? null })),
    qmiTimeoutMs,
  );
  const stop = new AbortController();
  // Every command of the soak listens to this one signal.
  setMaxListeners(1_000_000, stop.signal);
  const onOuterAbort = (): void => stop.abort(o.signal?.reason);
  o.signal?.addEventListener('abort', onOuterAbort, { once: true });

  const sups = targets.map((t) => new ModemSupervisor(t.modem, bench, { locator: t.locator, powerCycle: t.powerCycle ?? null }));
  const monitors = sups.map((s) => new HealthMonitor(s, { intervalMs: healthIntervalMs }));
  const recoveries: SoakSummary['recoveries'] = { resync: 0, reopen: 0, 'soft-reset': 0, 'power-cycle': 0, failed: 0 };
  let reboots = 0;
  for (const s of sups) {
    s.timeline.on((e) => {
      if (e.kind === 'recovered' && e.step) recoveries[e.step]++;
      if (e.kind === 'failed') recoveries.failed++;
      if (e.kind === 'reboot') reboots++;
    });
  }
  for (const m of monitors) m.start();

  // Commands without an outcome yet, and outcomes beyond the first: together the lost ones. Bounded by
  // what is in flight (a map of every command ever submitted grew the heap all through a long soak).
  const open = new Set<number>();
  let extraOutcomes = 0;
  const failed: Record<string, number> = {};
  const misattributions: SoakSummary['misattributions'] = [];
  let submitted = 0;
  let completed = 0;
  let tag = 0;
  const pending = new Set<Promise<void>>();

  const mix = (m: Modem): { command: string; check: Check } => {
    const x = random();
    if (tagged && x < 0.6) {
      const t = `${++tag}`;
      return { command: `AT+SIMTAG=${t}`, check: (r) => r.lines.length === 1 && r.lines[0] === `+SIMTAG: ${t}` };
    }
    const y = tagged ? (x - 0.6) / 0.4 : x;
    if (y < 0.35) return { command: 'AT+CSQ', check: (r) => r.lines.length === 1 && /^\+CSQ: \d+,\d+$/.test(r.lines[0]!) };
    if (y < 0.6) return { command: 'AT+CGSN', check: (r) => r.lines.length === 1 && r.lines[0] === (m.identity.imei ?? r.lines[0]) };
    if (y < 0.8) return { command: 'AT+CEREG?', check: (r) => r.lines.length === 1 && /^\+CEREG: \d/.test(r.lines[0]!) };
    return { command: 'AT+QENG="servingcell"', check: (r) => r.lines.length >= 1 && r.lines.every((l) => /^\+QENG: ?"servingcell"/.test(l)) };
  };

  const submit = (i: number): void => {
    // Only a modem with a QMI port draws the extra number: the AT mix of the others stays as it was.
    if (qmi.has(i) && random() < qmiShare) {
      const q = qmi.submit(i, random(), stop.signal).finally(() => pending.delete(q));
      pending.add(q);
      return;
    }
    const id = ++submitted;
    const sup = sups[i]!;
    const { command, check } = mix(sup.modem);
    open.add(id);
    const cls = random() < 0.9 ? 'batch' : 'interactive';
    const p = sup
      .exec(command, { cls, signal: stop.signal })
      .then(
        (r) => {
          if (r.final.success) {
            completed++;
            if (!check(r)) misattributions.push({ modem: sup.modem.label, command, lines: r.lines });
          } else failed['modem-error'] = (failed['modem-error'] ?? 0) + 1;
        },
        (err: unknown) => {
          const code = isBenchError(err) ? err.code : 'unexpected';
          failed[code] = (failed[code] ?? 0) + 1;
        },
      )
      .finally(() => {
        if (!open.delete(id)) extraOutcomes++;
        pending.delete(p);
      });
    pending.add(p);
  };

  // Load phase: `rate` commands a second, spread over the modems at random, in 100 ms ticks.
  // The recovery timelines are bounded (500 events a modem) but fill for the first hour under faults: counted beside the heap.
  const watch = o.resources ? new ResourceWatch({ counts: () => ({ timelineEvents: sups.reduce((n, s) => n + s.timeline.events().length, 0) }), ...o.resources }) : null;
  watch?.start();
  const started = Date.now();
  let carry = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      if (Date.now() - started >= durationMs || stop.signal.aborted) {
        clearInterval(tick);
        resolve();
        return;
      }
      carry += rate / 10;
      for (; carry >= 1; carry--) submit(Math.floor(random() * sups.length));
    }, 100);
  });
  const resources = await watch?.stop();
  o.onLoadEnd?.();

  // Drain: outstanding commands end (or are cancelled at the deadline), recoveries finish.
  const deadline = setTimeout(() => stop.abort('soak drain deadline'), drainMs);
  await settleWithin(pending, drainMs + 10_000);
  await waitUntil(() => sups.every((s) => s.state.state !== 'recovering'), drainMs, stop.signal);

  // Settle: every usable modem must answer cleanly now, then one last health poll.
  for (const [i, s] of sups.entries()) {
    if (s.state.state !== 'ready') continue;
    for (let k = 0; k < 50 && !stop.signal.aborted; k++) submit(i);
  }
  await settleWithin(pending, drainMs + 10_000);
  // A modem that has just rebooted needs a few seconds to register: poll until healthy, bounded.
  const settleEnd = Date.now() + 60_000;
  for (;;) {
    await Promise.allSettled(monitors.map((m) => m.poll()));
    const waiting = monitors.some((m, i) => sups[i]!.state.state !== 'failed' && m.snapshot.state !== 'healthy');
    if (!waiting || Date.now() >= settleEnd || stop.signal.aborted) break;
    await new Promise((r) => setTimeout(r, 2000));
  }
  clearTimeout(deadline);

  const byModem = monitors.map((m, i) => {
    const snap = m.snapshot;
    const entry: SoakSummary['byModem'][number] = { modem: sups[i]!.modem.label, health: snap.state, reasons: snap.reasons };
    if (snap.state !== 'healthy') {
      entry.lastEvents = sups[i]!.timeline
        .events()
        .slice(-12)
        .map((e) => `${new Date(e.at).toISOString().slice(11, 23)} ${e.kind}${e.step ? ` ${e.step}` : ''}${e.cause ? ` (${e.cause})` : ''}${e.detail ? `: ${e.detail}` : ''}`);
    }
    return entry;
  });
  const health: SoakSummary['health'] = { healthy: 0, degraded: 0, recovering: 0, failed: 0, offline: 0 };
  for (const b of byModem) health[b.health]++;
  for (const m of monitors) m.stop();
  for (const s of sups) s.dispose();
  await qmi.close();
  o.signal?.removeEventListener('abort', onOuterAbort);

  const lost = open.size + extraOutcomes;
  return {
    modems: targets.length,
    durationMs,
    submitted,
    completed,
    failed,
    misattributed: misattributions.length,
    misattributions: misattributions.slice(0, 20),
    lost,
    recoveries,
    reboots,
    health,
    byModem,
    qmi: targets.some((t) => t.qmi) ? qmi.summary() : null,
    heap: resources?.heap ?? null,
    eventLoopP99Ms: resources?.eventLoopP99Ms ?? null,
    eventLoopP99MaxMs: resources?.eventLoopP99MaxMs ?? null,
    eventLoopMaxMs: resources?.eventLoopMaxMs ?? null,
  };
}

/** Waits for every pending command; one that never settles is left to be counted as lost. */
async function settleWithin(pending: Set<Promise<void>>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([Promise.allSettled([...pending]), new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

function waitUntil(cond: () => boolean, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (cond()) return resolve();
    const end = Date.now() + ms;
    const t = setInterval(() => {
      if (cond() || Date.now() >= end || signal.aborted) {
        clearInterval(t);
        resolve();
      }
    }, 250);
  });
}
