/**
 * The one voice call a simulated EC25 can have: outgoing (ATD<number>;) or incoming (a test or bench
 * control rings it). Nobody is on the other side: an outgoing call is never answered, an incoming one
 * rings until ATA, auto-answer (S0) or the caller giving up.
 *
 * - RING, or `+CRING: VOICE` with AT+CRC=1 (EC25&EC21 AT Commands Manual V1.3 §7.17), then
 *   `+CLIP: "<number>",<type>,,,,0` with AT+CLIP=1 (§11.4), every few seconds while ringing.
 * - ATA answers (§7.1: OK for a voice call), S0 > 0 answers after that many rings (§7.8).
 * - AT+CLCC (§7.15): `+CLCC: <id>,<dir>,<stat>,<mode>,<mpty>,"<number>",<type>`; <stat> 0 active,
 *   3 alerting (outgoing), 4 incoming; <dir> 0 MO, 1 MT; <mode> 0 voice (27.007 §7.18).
 * - An unanswered outgoing call ends with `NO CARRIER` (V.250 §6.3.1.9); a caller who gives up too.
 */

export type VoiceCallState =
  | { dir: 'mo'; stat: 'alerting'; number: string; epoch: number }
  | { dir: 'mt'; stat: 'incoming'; number: string; epoch: number; rings: number }
  | { dir: 'mo' | 'mt'; stat: 'active'; number: string; epoch: number };

export interface VoiceHost {
  later(ms: number, fn: () => void): void;
  urc(line: string): void;
  /** AT+CRC and AT+CLIP of the modem; S0 of the URC port. */
  crc(): boolean;
  clip(): boolean;
  autoAnswerRings(): number;
}

/** Ring period, and how long callers and callees wait. */
const RING_MS = 3000;
const CALLER_GIVES_UP_RINGS = 10;
const NOBODY_ANSWERS_MS = 30_000;

const numberType = (n: string): number => (n.startsWith('+') ? 145 : 129);

export class VoiceCalls {
  call: VoiceCallState | null = null;
  #epoch = 0;

  constructor(private readonly host: VoiceHost) {}

  /** ATD<number>; after its OK. */
  dialled(number: string): void {
    const epoch = ++this.#epoch;
    this.call = { dir: 'mo', stat: 'alerting', number, epoch };
    this.host.later(NOBODY_ANSWERS_MS, () => {
      if (this.call?.epoch !== epoch) return;
      this.call = null;
      this.host.urc('NO CARRIER');
    });
  }

  /** Someone calls; false when a call is already up (the caller gets busy). */
  incoming(number: string): boolean {
    if (this.call !== null) return false;
    const epoch = ++this.#epoch;
    this.call = { dir: 'mt', stat: 'incoming', number, epoch, rings: 0 };
    this.#ring(epoch);
    return true;
  }

  #ring(epoch: number): void {
    const c = this.call;
    if (c?.epoch !== epoch || c.stat !== 'incoming') return;
    c.rings++;
    this.host.urc(this.host.crc() ? '+CRING: VOICE' : 'RING');
    if (this.host.clip()) this.host.urc(`+CLIP: "${c.number}",${numberType(c.number)},,,,0`);
    const s0 = this.host.autoAnswerRings();
    if (s0 > 0 && c.rings >= s0) {
      this.call = { dir: 'mt', stat: 'active', number: c.number, epoch };
      return;
    }
    this.host.later(RING_MS, () => {
      const now = this.call;
      if (now?.epoch !== epoch || now.stat !== 'incoming') return;
      if (now.rings >= CALLER_GIVES_UP_RINGS) {
        this.call = null;
        this.host.urc('NO CARRIER');
        return;
      }
      this.#ring(epoch);
    });
  }

  /** ATA: true when there was a ringing call to answer. */
  answer(): boolean {
    const c = this.call;
    if (c?.stat !== 'incoming') return false;
    this.call = { dir: 'mt', stat: 'active', number: c.number, epoch: c.epoch };
    return true;
  }

  /** ATH / AT+CHUP. */
  hangUp(): void {
    this.call = null;
  }

  /** 27.007 <pas> contribution: 3 ringing, 4 call in progress, else null. */
  get activity(): 3 | 4 | null {
    return this.call === null ? null : this.call.stat === 'incoming' ? 3 : 4;
  }

  clcc(): string[] {
    const c = this.call;
    if (!c) return [];
    const stat = c.stat === 'active' ? 0 : c.stat === 'alerting' ? 3 : 4;
    return [`+CLCC: 1,${c.dir === 'mo' ? 0 : 1},${stat},0,0,"${c.number}",${numberType(c.number)}`];
  }
}
