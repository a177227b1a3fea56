/**
 * The renderer's one api client, created once in main.ts and handed to the
 * stores through useApi(). Transport choice: the Electron preload's bridge
 * when present (window[BRIDGE_GLOBAL]), else a WebSocket to this page's
 * host at /api (the headless server, which sets the token cookie itself).
 */
import { BRIDGE_GLOBAL, createClient, type ApiClient, type Transport } from '../../src-preload/contract';
import { staticConnection, type Connection } from './connection';
import { createElectronTransport, isPreloadBridge } from './electron-transport';
import { createWebSocketTransport } from './websocket-transport';

export type { Connection, ConnectionInfo, ConnectionState } from './connection';

export interface Api {
  client: ApiClient;
  transport: Transport;
  connection: Connection;
}

let current: Api | null = null;

/** Picks the transport for this window. Called once, in main.ts. */
export function createApi(): Api {
  const bridge = (globalThis as Record<string, unknown>)[BRIDGE_GLOBAL];
  if (isPreloadBridge(bridge)) {
    const transport = createElectronTransport(bridge);
    return install(transport, staticConnection());
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const transport = createWebSocketTransport({ url: `${scheme}://${location.host}/api` });
  return install(transport, transport.connection);
}

/** Installs a given transport (tests use the memory transport). */
export function install(transport: Transport, connection: Connection = staticConnection()): Api {
  current = { client: createClient(transport), transport, connection };
  return current;
}

export function useApi(): Api {
  if (!current) throw new Error('api not created: call createApi() in main.ts before starting stores');
  return current;
}
