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
 * While hidden (scrolled out of view, see `watchVisibility`) it draws
 * nothing and remembers that it owes a draw, made as soon as it shows: at
 * 256 modems the heatmap and charts below the fold cost the page most of its
 * frame time for pixels nobody saw.
 */
export class FrameThrottle {
  #raf = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #last = 0;
  #visible = true;
  #owed = false;

  constructor(
    private readonly minMs: number,
    private readonly draw: () => void,
    private readonly frames: FrameSource = browserFrames,
  ) {}

  /** A draw happened outside the throttle (the first paint, a rebuild): the next one waits from here. */
  drawn(): void {
    this.#last = performance.now();
  }

  /** Shown or hidden: hidden defers every draw; shown again draws on the next frame if one was owed. */
  setVisible(visible: boolean): void {
    if (visible === this.#visible) return;
    this.#visible = visible;
    if (!visible) {
      if (this.#raf || this.#timer) this.#owed = true;
      this.cancel();
    } else if (this.#owed) {
      this.#owed = false;
      this.soon();
    }
  }

  get visible(): boolean {
    return this.#visible;
  }

  schedule(): void {
    if (!this.#visible) {
      this.#owed = true;
      return;
    }
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
    if (!this.#visible) {
      this.#owed = true;
      return;
    }
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

/** Whether an element shows in the viewport, as it changes (injectable for tests; IntersectionObserver by default). */
export type VisibilityObserver = (el: object, onChange: (visible: boolean) => void) => () => void;

interface MinimalIO {
  observe(el: object): void;
  disconnect(): void;
}
type IOCtor = new (cb: (entries: readonly { isIntersecting: boolean }[]) => void) => MinimalIO;

const viewportObserver: VisibilityObserver = (el, onChange) => {
  const IO = (globalThis as unknown as { IntersectionObserver?: IOCtor }).IntersectionObserver;
  if (!IO) return () => undefined; // no observer: always shown
  const io = new IO((entries) => {
    const e = entries[entries.length - 1];
    if (e) onChange(e.isIntersecting);
  });
  io.observe(el);
  return () => io.disconnect();
};

/** Hides the throttle while `el` is out of the viewport; returns the stop (which shows it again). */
export function watchVisibility(el: object, throttle: Pick<FrameThrottle, 'setVisible'>, observe: VisibilityObserver = viewportObserver): () => void {
  const stop = observe(el, (v) => throttle.setVisible(v));
  return () => {
    stop();
    throttle.setVisible(true);
  };
}
