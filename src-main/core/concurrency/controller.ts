import { CancelledError, QueueFullError, abortReason } from '../errors';
import { COMMAND_CLASSES, type CommandClass } from '../at/types';
import { RANK, ReadyList, type KeyState, type Task, newKey } from './keys';

export interface ControllerOptions {
  /** Tasks running at once across every key (modem port); each port has one anyway, so this only guards the host. @default 256 */
  globalLimit?: number;
  /** Tasks waiting per key; one more is refused with `queue-full`. @default 256 */
  maxQueuePerKey?: number;
  /** Waiting this long moves a task up one priority class, so low classes never starve (ms). @default 2000 */
  agingMs?: number;
}

export interface SubmitOptions {
  signal?: AbortSignal;
}

export interface KeyStats {
  key: string;
  queued: number;
  running: boolean;
  held: boolean;
}

export interface ControllerStats {
  inFlight: number;
  queued: number;
  queuedByClass: Record<CommandClass, number>;
  completed: number;
  keys: KeyStats[];
}

function positiveInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new TypeError(`${name} must be a positive integer, got ${v}`);
  return v;
}

/**
 * Per-key FIFO with one task running per key (one command in flight per AT
 * port), a global limit across keys, and four priority classes with aging.
 */
export class ConcurrencyController {
  readonly globalLimit: number;
  readonly maxQueuePerKey: number;
  readonly agingMs: number;
  readonly #keys = new Map<string, KeyState>();
  readonly #ready = new ReadyList();
  /**
   * One abort listener per caller's signal, however many tasks carry it: a batch run passes
   * its one signal with every command of every modem, and EventTarget adds and removes a
   * listener by walking its list, which made each command O(modems) at 256 modems.
   */
  readonly #watched = new Map<AbortSignal, { tasks: Set<Task>; listener: () => void }>();
  #inFlight = 0;
  #seq = 0;
  #completed = 0;
  #closed = false;

  constructor(options: ControllerOptions = {}) {
    const { globalLimit = 256, maxQueuePerKey = 256, agingMs = 2000 } = options;
    this.globalLimit = positiveInt('globalLimit', globalLimit);
    this.maxQueuePerKey = positiveInt('maxQueuePerKey', maxQueuePerKey);
    this.agingMs = positiveInt('agingMs', agingMs);
  }

  /**
   * Queues `run` behind the key's other tasks; it receives a signal that fires on cancel.
   * The signal is valid while `run`'s promise is pending: a key's tasks share it until it
   * fires (one AbortController per command cost ~20 % of the pool's CPU in the benchmark),
   * so remove any listener you add before settling.
   */
  submit<T>(key: string, cls: CommandClass, run: (signal: AbortSignal) => Promise<T>, options: SubmitOptions = {}): Promise<T> {
    if (this.#closed) return Promise.reject(new CancelledError('the controller is closed'));
    if (!(cls in RANK)) return Promise.reject(new TypeError(`cls must be one of ${COMMAND_CLASSES.join(', ')}, got ${String(cls)}`));
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(new CancelledError(abortReason(signal)));
    let k = this.#keys.get(key);
    if (!k) {
      k = newKey(key, false);
      this.#keys.set(key, k);
    }
    if (k.size >= this.maxQueuePerKey) return Promise.reject(new QueueFullError(key, this.maxQueuePerKey));
    return new Promise<T>((resolve, reject) => {
      const now = performance.now();
      const task: Task = {
        seq: ++this.#seq,
        cls,
        rank: RANK[cls],
        enqueuedAt: now,
        run,
        resolve: resolve as (v: unknown) => void,
        reject,
        signal,
        key: k,
        running: null,
      };
      if (signal) this.#watch(signal, task);
      k.queues[task.rank]!.push(task);
      k.size++;
      this.#markReady(k);
      this.#pump(now);
    });
  }

  /** Stops starting tasks for `key` (queued ones wait) until `release(key)`. */
  hold(key: string): void {
    const k = this.#keys.get(key);
    if (k) {
      k.held = true;
      this.#ready.delete(k);
    } else {
      this.#keys.set(key, newKey(key, true));
    }
  }

  release(key: string): void {
    const k = this.#keys.get(key);
    if (!k) return;
    k.held = false;
    this.#markReady(k);
    this.#pump();
  }

  /** Fails every queued task of `key` (optionally only some classes) with `cancelled`, or the error given. */
  cancelQueued(key: string, error: Error = new CancelledError('queue cleared'), classes: readonly CommandClass[] = COMMAND_CLASSES): number {
    const k = this.#keys.get(key);
    if (!k) return 0;
    let n = 0;
    for (const cls of classes) {
      const q = k.queues[RANK[cls]]!;
      for (const t of q.splice(0)) {
        k.size--;
        n++;
        this.#unwatch(t);
        t.reject(error);
      }
    }
    if (k.size === 0) this.#ready.delete(k);
    return n;
  }

  /** Forgets an idle key (a modem removed from the bench). */
  forget(key: string): void {
    const k = this.#keys.get(key);
    if (!k || k.running || k.size > 0) return;
    this.#keys.delete(key);
    this.#ready.delete(k);
  }

  stats(): ControllerStats {
    const queuedByClass = { interactive: 0, recovery: 0, batch: 0, health: 0 } as Record<CommandClass, number>;
    const keys: KeyStats[] = [];
    let queued = 0;
    for (const k of this.#keys.values()) {
      for (const cls of COMMAND_CLASSES) queuedByClass[cls] += k.queues[RANK[cls]]!.length;
      queued += k.size;
      keys.push({ key: k.key, queued: k.size, running: k.running !== null, held: k.held });
    }
    return {
      inFlight: this.#inFlight,
      queued,
      queuedByClass,
      completed: this.#completed,
      keys,
    };
  }

  queueDepth(key: string): number {
    return this.#keys.get(key)?.size ?? 0;
  }

  /** Something runs or waits for `key` (health polls skip such a modem). */
  isBusy(key: string): boolean {
    const k = this.#keys.get(key);
    return !!k && (k.running !== null || k.size > 0);
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Cancels everything queued and aborts what runs. */
  close(): void {
    this.#closed = true;
    for (const k of this.#keys.values()) {
      this.cancelQueued(k.key, new CancelledError('the controller is closed'));
      if (k.running) this.#abort(k, k.running, new CancelledError('the controller is closed'));
    }
  }

  #markReady(k: KeyState): void {
    if (!k.running && !k.held && k.size > 0) this.#ready.add(k);
  }

  #cancelQueued(k: KeyState, task: Task, error: Error): void {
    const q = k.queues[task.rank]!;
    const i = q.indexOf(task);
    if (i < 0) return; // already started: the task's own signal handles it
    q.splice(i, 1);
    k.size--;
    if (k.size === 0) this.#ready.delete(k);
    this.#unwatch(task);
    task.reject(error);
  }

  #watch(signal: AbortSignal, t: Task): void {
    let w = this.#watched.get(signal);
    if (!w) {
      const tasks = new Set<Task>();
      const listener = (): void => this.#signalAborted(signal, tasks);
      w = { tasks, listener };
      this.#watched.set(signal, w);
      signal.addEventListener('abort', listener, { once: true });
    }
    w.tasks.add(t);
  }

  /** The task no longer needs its signal watched (it ended or left the queue). */
  #unwatch(t: Task): void {
    const signal = t.signal;
    if (!signal) return;
    const w = this.#watched.get(signal);
    if (!w || !w.tasks.delete(t) || w.tasks.size > 0) return;
    this.#watched.delete(signal);
    signal.removeEventListener('abort', w.listener);
  }

  /** A caller's signal fired: its waiting tasks fail with `cancelled`, its running ones see their signal fire. */
  #signalAborted(signal: AbortSignal, tasks: Set<Task>): void {
    this.#watched.delete(signal);
    for (const t of [...tasks]) {
      tasks.delete(t);
      if (t.running) this.#abort(t.key, t.running, signal.reason);
      else this.#cancelQueued(t.key, t, new CancelledError(abortReason(signal)));
    }
  }

  /**
   * A waiting task moves up one class per `agingMs`, never above the top class;
   * among equals the older task wins, so a promoted health poll overtakes
   * interactive commands submitted after it.
   */
  #effectiveRank(t: Task, now: number): number {
    return Math.max(0, t.rank - Math.floor((now - t.enqueuedAt) / this.agingMs));
  }

  /** Best waiting task of a key: lowest class rank after aging, then oldest. */
  #head(k: KeyState, now: number): Task | undefined {
    let best: Task | undefined;
    let bestRank = Infinity;
    for (const q of k.queues) {
      const t = q[0];
      if (!t) continue;
      const r = this.#effectiveRank(t, now);
      if (r < bestRank || (r === bestRank && best && t.seq < best.seq)) {
        best = t;
        bestRank = r;
      }
    }
    return best;
  }

  /** Starts what may start. `at`: a clock reading the caller just took (one less per command). */
  #pump(at?: number): void {
    while (this.#inFlight < this.globalLimit && this.#ready.size > 0) {
      const now = at ?? performance.now();
      at = undefined;
      let chosen: KeyState | undefined;
      let task: Task | undefined;
      if (this.#ready.size === 1 || this.#inFlight + this.#ready.size <= this.globalLimit) {
        // Every ready key gets a slot anyway: no need to rank keys against each other.
        chosen = this.#ready.head!;
        task = this.#head(chosen, now);
      } else {
        let bestRank = Infinity;
        for (let k = this.#ready.head; k !== null; k = k.next) {
          const t = this.#head(k, now);
          if (!t) continue;
          const r = this.#effectiveRank(t, now);
          if (r < bestRank || (r === bestRank && task && t.seq < task.seq)) {
            bestRank = r;
            chosen = k;
            task = t;
          }
        }
      }
      if (!chosen || !task) return;
      this.#start(chosen, task);
    }
  }

  #start(k: KeyState, t: Task): void {
    k.queues[t.rank]!.shift();
    k.size--;
    this.#ready.delete(k);
    const ac = (k.spare ??= new AbortController());
    t.running = ac;
    k.running = ac;
    this.#inFlight++;
    let p: Promise<unknown>;
    try {
      p = t.run(ac.signal);
    } catch (err) {
      p = Promise.reject(err);
    }
    p.then(
      (v) => this.#finish(k, t, v, true),
      (e) => this.#finish(k, t, e, false),
    );
  }

  /** Fires a running task's signal; that controller is never handed out again. */
  #abort(k: KeyState, ac: AbortController, reason: unknown): void {
    if (k.spare === ac) k.spare = undefined;
    ac.abort(reason);
  }

  #finish(k: KeyState, t: Task, outcome: unknown, ok: boolean): void {
    this.#unwatch(t);
    t.running = null;
    k.running = null;
    this.#inFlight--;
    this.#completed++;
    this.#markReady(k);
    if (ok) t.resolve(outcome);
    else t.reject(outcome);
    this.#pump();
  }
}
