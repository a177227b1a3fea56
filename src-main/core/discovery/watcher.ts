/**
 * Hot-plug: polls the binding's port list and reports candidate modems that
 * appear, vanish or change. A reset or hub glitch makes a modem's ports go and
 * come back under new names within a second or two; the debounce waits for
 * the listing to stay quiet, so that shows up as one `changed`, not a
 * `removed` and an `added`.
 */
import { toErrorInfo } from '../errors';
import type { SerialBinding } from '../serial/binding';
import { Emitter } from '../util/emitter';
import { listPorts } from './discover';
import { groupPorts, type GroupOptions } from './group';
import type { Platform } from './port-info';
import type { SysfsOptions } from './sysfs';
import type { CandidateModem, ListedPort } from './types';

export interface PortWatcherOptions {
  /**
   * How often the port list is read (ms).
   * @default 1000
   */
  intervalMs?: number;
  /**
   * How long the listing must stay unchanged before a change is reported (ms).
   * @default 1500
   */
  quietMs?: number;
  /**
   * Report a change after this long even if the listing keeps moving (a flapping hub), in ms.
   * @default 10000
   */
  maxDelayMs?: number;
  /**
   * Whose naming rules apply.
   * @default process.platform
   */
  platform?: Platform;
  /**
   * Linux: read bus path and interface from sysfs.
   * @default true on Linux
   */
  sysfs?: boolean | SysfsOptions;
  /** Composition hints per candidate key. @default none */
  hints?: GroupOptions['hints'];
  /** Disposes the watcher when it fires. */
  signal?: AbortSignal;
}

export type WatchEvent =
  | { type: 'added'; candidate: CandidateModem }
  | { type: 'removed'; candidate: CandidateModem }
  | { type: 'changed'; candidate: CandidateModem; previous: CandidateModem };

/**
 * Whether the watcher has something unreported. `idle`: before start and after dispose.
 */
export type WatcherState =
  | { state: 'idle' }
  | { state: 'settled' }
  | { state: 'unsettled'; since: number; lastChangeAt: number }
  | { state: 'disposed' };

function fingerprint(ports: readonly ListedPort[]): string {
  return JSON.stringify(
    ports
      .map((p) => [p.path, p.vendorId, p.productId, p.serialNumber, p.pnpId, p.locationId, p.manufacturer, p.sysfs ?? null])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
  );
}

/** What makes two sightings of the same device differ. */
function signature(c: CandidateModem): string {
  return JSON.stringify([
    c.composition,
    c.serialNumber,
    c.product,
    c.ports.map((p) => [p.path, p.interface, p.role]),
    c.notes.map((n) => n.kind),
  ]);
}

export class PortWatcher {
  readonly #binding: SerialBinding;
  readonly #intervalMs: number;
  readonly #quietMs: number;
  readonly #maxDelayMs: number;
  readonly #platform: Platform;
  readonly #sysfs: boolean | SysfsOptions | undefined;
  readonly #hints: GroupOptions['hints'];
  readonly #events = new Emitter<WatchEvent>();
  readonly #errors = new Emitter<Error>();
  readonly #states = new Emitter<WatcherState>();
  readonly #abort = new AbortController();
  readonly #external: AbortSignal | undefined;
  readonly #onExternalAbort = (): void => this.dispose();
  #state: WatcherState = { state: 'idle' };
  #timer: ReturnType<typeof setTimeout> | null = null;
  #committed = new Map<string, CandidateModem>();
  #lastFingerprint: string | null = null;
  #polls = 0;

  constructor(binding: SerialBinding, options: PortWatcherOptions = {}) {
    if (typeof binding?.list !== 'function') throw new TypeError('binding must implement list()');
    if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
    const { intervalMs = 1000, quietMs = 1500, maxDelayMs = 10_000, platform = process.platform, sysfs, hints, signal } = options;
    if (!Number.isFinite(intervalMs) || intervalMs <= 0) throw new TypeError(`intervalMs must be a positive number, got ${intervalMs}`);
    if (!Number.isFinite(quietMs) || quietMs < 0) throw new TypeError(`quietMs must be >= 0, got ${quietMs}`);
    if (!Number.isFinite(maxDelayMs) || maxDelayMs < quietMs) throw new TypeError(`maxDelayMs must be >= quietMs, got ${maxDelayMs}`);
    if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError('signal must be an AbortSignal');
    this.#binding = binding;
    this.#intervalMs = intervalMs;
    this.#quietMs = quietMs;
    this.#maxDelayMs = maxDelayMs;
    this.#platform = platform;
    this.#sysfs = sysfs;
    this.#hints = hints;
    this.#external = signal;
    signal?.addEventListener('abort', this.#onExternalAbort, { once: true });
    if (signal?.aborted) this.dispose();
  }

  get state(): WatcherState['state'] {
    return this.#state.state;
  }

  /** The candidates as last reported, by key order. */
  get candidates(): CandidateModem[] {
    return [...this.#committed.values()];
  }

  /** Completed polls (for tests and the status bar). */
  get polls(): number {
    return this.#polls;
  }

  /** Whether a poll is scheduled (false after dispose: no timer left). */
  get scheduled(): boolean {
    return this.#timer !== null;
  }

  onChange(listener: (event: WatchEvent) => void): () => void {
    return this.#events.on(listener);
  }

  /** The port list could not be read (udevadm missing, driver error); polling goes on. */
  onError(listener: (error: Error) => void): () => void {
    return this.#errors.on(listener);
  }

  onStateChange(listener: (state: WatcherState) => void): () => void {
    return this.#states.on(listener);
  }

  /** Starts polling: the first listing is reported at once, later ones after the quiet time. */
  start(): void {
    if (this.#state.state === 'disposed') throw new TypeError('the watcher is disposed');
    if (this.#state.state !== 'idle') return;
    this.#setState({ state: 'settled' });
    this.#schedule(0);
  }

  /** Stops polling; no timer is left and no event follows. */
  dispose(): void {
    if (this.#state.state === 'disposed') return;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#abort.abort(new Error('watcher disposed'));
    this.#external?.removeEventListener('abort', this.#onExternalAbort);
    this.#setState({ state: 'disposed' });
    this.#events.clear();
    this.#errors.clear();
    this.#states.clear();
  }

  #schedule(ms: number): void {
    if (this.#state.state === 'disposed') return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#poll();
    }, ms);
  }

  async #poll(): Promise<void> {
    try {
      const listed = await listPorts(this.#binding, { platform: this.#platform, sysfs: this.#sysfs, signal: this.#abort.signal });
      if (this.#state.state === 'disposed') return;
      this.#polls++;
      this.#observe(listed);
    } catch (err) {
      if (this.#state.state === 'disposed') return;
      this.#errors.emit(err instanceof Error ? err : new Error(toErrorInfo(err).message));
    } finally {
      this.#schedule(this.#intervalMs);
    }
  }

  #observe(listed: ListedPort[]): void {
    const fp = fingerprint(listed);
    const now = Date.now();
    const first = this.#lastFingerprint === null;
    const moved = fp !== this.#lastFingerprint;
    this.#lastFingerprint = fp;
    const s = this.#state;
    if (first) return this.#commit(listed);
    if (moved) {
      this.#setState({ state: 'unsettled', since: s.state === 'unsettled' ? s.since : now, lastChangeAt: now });
      if (s.state === 'unsettled' && now - s.since >= this.#maxDelayMs) this.#commit(listed);
      return;
    }
    if (s.state === 'unsettled' && now - s.lastChangeAt >= this.#quietMs) this.#commit(listed);
  }

  #commit(listed: ListedPort[]): void {
    const { candidates } = groupPorts(listed, this.#platform, { hints: this.#hints });
    const next = new Map(candidates.map((c) => [c.key, c]));
    const prev = this.#committed;
    this.#committed = next;
    this.#setState({ state: 'settled' });
    const events: WatchEvent[] = [];
    for (const [key, c] of prev) if (!next.has(key)) events.push({ type: 'removed', candidate: c });
    for (const [key, c] of next) {
      const before = prev.get(key);
      if (before && signature(before) !== signature(c)) events.push({ type: 'changed', candidate: c, previous: before });
    }
    for (const [key, c] of next) if (!prev.has(key)) events.push({ type: 'added', candidate: c });
    for (const e of events) {
      if (this.#state.state === 'disposed') return;
      this.#events.emit(e);
    }
  }

  #setState(s: WatcherState): void {
    this.#state = s;
    this.#states.emit(s);
  }
}
