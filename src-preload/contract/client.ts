/**
 * The renderer's only way to the core. Built over a transport (Electron IPC
 * through the preload, or a WebSocket to the headless server); the renderer
 * does not know which.
 */
import { ApiError, type Result } from './result';
import type { CommandInput, CommandName, CommandOutput } from './commands';
import type { EventMap, EventName } from './events';

export interface Transport {
  readonly kind: 'electron' | 'websocket' | 'memory';
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  on(channel: string, listener: (payload: unknown) => void): () => void;
  /** Tells the main side the renderer is ready for events. */
  ready?(): void;
}

export interface ApiClient {
  readonly transport: Transport['kind'];
  /** Resolves with the output, or rejects with an ApiError carrying the code. */
  invoke<K extends CommandName>(channel: K, input: CommandInput<K>): Promise<CommandOutput<K>>;
  on<E extends EventName>(channel: E, listener: (payload: EventMap[E]) => void): () => void;
}

export function createClient(transport: Transport): ApiClient {
  return {
    transport: transport.kind,
    async invoke(channel, input) {
      const r = await transport.invoke(channel, input);
      if (!r.ok) throw new ApiError(r.error);
      return r.value as never;
    },
    on(channel, listener) {
      return transport.on(channel, listener as (p: unknown) => void);
    },
  };
}
