/**
 * The in-process way to a simulated modem's QMI interface: a QmiTransport
 * attached to its endpoint (the PTY exposure is the other way).
 */
import { PortBusyError, PortNotFoundError } from '../../errors';
import type { QmiTransport } from '../../qmi/transport';
import type { EndpointSink } from '../endpoint';
import type { SimModem } from '../modem';

export function openSimQmi(modem: SimModem): QmiTransport {
  const ep = modem.qmi;
  const path = ep?.path ?? `sim:${modem.index}:qmi`;
  if (!ep || !ep.present) throw new PortNotFoundError(path);
  const data = new Set<(c: Buffer) => void>();
  const closers = new Set<(e?: Error) => void>();
  let open = true;
  const end = (error?: Error): void => {
    if (!open) return;
    open = false;
    ep.detach(sink);
    for (const l of closers) l(error);
    closers.clear();
    data.clear();
  };
  const sink: EndpointSink = {
    // Delivered asynchronously, as a device read would be.
    data: (chunk) => {
      const copy = Buffer.from(chunk);
      void Promise.resolve().then(() => {
        if (open) for (const l of data) l(copy);
      });
    },
    gone: () => void Promise.resolve().then(() => end(new Error(`${path} vanished`))),
  };
  if (!ep.attach(sink)) throw new PortBusyError(path, 'another in-process client');
  return {
    path,
    write: async (d) => {
      if (!open) throw new Error(`${path} is closed`);
      ep.write(Buffer.from(d));
    },
    writeSync: (d) => {
      if (open) ep.write(Buffer.from(d));
    },
    onData: (l) => {
      data.add(l);
      return () => data.delete(l);
    },
    onClose: (l) => {
      closers.add(l);
      return () => closers.delete(l);
    },
    close: async () => end(),
  };
}
