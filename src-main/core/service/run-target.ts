/** A supervised local modem as a batch run target, keyed by its ModemId. */
import type { RunTarget } from '../batch';
import type { ModemIdentity } from '../modem/modem';
import type { ModemSupervisor } from '../recovery';
import type { ModemId } from '../../../src-preload/contract';

/** Commands go through the supervisor, with the batch class unless the runner says otherwise. */
export function supervisedRunTarget(m: { id: ModemId; label: string; identity: ModemIdentity; tags(): string[] }, sup: ModemSupervisor): RunTarget {
  const id = m.identity;
  return {
    key: m.id,
    label: m.label,
    identity: { imei: id.imei, iccid: id.iccid, imsi: id.imsi, model: id.model, firmware: id.firmware, revision: id.revision },
    tags: m.tags(),
    exec: (command, o) => sup.exec(command, { ...o, cls: o.cls ?? 'batch' }),
    onTimeline: (l) => sup.timeline.on(l),
  };
}
