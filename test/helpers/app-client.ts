/**
 * A contract client over the in-memory transport: the same dispatcher the IPC
 * and WebSocket transports call, with inputs and payloads cloned as a wire
 * would, for tests that drive a AppService through the contract.
 */
import { createClient, type Transport } from '../../src-preload/contract';
import { type AppService, createDispatcher } from '../../src-main/core/service';

export function appClient(app: AppService): ReturnType<typeof createClient> {
  const d = createDispatcher(app);
  const t: Transport = {
    kind: 'memory',
    invoke: (c, i) => d.invoke(c, structuredClone(i)),
    on: (c, l) => app.events.on((e) => e.channel === c && l(structuredClone(e.payload))),
  };
  return createClient(t);
}
