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

/** An in-memory pair for tests and the in-process simulator: what one side writes the other reads. */
export function transportPair(path = 'memory'): [QmiTransport, QmiTransport] {
  type Side = { data: Set<(c: Buffer) => void>; close: Set<(e?: Error) => void>; closed: boolean };
  const a: Side = { data: new Set(), close: new Set(), closed: false };
  const b: Side = { data: new Set(), close: new Set(), closed: false };
  const end = (me: Side, other: Side): QmiTransport => ({
    path,
    write: async (d) => {
      if (me.closed) throw new Error(`${path} is closed`);
      const copy = Buffer.from(d);
      void Promise.resolve().then(() => {
        if (!other.closed) for (const l of other.data) l(copy);
      });
    },
    onData: (l) => {
      me.data.add(l);
      return () => me.data.delete(l);
    },
    onClose: (l) => {
      me.close.add(l);
      return () => me.close.delete(l);
    },
    close: async () => {
      for (const s of [me, other]) {
        if (s.closed) continue;
        s.closed = true;
        for (const l of s.close) l(s === me ? undefined : new Error(`${path}: the other end closed`));
        s.close.clear();
        s.data.clear();
      }
    },
  });
  return [end(a, b), end(b, a)];
}
