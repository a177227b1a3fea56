/**
 * A modem's SMS side: the message memories (SIM "SM", modem "ME"), the 27.005
 * settings, and the send/write waiting for its `> ` text. Quectel's manual
 * (EC2x/EG2x AT Commands Manual, SMS chapter, §9.1-9.4, 9.13) says CSMS, CMGF,
 * CSCA, CPMS and CNMI are saved automatically, so they live here and survive a
 * reboot; so do the memories (SIM and flash).
 */
import type { SmsTpdu } from './pdu';

/** "MT" is the same memory as "ME" on the EC25 (§9.4 AT+CPMS, <mem1>). */
export type SmsMemName = 'SM' | 'ME';

/** 27.005 <stat>: 0 REC UNREAD, 1 REC READ, 2 STO UNSENT, 3 STO SENT. */
export type SmsStat = 0 | 1 | 2 | 3;

export const STAT_TEXT = ['REC UNREAD', 'REC READ', 'STO UNSENT', 'STO SENT'] as const;

export interface StoredSms {
  stat: SmsStat;
  /** SMSC address + TPDU in hex, as PDU mode shows it. */
  pdu: string;
  tpduLength: number;
  sca: string;
  tpdu: SmsTpdu;
}

export class SmsMemory {
  readonly #slots = new Map<number, StoredSms>();

  /** SM 50 and ME 255: the AT+CPMS example of §9.4. */
  constructor(
    readonly name: SmsMemName,
    readonly capacity: number,
  ) {}

  get used(): number {
    return this.#slots.size;
  }

  /** Lowest free index (the EC25 numbers from 0: `+CDSI: "SM",0` in real traces), or null when full. */
  store(msg: StoredSms): number | null {
    for (let i = 0; i < this.capacity; i++) {
      if (!this.#slots.has(i)) {
        this.#slots.set(i, msg);
        return i;
      }
    }
    return null;
  }

  get(index: number): StoredSms | undefined {
    return this.#slots.get(index);
  }

  delete(index: number): void {
    this.#slots.delete(index);
  }

  validIndex(index: number): boolean {
    return Number.isInteger(index) && index >= 0 && index < this.capacity;
  }

  /** Occupied slots in index order. */
  entries(): [number, StoredSms][] {
    return [...this.#slots.entries()].sort((a, b) => a[0] - b[0]);
  }
}

/** A send or write started by its command line, finished by the text after `> `. */
export type PendingSms =
  | { command: 'CMGS'; pdu: true; length: number }
  | { command: 'CMGS'; pdu: false; da: string; toda: number }
  | { command: 'CMGW'; pdu: true; length: number; stat: SmsStat }
  | { command: 'CMGW'; pdu: false; da: string; toda: number; stat: SmsStat };

export class SmsState {
  readonly memories: Record<SmsMemName, SmsMemory> = { SM: new SmsMemory('SM', 50), ME: new SmsMemory('ME', 255) };
  /** <mem1> read/delete, <mem2> write/send, <mem3> receive. The §9.4 example reads "ME" three times. */
  cpms: [SmsMemName, SmsMemName, SmsMemName] = ['ME', 'ME', 'ME'];
  sca = '+31653131313';
  tosca = 145;
  service: 0 | 1 = 0;
  showHeader = false;
  /** <mode>,<mt>,<bm>,<ds>,<bfr>. */
  cnmi: [number, number, number, number, number] = [2, 1, 0, 0, 0];
  /** +CSMP <fo>,<vp>,<pid>,<dcs> (27.005 defaults 17,167,0,0). */
  csmp: [number, number, number, number] = [17, 167, 0, 0];
  pending: PendingSms | null = null;
  /** A +CMT went out while <service> was 1: the host owes an AT+CNMA (§9.12). */
  awaitingAck = false;
  /** AT+CMMS <n> (§9.9). */
  cmms: 0 | 1 | 2 = 0;

  mem(i: 0 | 1 | 2): SmsMemory {
    return this.memories[this.cpms[i]];
  }
}

const STATES = new WeakMap<object, SmsState>();

/** The SMS state of `modem`, created on first use. */
export function smsStateOf(modem: object): SmsState {
  let s = STATES.get(modem);
  if (!s) {
    s = new SmsState();
    STATES.set(modem, s);
  }
  return s;
}
