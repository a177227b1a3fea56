/**
 * The fleet's traffic for the app's status bar (issue 17): each connected
 * remote host pushes `bench.status` (ModemFeed repeats it at least every few
 * seconds); the latest one of each host is kept and its own modems' traffic
 * added up. What a host counts of its own remote hosts is left out (its
 * `own` figures): an app that follows it and them would count them twice,
 * and two benches following each other would feed back. A host that is not
 * connected, or silent past the bound, is unknown: named, never a number.
 */
import type { BenchHostView, BenchStatusView, FleetCoverageView, TrafficView } from '../../../src-preload/contract';
import type { RemoteBench } from './remote';

/** What the tracker needs of RemoteModemSource: its hosts and each host's link. */
export interface HostLinks {
  hosts(): BenchHostView[];
  readonly hostsChanged: { on(listener: (hosts: BenchHostView[]) => void): () => void };
  link(name: string): Pick<RemoteBench, 'on' | 'invoke'> | null;
}

export interface RemoteTrafficOptions {
  /** A connected host's status older than this is unknown (ms); hosts repeat theirs every 2 s. @default 5000 */
  staleAfterMs?: number;
}

interface Tracked {
  connected: boolean;
  status: TrafficView | null;
  at: number;
  off: () => void;
}

export const NO_TRAFFIC: TrafficView = Object.freeze({ commandsPerSec: 0, errorsLastMinute: 0, inFlight: 0, queued: 0 });

export class RemoteTraffic {
  readonly #source: HostLinks;
  readonly #staleAfterMs: number;
  readonly #hosts = new Map<string, Tracked>();
  readonly #off: () => void;

  constructor(source: HostLinks, o: RemoteTrafficOptions = {}) {
    this.#staleAfterMs = o.staleAfterMs ?? 5000;
    if (!(this.#staleAfterMs > 0)) throw new TypeError('staleAfterMs must be > 0');
    this.#source = source;
    this.#off = source.hostsChanged.on((hosts) => this.#sync(hosts));
    this.#sync(source.hosts());
  }

  /** The connected hosts' own traffic with a fresh status, and which hosts are in it (null without hosts). */
  read(now = Date.now()): { traffic: TrafficView; coverage: FleetCoverageView | null } {
    if (this.#hosts.size === 0) return { traffic: { ...NO_TRAFFIC }, coverage: null };
    const traffic = { ...NO_TRAFFIC };
    const counted: string[] = [];
    const unknown: string[] = [];
    for (const [name, h] of this.#hosts) {
      if (!h.connected || h.status === null || now - h.at > this.#staleAfterMs) {
        unknown.push(name);
        continue;
      }
      counted.push(name);
      traffic.commandsPerSec += h.status.commandsPerSec;
      traffic.errorsLastMinute += h.status.errorsLastMinute;
      traffic.inFlight += h.status.inFlight;
      traffic.queued += h.status.queued;
    }
    traffic.commandsPerSec = Math.round(traffic.commandsPerSec * 100) / 100;
    return { traffic, coverage: { counted, unknown } };
  }

  close(): void {
    this.#off();
    for (const h of this.#hosts.values()) h.off();
    this.#hosts.clear();
  }

  #sync(hosts: BenchHostView[]): void {
    const names = new Set(hosts.map((h) => h.name));
    for (const [name, h] of this.#hosts) {
      if (names.has(name)) continue;
      h.off();
      this.#hosts.delete(name);
    }
    for (const v of hosts) {
      let h = this.#hosts.get(v.name);
      if (!h) {
        const link = this.#source.link(v.name);
        if (!link) continue;
        const t: Tracked = { connected: false, status: null, at: 0, off: () => undefined };
        t.off = link.on('bench.status', (p) => this.#onStatus(t, p));
        this.#hosts.set(v.name, (h = t));
      }
      h.connected = v.state === 'connected';
      // Gone away: what it said before is not shown again; back, it counts from its next push.
      if (!h.connected) h.status = null;
    }
  }

  #onStatus(h: Tracked, p: BenchStatusView): void {
    h.status = ownTraffic(p);
    h.at = Date.now();
  }
}

/** A host's own traffic from what it pushed, or null when it is not a status (numbers, not negative). */
function ownTraffic(p: BenchStatusView): TrafficView | null {
  // A bench from before `own` counted only its own modems in its figures.
  const src: unknown = p && typeof p === 'object' ? (p.own ?? p) : null;
  if (!src || typeof src !== 'object') return null;
  const s = src as Record<string, unknown>;
  const out = { ...NO_TRAFFIC };
  for (const k of ['commandsPerSec', 'errorsLastMinute', 'inFlight', 'queued'] as const) {
    const n = s[k];
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return null;
    out[k] = n;
  }
  return out;
}
