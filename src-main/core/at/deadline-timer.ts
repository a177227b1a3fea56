/**
 * One timer per session, not one per command: it is left armed when a command
 * ends early, and when it fires the session checks the command then in flight
 * against its own deadline (re-arming for the rest). A fast command costs no
 * timer work. Deadlines are on the performance.now() scale.
 */
export class DeadlineTimer {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #due = 0;
  readonly #onFire: () => void;

  constructor(onFire: () => void) {
    this.#onFire = onFire;
  }

  /** Makes sure the timer fires by `deadline`; an earlier one already armed is kept (and made to hold the process). */
  armUntil(deadline: number, now: number): void {
    if (this.#timer !== undefined) {
      if (this.#due <= deadline) {
        this.#timer.ref?.(); // fires first, then re-arms for the rest
        return;
      }
      clearTimeout(this.#timer);
    }
    this.#due = deadline;
    this.#timer = setTimeout(this.#fire, Math.max(0, deadline - now));
  }

  /** Nothing waits on it now: an idle session's armed timer must not keep the process alive. */
  unref(): void {
    this.#timer?.unref?.();
  }

  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  readonly #fire = (): void => {
    this.#timer = undefined;
    this.#onFire();
  };
}
