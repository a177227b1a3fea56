/** The Electron transport: the preload's small generic bridge, exposed under BRIDGE_GLOBAL. */
import type { Result, Transport } from '../../src-preload/contract';

export interface PreloadBridge {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  on(channel: string, listener: (payload: unknown) => void): () => void;
  ready(): void;
}

export function isPreloadBridge(x: unknown): x is PreloadBridge {
  if (typeof x !== 'object' || x === null) return false;
  const b = x as Record<string, unknown>;
  return typeof b.invoke === 'function' && typeof b.on === 'function' && typeof b.ready === 'function';
}

export function createElectronTransport(bridge: PreloadBridge): Transport {
  return {
    kind: 'electron',
    invoke: (channel, input) => bridge.invoke(channel, input),
    on: (channel, listener) => bridge.on(channel, listener),
    ready: () => bridge.ready(),
  };
}
