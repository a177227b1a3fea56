/**
 * Call control: ATD (packet data and voice), ATA, ATH, ATO, AT+CHUP.
 *
 * [MAN] = Quectel EC25&EC21 AT Commands Manual V1.3 chapter 7 (§7.1 ATA, §7.2 ATD, §7.3 ATH, §7.5 AT+CHUP,
 * §7.6 +++, §7.7 ATO).
 * - `ATD*99***1#` on an EC2x answers `\r\nCONNECT\r\n` and PPP starts (byte trace in
 *   https://github.com/ARMmbed/mbed-os/issues/11192), so a packet dial (27.007 §10.2.1.1
 *   `D*99[*[<called_address>][*[<L2P>][*[<cid>]]]]#`, with `T`/`P` modifiers allowed by V.250 §6.3.1)
 *   answers a bare CONNECT when registered with the context defined, else `NO CARRIER` (V.250 §6.3.1.9).
 * - A voice dial (`ATD<number>;`) answers OK ([MAN] §7.2); nobody answers in the simulator (voice.ts).
 * - ATA answers a ringing call with OK; with no incoming call `NO CARRIER` ([MAN] §7.1).
 * - ATH / AT+CHUP: OK; the voice call and the data call on this port end ([MAN] §7.3, §7.5).
 * - ATO without a data call: `NO CARRIER`; with one (after +++): `CONNECT` and back to data mode ([MAN] §7.7).
 */
import { unquote } from '../command-line';
import { OK, ERROR, NO_CARRIER, cme, type Final } from '../wire';
import { simBlocked } from './sim';
import type { HandlerTable } from './types';

const PACKET_DIAL = /^[TP]?\*(99|98)(\*[^#]*)?#$/i;
const VOICE_DIAL = /^[TP]?[+]?[0-9*#ABCD,]+;$/i;
const CONNECT: Final = { kind: 'connect' };

/** The cid a packet dial string names (`*99***2#` -> 2), default 1. */
function dialCid(dial: string): number {
  const parts = dial.replace(/^[TP]/i, '').slice(1, -1).split('*');
  const cid = Number(parts[4] ?? parts[3] ?? '');
  return Number.isInteger(cid) && cid > 0 ? cid : 1;
}

export const callCommands: HandlerTable = {
  D(m, _ch, cmd) {
    const dial = cmd.value.replace(/\s+/g, '');
    if (PACKET_DIAL.test(dial)) {
      const blocked = simBlocked(m);
      if (blocked) return blocked;
      if (!m.network.registered || !m.contexts.has(dialCid(dial))) return { final: NO_CARRIER, latency: 'network' };
      return { final: CONNECT, latency: 'network' };
    }
    if (VOICE_DIAL.test(dial)) {
      const blocked = simBlocked(m);
      if (blocked) return blocked;
      if (!m.network.registered) return { final: NO_CARRIER, latency: 'network' };
      if (m.voice.call !== null) return cme(3);
      const number = dial.replace(/^[TP]/i, '').slice(0, -1);
      return { final: OK, latency: 'network', after: () => m.voice.dialled(number) };
    }
    // Circuit-switched data calls are not offered on LTE: the call fails.
    return dial === '' ? ERROR : { final: NO_CARRIER, latency: 'network' };
  },
  A: (m) => (m.voice.answer() ? OK : NO_CARRIER),
  H(m, ch, cmd) {
    if (cmd.value !== '' && cmd.value !== '0') return ERROR;
    m.voice.hangUp();
    ch.hangUp(false);
    return OK;
  },
  O(_m, ch, cmd) {
    if (cmd.value !== '' && cmd.value !== '0') return ERROR;
    return ch.online ? CONNECT : NO_CARRIER;
  },
  '+CHUP'(m, ch, cmd) {
    if (cmd.op === 'test') return OK;
    m.voice.hangUp();
    ch.hangUp(false);
    return OK;
  },
  // [MAN] §7.15: the current calls, none -> OK only.
  '+CLCC': (m, _ch, cmd) => (cmd.op === 'exec' ? { lines: m.voice.clcc() } : cmd.op === 'test' ? OK : ERROR),
  // Test-only, not an EC25 command (like AT+SIMTAG): `AT+SIMCALL="<from>"` makes someone call this modem.
  '+SIMCALL'(m, _ch, cmd) {
    const from = unquote(cmd.args[0]);
    if (cmd.op !== 'set' || !/^\+?\d{3,20}$/.test(from)) return cme(50);
    return { after: () => void m.incomingCall(from) };
  },
};
