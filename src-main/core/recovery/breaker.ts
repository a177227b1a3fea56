import { Emitter } from '../util/emitter';

export interface BreakerOptions {
  /** Failures within the window that open the circuit. @default 10 */
  threshold?: number;
  /** The window failures are counted in (ms). @default 300000 */
  windowMs?: number;
  /** Time open before one probe is let through (ms). @default 60000 */
  halfOpenAfterMs?: number;
}

/** Typed states (cockatiel's InnerState): data lives only in the state that owns it. */
export type BreakerState =
  | { state: 'closed'; failures: number[] }
  | { state: 'open'; openedAt: number; retryAt: number | null; reason: string }
  | { state: 'half-open'; probing: boolean };

export type BreakerDecision = 'pass' | 'probe' | 'reject';

/**
 * Per-modem circuit breaker: after `threshold` failures in `windowMs` it
 * opens, fails calls fast, and after `halfOpenAfterMs` lets one probe through;
 * the probe's success closes it, its failure opens it again. `forceOpen()`
 * with no retry time is how a failed modem is left alone.
 */
export class CircuitBreaker {
  readonly threshold: number;
  readonly windowMs: number;
  readonly halfOpenAfterMs: number;
  #state: BreakerState = { state: 'closed', failures: [] };
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #changes = new Emitter<BreakerState>();

  constructor(options: BreakerOptions = {}) {
    const { threshold = 10, windowMs = 300_000, halfOpenAfterMs = 60_000 } = options;
    if (!Number.isInteger(threshold) || threshold < 1) throw new TypeError(`threshold must be a positive integer, got ${threshold}`);
    if (!(windowMs > 0)) throw new TypeError(`windowMs must be > 0, got ${windowMs}`);
    if (!(halfOpenAfterMs > 0)) throw new TypeError(`halfOpenAfterMs must be > 0, got ${halfOpenAfterMs}`);
    this.threshold = threshold;
    this.windowMs = windowMs;
    this.halfOpenAfterMs = halfOpenAfterMs;
  }

  get state(): BreakerState {
    return this.#state;
  }

  onStateChange(listener: (s: BreakerState) => void): () => void {
    return this.#changes.on(listener);
  }

  /** May a call go through now? In half-open, the first caller becomes the probe. */
  decide(): BreakerDecision {
    const s = this.#state;
    if (s.state === 'closed') return 'pass';
    if (s.state === 'open') return 'reject';
    if (s.probing) return 'reject';
    this.#set({ state: 'half-open', probing: true });
    return 'probe';
  }

  success(): void {
    const s = this.#state;
    if (s.state === 'half-open') this.#set({ state: 'closed', failures: [] });
    else if (s.state === 'closed' && s.failures.length > 0) s.failures = [];
  }

  failure(reason = 'errors', now = Date.now()): void {
    const s = this.#state;
    if (s.state === 'half-open') return this.#open(now, `probe failed: ${reason}`);
    if (s.state !== 'closed') return;
    const recent = s.failures.filter((t) => now - t < this.windowMs);
    recent.push(now);
    s.failures = recent;
    if (recent.length >= this.threshold) this.#open(now, `${recent.length} errors in ${Math.round(this.windowMs / 1000)} s (last: ${reason})`);
  }

  /** Opens with no automatic retry (a failed modem), or with one after `retryAfterMs`. */
  forceOpen(reason: string, retryAfterMs: number | null = null, now = Date.now()): void {
    this.#clearTimer();
    this.#set({ state: 'open', openedAt: now, retryAt: retryAfterMs === null ? null : now + retryAfterMs, reason });
    if (retryAfterMs !== null) this.#timer = setTimeout(() => this.#halfOpen(), retryAfterMs);
  }

  reset(): void {
    this.#clearTimer();
    const s = this.#state;
    // Already closed: forget the failures quietly (no state change to report).
    if (s.state === 'closed') s.failures = [];
    else this.#set({ state: 'closed', failures: [] });
  }

  dispose(): void {
    this.#clearTimer();
    this.#changes.clear();
  }

  get pendingTimers(): number {
    return this.#timer ? 1 : 0;
  }

  #open(now: number, reason: string): void {
    this.forceOpen(reason, this.halfOpenAfterMs, now);
  }

  #halfOpen(): void {
    this.#timer = undefined;
    if (this.#state.state === 'open') this.#set({ state: 'half-open', probing: false });
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #set(s: BreakerState): void {
    this.#state = s;
    this.#changes.emit(s);
  }
}
