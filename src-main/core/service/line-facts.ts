import type { TraceEvent } from '../at/session';
import { parseCpin, parseQengServing } from '../at/parsers';

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
