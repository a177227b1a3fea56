/**
 * A QMI client over one transport: the single owner of the device. Client
 * ids are allocated per service on first use and released on close, on
 * dispose paths and (synchronously) on process exit; each service matches
 * responses by client id and transaction id; indications go to subscribers.
 */
import { CancelledError, DisconnectedError, PortClosedError, TimeoutError } from '../errors';
import { CTL_SERVICE, encodeMessage, resultOf, type QmiMessage, type Tlv } from './codec';
import { describeMessage, messageName, serviceName, type QmiMessageView } from './describe';
import { QmiProtocolError, QmiResultError, type QmiFrameError } from './errors';
import { QmuxFramer } from './framer';
import { put } from './reader';
import type { QmiRequest } from './requests';
import type { QmiTransport } from './transport';

export interface QmiClientOptions {
  /**
   * Per-request timeout in ms when the request gives none.
   * @default 10000
   */
  timeoutMs?: number;
  /**
   * Send CTL Sync when opening (drops client ids a crashed owner left on the device).
   * @default false
   */
  sync?: boolean;
  /**
   * How long close() waits for each Release CID answer.
   * @default 1000
   */
  releaseTimeoutMs?: number;
  /** Frames that did not decode (for the transcript); they are skipped either way. */
  onFrameError?: (error: QmiFrameError) => void;
}

export interface QmiRequestOptions {
  /** @default the client's timeoutMs */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface QmiAnswer {
  message: QmiMessage;
  view: QmiMessageView;
}

interface Pending {
  key: string;
  label: string;
  messageId: number;
  resolve: (m: QmiMessage) => void;
  reject: (e: unknown) => void;
  timer: ReturnType<typeof setTimeout>;
  cleanup: () => void;
}

type IndicationListener = (m: QmiMessage) => void;

/** Every open client, for the exit hook and leak checks. */
const LIVE = new Set<QmiClient>();
let exitHooked = false;
function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', () => {
    for (const c of LIVE) c.releaseAllSync();
  });
}

export class QmiClient {
  /** Open clients in this process (leak checks in tests and the soak). */
  static get live(): number {
    return LIVE.size;
  }

  readonly #t: QmiTransport;
  readonly #framer = new QmuxFramer();
  readonly #pending = new Map<string, Pending>();
  readonly #cids = new Map<number, number>();
  readonly #allocating = new Map<number, Promise<number>>();
  readonly #txn = new Map<string, number>();
  readonly #indications = new Map<number | '*', Set<IndicationListener>>();
  readonly #timeoutMs: number;
  readonly #releaseTimeoutMs: number;
  readonly #onFrameError: ((e: QmiFrameError) => void) | undefined;
  readonly #offs: (() => void)[] = [];
  #closed: Error | null = null;

  private constructor(t: QmiTransport, o: QmiClientOptions) {
    this.#t = t;
    this.#timeoutMs = o.timeoutMs ?? 10_000;
    this.#releaseTimeoutMs = o.releaseTimeoutMs ?? 1000;
    this.#onFrameError = o.onFrameError;
    this.#offs.push(t.onData((c) => this.#onData(c)));
    this.#offs.push(t.onClose((e) => this.#gone(e ?? new PortClosedError(t.path))));
    LIVE.add(this);
    hookExit();
  }

  static async open(transport: QmiTransport, options: QmiClientOptions = {}): Promise<QmiClient> {
    for (const k of ['timeoutMs', 'releaseTimeoutMs'] as const) {
      const v = options[k];
      if (v !== undefined && (!Number.isFinite(v) || v <= 0)) throw new TypeError(`${k} must be a positive number of ms, got ${v}`);
    }
    const c = new QmiClient(transport, options);
    if (options.sync) {
      try {
        await c.#request(CTL_SERVICE, 0, 0x0027, [], { timeoutMs: c.#timeoutMs });
      } catch (err) {
        await c.close();
        throw err;
      }
    }
    return c;
  }

  get path(): string {
    return this.#t.path;
  }

  get closed(): boolean {
    return this.#closed !== null;
  }

  /** Client ids held, by service id. */
  get clientIds(): ReadonlyMap<number, number> {
    return new Map(this.#cids);
  }

  /** Requests waiting for their answer. */
  get inFlight(): number {
    return this.#pending.size;
  }

  /** Sends a named request (see requests.ts); resolves with the decoded response or rejects with a typed error. */
  async send(req: QmiRequest, o: QmiRequestOptions = {}): Promise<QmiAnswer> {
    const cid = req.serviceId === CTL_SERVICE ? 0 : await this.clientId(req.serviceId, o);
    const message = await this.#request(req.serviceId, cid, req.messageId, req.tlvs, o);
    const r = resultOf(message);
    if (!r) throw new QmiProtocolError(`${req.name}: the response has no result TLV`, { request: req.name });
    if (!r.ok) throw new QmiResultError(req.name, r.errorCode);
    return { message, view: describeMessage(message) };
  }

  /** The client id of `serviceId`, allocated on first use (CTL Allocate CID). */
  async clientId(serviceId: number, o: QmiRequestOptions = {}): Promise<number> {
    if (serviceId === CTL_SERVICE) return 0;
    const have = this.#cids.get(serviceId);
    if (have !== undefined) return have;
    let p = this.#allocating.get(serviceId);
    if (!p) {
      p = this.#allocate(serviceId, o).finally(() => this.#allocating.delete(serviceId));
      this.#allocating.set(serviceId, p);
    }
    return p;
  }

  async #allocate(serviceId: number, o: QmiRequestOptions): Promise<number> {
    const m = await this.#request(CTL_SERVICE, 0, 0x0022, [{ type: 0x01, value: put.u8(serviceId) }], o);
    const r = resultOf(m);
    if (!r || !r.ok) throw new QmiResultError(`CTL Allocate CID for ${serviceName(serviceId)}`, r?.errorCode ?? 0xffff);
    const info = m.tlvs.find((t) => t.type === 0x01)?.value;
    if (!info || info.length < 2 || info[0] !== serviceId) throw new QmiProtocolError(`CTL Allocate CID for ${serviceName(serviceId)}: no allocation info`);
    const cid = info[1]!;
    if (this.#closed) {
      // Closed while allocating: give it straight back.
      this.#t.writeSync?.(this.#releaseFrame(serviceId, cid));
      throw new PortClosedError(this.#t.path);
    }
    this.#cids.set(serviceId, cid);
    return cid;
  }

  /** Releases a service's client id now (CTL Release CID). */
  async release(serviceId: number, o: QmiRequestOptions = {}): Promise<void> {
    const cid = this.#cids.get(serviceId);
    if (cid === undefined) return;
    this.#cids.delete(serviceId);
    await this.#request(CTL_SERVICE, 0, 0x0023, [{ type: 0x01, value: Buffer.from([serviceId, cid]) }], o);
  }

  /** Indications of one service (or '*'); returns the unsubscribe. */
  onIndication(serviceId: number | '*', listener: IndicationListener): () => void {
    let set = this.#indications.get(serviceId);
    if (!set) this.#indications.set(serviceId, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Releases every client id (best effort, bounded by releaseTimeoutMs each), then closes the transport. */
  async close(): Promise<void> {
    if (this.#closed) return;
    for (const serviceId of [...this.#cids.keys()]) {
      try {
        await this.release(serviceId, { timeoutMs: this.#releaseTimeoutMs });
      } catch {
        // The device may be gone; the id dies with it.
      }
    }
    this.#gone(new PortClosedError(this.#t.path));
    await this.#t.close();
  }

  /** Process-exit path: writes Release CID frames synchronously where the transport can. */
  releaseAllSync(): void {
    if (!this.#t.writeSync) return;
    for (const [serviceId, cid] of this.#cids) {
      try {
        this.#t.writeSync(this.#releaseFrame(serviceId, cid));
      } catch {
        // exiting anyway
      }
    }
    this.#cids.clear();
  }

  #releaseFrame(serviceId: number, cid: number): Buffer {
    return encodeMessage({ serviceId: 0, clientId: 0, type: 'request', transactionId: this.#nextTxn(0, 0), messageId: 0x0023, tlvs: [{ type: 0x01, value: Buffer.from([serviceId, cid]) }] });
  }

  #nextTxn(serviceId: number, cid: number): number {
    const k = `${serviceId}:${cid}`;
    const max = serviceId === CTL_SERVICE ? 0xff : 0xffff;
    let n = ((this.#txn.get(k) ?? 0) % max) + 1;
    // Skip ids still waiting (a wrap-around on a long-lived client).
    for (let i = 0; i < max && this.#pending.has(`${k}:${n}`); i++) n = (n % max) + 1;
    this.#txn.set(k, n);
    return n;
  }

  #request(serviceId: number, cid: number, messageId: number, tlvs: Tlv[], o: QmiRequestOptions): Promise<QmiMessage> {
    const label = `QMI ${serviceName(serviceId)} ${messageName(serviceId, 'request', messageId) ?? `0x${messageId.toString(16)}`}`;
    if (this.#closed) return Promise.reject(this.#closed);
    if (o.signal?.aborted) return Promise.reject(new CancelledError(`${label} cancelled`));
    const timeoutMs = o.timeoutMs ?? this.#timeoutMs;
    const transactionId = this.#nextTxn(serviceId, cid);
    const key = `${serviceId}:${cid}:${transactionId}`;
    const frame = encodeMessage({ serviceId, clientId: cid, type: 'request', transactionId, messageId, tlvs });
    return new Promise<QmiMessage>((resolve, reject) => {
      const onAbort = (): void => this.#settle(key, new CancelledError(`${label} cancelled`));
      const p: Pending = {
        key,
        label,
        messageId,
        resolve,
        reject,
        timer: setTimeout(() => this.#settle(key, new TimeoutError(label, timeoutMs)), timeoutMs),
        cleanup: () => o.signal?.removeEventListener('abort', onAbort),
      };
      this.#pending.set(key, p);
      o.signal?.addEventListener('abort', onAbort, { once: true });
      this.#t.write(frame, o.signal).catch((err: unknown) => this.#settle(key, new DisconnectedError(this.#t.path, err)));
    });
  }

  #settle(key: string, outcome: QmiMessage | Error): void {
    const p = this.#pending.get(key);
    if (!p) return;
    this.#pending.delete(key);
    clearTimeout(p.timer);
    p.cleanup();
    if (outcome instanceof Error) p.reject(outcome);
    else p.resolve(outcome);
  }

  #onData(chunk: Buffer): void {
    for (const ev of this.#framer.push(chunk)) {
      if (ev.kind === 'error') {
        this.#onFrameError?.(ev.error);
        continue;
      }
      const m = ev.message;
      if (m.type === 'indication') {
        for (const set of [this.#indications.get(m.serviceId), this.#indications.get('*')]) {
          for (const l of set ?? []) {
            try {
              l(m);
            } catch {
              // A subscriber's bug must not stop the reader.
            }
          }
        }
        continue;
      }
      if (m.type !== 'response') continue;
      const key = `${m.serviceId}:${m.clientId}:${m.transactionId}`;
      const p = this.#pending.get(key);
      if (!p) continue; // late answer to a timed-out or cancelled request
      if (p.messageId !== m.messageId) {
        this.#settle(key, new QmiProtocolError(`${p.label}: the answer is for message 0x${m.messageId.toString(16)}`, { expected: p.messageId, got: m.messageId }));
        continue;
      }
      this.#settle(key, m);
    }
  }

  #gone(error: Error): void {
    if (this.#closed) return;
    this.#closed = error instanceof PortClosedError ? error : new DisconnectedError(this.#t.path, error);
    for (const key of [...this.#pending.keys()]) this.#settle(key, this.#closed);
    for (const off of this.#offs) off();
    this.#offs.length = 0;
    this.#indications.clear();
    this.#cids.clear();
    LIVE.delete(this);
  }
}
