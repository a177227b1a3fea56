/**
 * V.250 command line assembly from the raw characters a host sends ([V250] ITU-T V.250 §5.2.1-5.2.4;
 * Quectel EC25&EC21 AT Commands Manual V1.3 §1.4 and §2.17 A/, §2.18 S3, §2.20 S5):
 * - everything before `AT`/`at` is ignored, so a line without it gets no answer (only its echo);
 * - the line ends with the S3 character (CR); the S4 character (LF) and other controls are dropped;
 * - the S5 character (BS) deletes the character before it;
 * - `A/` repeats the previous command line at once, without waiting for S3.
 */

export type LineEvent =
  /** A complete line: `raw` is what arrived (echoed as is), `text` the edited line from `AT` on, or null. */
  | { type: 'line'; raw: string; text: string | null }
  /** `A/`: `raw` is what arrived up to and including the slash. */
  | { type: 'repeat'; raw: string };

/** Applies S5 editing and drops control characters (other than S5) from a raw line. */
export function editLine(raw: string, s5: number): string {
  let out = '';
  for (const ch of raw) {
    const c = ch.charCodeAt(0);
    if (c === s5) out = out.slice(0, -1);
    else if (c >= 0x20 && c !== 0x7f) out += ch;
  }
  return out;
}

/**
 * The next event at the start of `input`, and how many characters it consumed; null while the line is
 * still incomplete.
 */
export function takeLine(input: string, s3: number, s5: number): { event: LineEvent; consumed: number } | null {
  const term = input.indexOf(String.fromCharCode(s3));
  const head = term < 0 ? input : input.slice(0, term);
  // A/ only counts as the command prefix: before any AT on the line (V.250 §5.2.4).
  const prefix = /a[t/]/i.exec(head);
  if (prefix && prefix[0][1] === '/') {
    const end = prefix.index + 2;
    return { event: { type: 'repeat', raw: input.slice(0, end) }, consumed: end };
  }
  if (term < 0) return null;
  const edited = editLine(head, s5);
  const at = /at/i.exec(edited);
  return { event: { type: 'line', raw: head, text: at ? edited.slice(at.index).trim() : null }, consumed: term + 1 };
}
