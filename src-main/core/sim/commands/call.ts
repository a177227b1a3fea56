/**
 * Call control: ATD (packet data and voice), ATA, ATH, ATO, AT+CHUP.
 *
 * [MAN] = Quectel EC25&EC21 AT Commands Manual V1.3 chapter 7 (§7.1 ATA, §7.2 ATD, §7.3 ATH, §7.5 AT+CHUP,
 * §7.6 +++, §7.7 ATO).
 * - `ATD*99***1#` on an EC2x answers `\r\nCONNECT\r\n` and PPP starts (byte trace in
 *   https://github.com/ARMmbed/mbed-os/issues/11192), so a packet dial (27.007 §10.2.1.1
 *   `D*99[*[<called_address>][*[<L2P>][*[<cid>]]]]#`, with `T`/`P` modifiers allowed by V.250 §6.3.1)
 *   answers a bare CONNECT when registered with the context defined, else `NO CARRIER` (V.250 §6.3.1.9).
 * - A voice dial (`ATD<number>;`) answers OK ([MAN] §7.2); nobody answers in the simulator, so the call
 *   ends with a `NO CARRIER` URC after the network latency.
 * - ATA with no incoming call: `NO CARRIER` ([MAN] §7.1: "If there is no connection, NO CARRIER").
 * - ATH / AT+CHUP: OK, and the data call on this port ends ([MAN] §7.3, §7.5).
 * - ATO without a data call: `NO CARRIER`; with one (after +++): `CONNECT` and back to data mode ([MAN] §7.7).
 */
import { OK, ERROR, NO_CARRIER, type Final } from '../wire';
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
  D(m, ch, cmd) {
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
      return { final: OK, latency: 'network', after: () => m.voiceCallEnded(ch) };
    }
    // Circuit-switched data calls are not offered on LTE: the call fails.
    return dial === '' ? ERROR : { final: NO_CARRIER, latency: 'network' };
  },
  A: () => NO_CARRIER,
  H(_m, ch, cmd) {
    if (cmd.value !== '' && cmd.value !== '0') return ERROR;
    ch.hangUp(false);
    return OK;
  },
  O(_m, ch, cmd) {
    if (cmd.value !== '' && cmd.value !== '0') return ERROR;
    return ch.online ? CONNECT : NO_CARRIER;
  },
  '+CHUP'(_m, ch, cmd) {
    if (cmd.op === 'test') return OK;
    ch.hangUp(false);
    return OK;
  },
};
