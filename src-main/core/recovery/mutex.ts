/** A FIFO mutex: the external power-cycle hook runs for one modem at a time unless configured otherwise. */
export class Mutex {
  #queue: (() => void)[] = [];
  #held = 0;
  readonly capacity: number;

  constructor(capacity = 1) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new TypeError(`capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
  }

  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (this.#held < this.capacity) {
      this.#held++;
      return this.#releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const go = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        this.#queue = this.#queue.filter((g) => g !== go);
        reject(signal!.reason);
      };
      this.#queue.push(go);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    return this.#releaser();
  }

  #releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.#queue.shift();
      if (next) next();
      else this.#held--;
    };
  }

  get held(): number {
    return this.#held;
  }
}
