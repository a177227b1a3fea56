import { CancelledError, DisconnectedError, PortClosedError, abortReason, throwIfAborted } from '../errors';
import { Emitter } from '../util/emitter';
import type { BindingError, BindingPortInterface, OpenOptions, SerialBinding } from './binding';
import { classifyOpenError } from './open-errors';
import { TranscriptRing, type TranscriptOptions } from './transcript';

/** Not read yet (Date.now() may be any number under fake time, but never NaN). */
const NO_TIME = Number.NaN;

export type PortCloseReason = { kind: 'closed' } | { kind: 'disconnected'; error: DisconnectedError };

/** The life of one open port; data lives only in the state that owns it. */
export type PortState =
  | { state: 'open'; port: BindingPortInterface }
  | { state: 'closing' }
  | { state: 'closed' }
  | { state: 'disconnected'; error: DisconnectedError };

export interface PortHandleOptions {
  /** Baud rate; USB CDC/option ports ignore it, real UARTs do not. @default 115200 */
  baudRate?: number;
  /** Read buffer size per read() call. @default 65536 */
  readBufferSize?: number;
  /** Transcript bounds. @default { maxEntries: 2000, maxBytes: 262144 } */
  transcript?: TranscriptOptions;
  /** Keep a transcript of every byte. The benchmark turns it off to measure the floor. @default true */
  recordTranscript?: boolean;
}

/**
 * One open serial port with exactly one owner. Reads run in a loop that hands
 * every chunk to `onData` listeners; a read that fails without `canceled`
 * means the device went away, which ends the handle as `disconnected`.
 */
export class PortHandle {
  readonly transcript: TranscriptRing;
  readonly #binding: SerialBinding;
  readonly #options: Required<Omit<PortHandleOptions, 'transcript'>>;
  readonly #data = new Emitter<Buffer>();
  readonly #closed = new Emitter<PortCloseReason>();
  #state: PortState = { state: 'closed' };
  #path: string;
  /** A write is at the binding; later ones wait in #writeQueue, in order. */
  #writing = false;
  readonly #writeQueue: { bytes: Buffer; signal: AbortSignal | undefined; resolve: () => void; reject: (e: unknown) => void }[] = [];
  readonly #writesDone: (() => void)[] = [];
  /** The binding port the write in progress went to. */
  #writingTo: BindingPortInterface | null = null;
  #readLoopDone: Promise<void> = Promise.resolve();
  #stateChange = new Emitter<PortState>();
  /** A chunk is being handed to the listeners (now() gives its time). */
  #delivering = false;
  /** When that chunk was read (Date.now()), NO_TIME until someone asks. */
  #chunkAt = NO_TIME;

  constructor(binding: SerialBinding, path: string, options: PortHandleOptions = {}) {
    const { baudRate = 115200, readBufferSize = 65536, recordTranscript = true } = options;
    if (!Number.isInteger(baudRate) || baudRate <= 0) throw new TypeError(`baudRate must be a positive integer, got ${baudRate}`);
    if (!Number.isInteger(readBufferSize) || readBufferSize < 1) throw new TypeError(`readBufferSize must be a positive integer, got ${readBufferSize}`);
    this.#binding = binding;
    this.#path = path;
    this.#options = { baudRate, readBufferSize, recordTranscript };
    this.transcript = new TranscriptRing(options.transcript);
  }

  get path(): string {
    return this.#path;
  }

  get state(): PortState['state'] {
    return this.#state.state;
  }

  get isOpen(): boolean {
    return this.#state.state === 'open';
  }

  /** Listeners currently attached (for leak checks). */
  get listenerCount(): number {
    return this.#data.listenerCount + this.#closed.listenerCount + this.#stateChange.listenerCount;
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    return this.#data.on(listener);
  }

  onClose(listener: (reason: PortCloseReason) => void): () => void {
    return this.#closed.on(listener);
  }

  onStateChange(listener: (state: PortState) => void): () => void {
    return this.#stateChange.on(listener);
  }

  /** Opens (or reopens, possibly at a new path after re-enumeration). */
  async open(signal?: AbortSignal, path: string = this.#path): Promise<void> {
    throwIfAborted(signal);
    if (this.#state.state === 'open' || this.#state.state === 'closing') await this.close();
    this.#path = path;
    const options: OpenOptions = { path, baudRate: this.#options.baudRate };
    let port: BindingPortInterface;
    try {
      port = await this.#binding.open(options);
    } catch (err) {
      throw classifyOpenError(path, err);
    }
    if (signal?.aborted) {
      await port.close().catch(() => undefined);
      throw new CancelledError(abortReason(signal));
    }
    this.#setState({ state: 'open', port });
    this.#note('open');
    this.#readLoopDone = this.#readLoop(port);
  }

  /**
   * Reads until the port closes or fails. Callbacks rather than an async loop:
   * this runs for every chunk of every port, and resuming an async function per
   * read costs more than calling a function.
   */
  #readLoop(port: BindingPortInterface): Promise<void> {
    const buf = Buffer.allocUnsafe(this.#options.readBufferSize);
    const record = this.#options.recordTranscript;
    // The view handed to listeners, kept while chunks come in the same size (replies to a poll do).
    let chunk = buf.subarray(0, 0);
    return new Promise<void>((resolve, reject) => {
      const onRead = ({ bytesRead }: { bytesRead: number }): void => {
        if (this.#state.state !== 'open' || this.#state.port !== port) return resolve();
        if (bytesRead > 0) {
          if (chunk.length !== bytesRead) chunk = buf.subarray(0, bytesRead);
          // One clock reading per chunk: the transcript's entry and whatever the listeners stamp (see now()).
          this.#chunkAt = record ? Date.now() : NO_TIME;
          this.#delivering = true;
          try {
            if (record) this.transcript.add('rx', chunk, undefined, this.#chunkAt);
            // Listeners run synchronously and must copy what they keep: the buffer is reused.
            this.#data.emit(chunk);
          } catch (err) {
            // A listener threw: the loop ends with its error, as the async loop it replaces did.
            return reject(err);
          } finally {
            this.#delivering = false;
          }
        }
        read();
      };
      const onError = (err: unknown): void => {
        if (!(err as BindingError).canceled && this.#state.state === 'open') this.#disconnected(port, err);
        resolve();
      };
      const read = (): void => {
        try {
          port.read(buf, 0, buf.length).then(onRead, onError);
        } catch (err) {
          onError(err); // a binding that throws instead of rejecting
        }
      };
      read();
    });
  }

  /**
   * Date.now(), read at most once per chunk: while a chunk is handed to the
   * listeners, the time it was read (every line framed from it happened then);
   * otherwise the clock itself.
   */
  now(): number {
    if (!this.#delivering) return Date.now();
    if (Number.isNaN(this.#chunkAt)) this.#chunkAt = Date.now();
    return this.#chunkAt;
  }

  #disconnected(port: BindingPortInterface, cause: unknown): void {
    const error = new DisconnectedError(this.#path, cause);
    this.#setState({ state: 'disconnected', error });
    this.#note('disconnect');
    port.close().catch(() => undefined);
    this.#closed.emit({ kind: 'disconnected', error });
  }

  /**
   * Writes bytes; writes are serialised because a binding accepts one pending
   * write at a time. A Buffer is written as it is, not copied: do not change it
   * until the write settles.
   */
  write(data: Uint8Array | string, signal?: AbortSignal): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (!this.#writing) return this.#writeNow(bytes, signal);
    return new Promise<void>((resolve, reject) => this.#writeQueue.push({ bytes, signal, resolve, reject }));
  }

  #writeNow(bytes: Buffer, signal: AbortSignal | undefined): Promise<void> {
    this.#writing = true;
    const s = this.#state;
    try {
      throwIfAborted(signal);
      if (s.state === 'disconnected') throw s.error;
      if (s.state !== 'open') throw new PortClosedError(this.#path);
    } catch (err) {
      this.#nextWrite();
      return Promise.reject(err);
    }
    if (this.#options.recordTranscript) this.transcript.add('tx', bytes, undefined, this.now());
    // One write is at the binding at a time: its port is kept here for the handlers, made once.
    this.#writingTo = s.port;
    return s.port.write(bytes).then(this.#written, this.#writeRejected);
  }

  readonly #written = (): void => this.#nextWrite();

  readonly #writeRejected = (err: unknown): never => {
    const error = this.#writeFailed(this.#writingTo!, err);
    this.#nextWrite();
    throw error;
  };

  #nextWrite(): void {
    const next = this.#writeQueue.shift();
    if (next) {
      this.#writeNow(next.bytes, next.signal).then(next.resolve, next.reject);
      return;
    }
    this.#writing = false;
    for (const done of this.#writesDone.splice(0)) done();
  }

  #writeFailed(port: BindingPortInterface, err: unknown): Error {
    const now = this.#state;
    if (now.state === 'disconnected') return now.error;
    if ((err as BindingError).canceled || now.state !== 'open') return new PortClosedError(this.#path);
    this.#disconnected(port, err);
    return (this.#state as { error: DisconnectedError }).error;
  }

  /** Closes the port; pending reads end as cancelled. Safe to call twice. */
  async close(): Promise<void> {
    const s = this.#state;
    if (s.state !== 'open') {
      if (s.state === 'closing') await this.#readLoopDone;
      return;
    }
    this.#setState({ state: 'closing' });
    try {
      await s.port.close();
    } catch {
      // A port whose device already vanished may fail to close; it is closed for us either way.
    }
    await this.#readLoopDone;
    if (this.#writing) await new Promise<void>((resolve) => this.#writesDone.push(resolve));
    this.#setState({ state: 'closed' });
    this.#note('close');
    this.#closed.emit({ kind: 'closed' });
  }

  /** Adds a note of ours to the transcript (resync, late bytes, ...). */
  note(kind: string, text = ''): void {
    this.#note(kind, text);
  }

  #note(kind: string, text = ''): void {
    if (this.#options.recordTranscript) this.transcript.add('event', text, kind, this.now());
  }

  #setState(s: PortState): void {
    this.#state = s;
    this.#stateChange.emit(s);
  }

  /** Drops every listener: the owner is done with this handle. */
  dispose(): void {
    this.#data.clear();
    this.#closed.clear();
    this.#stateChange.clear();
  }
}
