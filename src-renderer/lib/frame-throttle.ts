/** How to ask for an animation frame (injectable for tests; the browser's by default). */
export interface FrameSource {
  request(cb: () => void): number;
  cancel(id: number): void;
}

// Through globalThis: this file is also type-checked (by its tests) without the DOM library.
const dom = globalThis as unknown as { requestAnimationFrame(cb: () => void): number; cancelAnimationFrame(id: number): void };
const browserFrames: FrameSource = {
  request: (cb) => dom.requestAnimationFrame(cb),
  cancel: (id) => dom.cancelAnimationFrame(id),
};

/**
 * Redraws at most once per `minMs`, always on an animation frame, however
 * often `schedule()` is called: live charts get data many times a second.
 */
export class FrameThrottle {
  #raf = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #last = 0;

  constructor(
    private readonly minMs: number,
    private readonly draw: () => void,
    private readonly frames: FrameSource = browserFrames,
  ) {}

  /** A draw happened outside the throttle (the first paint, a rebuild): the next one waits from here. */
  drawn(): void {
    this.#last = performance.now();
  }

  schedule(): void {
    if (this.#raf || this.#timer) return;
    const wait = this.minMs - (performance.now() - this.#last);
    if (wait > 0) {
      this.#timer = setTimeout(() => {
        this.#timer = null;
        this.#raf = this.frames.request(this.#run);
      }, wait);
    } else this.#raf = this.frames.request(this.#run);
  }

  /** On the next frame, without waiting out the throttle (a change the engineer made). */
  soon(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (!this.#raf) this.#raf = this.frames.request(this.#run);
  }

  cancel(): void {
    if (this.#raf) this.frames.cancel(this.#raf);
    if (this.#timer) clearTimeout(this.#timer);
    this.#raf = 0;
    this.#timer = null;
  }

  readonly #run = (): void => {
    this.#raf = 0;
    this.#last = performance.now();
    this.draw();
  };
}
