import { Emitter } from '../util/emitter';

export type LadderStep = 'resync' | 'reopen' | 'soft-reset' | 'power-cycle';
export const LADDER: readonly LadderStep[] = ['resync', 'reopen', 'soft-reset', 'power-cycle'];

/** One thing that happened to a modem: recoveries, reboots, breaker changes, disconnects. */
export interface TimelineEvent {
  seq: number;
  at: number;
  kind:
    | 'recovery-start'
    | 'step-start'
    | 'step-ok'
    | 'step-failed'
    | 'step-skipped'
    | 'recovered'
    | 'failed'
    | 'reboot'
    | 'disconnect'
    | 'reattach'
    | 'breaker'
    | 'health';
  step?: LadderStep;
  /** What started it (the error, "manual", "spontaneous reboot"...). */
  cause?: string;
  detail?: string;
}

/** A bounded per-modem timeline with a live stream; persisted later by the batch/storage layer. */
export class Timeline {
  readonly max: number;
  #events: TimelineEvent[] = [];
  #seq = 0;
  readonly #emitter = new Emitter<TimelineEvent>();

  constructor(max = 500) {
    if (!Number.isInteger(max) || max < 1) throw new TypeError(`max must be a positive integer, got ${max}`);
    this.max = max;
  }

  add(e: Omit<TimelineEvent, 'seq' | 'at'>, at = Date.now()): TimelineEvent {
    const ev: TimelineEvent = { seq: ++this.#seq, at, ...e };
    this.#events.push(ev);
    if (this.#events.length > this.max) this.#events.splice(0, this.#events.length - this.max);
    this.#emitter.emit(ev);
    return ev;
  }

  events(afterSeq = 0): TimelineEvent[] {
    return this.#events.filter((e) => e.seq > afterSeq);
  }

  on(listener: (e: TimelineEvent) => void): () => void {
    return this.#emitter.on(listener);
  }

  get listenerCount(): number {
    return this.#emitter.listenerCount;
  }

  dispose(): void {
    this.#emitter.clear();
  }
}
