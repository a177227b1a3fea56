/** A tiny typed event source: `on()` returns its own unsubscribe, and the count is visible for leak checks. */
export type Listener<T> = (value: T) => void;

export class Emitter<T> {
  #listeners: Listener<T>[] = [];

  on(listener: Listener<T>): () => void {
    this.#listeners = [...this.#listeners, listener];
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
    };
  }

  emit(value: T): void {
    // Snapshot: a listener may unsubscribe (or subscribe) while we iterate.
    for (const l of this.#listeners) l(value);
  }

  get listenerCount(): number {
    return this.#listeners.length;
  }

  clear(): void {
    this.#listeners = [];
  }
}
