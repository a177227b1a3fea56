/**
 * The headless transport: serves the built renderer and carries the bridge
 * contract over a WebSocket at /api. Loopback by default; any other address
 * requires a token (given once in the URL, then kept in an HttpOnly cookie).
 * The WebSocket's Origin and the Host header are checked, so a web page in
 * the engineer's browser cannot drive the bench (cross-site WebSocket
 * hijacking, DNS rebinding).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { type Stats, createReadStream, statSync } from 'node:fs';
import { type IncomingMessage, type RequestListener, type ServerResponse, createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { fail, TOKEN_COOKIE, TOKEN_HEADER, type ServerMessage } from '../../src-preload/contract';
import type { Logger } from '../core/log';
import type { AppService, AppEvent } from '../core/service/app';
import type { Dispatcher } from '../core/service/dispatcher';
import { CSP, uiContentType } from '../core/service/security';
import { ClientSubscription } from '../core/service/subscription';
import { RefusalLog, type ServerLimits, requestWeight, resolveLimits, tokenCookieName } from './server-limits';

export interface ServerOptions {
  /** Address to bind. @default '127.0.0.1' */
  host?: string;
  /** TCP port; 0 picks a free one. @default 7800 */
  port?: number;
  /** Required for non-loopback hosts; generated when absent. Null on loopback means no token. @default null */
  token?: string | null;
  /** Directory of the built renderer (index.html + assets). */
  rendererDir: string;
  dispatcher: Dispatcher;
  app: AppService;
  logger: Logger;
  version: string;
  /** What one client may cost (connections, in-flight requests, unsent bytes) and how refusals are logged. @default DEFAULT_LIMITS */
  limits?: Partial<ServerLimits>;
  /** GET /metrics in the Prometheus text format (same token rule as the rest); null: no such route. @default null */
  metrics?: { contentType: string; render(): Promise<string> } | null;
  /** HTTPS and WSS with this certificate and key (PEM); null: plain HTTP. @default null */
  tls?: { cert: string | Buffer; key: string | Buffer } | null;
}

export interface RunningServer {
  url: string;
  /** The URL to open once (carries the token when one is required). */
  openUrl: string;
  port: number;
  host: string;
  token: string | null;
  close(): Promise<void>;
  /** Open WebSocket clients (for tests and leak checks). */
  readonly clients: number;
  /** Refusals so far, by reason. */
  readonly refused: Readonly<Record<string, number>>;
}




const MAX_MESSAGE = 1024 * 1024;

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

export async function startServer(o: ServerOptions): Promise<RunningServer> {
  const host = o.host ?? '127.0.0.1';
  const loopback = isLoopback(host);
  const token = loopback ? (o.token ?? null) : (o.token ?? randomBytes(24).toString('hex'));
  const rendererDir = resolve(o.rendererDir);
  const limits = resolveLimits(o.limits);
  const refusals = new RefusalLog(o.logger, limits.refusalLogIntervalMs, limits.refusalLogBurst);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE });
  let boundPort = 0;
  let upgrading = 0;

  const hostAllowed = (req: IncomingMessage): boolean => {
    if (!loopback) return true; // the token protects non-loopback binds
    const h = (req.headers.host ?? '').toLowerCase();
    const name = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.split(':')[0]!;
    return isLoopback(name);
  };

  const tokenOf = (req: IncomingMessage): string | null => {
    const header = req.headers[TOKEN_HEADER];
    if (typeof header === 'string') return header;
    const cookie = req.headers.cookie ?? '';
    for (const part of cookie.split(';')) {
      const [k, ...rest] = part.trim().split('=');
      if (k === tokenCookieName(TOKEN_COOKIE, boundPort)) return decodeURIComponent(rest.join('='));
    }
    return null;
  };

  const tokenMatches = (given: string | null): boolean => {
    if (token === null) return true;
    if (given === null) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  const securityHeaders = (res: ServerResponse): void => {
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  };

  const handler: RequestListener = (req, res) => {
    securityHeaders(res);
    if (!hostAllowed(req)) {
      refusals.refuse('host', 'refused an HTTP request for a foreign host', { host: req.headers.host });
      return end(res, 403, 'Forbidden host');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      refusals.refuse('method', 'refused an HTTP method', { method: req.method });
      return end(res, 405, 'Method not allowed');
    }
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/metrics' && o.metrics) {
      // A scraper keeps no cookie: the token comes as a bearer header (Prometheus' authorization) or ?token=.
      const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? null;
      if (!tokenMatches(bearer ?? url.searchParams.get('token') ?? tokenOf(req))) {
        refusals.refuse('token', 'refused a metrics scrape without the token');
        return end(res, 401, 'Unauthorized');
      }
      const metrics = o.metrics;
      metrics.render().then(
        (text) => {
          res.statusCode = 200;
          res.setHeader('Content-Type', metrics.contentType);
          res.setHeader('Cache-Control', 'no-store');
          res.end(req.method === 'HEAD' ? undefined : text);
        },
        (err: unknown) => {
          o.logger.error({ err: (err as Error).message }, 'metrics scrape failed');
          end(res, 500, 'metrics failed');
        },
      );
      return;
    }
    const queryToken = url.searchParams.get('token');
    if (token !== null && queryToken !== null) {
      if (!tokenMatches(queryToken)) {
        refusals.refuse('token', 'refused a wrong token');
        return end(res, 401, 'Wrong token');
      }
      url.searchParams.delete('token');
      res.setHeader('Set-Cookie', `${tokenCookieName(TOKEN_COOKIE, boundPort)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/${o.tls ? '; Secure' : ''}`);
      res.setHeader('Location', url.pathname + url.search);
      return end(res, 302, '');
    }
    if (!tokenMatches(tokenOf(req))) {
      refusals.refuse('token', 'refused an HTTP request without the token');
      return end(res, 401, 'This Modem Bench needs its token: open the URL printed when the server started.');
    }
    serveStatic(rendererDir, url.pathname, req, res);
  };
  const server = o.tls ? createTlsServer({ cert: o.tls.cert, key: o.tls.key }, handler) : createServer(handler);

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const reject = (code: number, text: string): void => {
      socket.write(`HTTP/1.1 ${code} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    };
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/api') {
      refusals.refuse('path', 'refused a WebSocket on a wrong path');
      return reject(404, 'Not Found');
    }
    if (!hostAllowed(req)) {
      refusals.refuse('host', 'refused a WebSocket for a foreign host', { host: req.headers.host });
      return reject(403, 'Forbidden');
    }
    // The token first: whoever lacks it learns nothing more and costs one counter.
    if (!tokenMatches(tokenOf(req))) {
      refusals.refuse('token', 'refused a WebSocket without the token');
      return reject(401, 'Unauthorized');
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !sameOrigin(origin, req.headers.host)) {
      refusals.refuse('origin', 'refused a WebSocket from a foreign origin', { origin });
      return reject(403, 'Forbidden');
    }
    if (wss.clients.size + upgrading >= limits.maxConnections) {
      refusals.refuse('connections', 'refused a WebSocket: too many connections', { limit: limits.maxConnections });
      return reject(503, 'Service Unavailable');
    }
    upgrading++;
    let counted = true;
    const settled = (): void => {
      if (counted) upgrading--;
      counted = false;
    };
    // A socket that dies mid-handshake never reaches the callback.
    socket.once('close', settled);
    wss.handleUpgrade(req, socket, head, (ws) => {
      settled();
      attach(ws);
    });
  });

  const attach = (ws: WebSocket): void => {
    let ready = false;
    const client = new ClientSubscription();
    const backlog: AppEvent[] = [];
    let inFlight = 0;
    let dropped = false;
    // Checked before each send: a client that does not read what it asked for is dropped
    // before its unsent data can cost more than the limit (plus one message).
    const send = (m: ServerMessage): void => {
      if (ws.readyState !== ws.OPEN || dropped) return;
      if (ws.bufferedAmount > limits.maxBufferedBytes) {
        dropped = true;
        refusals.refuse('slow-reader', 'dropped a client that does not read what it is sent', { buffered: ws.bufferedAmount, limit: limits.maxBufferedBytes, inFlight });
        ws.terminate();
        return;
      }
      ws.send(JSON.stringify(m));
    };
    const off = o.app.events.on((e) => {
      if (!client.wants(e)) return;
      if (!ready) {
        backlog.push(e);
        if (backlog.length > 1000) backlog.shift();
        return;
      }
      if (ws.bufferedAmount > limits.maxBufferedBytes / 2 && (e.channel === 'console.entries' || e.channel === 'bench.status')) return;
      send({ t: 'event', channel: e.channel, payload: e.payload });
    });
    send({ t: 'hello', version: o.version });
    ws.on('message', (data, isBinary) => {
      let msg: unknown;
      try {
        msg = isBinary ? null : JSON.parse(data.toString());
      } catch {
        msg = null;
      }
      const m = msg as { t?: unknown; id?: unknown; channel?: unknown; input?: unknown } | null;
      if (m && m.t === 'ready') {
        ready = true;
        for (const e of backlog.splice(0)) send({ t: 'event', channel: e.channel, payload: e.payload });
        return;
      }
      if (!m || m.t !== 'invoke' || typeof m.id !== 'number' || !Number.isSafeInteger(m.id) || typeof m.channel !== 'string') {
        send({ t: 'result', id: typeof m?.id === 'number' ? m.id : -1, result: fail('invalid-input', 'Malformed message: expected {t:"invoke", id, channel, input}') });
        return;
      }
      const id = m.id;
      const weight = requestWeight(m.channel, m.input);
      if (inFlight > 0 && inFlight + weight > limits.maxInFlightPerClient) {
        refusals.refuse('in-flight', 'refused a request: too many unanswered requests on one connection', { limit: limits.maxInFlightPerClient });
        send({
          t: 'result',
          id,
          result: fail('queue-full', `Too much work in flight on this connection (${limits.maxInFlightPerClient} modem commands): wait for answers before sending more`, {
            limit: limits.maxInFlightPerClient,
          }),
        });
        return;
      }
      inFlight += weight;
      o.dispatcher.invoke(m.channel, m.input, client).then((result) => {
        inFlight -= weight;
        send({ t: 'result', id, result });
      });
    });
    ws.on('close', off);
    ws.on('error', off);
  };

  // Raw TCP connections too (idle sockets, static loads): room for the WebSockets and a page's assets.
  server.maxConnections = limits.maxConnections + 64;
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(o.port ?? 7800, host, () => {
      server.off('error', rej);
      res();
    });
  });
  const addr = server.address();
  boundPort = typeof addr === 'object' && addr ? addr.port : (o.port ?? 7800);
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `${o.tls ? 'https' : 'http'}://${shownHost}:${boundPort}/`;
  return {
    url,
    openUrl: token ? `${url}?token=${token}` : url,
    port: boundPort,
    host,
    token,
    get clients() {
      return wss.clients.size;
    },
    get refused() {
      return { ...refusals.totals };
    },
    close: async () => {
      refusals.flush();
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function sameOrigin(origin: string, hostHeader: string | undefined): boolean {
  try {
    const u = new URL(origin);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.host === (hostHeader ?? '').toLowerCase();
  } catch {
    return false;
  }
}

function end(res: ServerResponse, code: number, text: string): void {
  res.statusCode = code;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end(text);
}

function serveStatic(root: string, pathname: string, req: IncomingMessage, res: ServerResponse): void {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    return end(res, 400, 'Bad path');
  }
  const file = resolve(join(root, normalize(rel)));
  if (file !== root && !file.startsWith(root + sep)) return end(res, 403, 'Forbidden');
  let target = file;
  let st = tryStat(target);
  if (!st || st.isDirectory()) {
    // The UI is a single page: unknown non-asset paths get index.html.
    if (extname(rel) !== '' && !st) return end(res, 404, 'Not found');
    target = join(root, 'index.html');
    st = tryStat(target);
    if (!st) return end(res, 503, 'The UI is not built. Run: npm run build');
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', uiContentType(target));
  res.setHeader('Content-Length', Number(st.size));
  res.setHeader('Cache-Control', target.endsWith('index.html') ? 'no-cache' : 'public, max-age=3600');
  if (req.method === 'HEAD') return void res.end();
  createReadStream(target).pipe(res);
}

function tryStat(p: string): Stats | null {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}
