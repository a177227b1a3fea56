/**
 * The controller's bookkeeping per key (one key per AT port): its queues by
 * priority class and the list of keys that may start a task. Internal to the
 * controller; kept apart so the scheduling in controller.ts reads on its own.
 */
import type { CommandClass } from '../at/types';

export type Task = {
  seq: number;
  cls: CommandClass;
  rank: number;
  enqueuedAt: number;
  run: (signal: AbortSignal) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  signal: AbortSignal | undefined;
  /** The key it waits or runs under (the abort of its signal needs it). */
  key: KeyState;
  /** Its controller while it runs; null while it waits. */
  running: AbortController | null;
};

export interface KeyState {
  key: string;
  queues: Task[][];
  size: number;
  running: AbortController | null;
  held: boolean;
  /** The last task's controller, reused until it fires (then dropped): an AbortController per command is costly. */
  spare: AbortController | undefined;
  /** Links in the ready list (keys with a task that may start). */
  prev: KeyState | null;
  next: KeyState | null;
  ready: boolean;
}

export function newKey(key: string, held: boolean): KeyState {
  return { key, queues: [[], [], [], []], size: 0, running: null, held, spare: undefined, prev: null, next: null, ready: false };
}

/**
 * Keys with work that may start, in the order they became ready. An intrusive
 * list: keys join and leave it on every command, which a Set does badly (its
 * deleted slots pile up in front of the first live one until a rehash).
 */
export class ReadyList {
  head: KeyState | null = null;
  tail: KeyState | null = null;
  size = 0;

  add(k: KeyState): void {
    if (k.ready) return;
    k.ready = true;
    k.prev = this.tail;
    k.next = null;
    if (this.tail) this.tail.next = k;
    else this.head = k;
    this.tail = k;
    this.size++;
  }

  delete(k: KeyState): void {
    if (!k.ready) return;
    k.ready = false;
    if (k.prev) k.prev.next = k.next;
    else this.head = k.next;
    if (k.next) k.next.prev = k.prev;
    else this.tail = k.prev;
    k.prev = k.next = null;
    this.size--;
  }
}

export const RANK: Record<CommandClass, number> = { interactive: 0, recovery: 1, batch: 2, health: 3 };
