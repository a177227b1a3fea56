/**
 * The QMI interface (USB interface 4) of one simulated modem for one
 * enumeration: CTL client-id bookkeeping, answers per service, indications,
 * and faults. The modem's fault plan applies to QMI requests as to AT
 * commands: `hang` -> no answer, `garbage` -> a malformed frame, `partial` ->
 * half a frame, `cme` -> a QMI error result; `injectFault()` forces them, and
 * `cid-exhaustion` makes CTL Allocate CID fail with client-ids-exhausted.
 */
import { CTL_SERVICE, encodeMessage, type QmiMessage, type Tlv } from '../../qmi/codec';
import { QmuxFramer } from '../../qmi/framer';
import type { EndpointSink } from '../endpoint';
import type { SimModem } from '../modem';
import { dmsAnswer, nasAnswer, QMI_ERR, uimAnswer, wdsAnswer, withResult, type Answer, type QmiAnswerContext, type SimQmiSession } from './answers';

export const QMI_INTERFACE = 4;
export type SimQmiFault = 'no-answer' | 'malformed' | 'partial' | 'error' | 'cid-exhaustion';

/** Services the simulated EC25 offers, with versions (plausible values, not from a capture). */
export const SIM_QMI_SERVICES: readonly [number, number, number][] = [
  [0, 1, 5], [1, 1, 67], [2, 1, 14], [3, 1, 25], [11, 1, 46],
];

/** Client ids per service before Allocate CID fails (real firmware has a similar small table). */
export const SIM_QMI_MAX_CLIENTS = 16;

export class SimQmiEndpoint {
  readonly iface = QMI_INTERFACE;
  #sink: EndpointSink | null = null;
  #present = true;
  readonly #framer = new QmuxFramer();
  readonly #clients = new Map<number, Set<number>>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #forced: SimQmiFault[] = [];
  #session: SimQmiSession | null = null;
  #sessionOwner: number | null = null;
  #handle = 0x1000;
  /** Requests answered (tests, the soak). */
  answered = 0;

  constructor(
    readonly path: string,
    readonly modem: SimModem,
  ) {}

  get present(): boolean {
    return this.#present;
  }

  get attached(): boolean {
    return this.#sink !== null;
  }

  /** Client ids allocated now, per service id. */
  get clients(): ReadonlyMap<number, ReadonlySet<number>> {
    return this.#clients;
  }

  attach(sink: EndpointSink): boolean {
    if (!this.#present || this.#sink !== null) return false;
    this.#sink = sink;
    return true;
  }

  detach(sink: EndpointSink): void {
    if (this.#sink === sink) this.#sink = null;
  }

  /** Forces `kind` on the next `count` QMI requests (or Allocate CIDs for cid-exhaustion). */
  injectFault(kind: SimQmiFault, count = 1): void {
    if (!Number.isInteger(count) || count < 1) throw new TypeError(`count must be a positive integer, got ${count}`);
    for (let i = 0; i < count; i++) this.#forced.push(kind);
  }

  /** Host -> modem. */
  write(data: Buffer): void {
    if (!this.#present) return;
    for (const ev of this.#framer.push(data)) {
      // A real modem drops what it cannot parse; so do we.
      if (ev.kind === 'message' && ev.message.type === 'request') this.#request(ev.message);
    }
  }

  vanish(): void {
    if (!this.#present) return;
    this.#present = false;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    const sink = this.#sink;
    this.#sink = null;
    sink?.gone();
  }

  #send(m: QmiMessage): void {
    this.#sink?.data(encodeMessage(m));
  }

  #fault(isAllocate: boolean): SimQmiFault | null {
    const i = this.#forced.findIndex((f) => (f === 'cid-exhaustion') === isAllocate);
    if (i >= 0) return this.#forced.splice(i, 1)[0]!;
    const m = this.modem;
    if (!m.faultsEnabled) return null;
    const p = m.faults.perCommand;
    const rng = m.rngFaults;
    if (p.hang > 0 && rng.chance(p.hang)) return 'no-answer';
    if (p.garbage > 0 && rng.chance(p.garbage)) return 'malformed';
    if (p.partial > 0 && rng.chance(p.partial)) return 'partial';
    if (p.cme > 0 && rng.chance(p.cme)) return 'error';
    return null;
  }

  #request(req: QmiMessage): void {
    // Booting, off or bricked: the QMI interface does not answer yet.
    if (this.modem.mode() === 'silent') return;
    const isAllocate = req.serviceId === CTL_SERVICE && req.messageId === 0x0022;
    const fault = this.#fault(isAllocate);
    if (fault === 'no-answer') return;
    const tlvs = fault === 'error' ? withResult({ error: QMI_ERR.internal }) : this.#answer(req, fault === 'cid-exhaustion');
    const reply: QmiMessage = { ...req, type: 'response', tlvs, fromModem: true };
    let bytes = encodeMessage(reply);
    if (fault === 'malformed') {
      // The QMUX length says two bytes more than the QMI header: a length mismatch.
      bytes = Buffer.from(bytes);
      bytes.writeUInt16LE(bytes.readUInt16LE(1) + 2, 1);
      bytes = Buffer.concat([bytes, Buffer.from([0xff, 0xff])]);
    } else if (fault === 'partial') bytes = bytes.subarray(0, Math.max(1, bytes.length >> 1));
    const delay = this.modem.options.zeroLatency ? 0 : this.modem.rngLatency.int(2, 15);
    const t = setTimeout(() => {
      this.#timers.delete(t);
      this.answered++;
      this.#sink?.data(bytes);
      this.#after(req);
    }, delay);
    this.#timers.add(t);
  }

  /** Indications that follow an answer (WDS packet service status after start/stop). */
  #after(req: QmiMessage): void {
    if (req.serviceId !== 1 || (req.messageId !== 0x0020 && req.messageId !== 0x0021)) return;
    const connected = this.#session !== null;
    const owner = connected ? this.#sessionOwner : req.clientId;
    if (owner === null) return;
    this.#send({ serviceId: 1, clientId: owner, type: 'indication', transactionId: 0, messageId: 0x0022, tlvs: [{ type: 0x01, value: Buffer.from([connected ? 2 : 1, 0]) }] });
  }

  #answer(req: QmiMessage, exhausted: boolean): Tlv[] {
    if (req.serviceId === CTL_SERVICE) return withResult(this.#ctl(req, exhausted));
    const clients = this.#clients.get(req.serviceId);
    if (!clients?.has(req.clientId)) return withResult({ error: QMI_ERR.invalidClientId });
    const ctx: QmiAnswerContext = {
      modem: this.modem,
      session: this.#session,
      setSession: (s) => {
        this.#session = s;
        this.#sessionOwner = s ? req.clientId : null;
      },
      now: () => Date.now(),
      nextHandle: () => (this.#handle = (this.#handle * 1103515245 + 12345 + this.modem.index) >>> 0 || 1),
    };
    let a: Answer;
    switch (req.serviceId) {
      case 1:
        a = wdsAnswer(ctx, req.messageId, req.tlvs);
        break;
      case 2:
        a = dmsAnswer(ctx, req.messageId);
        break;
      case 3:
        a = nasAnswer(ctx, req.messageId);
        break;
      case 11:
        a = uimAnswer(ctx, req.messageId);
        break;
      default:
        a = { error: QMI_ERR.invalidQmiCommand };
    }
    return withResult(a);
  }

  #ctl(req: QmiMessage, exhausted: boolean): Answer {
    const arg = req.tlvs.find((t) => t.type === 0x01)?.value;
    switch (req.messageId) {
      case 0x0021: {
        const list = SIM_QMI_SERVICES.flatMap(([s, major, minor]) => [s, major & 0xff, major >> 8, minor & 0xff, minor >> 8]);
        return { tlvs: [{ type: 0x01, value: Buffer.from([SIM_QMI_SERVICES.length, ...list]) }] };
      }
      case 0x0022: {
        if (!arg || arg.length < 1) return { error: QMI_ERR.missingArgument };
        const service = arg[0]!;
        if (service === CTL_SERVICE || !SIM_QMI_SERVICES.some(([s]) => s === service)) return { error: QMI_ERR.invalidServiceType };
        let set = this.#clients.get(service);
        if (!set) this.#clients.set(service, (set = new Set()));
        if (exhausted || set.size >= SIM_QMI_MAX_CLIENTS) return { error: QMI_ERR.clientIdsExhausted };
        let cid = 1;
        while (set.has(cid)) cid++;
        set.add(cid);
        return { tlvs: [{ type: 0x01, value: Buffer.from([service, cid]) }] };
      }
      case 0x0023: {
        if (!arg || arg.length < 2) return { error: QMI_ERR.missingArgument };
        const set = this.#clients.get(arg[0]!);
        if (!set?.delete(arg[1]!)) return { error: QMI_ERR.invalidClientId };
        if (arg[0] === 1 && this.#sessionOwner === arg[1]) {
          // The owner of a data session let go of its WDS client: the session ends (no autoconnect).
          this.#session = null;
          this.#sessionOwner = null;
        }
        return { tlvs: [{ type: 0x01, value: Buffer.from([arg[0]!, arg[1]!]) }] };
      }
      case 0x0027:
        this.#clients.clear();
        this.#session = null;
        this.#sessionOwner = null;
        return {};
      default:
        return { error: QMI_ERR.invalidQmiCommand };
    }
  }
}
