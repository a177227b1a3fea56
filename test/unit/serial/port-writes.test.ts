import { describe, expect, it } from 'vitest';
import { PortHandle } from '../../../src-main/core/serial/port';
import type { BindingPortInterface, SerialBinding } from '../../../src-main/core/serial/binding';
import { isDisconnectedError, isPortClosedError } from '../../../src-main/core/errors';

/** A binding whose writes settle only when the test says so, and whose reads wait until close. */
function manualBinding() {
  const writes: { bytes: string; resolve: () => void; reject: (e: Error) => void }[] = [];
  let cancelRead: ((e: Error) => void) | null = null;
  const port = {
    openOptions: { path: 'm0', baudRate: 115200 },
    isOpen: true,
    read: () => new Promise((_resolve, reject) => (cancelRead = reject)),
    write: (b: Buffer) => new Promise<void>((resolve, reject) => writes.push({ bytes: b.toString('latin1'), resolve, reject })),
    close: async () => {
      port.isOpen = false;
      cancelRead?.(Object.assign(new Error('Canceled'), { canceled: true }));
    },
    update: async () => undefined,
    set: async () => undefined,
    get: async () => ({ cts: true, dsr: true, dcd: false }),
    getBaudRate: async () => ({ baudRate: 115200 }),
    flush: async () => undefined,
    drain: async () => undefined,
  } as unknown as BindingPortInterface;
  const binding = { open: async () => port, list: async () => [] } as unknown as SerialBinding;
  return { binding, writes };
}

const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('PortHandle writes', () => {
  it('writes one at a time, in order, each settling with its own write', async () => {
    const { binding, writes } = manualBinding();
    const h = new PortHandle(binding, 'm0');
    await h.open();
    const a = h.write('AT\r');
    const b = h.write('ATI\r');
    await settle();
    expect(writes.map((w) => w.bytes)).toEqual(['AT\r']);
    writes[0]!.resolve();
    await expect(a).resolves.toBeUndefined();
    await settle();
    expect(writes.map((w) => w.bytes)).toEqual(['AT\r', 'ATI\r']);
    writes[1]!.resolve();
    await expect(b).resolves.toBeUndefined();
    expect(h.transcript.entries().filter((e) => e.dir === 'tx').map((e) => e.data.toString())).toEqual(['AT\r', 'ATI\r']);
    await h.close();
  });

  it('a failed write ends the handle as disconnected and fails the writes queued behind it instead of leaving them waiting', async () => {
    const { binding, writes } = manualBinding();
    const h = new PortHandle(binding, 'm0');
    await h.open();
    const a = h.write('AT\r');
    const b = h.write('ATI\r');
    const aFailed = expect(a).rejects.toSatisfy(isDisconnectedError);
    await settle();
    writes[0]!.reject(Object.assign(new Error('EIO'), { code: 'EIO' }));
    await aFailed;
    expect(h.state).toBe('disconnected');
    await expect(b).rejects.toSatisfy(isDisconnectedError);
    // Only the first write reached the binding; the next one on a dead port is refused at once.
    expect(writes).toHaveLength(1);
    await expect(h.write('AT\r')).rejects.toSatisfy(isDisconnectedError);
  });

  it('a write cancelled by our own close fails as port-closed', async () => {
    const { binding, writes } = manualBinding();
    const h = new PortHandle(binding, 'm0');
    await h.open();
    const a = h.write('AT\r');
    const aFailed = expect(a).rejects.toSatisfy(isPortClosedError);
    await settle();
    const closing = h.close();
    writes[0]!.reject(Object.assign(new Error('Canceled'), { canceled: true }));
    await aFailed;
    await closing;
    expect(h.state).toBe('closed');
  });
});
