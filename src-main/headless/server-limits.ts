/**
 * What one client may cost the headless server, and how refusals are logged.
 * Refusals are counted, not logged one by one: a client that is refused
 * thousands of times (no token, a foreign origin, over its limits) must not
 * rotate the real log lines away.
 */
import type { Logger } from '../core/log';

export interface ServerLimits {
  /** Open WebSocket clients at once; one more is refused with HTTP 503. @default 64 */
  maxConnections: number;
  /**
   * Work one connection may have unanswered, in modem commands: a request counts 1, a broadcast
   * one per modem it names. Past it a request is answered at once with `queue-full` (a single
   * request larger than the limit still runs when nothing else is in flight). Enough for the UI
   * to act on every modem of a large bench at once; small enough that one client's backlog
   * cannot bury the modems' queues. @default 256
   */
  maxInFlightPerClient: number;
  /**
   * Bytes the server may hold unsent for one client (`bufferedAmount`); a client past it
   * does not read what it asked for and is dropped, with a log line. Streaming events
   * (console lines, status) are skipped for it from half this figure. @default 8 MiB
   */
  maxBufferedBytes: number;
  /** Refusals are summed into one log line per this period (a few get a line of their own). @default 10000 */
  refusalLogIntervalMs: number;
  /** Log lines of their own per period before refusals are only summed. @default 5 */
  refusalLogBurst: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxConnections: 64,
  maxInFlightPerClient: 256,
  maxBufferedBytes: 8 * 1024 * 1024,
  refusalLogIntervalMs: 10_000,
  refusalLogBurst: 5,
};

export function resolveLimits(o: Partial<ServerLimits> = {}): ServerLimits {
  const l = { ...DEFAULT_LIMITS, ...o };
  for (const k of Object.keys(DEFAULT_LIMITS) as (keyof ServerLimits)[]) {
    const v = l[k];
    if (!Number.isSafeInteger(v) || v < (k === 'refusalLogBurst' ? 0 : 1)) throw new TypeError(`${k} must be a whole number >= ${k === 'refusalLogBurst' ? 0 : 1}, got ${String(v)}`);
  }
  return l;
}

export type RefusalReason = 'host' | 'origin' | 'token' | 'path' | 'method' | 'connections' | 'in-flight' | 'slow-reader';

/**
 * Counts refusals by reason. The first few of a period get a line each;
 * the rest are summed into one line at the end of the period.
 */
export class RefusalLog {
  readonly totals: Record<RefusalReason, number> = { host: 0, origin: 0, token: 0, path: 0, method: 0, connections: 0, 'in-flight': 0, 'slow-reader': 0 };
  readonly #logger: Logger;
  readonly #intervalMs: number;
  readonly #burst: number;
  #lines = 0;
  #periodEnds = 0;
  #unlogged = new Map<RefusalReason, number>();
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(logger: Logger, intervalMs: number, burst: number) {
    this.#logger = logger;
    this.#intervalMs = intervalMs;
    this.#burst = burst;
  }

  /** `detail` is cut short: it may come from the refused client. */
  refuse(reason: RefusalReason, message: string, detail: Record<string, unknown> = {}): void {
    this.totals[reason]++;
    const now = Date.now();
    if (now >= this.#periodEnds) {
      this.#periodEnds = now + this.#intervalMs;
      this.#lines = 0;
    }
    if (this.#lines < this.#burst) {
      this.#lines++;
      this.#logger.warn({ refused: reason, ...clip(detail) }, message);
      return;
    }
    this.#unlogged.set(reason, (this.#unlogged.get(reason) ?? 0) + 1);
    this.#timer ??= setTimeout(() => this.flush(), Math.max(0, this.#periodEnds - now));
    this.#timer.unref?.();
  }

  /** Logs what was only counted so far (at the end of a period, and on close). */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#unlogged.size === 0) return;
    const counts = Object.fromEntries(this.#unlogged);
    this.#unlogged.clear();
    this.#logger.warn({ refusedCounts: counts, refusedTotals: { ...this.totals } }, 'requests refused (counted, not logged one by one)');
  }
}

function clip(detail: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(detail)) out[k] = typeof v === 'string' && v.length > 120 ? `${v.slice(0, 120)}…` : v;
  return out;
}

/** What a request costs against `maxInFlightPerClient`: one per modem command it starts. */
export function requestWeight(channel: string, input: unknown): number {
  if (channel === 'broadcast.exec') {
    const ids = (input as { modemIds?: unknown } | null)?.modemIds;
    if (Array.isArray(ids)) return Math.max(1, ids.length);
  }
  return 1;
}

/** Cookies ignore ports: the name carries the port so another server on this host never receives our token. */
export function tokenCookieName(base: string, port: number): string {
  return `${base}_${port}`;
}
