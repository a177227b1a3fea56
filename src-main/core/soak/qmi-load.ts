/**
 * The soak's QMI share: requests to each modem's QMI port alongside the AT
 * mix, through one QmiClient per modem (reopened after its port vanished, as
 * a reboot or a disconnect makes it). Every answer is checked against its
 * request (service, message, and the modem's IMEI for DMS Get IDs), so a
 * reply handed to the wrong request is counted, not assumed away.
 */
import { isBenchError } from '../errors';
import { QmiClient } from '../qmi/client';
import { parseRequest, type DmsIds } from '../qmi/requests';
import type { QmiTransport } from '../qmi/transport';

/** The requests the soak mixes, with their share among QMI requests. */
const MIX: readonly [string, number][] = [
  ['dms-get-ids', 0.4],
  ['nas-get-signal-info', 0.4],
  ['nas-get-serving-system', 0.2],
];

export interface QmiSoakSummary {
  submitted: number;
  /** Answered with a success result. */
  completed: number;
  /** Everything else, by error code. */
  failed: Record<string, number>;
  /** An answer to another request than the one sent (wrong message, or another modem's IMEI). */
  misattributed: number;
  misattributions: { modem: string; request: string; got: string }[];
  /** Submitted without exactly one outcome. */
  lost: number;
}

export class QmiLoad {
  readonly #clients = new Map<number, Promise<QmiClient>>();
  /** Requests without an outcome yet (bounded by what is in flight, not by the soak's length), and outcomes beyond the first. */
  readonly #open = new Set<number>();
  #extraOutcomes = 0;
  readonly #s: QmiSoakSummary = { submitted: 0, completed: 0, failed: {}, misattributed: 0, misattributions: [], lost: 0 };

  constructor(
    readonly targets: readonly { label: string; imei: () => string | null; open: (() => Promise<QmiTransport>) | null }[],
    readonly timeoutMs: number,
  ) {}

  has(i: number): boolean {
    return this.targets[i]?.open != null;
  }

  /** One request to modem `i`; `x` in [0, 1) picks it from the mix. Never rejects. */
  submit(i: number, x: number, signal: AbortSignal): Promise<void> {
    const t = this.targets[i]!;
    const id = ++this.#s.submitted;
    this.#open.add(id);
    let name = MIX[MIX.length - 1]![0];
    for (let acc = 0, k = 0; k < MIX.length; k++) {
      acc += MIX[k]![1];
      if (x < acc) {
        name = MIX[k]![0];
        break;
      }
    }
    const req = parseRequest(name);
    return (async () => {
      const client = await this.#client(i);
      const a = await client.send(req, { timeoutMs: this.timeoutMs, signal });
      const v = a.view;
      let wrong: string | null = null;
      if (v.serviceId !== req.serviceId || v.messageId !== req.messageId) wrong = `${v.service} ${v.message ?? v.messageId}`;
      else if (name === 'dms-get-ids') {
        const imei = (v.fields as DmsIds).imei;
        if (imei !== (t.imei() ?? imei)) wrong = `IMEI ${imei}`;
      }
      if (wrong !== null) {
        this.#s.misattributed++;
        if (this.#s.misattributions.length < 20) this.#s.misattributions.push({ modem: t.label, request: name, got: wrong });
      } else this.#s.completed++;
    })()
      .catch(async (err: unknown) => {
        const code = isBenchError(err) ? err.code : ((err as { code?: unknown }).code as string | undefined) ?? 'unexpected';
        this.#s.failed[code] = (this.#s.failed[code] ?? 0) + 1;
        // A client whose port went away is dropped: the next request reopens it.
        const c = await this.#clients.get(i)?.catch(() => null);
        if (!c || c.closed) await this.#drop(i);
      })
      .finally(() => {
        if (!this.#open.delete(id)) this.#extraOutcomes++;
      });
  }

  #client(i: number): Promise<QmiClient> {
    let c = this.#clients.get(i);
    if (!c) {
      const open = this.targets[i]!.open!;
      c = (async () => QmiClient.open(await open(), { timeoutMs: this.timeoutMs }))();
      this.#clients.set(i, c);
      c.catch(() => this.#clients.get(i) === c && this.#clients.delete(i));
    }
    return c;
  }

  async #drop(i: number): Promise<void> {
    const c = this.#clients.get(i);
    this.#clients.delete(i);
    await c?.then((x) => x.close()).catch(() => {});
  }

  /** Closes every client (releasing its client ids). */
  async close(): Promise<void> {
    await Promise.all([...this.#clients.keys()].map((i) => this.#drop(i)));
  }

  summary(): QmiSoakSummary {
    const lost = this.#open.size + this.#extraOutcomes;
    return { ...this.#s, failed: { ...this.#s.failed }, misattributions: [...this.#s.misattributions], lost };
  }
}
