/**
 * The Performance page across the fleet (issue 17): each remote host's own
 * metrics tables, from its `metrics.get`, its modems' rows keyed by their id
 * here (host:port/IMEI) so the page joins them to the bench rows. Asked
 * lazily: only when the app's snapshot is, at most every `refreshMs` per
 * host, one request in flight per host; a snapshot never waits for a host
 * (it gets the last answer, the next one comes in the background). A host
 * that is not connected shows no figures, only why.
 */
import type { BenchHostView, HostMetricsView, ModemStatsViewM, StatsViewM } from '../../../src-preload/contract';
import type { HostLinks } from './remote-status';
import { remoteKey } from './remote-views';

export interface RemoteMetricsOptions {
  /** A host's tables are asked again at most this often (ms). @default 2000 */
  refreshMs?: number;
  /** An answer older than this is not shown (ms): a host that stopped answering shows why instead. @default 15000 */
  maxAgeMs?: number;
  /** Rows kept of one host's modems (a host's own cap is 1024). @default 1024 */
  maxRowsPerHost?: number;
}

interface Answer {
  at: number;
  total: StatsViewM;
  modems: ModemStatsViewM[];
}

interface Tracked {
  state: BenchHostView['state'];
  message: string | null;
  answer: Answer | null;
  askedAt: number;
  asking: boolean;
  /** Bumped when the host goes away: an answer from before is dropped. */
  generation: number;
  error: string | null;
}

export class RemoteMetrics {
  readonly #source: HostLinks;
  readonly #o: Required<RemoteMetricsOptions>;
  readonly #hosts = new Map<string, Tracked>();
  readonly #off: () => void;

  constructor(source: HostLinks, o: RemoteMetricsOptions = {}) {
    this.#o = { refreshMs: 2000, maxAgeMs: 15_000, maxRowsPerHost: 1024, ...o };
    if (!(this.#o.refreshMs > 0)) throw new TypeError('refreshMs must be > 0');
    if (!(this.#o.maxAgeMs >= this.#o.refreshMs)) throw new TypeError('maxAgeMs must be >= refreshMs');
    if (!(this.#o.maxRowsPerHost > 0)) throw new TypeError('maxRowsPerHost must be > 0');
    this.#source = source;
    this.#off = source.hostsChanged.on((hosts) => this.#sync(hosts));
    this.#sync(source.hosts());
  }

  /** The hosts' rows and totals as last answered; asks the hosts whose answer is due again, without waiting. */
  tables(now = Date.now()): { modems: ModemStatsViewM[]; hosts: HostMetricsView[] } {
    const modems: ModemStatsViewM[] = [];
    const hosts: HostMetricsView[] = [];
    for (const [name, h] of this.#hosts) {
      if (h.state === 'connected' && !h.asking && now - h.askedAt >= this.#o.refreshMs) this.#ask(name, h, now);
      const a = h.answer !== null && now - h.answer.at <= this.#o.maxAgeMs ? h.answer : null;
      if (a) {
        modems.push(...a.modems);
        hosts.push({ host: name, at: a.at, total: a.total, modems: a.modems.length, problem: null });
      } else hosts.push({ host: name, at: null, total: null, modems: 0, problem: this.#problem(h) });
    }
    return { modems, hosts };
  }

  close(): void {
    this.#off();
    this.#hosts.clear();
  }

  #problem(h: Tracked): string {
    if (h.state !== 'connected') return `${h.state}${h.message ? `: ${h.message}` : ''}`;
    if (h.error) return `no answer: ${h.error}`;
    return h.answer ? `no answer for ${Math.round(this.#o.maxAgeMs / 1000)} s` : 'asked, no answer yet';
  }

  #ask(name: string, h: Tracked, now: number): void {
    const link = this.#source.link(name);
    if (!link) return;
    h.asking = true;
    h.askedAt = now;
    const gen = h.generation;
    // Tables only: no series (points newer than the end of time), no per-command rows.
    link.invoke('metrics.get', { since: Number.MAX_SAFE_INTEGER, modems: 'none', commands: 'none' }).then(
      (snap) => {
        if (this.#hosts.get(name) !== h || h.generation !== gen) return;
        h.asking = false;
        // A host is another program: what is not metrics is shown as its problem, never as figures.
        if (!snap || !isStats(snap.total) || !Array.isArray(snap.modems)) {
          h.answer = null;
          h.error = 'its answer is not metrics tables';
          return;
        }
        h.error = null;
        // Its own modems only: rows it shows of its own remote hosts are theirs to report.
        const own = snap.modems.filter((r) => isStats(r) && r.host === undefined).slice(0, this.#o.maxRowsPerHost);
        h.answer = { at: Date.now(), total: snap.total, modems: own.map((r) => ({ ...r, key: remoteKey(name, r.key), host: name })) };
      },
      (err: Error) => {
        if (this.#hosts.get(name) !== h || h.generation !== gen) return;
        h.asking = false;
        h.error = err.message;
      },
    );
  }

  #sync(hosts: BenchHostView[]): void {
    const names = new Set(hosts.map((h) => h.name));
    for (const name of this.#hosts.keys()) if (!names.has(name)) this.#hosts.delete(name);
    for (const v of hosts) {
      let h = this.#hosts.get(v.name);
      if (!h) this.#hosts.set(v.name, (h = { state: v.state, message: v.message, answer: null, askedAt: 0, asking: false, generation: 0, error: null }));
      h.message = v.message;
      if (v.state !== 'connected' && h.state === 'connected') {
        // Gone away: its figures leave with it; a request in flight is not waited for.
        h.generation++;
        h.answer = null;
        h.asking = false;
        h.askedAt = 0;
        h.error = null;
      }
      h.state = v.state;
    }
  }
}

/** The fields the page adds up and shows are numbers (and a row has its key). */
function isStats(x: unknown): x is StatsViewM {
  if (!x || typeof x !== 'object') return false;
  const s = x as Partial<StatsViewM>;
  const num = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
  return typeof s.key === 'string' && num(s.commands) && num(s.errors) && num(s.timeouts) && typeof s.throughput === 'object' && s.throughput !== null && num(s.throughput.s10) && typeof s.latency === 'object' && s.latency !== null;
}
