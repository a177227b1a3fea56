/**
 * The app's pushed events, paced: many changes within an interval go out as
 * one event (a coalesced flush), and some events go out on a fixed period.
 * One owner for every timer, so stopping the app clears them all.
 */
export class EventCoalescer {
  readonly #timeouts = new Set<ReturnType<typeof setTimeout>>();
  readonly #intervals = new Set<ReturnType<typeof setInterval>>();
  #disposed = false;

  /**
   * A schedule function: the first call arms a timer, later calls until it
   * fires join it, and `flush` runs once, `intervalMs` after the first call.
   */
  coalesced(intervalMs: number, flush: () => void): () => void {
    let armed: ReturnType<typeof setTimeout> | null = null;
    return () => {
      if (armed || this.#disposed) return;
      armed = setTimeout(() => {
        this.#timeouts.delete(armed!);
        armed = null;
        flush();
      }, intervalMs);
      this.#timeouts.add(armed);
    };
  }

  /** Runs `fn` every `intervalMs` until disposed. */
  periodic(intervalMs: number, fn: () => void): void {
    if (this.#disposed) return;
    this.#intervals.add(setInterval(fn, intervalMs));
  }

  /** Timers armed now (for leak checks). */
  get pending(): number {
    return this.#timeouts.size + this.#intervals.size;
  }

  /** Clears every timer; schedules after this do nothing. */
  dispose(): void {
    this.#disposed = true;
    for (const t of this.#timeouts) clearTimeout(t);
    for (const t of this.#intervals) clearInterval(t);
    this.#timeouts.clear();
    this.#intervals.clear();
  }
}
