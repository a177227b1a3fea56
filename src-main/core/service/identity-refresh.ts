import type { Modem, ModemIdentity } from '../modem/modem';
import type { TimelineEvent } from '../recovery';

/** How often a still-unknown identity field is asked again, at most (ms). */
export const IDENTITY_RETRY_MS = 20_000;

/**
 * Reads a modem's identity again and keeps, for each field the modem did not
 * answer this time, its last known value. Returns what changed ("imei — →
 * 8614…"), or null when nothing did or the read was cancelled.
 */
export async function rereadIdentity(modem: Modem): Promise<string | null> {
  const before = { ...modem.identity };
  let fresh: ModemIdentity;
  try {
    fresh = await modem.readIdentity();
  } catch {
    modem.identity = before;
    return null;
  }
  const merged = { ...before };
  const keys = Object.keys(fresh) as (keyof ModemIdentity)[];
  for (const k of keys) if (fresh[k] !== null) merged[k] = fresh[k];
  modem.identity = merged;
  const changed = keys.filter((k) => merged[k] !== before[k]);
  return changed.length ? changed.map((k) => `${k} ${before[k] ?? '—'} → ${merged[k] ?? '—'}`).join(', ') : null;
}

/**
 * When to read identity again: after every reboot, reattach (re-enumeration)
 * and recovery past a resync, as soon as the modem is ready, since it can
 * come back with another SIM or firmware; and on a health poll while IMEI,
 * model or revision is still unknown (a reply lost under faults), at most
 * every IDENTITY_RETRY_MS. One read at a time.
 */
export class IdentityRefresher {
  #due = false;
  #triedAt = 0;
  #reading: Promise<void> | null = null;

  constructor(
    private readonly o: {
      modem: () => Modem | null;
      ready: () => boolean;
      disposed: () => boolean;
      changed: (what: string, reason: string) => void;
    },
  ) {}

  /** The first read (at setup) just happened. */
  markRead(): void {
    this.#triedAt = Date.now();
  }

  onTimeline(ev: TimelineEvent): void {
    if (ev.kind === 'reboot' || ev.kind === 'reattach' || (ev.kind === 'recovered' && ev.step !== 'resync')) {
      this.#due = true;
      if (this.o.ready()) void this.refresh('after a reboot or re-enumeration');
    }
  }

  onReady(): void {
    if (this.#due) void this.refresh('after a reboot or re-enumeration');
  }

  onHealthSample(): void {
    const id = this.o.modem()?.identity;
    if (!id) return;
    const incomplete = id.imei === null || id.model === null || id.revision === null || id.firmware === null;
    if (incomplete && Date.now() - this.#triedAt >= IDENTITY_RETRY_MS) void this.refresh('a field was still unknown');
  }

  refresh(reason: string): Promise<void> {
    this.#reading ??= this.#read(reason).finally(() => {
      this.#reading = null;
    });
    return this.#reading;
  }

  async #read(reason: string): Promise<void> {
    const modem = this.o.modem();
    if (!modem || this.o.disposed() || !this.o.ready()) return;
    this.#due = false;
    this.#triedAt = Date.now();
    const changes = await rereadIdentity(modem);
    if (changes && !this.o.disposed()) this.o.changed(changes, reason);
  }
}
