/**
 * An in-memory transport for unit tests: handlers per channel, and `emit`
 * to push events as the main side would.
 */
import { fail, ok, type Result, type Transport } from '../../src-preload/contract';

export type MemoryHandler = (input: unknown) => unknown | Promise<unknown>;

export interface MemoryTransport extends Transport {
  emit(channel: string, payload: unknown): void;
  readonly calls: { channel: string; input: unknown }[];
  readyCalled: boolean;
}

export function createMemoryTransport(handlers: Record<string, MemoryHandler>): MemoryTransport {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const t: MemoryTransport = {
    kind: 'memory',
    calls: [],
    readyCalled: false,
    async invoke(channel, input): Promise<Result<unknown>> {
      t.calls.push({ channel, input });
      const h = handlers[channel];
      if (!h) return fail('unknown-command', `no handler for ${channel}`);
      try {
        return ok(await h(input));
      } catch (err) {
        return fail('internal', err instanceof Error ? err.message : String(err));
      }
    },
    on(channel, listener) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    ready() {
      t.readyCalled = true;
    },
    emit(channel, payload) {
      for (const l of listeners.get(channel) ?? []) l(payload);
    },
  };
  return t;
}
