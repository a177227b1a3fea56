/**
 * The browser transport: one WebSocket to the headless server, framed per
 * wire.ts. Invokes made while connecting are queued; invokes in flight when
 * the socket drops fail with `disconnected` (the caller decides whether to
 * retry). Reconnects with capped exponential backoff and re-sends `ready`
 * so the server resumes events; stores resync on `opens` changing.
 */
import { fail, type ClientMessage, type Result, type ServerMessage, type Transport } from '../../src-preload/contract';
import type { Connection, ConnectionInfo } from './connection';

export interface WebSocketTransportOptions {
  /** ws:// or wss:// URL of the server's /api endpoint. */
  url: string;
  /** First reconnect delay. @default 500 */
  minBackoffMs?: number;
  /** Reconnect delay cap. @default 10000 */
  maxBackoffMs?: number;
  /** For tests. @default globalThis.WebSocket */
  WebSocketImpl?: typeof WebSocket;
}

export interface WebSocketTransport extends Transport {
  readonly connection: Connection;
  close(): void;
}

type Pending = { resolve: (r: Result<unknown>) => void; message: ClientMessage };

export function createWebSocketTransport(options: WebSocketTransportOptions): WebSocketTransport {
  const minBackoff = options.minBackoffMs ?? 500;
  const maxBackoff = options.maxBackoffMs ?? 10_000;
  const WS = options.WebSocketImpl ?? WebSocket;

  let socket: WebSocket | null = null;
  let nextId = 1;
  let wantReady = false;
  let closedByUs = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const queued: Pending[] = [];
  const inFlight = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(info: ConnectionInfo) => void>();
  const info: ConnectionInfo = { state: 'connecting', attempt: 0, retryAt: null, opens: 0 };

  function setState(patch: Partial<ConnectionInfo>): void {
    Object.assign(info, patch);
    const snapshot = { ...info };
    for (const l of stateListeners) l(snapshot);
  }

  function send(msg: ClientMessage): void {
    socket?.send(JSON.stringify(msg));
  }

  function connect(): void {
    timer = null;
    setState({ state: 'connecting', retryAt: null });
    let ws: WebSocket;
    try {
      ws = new WS(options.url);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      setState({ state: 'open', attempt: 0, retryAt: null, opens: info.opens + 1 });
      if (wantReady) send({ t: 'ready' });
      for (const p of queued.splice(0)) {
        if (p.message.t === 'invoke') inFlight.set(p.message.id, p);
        send(p.message);
      }
    };
    ws.onmessage = (ev) => {
      let msg: ServerMessage;
      try {
        msg = JSON.parse(String(ev.data)) as ServerMessage;
      } catch {
        return;
      }
      if (msg.t === 'result') {
        const p = inFlight.get(msg.id);
        if (p) {
          inFlight.delete(msg.id);
          p.resolve(msg.result);
        }
      } else if (msg.t === 'event') {
        const set = listeners.get(msg.channel);
        if (set) for (const l of [...set]) l(msg.payload);
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      for (const p of inFlight.values()) p.resolve(fail('disconnected', 'The connection to the server dropped.'));
      inFlight.clear();
      // Queued invokes never reached the server; fail them too rather than hang.
      for (const p of queued.splice(0)) p.resolve(fail('disconnected', 'Not connected to the server.'));
      if (!closedByUs) scheduleReconnect();
    };
  }

  function scheduleReconnect(): void {
    const attempt = info.attempt + 1;
    const delay = Math.min(maxBackoff, minBackoff * 2 ** (attempt - 1));
    setState({ state: 'closed', attempt, retryAt: Date.now() + delay });
    timer = setTimeout(connect, delay);
  }

  connect();

  const connection: Connection = {
    get current() {
      return { ...info };
    },
    onChange(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    retryNow() {
      if (info.state !== 'closed') return;
      if (timer) clearTimeout(timer);
      connect();
    },
  };

  return {
    kind: 'websocket',
    connection,
    invoke(channel, input) {
      return new Promise((resolve) => {
        const message: ClientMessage = { t: 'invoke', id: nextId++, channel, input };
        const p: Pending = { resolve, message };
        if (socket && socket.readyState === WS.OPEN) {
          inFlight.set(message.id, p);
          send(message);
        } else if (info.state === 'connecting') {
          queued.push(p);
        } else {
          resolve(fail('disconnected', 'Not connected to the server; retrying.'));
        }
      });
    },
    on(channel, listener) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    ready() {
      wantReady = true;
      if (socket && socket.readyState === WS.OPEN) send({ t: 'ready' });
    },
    close() {
      closedByUs = true;
      if (timer) clearTimeout(timer);
      socket?.close();
    },
  };
}
