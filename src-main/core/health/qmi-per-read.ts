/**
 * A QMI signal source that holds the QMI port only for the length of one
 * read. A simulated modem's QMI endpoint takes one in-process client at a
 * time (like a cdc-wdm that one program owns), so health must not sit on it:
 * the engineer's own QMI requests (`modem.qmi`, `modem-bench qmi --sim`) need
 * it between polls.
 */
import { qmiSignalSource, type QmiSignalSourceOptions, type SignalSource } from '../qmi/signal-source';
import type { QmiTransport } from '../qmi/transport';

export function perReadQmiSignalSource(open: () => Promise<QmiTransport>, options: QmiSignalSourceOptions = {}): SignalSource {
  let closed = false;
  let current: SignalSource | null = null;
  return {
    async read(signal) {
      if (closed) throw new Error('signal source closed');
      const s = qmiSignalSource(open, options);
      current = s;
      try {
        return await s.read(signal);
      } finally {
        // Releases the client id and the port on success and failure alike.
        await s.close();
        if (current === s) current = null;
      }
    },
    async close() {
      closed = true;
      await current?.close();
    },
  };
}
