/** What the QMI client needs from a device: bytes in and out, and word of its end. */
export interface QmiTransport {
  readonly path: string;
  write(data: Buffer, signal?: AbortSignal): Promise<void>;
  /**
   * Writes now, synchronously, if the transport can (a file descriptor can): the process
   * 'exit' path releases client ids with it, when no promise will ever resolve again.
   */
  writeSync?(data: Buffer): void;
  /** Registers the reader; returns the unsubscribe. */
  onData(listener: (chunk: Buffer) => void): () => void;
  /** Called once when the device goes away or the transport closes; `error` unless we closed it. */
  onClose(listener: (error?: Error) => void): () => void;
  close(): Promise<void>;
}
