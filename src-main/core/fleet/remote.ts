/**
 * One remote bench host, reached through the same contract over WebSocket
 * that the browser UI uses (wire.ts framing: hello, ready, invoke/result,
 * events). The Node counterpart of the renderer's websocket-transport,
 * without its reconnect loop: a host that goes away fails every command in
 * flight with `host-unreachable`, and the owner decides when to reconnect.
 */
import type { SecureContextOptions } from 'node:tls';
import WebSocket from 'ws';
import {
  ApiError,
  TOKEN_HEADER,
  type CommandInput,
  type CommandName,
  type CommandOutput,
  type EventMap,
  type EventName,
  type Result,
  type ServerMessage,
} from '../../../src-preload/contract';
import { HostRefusedError, HostUnreachableError } from './errors';
import { type RemoteAddress, parseRemote } from './remote-url';

export interface RemoteBenchOptions {
  /** As `serve` prints it: http://host:port/?token=... (or https://, ws://, wss://). */
  url: string;
  /** Overrides a token in the URL. @default null */
  token?: string | null;
  /** Gives up connecting after this long (TCP, TLS and the server's hello). @default 10000 */
  connectTimeoutMs?: number;
  /** For wss: the CA (or the self-signed certificate) the host's certificate must chain to. @default the system CAs */
  ca?: SecureContextOptions['ca'];
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; channel: string };

export class RemoteBench {
  readonly address: RemoteAddress;
  #o: Required<Omit<RemoteBenchOptions, 'ca' | 'token'>> & Pick<RemoteBenchOptions, 'ca'>;
  #ws: WebSocket | null = null;
  #nextId = 1;
  #pending = new Map<number, Pending>();
  #listeners = new Map<string, Set<(payload: unknown) => void>>();
  #downListeners = new Set<(err: HostUnreachableError) => void>();
  #closedByUs = false;
  version: string | null = null;

  constructor(options: RemoteBenchOptions) {
    if (typeof options.url !== 'string') throw new TypeError('url must be a string');
    this.address = parseRemote(options.url, options.token);
    this.#o = { url: options.url, connectTimeoutMs: options.connectTimeoutMs ?? 10_000, ca: options.ca };
    if (!(this.#o.connectTimeoutMs > 0)) throw new TypeError('connectTimeoutMs must be > 0');
  }

  /** host:port. */
  get name(): string {
    return this.address.name;
  }

  get connected(): boolean {
    return this.#ws !== null && this.#ws.readyState === WebSocket.OPEN;
  }

  /** Opens the WebSocket and waits for the server's hello. Rejects with host-unreachable or host-refused. */
  connect(signal?: AbortSignal): Promise<{ version: string }> {
    if (this.#ws) throw new TypeError(`${this.name}: already connected`);
    this.#closedByUs = false;
    const name = this.name;
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = {};
      if (this.address.token) headers[TOKEN_HEADER] = this.address.token;
      const ws = new WebSocket(this.address.wsUrl, {
        headers,
        handshakeTimeout: this.#o.connectTimeoutMs,
        ...(this.#o.ca ? { ca: this.#o.ca } : {}),
        // The contract's payloads are JSON text; nothing to gain from compression on a lab LAN.
        perMessageDeflate: false,
      });
      this.#ws = ws;
      let settled = false;
      const timer = setTimeout(() => fail(new HostUnreachableError(name, `${name}: no answer within ${this.#o.connectTimeoutMs} ms`)), this.#o.connectTimeoutMs);
      const onAbort = (): void => fail(new HostUnreachableError(name, `${name}: connecting was cancelled`));
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => {
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const fail = (err: Error): void => {
        if (settled) return;
        done();
        this.#ws = null;
        ws.removeAllListeners();
        ws.on('error', () => undefined);
        ws.terminate();
        reject(err);
      };
      ws.on('unexpected-response', (_req, res) => {
        const status = res.statusCode ?? 0;
        res.resume();
        fail(
          status === 401
            ? new HostRefusedError(name, `${name} refused the token (give the URL serve printed, or --remote-token)`, { status })
            : new HostUnreachableError(name, `${name} answered HTTP ${status} to the WebSocket`, { status }),
        );
      });
      ws.on('error', (err: NodeJS.ErrnoException) => {
        if (!settled) {
          const tlsProblem = /certificate|self.signed|altnames|CERT_|SSL/i.test(`${err.code ?? ''} ${err.message}`);
          fail(
            tlsProblem
              ? new HostRefusedError(name, `${name}: its certificate does not match (${err.message})`, { reason: err.code ?? err.message }, { cause: err })
              : new HostUnreachableError(name, `${name} is unreachable: ${err.message}`, { reason: err.code ?? err.message }, { cause: err }),
          );
        }
      });
      ws.on('message', (data) => {
        let msg: ServerMessage;
        try {
          msg = JSON.parse(String(data)) as ServerMessage;
        } catch {
          return;
        }
        if (msg.t === 'hello') {
          if (settled) return;
          done();
          this.version = msg.version;
          ws.send(JSON.stringify({ t: 'ready' }));
          resolve({ version: msg.version });
        } else if (msg.t === 'result') {
          const p = this.#pending.get(msg.id);
          if (!p) return;
          this.#pending.delete(msg.id);
          const r = msg.result as Result<unknown>;
          if (r.ok) p.resolve(r.value);
          else p.reject(new ApiError(r.error));
        } else if (msg.t === 'event') {
          const set = this.#listeners.get(msg.channel);
          if (set) for (const l of [...set]) l(msg.payload);
        }
      });
      ws.on('close', () => {
        if (!settled) return fail(new HostUnreachableError(name, `${name} closed the connection before its hello`));
        if (this.#ws !== ws) return;
        this.#ws = null;
        const err = new HostUnreachableError(name, this.#closedByUs ? `${name}: connection closed` : `${name} went away`, { inFlight: this.#pending.size });
        for (const p of this.#pending.values()) p.reject(new HostUnreachableError(name, `${name} went away before ${p.channel} was answered`, { channel: p.channel }));
        this.#pending.clear();
        if (!this.#closedByUs) for (const l of [...this.#downListeners]) l(err);
      });
    });
  }

  /** One contract command on the host. Rejects with ApiError (the host's answer) or HostUnreachableError. */
  invoke<K extends CommandName>(channel: K, input: CommandInput<K>): Promise<CommandOutput<K>> {
    const ws = this.#ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return Promise.reject(new HostUnreachableError(this.name, `${this.name} is not connected`, { channel }));
    return new Promise((resolve, reject) => {
      const id = this.#nextId++;
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject, channel });
      ws.send(JSON.stringify({ t: 'invoke', id, channel, input }));
    });
  }

  on<E extends EventName>(channel: E, listener: (payload: EventMap[E]) => void): () => void {
    let set = this.#listeners.get(channel);
    if (!set) this.#listeners.set(channel, (set = new Set()));
    set.add(listener as (p: unknown) => void);
    return () => set.delete(listener as (p: unknown) => void);
  }

  /** The host went away (not our close). Returns the unsubscribe. */
  onDown(listener: (err: HostUnreachableError) => void): () => void {
    this.#downListeners.add(listener);
    return () => this.#downListeners.delete(listener);
  }

  /** Commands sent and not answered yet. */
  get inFlight(): number {
    return this.#pending.size;
  }

  close(): Promise<void> {
    const ws = this.#ws;
    this.#closedByUs = true;
    if (!ws) return Promise.resolve();
    // Still connecting: cut it (connect() rejects with host-unreachable); a closing handshake would never be answered.
    if (ws.readyState === WebSocket.CONNECTING) {
      ws.terminate();
      return Promise.resolve();
    }
    return new Promise((r) => {
      ws.once('close', () => r());
      ws.close();
      // A host that does not finish the closing handshake is cut.
      setTimeout(() => ws.terminate(), 2000).unref();
    });
  }
}
