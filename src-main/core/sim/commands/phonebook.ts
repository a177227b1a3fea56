/**
 * Phonebook basics: AT+CPBS, AT+CPBR, AT+CPBW, AT+CNUM ([MAN] Quectel EC25&EC21 AT Commands Manual V1.3
 * chapter 8: §8.1 CNUM, §8.3 CPBR, §8.4 CPBS, §8.5 CPBW; forms from 3GPP TS 27.007 §8.11-8.14, §7.1).
 * Every storage needs a usable SIM (+CME ERROR: 10/11/13 otherwise).
 */
import { intArg, unquote } from '../command-line';
import { OK, ERROR, cme } from '../wire';
import { simBlocked } from './sim';
import { fromUcs2, ucs2 } from './status';
import type { HandlerTable, ModemApi } from './types';

const STORAGES = ['SM', 'DC', 'FD', 'LD', 'MC', 'ME', 'RC', 'EN', 'ON'] as const;
/** Locations per storage, the number length and the text length the test form reports. */
const TOTAL: Readonly<Record<string, number>> = { SM: 250, ME: 500, ON: 4, FD: 10, EN: 5, DC: 10, LD: 10, MC: 10, RC: 10 };
const NLENGTH = 40;
const TLENGTH = 18;

function text(m: ModemApi, t: string): string {
  return m.charset === 'UCS2' ? ucs2(t) : t;
}

function book(m: ModemApi) {
  const name = m.extras.cpbs;
  return { name, entries: m.extras.phonebooks[name]!, total: TOTAL[name] ?? 10 };
}

export const phonebookCommands: HandlerTable = {
  // §8.4: read `+CPBS: "SM",<used>,<total>`, test the storage list.
  '+CPBS'(m, _ch, cmd) {
    if (cmd.op === 'test') return { lines: [`+CPBS: (${STORAGES.map((s) => `"${s}"`).join(',')})`] };
    const blocked = simBlocked(m);
    if (blocked) return blocked;
    if (cmd.op === 'read') {
      const b = book(m);
      return { lines: [`+CPBS: "${b.name}",${b.entries.size},${b.total}`] };
    }
    if (cmd.op !== 'set') return ERROR;
    const s = unquote(cmd.args[0]).toUpperCase();
    if (!(STORAGES as readonly string[]).includes(s)) return cme(50);
    m.extras.cpbs = s;
    return OK;
  },
  // §8.3: test `+CPBR: (1-<total>),<nlength>,<tlength>`; `AT+CPBR=<index1>[,<index2>]` lists
  // `+CPBR: <index>,"<number>",<type>,"<text>"` for the used locations in the range.
  '+CPBR'(m, _ch, cmd) {
    const blocked = simBlocked(m);
    if (blocked) return blocked;
    const b = book(m);
    if (cmd.op === 'test') return { lines: [`+CPBR: (1-${b.total}),${NLENGTH},${TLENGTH}`] };
    if (cmd.op !== 'set') return ERROR;
    const from = intArg(cmd.args[0]);
    const to = cmd.args[1] === undefined ? from : intArg(cmd.args[1]);
    if (from === null || to === null || from < 1 || to < from || to > b.total) return cme(21);
    const lines: string[] = [];
    for (let i = from; i <= to; i++) {
      const e = b.entries.get(i);
      if (e) lines.push(`+CPBR: ${i},"${e.number}",${e.type},"${text(m, e.text)}"`);
    }
    return { lines };
  },
  // §8.5: `AT+CPBW=<index>[,"<number>"[,<type>[,"<text>"]]]`; only the index deletes.
  '+CPBW'(m, _ch, cmd) {
    const blocked = simBlocked(m);
    if (blocked) return blocked;
    const b = book(m);
    if (cmd.op === 'test') return { lines: [`+CPBW: (1-${b.total}),${NLENGTH},(129,145,161),${TLENGTH}`] };
    if (cmd.op !== 'set') return ERROR;
    let index = cmd.args[0] === '' ? null : intArg(cmd.args[0]);
    if (cmd.args[0] === '') for (let i = 1; i <= b.total && index === null; i++) if (!b.entries.has(i)) index = i;
    if (index === null || index < 1 || index > b.total) return cme(index === null && cmd.args[0] === '' ? 20 : 21);
    if (cmd.args.length === 1) {
      b.entries.delete(index);
      return OK;
    }
    const number = unquote(cmd.args[1]);
    const type = cmd.args[2] === undefined || cmd.args[2] === '' ? (number.startsWith('+') ? 145 : 129) : intArg(cmd.args[2]);
    // The text is in the AT+CSCS character set (27.007 §8.14).
    const t = m.charset === 'UCS2' ? fromUcs2(unquote(cmd.args[3])) ?? '\u0000'.repeat(TLENGTH + 1) : unquote(cmd.args[3]);
    if (!/^\+?[0-9*#]{1,40}$/.test(number) || type === null || t.length > TLENGTH) return cme(50);
    b.entries.set(index, { number, type, text: t });
    return OK;
  },
  // §8.1: `+CNUM: "<alpha>","<number>",<type>` from the SIM's own-number list.
  '+CNUM'(m, _ch, cmd) {
    if (cmd.op === 'test') return OK;
    if (cmd.op !== 'exec') return ERROR;
    const blocked = simBlocked(m);
    if (blocked) return blocked;
    return { lines: [...m.extras.phonebooks.ON!.values()].map((e) => `+CNUM: "${text(m, e.text)}","${e.number}",${e.type}`) };
  },
};
