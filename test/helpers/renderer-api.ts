/**
 * The renderer's api for unit tests of its stores: an in-memory transport
 * answering from handlers per command (as the main side's dispatcher would,
 * errors as `ok: false` with their code), `emit` to push events, and a
 * connection the test drops and reopens. Install it with `fakeApi(...)`
 * before a store's start().
 */
import {
  ApiError,
  fail,
  ok,
  type ApiErrorCode,
  type BenchStatusView,
  type CommandInput,
  type CommandName,
  type CommandOutput,
  type EventMap,
  type EventName,
  type ModemView,
  type Result,
  type Transport,
} from '../../src-preload/contract';
import { install, type Connection, type ConnectionInfo } from '../../src-renderer/api';

export type MemoryHandler = (input: unknown) => unknown;

export interface MemoryTransport extends Transport {
  emit(channel: string, payload: unknown): void;
  readonly calls: { channel: string; input: unknown }[];
  readyCalled: boolean;
}

/** A handler that throws `apiError(code)` answers `ok: false` with that code; any other throw is `internal`. */
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
        if (err instanceof ApiError) return fail(err.code, err.message, err.details);
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

/** What a handler throws to answer with an error code, as the dispatcher does. */
export function apiError(code: ApiErrorCode, message: string = code, details?: Record<string, unknown>): ApiError {
  return new ApiError(details ? { code, message, details } : { code, message });
}

export type FakeConnection = Connection & { set(c: Partial<ConnectionInfo>): void };

/** A connection the test moves between states; starts open (first open done). */
export function fakeConnection(): FakeConnection {
  let current: ConnectionInfo = { state: 'open', attempt: 0, retryAt: null, opens: 1 };
  const ls = new Set<(c: ConnectionInfo) => void>();
  return {
    get current() {
      return { ...current };
    },
    onChange(l) {
      ls.add(l);
      return () => ls.delete(l);
    },
    retryNow() {},
    set(c) {
      current = { ...current, ...c };
      for (const l of ls) l({ ...current });
    },
  };
}

export type Handlers = { [K in CommandName]?: (input: CommandInput<K>) => CommandOutput<K> | Promise<CommandOutput<K>> };

export interface FakeApi {
  transport: MemoryTransport;
  connection: FakeConnection;
  /** Pushes an event as the main side would. */
  emit<E extends EventName>(channel: E, payload: EventMap[E]): void;
  /** The inputs of every call of one command, in order. */
  inputs<K extends CommandName>(channel: K): CommandInput<K>[];
  /** Drops the link and opens it again (a reconnect: stores resync). */
  reconnect(): void;
}

/** Installs typed handlers as the renderer's api (what `useApi()` returns from now on). */
export function fakeApi(handlers: Handlers): FakeApi {
  const transport = createMemoryTransport(handlers as Record<string, MemoryHandler>);
  const connection = fakeConnection();
  install(transport, connection);
  return {
    transport,
    connection,
    emit: (channel, payload) => transport.emit(channel, payload),
    inputs: <K extends CommandName>(channel: K) => transport.calls.filter((c) => c.channel === channel).map((c) => c.input as CommandInput<K>),
    reconnect() {
      const opens = connection.current.opens;
      connection.set({ state: 'closed', attempt: 1 });
      connection.set({ state: 'open', attempt: 0, opens: opens + 1 });
    },
  };
}

/** A promise the test settles (a command still in flight). */
export function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export const benchStatus = (online: number, total: number): BenchStatusView => ({ modemsOnline: online, modemsTotal: total, commandsPerSec: 0, errorsLastMinute: 0, inFlight: 0, queued: 0, simulated: true });

/** A modem row as bench.list returns it; `over` replaces any field. */
export function modemView(id: string, over: Partial<ModemView> = {}): ModemView {
  return {
    id,
    label: id,
    simulated: true,
    state: 'idle',
    reason: null,
    identity: { imei: id, manufacturer: null, model: null, firmware: null, revision: null, iccid: null, imsi: null },
    ports: [],
    usb: null,
    signal: null,
    operator: null,
    rat: null,
    temperatureC: null,
    band: null,
    simState: null,
    queueDepth: 0,
    health: null,
    lastSeen: null,
    tags: [],
    labTags: [],
    ...over,
  };
}
