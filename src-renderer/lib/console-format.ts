/** Console-only formatting: the timestamp gutter and the hex + ASCII view of a line. */
import { consoleHex, type ConsoleEntry } from '../../src-preload/contract';
import { fmtClock, fmtHex } from './format';

const pad = (n: number) => String(n).padStart(2, '0');

/** 14:03:27.412, or 2026-12-06 14:03:27.412 with the date on (local time, like the clock). */
export function fmtStamp(at: number, fullDate: boolean): string {
  if (!fullDate) return fmtClock(at);
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${fmtClock(at)}`;
}

/** The line's bytes as the wire saw them, printable ASCII kept and the rest as '.', like hexdump -C. */
export function asciiOf(e: Pick<ConsoleEntry, 'kind' | 'text'>): string {
  let out = '';
  for (let i = 0; i < e.text.length; i++) {
    const c = e.text.charCodeAt(i) & 0xff;
    out += c >= 0x20 && c < 0x7f ? e.text[i] : '.';
  }
  // What we sent ended with the CR (consoleHex shows it as 0D).
  return e.kind === 'tx' ? `${out}.` : out;
}

/** Hex bytes ("41 54 0D"), padded to `width` characters so the ASCII column lines up. */
export function hexColumn(e: Pick<ConsoleEntry, 'kind' | 'text'>, width = 0): string {
  return fmtHex(consoleHex(e)).padEnd(width);
}

/** Bytes of the line on the wire (its text, and the CR of a command we sent). */
export function byteLength(e: Pick<ConsoleEntry, 'kind' | 'text'>): number {
  return e.text.length + (e.kind === 'tx' ? 1 : 0);
}
