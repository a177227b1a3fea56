/**
 * The simulator's binding with OS-like delivery: a read that has data
 * resolves on the next event-loop turn (setImmediate), the way libuv hands
 * over bytes from a tty. The plain in-process binding resolves reads in
 * microtasks, so a busy closed loop never yields to timers and the
 * event-loop delay is not measurable; this wrapper makes it measurable
 * while keeping everything in one process.
 */
import type { BindingPortInterface, OpenOptions, SerialBinding } from '../../src-main/core/serial/binding';

export function ioLikeBinding(inner: SerialBinding): SerialBinding {
  return {
    list: () => inner.list(),
    async open(options: OpenOptions) {
      const port = await inner.open(options);
      return new Proxy(port, {
        get(target, prop) {
          if (prop === 'read') {
            return (buffer: Buffer, offset: number, length: number) =>
              target.read(buffer, offset, length).then(
                (r) => new Promise<typeof r>((resolve) => setImmediate(resolve, r)),
              );
          }
          const v = Reflect.get(target, prop, target);
          return typeof v === 'function' ? v.bind(target) : v;
        },
      }) as BindingPortInterface;
    },
  } as SerialBinding;
}
