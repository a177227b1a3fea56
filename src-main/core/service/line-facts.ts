import type { TraceEvent } from '../at/session';
import { parseCpin, parseQengServing } from '../at/parsers';
import type { Modem, ModemIdentity } from '../bench/modem';

/**
 * Facts the bench table shows that no poll is dedicated to: the LTE band of
 * the serving cell and the SIM state. They are read off every line the modem
 * sends, whoever asked (health poll, batch, console), so they are as fresh
 * as the last AT+QENG="servingcell" or AT+CPIN? anyone sent.
 */
export class LineFacts {
  band: number | null = null;
  simState: string | null = null;
  #lastCommand = '';

  /** True when a fact changed. */
  observe(t: TraceEvent): boolean {
    if (t.internal) return false;
    if (t.kind === 'tx') {
      this.#lastCommand = t.text.toUpperCase();
      return false;
    }
    if (t.kind === 'info') {
      if (t.text.startsWith('+QENG:')) {
        const q = parseQengServing([t.text]);
        if (!q) return false;
        const band = q.cell && 'band' in q.cell && typeof q.cell.band === 'number' ? q.cell.band : null;
        return this.#setBand(q.state === 'SEARCH' ? null : band);
      }
      if (t.text.startsWith('+CPIN:')) {
        const c = parseCpin([t.text]);
        return c ? this.#setSim(c.state) : false;
      }
      return false;
    }
    // AT+CPIN? answered with an error: no usable SIM (27.007 +CME ERROR 10 is "SIM not inserted").
    if (t.kind === 'final' && this.#lastCommand.startsWith('AT+CPIN?') && /^\+CME ERROR/.test(t.text)) {
      const body = t.text.replace(/^\+CME ERROR:\s*/, '');
      return this.#setSim(body === '10' || /not inserted/i.test(body) ? 'not inserted' : `error: ${body}`);
    }
    return false;
  }

  #setBand(v: number | null): boolean {
    if (this.band === v) return false;
    this.band = v;
    return true;
  }

  #setSim(v: string | null): boolean {
    if (this.simState === v) return false;
    this.simState = v;
    return true;
  }
}

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
